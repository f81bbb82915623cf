package instance

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

// instanceStatuses are the statuses the BCC API documents; the status
// filter accepts only these, so that a typo such as "running" fails the
// plan instead of quietly matching nothing.
var instanceStatuses = []string{
	"Starting", "Running", "Stopping", "Stopped", "Recycled", "Deleted", "Scaling", "Expired", "Error",
	"SnapshotProcessing", "ImageProcessing", "Recharging", "VolumeResizing", "BillingChanging",
	"ChangeSubnet", "ChangeVpc", "AttachingPort", "DetachingPort", "Moving",
}

// maxIDsFilter is how many ids Baidu's instanceIds list filter takes.
const maxIDsFilter = 100

// instanceFilter is what data "baidu_bcc_instances" asks for. Zero fields
// do not filter.
type instanceFilter struct {
	zone, status, payment string
	ids                   []string          // sorted, without duplicates; nil for any
	tags                  map[string]string // every pair must match exactly
	nameRegex             *regexp.Regexp
}

// filterConfig is the filter arguments that data "baidu_bcc_instances" and
// list "baidu_bcc_instance" share, as configured.
type filterConfig struct {
	zone, status, payment types.String
	tags                  types.Map
	nameRegex             types.String
}

// newInstanceFilter turns filter arguments into an instanceFilter. The
// schema has validated every value already; a failure here is reported on
// the attribute all the same rather than trusted away.
func newInstanceFilter(ctx context.Context, c filterConfig, diags *diag.Diagnostics) instanceFilter {
	f := instanceFilter{zone: c.zone.ValueString(), status: c.status.ValueString(), payment: c.payment.ValueString()}
	if !c.tags.IsNull() {
		f.tags = map[string]string{}
		diags.Append(c.tags.ElementsAs(ctx, &f.tags, false)...)
	}
	if !c.nameRegex.IsNull() {
		re, err := regexp.Compile(c.nameRegex.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
		}
		f.nameRegex = re
	}
	return f
}

// The filters' validators, shared by the data source and the list
// resource so that both refuse the same values before any call.
func zoneFilterValidators() []validator.String {
	return []validator.String{validate.AvailabilityZone()}
}
func statusFilterValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(instanceStatuses...)}
}
func paymentFilterValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(client.PaymentPostpaid, client.PaymentPrepaid)}
}
func tagsFilterValidators() []validator.Map {
	return []validator.Map{mapvalidator.KeysAre(validate.TagKey()), mapvalidator.ValueStringsAre(validate.TagValue())}
}
func nameRegexValidators() []validator.String { return []validator.String{validate.RE2()} }

// request is the part of the filter Baidu applies. Everything sent is
// still checked again by match: Baidu's tag filter format is not
// documented, and an API that ignored a filter would otherwise hand back
// instances the user excluded.
func (f instanceFilter) request() client.ListInstancesRequest {
	req := client.ListInstancesRequest{ZoneName: f.zone, Status: f.status, PaymentTiming: f.payment, InstanceIDs: f.ids}
	req.Tags = f.sentTags()
	return req
}

// sentTags are the tag pairs that Baidu's unescaped "k:v,k:v" filter can
// carry. A pair with ',' or ':' in it cannot be written there, so it is
// matched only here, on the instances the other filters let through.
func (f instanceFilter) sentTags() []client.Tag {
	var out []client.Tag
	for _, t := range framework.SortedTags(f.tags) {
		if !strings.ContainsAny(t.TagKey, ",:") && !strings.ContainsAny(t.TagValue, ",:") {
			out = append(out, t)
		}
	}
	return out
}

// match reports whether an instance from Baidu's answer belongs in the
// result. Released instances (Deleted, Recycled) are gone for Terraform,
// so they are left out unless the status filter asks for them.
func (f instanceFilter) match(inst *client.Instance) bool {
	if f.status == "" && (inst.Status == statusDeleted || inst.Status == statusRecycled) {
		return false
	}
	return f.matchSent(inst) && f.matchLocal(inst)
}

// matchSent checks the filters that went to Baidu; an instance failing it
// is one Baidu should not have listed.
func (f instanceFilter) matchSent(inst *client.Instance) bool {
	if (f.zone != "" && inst.ZoneName != f.zone) || (f.status != "" && inst.Status != f.status) ||
		(f.payment != "" && paymentTimingOf(inst) != f.payment) {
		return false
	}
	if f.ids != nil {
		i := sort.SearchStrings(f.ids, inst.ID)
		if i == len(f.ids) || f.ids[i] != inst.ID {
			return false
		}
	}
	have := map[string]string{}
	for _, t := range inst.Tags {
		have[t.TagKey] = t.TagValue
	}
	for _, t := range f.sentTags() {
		if v, ok := have[t.TagKey]; !ok || v != t.TagValue {
			return false
		}
	}
	return true
}

// matchLocal checks what Baidu cannot filter: the name pattern, and tag
// pairs that could not be sent.
func (f instanceFilter) matchLocal(inst *client.Instance) bool {
	if f.nameRegex != nil && !f.nameRegex.MatchString(inst.Name) {
		return false
	}
	have := map[string]string{}
	for _, t := range inst.Tags {
		have[t.TagKey] = t.TagValue
	}
	for k, v := range f.tags {
		if got, ok := have[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// dedupeSorted returns ids sorted and without repeats, so that a list
// built by concatenation does not fail or double up results.
func dedupeSorted(ids []string) []string {
	out := append([]string(nil), ids...)
	sort.Strings(out)
	kept := out[:0]
	for i, id := range out {
		if i == 0 || id != out[i-1] {
			kept = append(kept, id)
		}
	}
	return kept
}

// idsFilterSize checks the size of the ids filter with the limit's reason
// and the ways around it; the framework's generic size message gives
// neither.
type idsFilterSize struct{}

func (idsFilterSize) Description(context.Context) string {
	return fmt.Sprintf("must list 1 to %d instance IDs", maxIDsFilter)
}

func (v idsFilterSize) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (idsFilterSize) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	switch n := len(req.ConfigValue.Elements()); {
	case n == 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Empty ids filter",
			fmt.Sprintf("%s is an empty list, which can match no instance. Remove %s to list instances by the other filters, "+
				"or list at least one instance ID.", req.Path, req.Path))
	case n > maxIDsFilter:
		resp.Diagnostics.AddAttributeError(req.Path, "Too many instance IDs",
			fmt.Sprintf("%s lists %d instance IDs, but Baidu's instanceIds filter takes at most %d. Split them over several "+
				"data sources (for example with for_each over chunklist(ids, %d)), or select the instances by availability_zone, "+
				"tags or name_regex instead.", req.Path, n, maxIDsFilter, maxIDsFilter))
	}
}
