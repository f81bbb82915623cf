package volume

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

var (
	_ list.ListResource              = (*volumeList)(nil)
	_ list.ListResourceWithConfigure = (*volumeList)(nil)
)

// NewListResource is the constructor registered with the provider.
func NewListResource() list.ListResource {
	return &volumeList{ListResourceBase: framework.NewListResourceBase("_cds_volume")}
}

// volumeList finds data disks for `terraform query`; attached = false
// finds the disks a release leaves behind, detached and Available.
type volumeList struct {
	framework.ListResourceBase
}

type volumeListModel struct {
	AvailabilityZone types.String `tfsdk:"availability_zone"`
	InstanceID       types.String `tfsdk:"instance_id"`
	PaymentTiming    types.String `tfsdk:"payment_timing"`
	Status           types.String `tfsdk:"status"`
	Tags             types.Map    `tfsdk:"tags"`
	NameRegex        types.String `tfsdk:"name_regex"`
	Attached         types.Bool   `tfsdk:"attached"`
}

// volumeStatuses are the statuses Baidu documents for disks; the filter
// takes only these, so that a typo fails instead of matching nothing.
var volumeStatuses = []string{
	client.VolumeStatusCreating, client.VolumeStatusAvailable, client.VolumeStatusAttaching, client.VolumeStatusInUse,
	client.VolumeStatusDetaching, client.VolumeStatusScaling, client.VolumeStatusSnapshotProcessing,
	client.VolumeStatusImageProcessing, client.VolumeStatusRecharging, client.VolumeStatusExpired,
	client.VolumeStatusNotAvailable, client.VolumeStatusError, client.VolumeStatusDeleting,
}

func (l *volumeList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds CDS data disks (never system disks, which are part of their instance) that match every " +
			"filter given, with one paged `GET /v2/volume?usageFilter=data` of up to 1,000 disks a page. " +
			"`attached = false` finds the disks a release left behind: detached and `Available`.",
		Attributes: map[string]schema.Attribute{
			"availability_zone": framework.ListZoneFilter("disks"),
			"instance_id": framework.ListIDFilter("Only disks attached to this instance.", "Sent to Baidu (`instanceId`).",
				"an instance", validate.PrefixInstance),
			"payment_timing": framework.ListOneOfFilter("Only `Postpaid` or only `Prepaid` disks.", "Sent to Baidu (`chargeFilter`).",
				client.PaymentPostpaid, client.PaymentPrepaid),
			"status": framework.ListOneOfFilter("Only disks with this status, such as `Available` or `InUse` (case matters).",
				"Applied by the provider: Baidu's disk list has no status filter.", volumeStatuses...),
			"tags":       framework.ListTagsFilter("disks"),
			"name_regex": framework.ListNameRegexFilter("disks"),
			"attached": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "`false`: only disks attached to no instance (what a release leaves behind); `true`: only " +
					"attached disks. Applied by the provider, from each disk's attachments.",
			},
		},
	}
}

// volumeFilter is a configuration's filters: request is what Baidu
// applies, the rest the provider applies to its answer.
type volumeFilter struct {
	request   client.ListVolumesRequest
	status    string
	tags      map[string]string
	nameRegex *regexp.Regexp
	attached  *bool
}

func (m volumeListModel) filter(ctx context.Context, diags *diag.Diagnostics) volumeFilter {
	f := volumeFilter{
		request: client.ListVolumesRequest{
			ZoneName: m.AvailabilityZone.ValueString(), InstanceID: m.InstanceID.ValueString(),
			PaymentTiming: m.PaymentTiming.ValueString(), UsageFilter: client.VolumeUsageData,
		},
		status:    m.Status.ValueString(),
		tags:      framework.TagsFilter(ctx, m.Tags, diags),
		nameRegex: framework.NameFilter(m.NameRegex, diags),
	}
	if !m.Attached.IsNull() {
		f.attached = m.Attached.ValueBoolPointer()
	}
	return f
}

// match checks every filter, the ones sent to Baidu too: an API that
// ignored one would otherwise hand back disks the user excluded.
func (f volumeFilter) match(v *client.Volume) bool {
	r := f.request
	attachedTo := v.AttachedInstance()
	switch {
	case v.IsSystemVolume || v.Type == client.VolumeTypeSystem,
		r.ZoneName != "" && v.ZoneName != r.ZoneName,
		r.InstanceID != "" && attachedTo != r.InstanceID,
		r.PaymentTiming != "" && v.PaymentTiming != r.PaymentTiming,
		f.status != "" && v.Status != f.status,
		f.attached != nil && *f.attached != (attachedTo != ""):
		return false
	}
	return framework.MatchesName(f.nameRegex, v.Name) && framework.HasTags(v.Tags, f.tags)
}

func (l *volumeList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg volumeListModel
	diags := req.Config.Get(ctx, &cfg)
	f := cfg.filter(ctx, &diags)
	if diags.HasError() {
		framework.ListFailed(stream, diags)
		return
	}
	c, d := l.Data.Conn()
	if d.HasError() {
		framework.ListFailed(stream, d)
		return
	}
	listed, err := c.Client.ListVolumes(ctx, f.request)
	if err != nil {
		diags.AddError("Failed to list CDS volumes", err.Error())
		framework.ListFailed(stream, diags)
		return
	}
	var items []framework.ListItem
	for i := range listed {
		v := &listed[i]
		if !f.match(v) {
			continue
		}
		items = append(items, framework.ListItem{ID: v.ID, DisplayName: v.Name, Resource: func(ctx context.Context, res *tfsdk.Resource) diag.Diagnostics {
			var m cdsVolumeModel
			if diags := framework.NullModel(ctx, res, &m); diags.HasError() {
				return diags
			}
			m.setRead(v) // as Read after an import
			return res.Set(ctx, &m)
		}})
	}
	tflog.Debug(ctx, "listed CDS volumes", map[string]any{"listed": len(listed), "matched": len(items)})
	l.StreamList(ctx, req, stream, items)
}
