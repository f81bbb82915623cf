package attachment

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

const (
	defaultAttachTimeout = 10 * time.Minute
	defaultDetachTimeout = 10 * time.Minute
)

type cdsVolumeAttachmentModel struct {
	ID         types.String   `tfsdk:"id"`
	VolumeID   types.String   `tfsdk:"volume_id"`
	InstanceID types.String   `tfsdk:"instance_id"`
	Device     types.String   `tfsdk:"device"`
	Serial     types.String   `tfsdk:"serial"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (r *cdsVolumeAttachmentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Attaches a CDS volume to a BCC instance in the same availability zone. Destroying it detaches the disk, " +
			"which is kept. When the instance is released (by Terraform or outside it), Baidu detaches the disk itself: the " +
			"attachment then leaves the state with a warning, and the next plan attaches the disk again if the configuration still wants it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<volume_id>:<instance_id>`, which is also the import ID.",
				PlanModifiers:       keep,
			},
			"volume_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the CDS volume (`v-...`). Changing it replaces the attachment.",
				PlanModifiers:       replace,
				Validators:          []validator.String{validate.ID("a volume", validate.PrefixVolume)},
			},
			"instance_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the instance (`i-...`), which must be `Running` or `Stopped` to attach or detach. Changing it replaces the attachment.",
				PlanModifiers:       replace,
				Validators:          []validator.String{validate.ID("an instance", validate.PrefixInstance)},
			},
			"device": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Device name in the instance, such as `/dev/vdb`.",
				PlanModifiers:       keep,
			},
			"serial": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Serial of the disk as the instance sees it.",
				PlanModifiers:       keep,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Delete: true}),
		},
	}
}
