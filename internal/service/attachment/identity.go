package attachment

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// identityModel: an attachment has no id of its own at Baidu; the disk and
// the instance it is attached to name it.
type identityModel struct {
	VolumeID   types.String `tfsdk:"volume_id"`
	InstanceID types.String `tfsdk:"instance_id"`
	Region     types.String `tfsdk:"region"`
}

func (r *cdsVolumeAttachmentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"volume_id":   identityschema.StringAttribute{RequiredForImport: true, Description: "The attached CDS volume's ID (v-...)."},
			"instance_id": identityschema.StringAttribute{RequiredForImport: true, Description: "The ID of the instance it is attached to (i-...)."},
			"region":      framework.IdentityRegionAttribute(),
		},
	}
}

func (r *cdsVolumeAttachmentResource) identityOf(volumeID, instanceID string) identityModel {
	return identityModel{VolumeID: types.StringValue(volumeID), InstanceID: types.StringValue(instanceID), Region: types.StringValue(r.Data.Region())}
}

// fillIdentity sets the identity when there is none yet (state from before
// identities, an import by id); a known one is kept, as Terraform requires.
func (r *cdsVolumeAttachmentResource) fillIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, volumeID, instanceID string) diag.Diagnostics {
	if identity == nil || !identity.Raw.IsFullyNull() {
		return nil
	}
	return identity.Set(ctx, r.identityOf(volumeID, instanceID))
}

// importID is the <volume_id>:<instance_id> an import names, by id or by
// identity (once its region is checked).
func (r *cdsVolumeAttachmentResource) importID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (string, bool) {
	if req.ID != "" || req.Identity == nil {
		return strings.TrimSpace(req.ID), true
	}
	var identity identityModel
	if diags.Append(req.Identity.Get(ctx, &identity)...); diags.HasError() {
		return "", false
	}
	if !r.Data.CheckIdentityRegion(identity.Region, diags) {
		return "", false
	}
	return attachmentID(strings.TrimSpace(identity.VolumeID.ValueString()), strings.TrimSpace(identity.InstanceID.ValueString())), true
}
