package framework

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

// The filter arguments that several list resources share. Each says in its
// description whether Baidu applies it or the provider does, and each
// refuses a bad value when the configuration is validated, before any call.

// ListZoneFilter is availability_zone; Baidu filters by zone (zoneName) on
// every list that has one.
func ListZoneFilter(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: "Only " + what + " in this availability zone, such as `cn-bj-a`. Sent to Baidu (`zoneName`).",
		Validators:          []validator.String{validate.AvailabilityZone()},
	}
}

// ListTagsFilter is tags, applied by the provider (lists other than the
// instances' have no tag filter).
func ListTagsFilter(what string) schema.MapAttribute {
	return schema.MapAttribute{
		Optional:            true,
		ElementType:         types.StringType,
		MarkdownDescription: "Only " + what + " that carry every one of these tags with exactly this value. Applied by the provider.",
		Validators:          []validator.Map{mapvalidator.KeysAre(validate.TagKey()), mapvalidator.ValueStringsAre(validate.TagValue())},
	}
}

// ListNameRegexFilter is name_regex, applied by the provider: Baidu has no
// pattern filter.
func ListNameRegexFilter(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Only " + what + " whose name matches this [RE2](https://github.com/google/re2/wiki/Syntax) " +
			"regular expression, such as `^web-`; it matches anywhere in the name unless anchored. Applied by the provider.",
		Validators: []validator.String{validate.RE2()},
	}
}

// ListOneOfFilter is a string filter that takes one of values; where says
// who applies it, such as "Sent to Baidu (`status`)." or "Applied by the provider.".
func ListOneOfFilter(desc, where string, values ...string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: desc + " " + where,
		Validators:          []validator.String{stringvalidator.OneOf(values...)},
	}
}

// ListIDFilter is a filter by the id of an object of a kind, such as
// volume_id; a value of another shape fails validation.
func ListIDFilter(desc, where, what, prefix string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: desc + " " + where,
		Validators:          []validator.String{validate.ID(what, prefix)},
	}
}

// NameFilter is the compiled name_regex, nil when it is not set. The
// schema has validated it already; a failure here is still reported on the
// attribute rather than trusted away.
func NameFilter(v types.String, diags *diag.Diagnostics) *regexp.Regexp {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	re, err := regexp.Compile(v.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
	}
	return re
}

// TagsFilter is the tags filter as a map, nil when it is not set.
func TagsFilter(ctx context.Context, v types.Map, diags *diag.Diagnostics) map[string]string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	out := map[string]string{}
	diags.Append(v.ElementsAs(ctx, &out, false)...)
	return out
}

// HasTags reports whether tags carry every pair of want.
func HasTags(tags []client.Tag, want map[string]string) bool {
	have := make(map[string]string, len(tags))
	for _, t := range tags {
		have[t.TagKey] = t.TagValue
	}
	for k, v := range want {
		if got, ok := have[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// MatchesName reports whether name matches re; a nil re matches all.
func MatchesName(re *regexp.Regexp, name string) bool { return re == nil || re.MatchString(name) }
