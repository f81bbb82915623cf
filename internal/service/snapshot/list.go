package snapshot

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

var (
	_ list.ListResource              = (*snapshotList)(nil)
	_ list.ListResourceWithConfigure = (*snapshotList)(nil)
)

// NewListResource is the constructor registered with the provider.
func NewListResource() list.ListResource {
	return &snapshotList{ListResourceBase: framework.NewListResourceBase("_bcc_snapshot")}
}

// snapshotList finds snapshots for `terraform query`; source_gone = true
// finds the ones that outlived their disk or instance.
type snapshotList struct {
	framework.ListResourceBase
}

type snapshotListModel struct {
	VolumeID   types.String `tfsdk:"volume_id"`
	InstanceID types.String `tfsdk:"instance_id"`
	NameRegex  types.String `tfsdk:"name_regex"`
	SourceGone types.Bool   `tfsdk:"source_gone"`
}

func (l *snapshotList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	volumeID := framework.ListIDFilter("Only snapshots of this CDS disk.", "Sent to Baidu (`volumeId`).", "a volume", validate.PrefixVolume)
	volumeID.Validators = append(volumeID.Validators, stringvalidator.ConflictsWith(path.MatchRoot("instance_id")))
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds snapshots, of CDS disks and of system disks, that match every filter given, with one paged " +
			"`GET /v2/snapshot` of up to 1,000 snapshots a page. `source_gone = true` finds the snapshots whose disk or " +
			"instance no longer exists: a released disk's snapshots, which Baidu keeps.",
		Attributes: map[string]schema.Attribute{
			"volume_id": volumeID,
			"instance_id": framework.ListIDFilter("Only snapshots of this instance's system disk, taken by instance ID as "+
				"`baidu_bcc_snapshot` takes them. Conflicts with `volume_id`.", "Sent to Baidu (`volumeId`, which takes an instance ID for a system disk).",
				"an instance", validate.PrefixInstance),
			"name_regex": framework.ListNameRegexFilter("snapshots"),
			"source_gone": framework.ListSourceGoneFilter("`true`: only snapshots whose disk or instance no longer exists " +
				"(or that Baidu no longer links to one); `false`: only snapshots whose source exists."),
		},
	}
}

func (l *snapshotList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg snapshotListModel
	diags := req.Config.Get(ctx, &cfg)
	nameRegex := framework.NameFilter(cfg.NameRegex, &diags)
	if diags.HasError() {
		framework.ListFailed(stream, diags)
		return
	}
	c, d := l.Data.Conn()
	if d.HasError() {
		framework.ListFailed(stream, d)
		return
	}
	source := cfg.VolumeID.ValueString() + cfg.InstanceID.ValueString() // at most one is set
	listed, err := c.Client.ListSnapshots(ctx, source)
	if err != nil {
		diags.AddError("Failed to list snapshots", err.Error())
		framework.ListFailed(stream, diags)
		return
	}
	var live *framework.LiveSources
	if !cfg.SourceGone.IsNull() {
		needVolumes, needInstances := false, false
		for _, s := range listed {
			isInstance := strings.HasPrefix(s.VolumeID, validate.PrefixInstance)
			needInstances = needInstances || isInstance
			needVolumes = needVolumes || (s.VolumeID != "" && !isInstance)
		}
		if live, err = framework.ListLiveSources(ctx, c.Client, needVolumes, needInstances); err != nil {
			diags.AddError("Failed to list the disks and instances that snapshots are taken of", err.Error())
			framework.ListFailed(stream, diags)
			return
		}
	}
	var items []framework.ListItem
	for i := range listed {
		s := &listed[i]
		switch {
		case source != "" && s.VolumeID != "" && s.VolumeID != source, // Baidu did not filter: filter here
			!framework.MatchesName(nameRegex, s.Name),
			live != nil && live.Gone(s.VolumeID) != cfg.SourceGone.ValueBool():
			continue
		}
		items = append(items, framework.ListItem{ID: s.ID, DisplayName: s.Name, Resource: func(ctx context.Context, res *tfsdk.Resource) diag.Diagnostics {
			var m bccSnapshotModel
			if diags := framework.NullModel(ctx, res, &m); diags.HasError() {
				return diags
			}
			m.setFromAPI(s) // as Read after an import
			return res.Set(ctx, &m)
		}})
	}
	tflog.Debug(ctx, "listed snapshots", map[string]any{"listed": len(listed), "matched": len(items)})
	l.StreamList(ctx, req, stream, items)
}
