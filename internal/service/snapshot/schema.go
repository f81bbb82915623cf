package snapshot

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/planmodifiers"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

const (
	defaultSnapshotCreateTimeout = 30 * time.Minute
	defaultSnapshotUpdateTimeout = 5 * time.Minute
	defaultSnapshotDeleteTimeout = 10 * time.Minute
)

type bccSnapshotModel struct {
	ID              types.String   `tfsdk:"id"`
	VolumeID        types.String   `tfsdk:"volume_id"`
	InstanceID      types.String   `tfsdk:"instance_id"`
	Name            types.String   `tfsdk:"name"`
	Description     types.String   `tfsdk:"description"`
	RetentionInDays types.Int64    `tfsdk:"retention_in_days"`
	Status          types.String   `tfsdk:"status"`
	SizeInGB        types.Int64    `tfsdk:"size_in_gb"`
	CreateMethod    types.String   `tfsdk:"create_method"`
	CreateTime      types.String   `tfsdk:"create_time"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

func (r *bccSnapshotResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A snapshot of a CDS volume, or of an instance's system disk. When the instance is released, Baidu " +
			"deletes the snapshots of its system disk (this resource then leaves the state with a warning, and the next plan " +
			"creates it again for the instance that replaces it) and keeps the snapshots of its data disks.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Snapshot ID, such as `s-6r3dam6F`.",
				PlanModifiers:       keep,
			},
			"volume_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "ID of the CDS volume (`v-...`) to snapshot. One of `volume_id` and `instance_id` is required to make a snapshot; an imported snapshot whose disk Baidu no longer names may have neither. Changing it replaces the snapshot.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{validate.ID("a volume", validate.PrefixVolume)},
			},
			"instance_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "ID of the instance (`i-...`) whose system disk to snapshot; it must be `Running` or `Stopped`. " +
					"One of `volume_id` and `instance_id` is required to make a snapshot. Changing it replaces the snapshot.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{validate.ID("an instance", validate.PrefixInstance)},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name: 1-65 characters, starting with a letter; letters, digits, Chinese characters, spaces and `-_/.`. Updated in place.",
				Validators:          []validator.String{validate.StorageName("a snapshot name")},
			},
			"description": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Description, at most 200 characters. Updated in place. Baidu cannot clear a description: " +
					"removing the attribute leaves the current one as it is, and `\"\"` in place of a non-empty one is a plan-time error.",
				PlanModifiers: []planmodifier.String{planmodifiers.DescriptionKept("snapshot")},
				Validators:    []validator.String{stringvalidator.LengthAtMost(200)},
			},
			"retention_in_days": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Days Baidu keeps the snapshot before deleting it, 1-10000; unset keeps it until it is destroyed. " +
					"Updated in place. Once Baidu has deleted it, the snapshot leaves the state with a warning.",
				Validators: []validator.Int64{int64validator.Between(1, 10000)},
			},
			"status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Status reported by Baidu: `Available` once made.",
			},
			"size_in_gb": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Size of the disk the snapshot was taken of, in GB.",
			},
			"create_method": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "How the snapshot was made: `MANUAL` for snapshots made through the API.",
				PlanModifiers:       keep,
			},
			"create_time": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Creation time (RFC 3339, UTC).",
				PlanModifiers:       keep,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

// ConfigValidators: a snapshot is of one disk, a CDS volume or an
// instance's system disk. A configuration may name neither, because Baidu
// may stop naming the disk of a snapshot that outlived it: a snapshot
// adopted by an import (or by a configuration that terraform query
// generated) may have none to write. plan.go requires one when the
// snapshot is to be made.
func (r *bccSnapshotResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(path.MatchRoot("volume_id"), path.MatchRoot("instance_id")),
	}
}
