// Package attachment is the baidu_cds_volume_attachment resource: a CDS disk
// attached to an instance in its zone, waited for until in use and detached
// on destroy. It reads the disk through framework.FindVolumeByID.
package attachment

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

var (
	_ resource.Resource                = (*cdsVolumeAttachmentResource)(nil)
	_ resource.ResourceWithConfigure   = (*cdsVolumeAttachmentResource)(nil)
	_ resource.ResourceWithIdentity    = (*cdsVolumeAttachmentResource)(nil)
	_ resource.ResourceWithImportState = (*cdsVolumeAttachmentResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*cdsVolumeAttachmentResource)(nil)
)

// NewResource is the constructor registered with the provider.
func NewResource() resource.Resource {
	return &cdsVolumeAttachmentResource{ResourceBase: framework.NewResourceBase("_cds_volume_attachment")}
}

type cdsVolumeAttachmentResource struct {
	framework.ResourceBase
}

func attachmentID(volumeID, instanceID string) string { return volumeID + ":" + instanceID }

func (r *cdsVolumeAttachmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan cdsVolumeAttachmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, plan.Timeouts.Create, defaultAttachTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	volumeID, instanceID := plan.VolumeID.ValueString(), plan.InstanceID.ValueString()
	ctx = tflog.SetField(ctx, "volume_id", volumeID)
	ctx = tflog.SetField(ctx, "instance_id", instanceID)

	// A disk still being created or an instance still booting is refused
	// with 409 until it is ready: that passes, so it is retried until the
	// timeout. A disk in another zone (403) never will be.
	attempts, err := framework.RetryWhile(ctx, c, func(ctx context.Context) error { return c.Client.AttachVolume(ctx, volumeID, instanceID) }, attachConflictPasses)
	if err != nil {
		summary, detail := "Failed to attach CDS volume", fmt.Sprintf("Attaching volume %s to instance %s failed after %d attempts: %s.", volumeID, instanceID, attempts, framework.EndedOr(ctx, err))
		if framework.HTTPStatusOf(err) == http.StatusForbidden {
			summary = "Baidu refused to attach the CDS volume"
			detail += " A disk can be attached only to an instance in the same availability zone: check that the volume's " +
				"availability_zone is the instance's."
		}
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	plan.ID = types.StringValue(attachmentID(volumeID, instanceID))
	resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNulled())...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, r.identityOf(volumeID, instanceID))...)
	if resp.Diagnostics.HasError() {
		return
	}
	v, err := waitVolumeAttached(ctx, c, volumeID, instanceID, timeout)
	if err != nil {
		resp.Diagnostics.AddError("CDS volume did not become attached",
			fmt.Sprintf("Baidu accepted the attach of volume %s to instance %s, which is recorded in state, but waiting for it failed: %s. "+
				"Terraform marks the attachment tainted, so the next apply detaches and attaches the disk again.", volumeID, instanceID, err))
		return
	}
	plan.setFromAPI(v)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *cdsVolumeAttachmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state cdsVolumeAttachmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, d := r.Data.Conn()
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	volumeID, instanceID := state.VolumeID.ValueString(), state.InstanceID.ValueString()
	v, err := framework.FindVolumeByID(ctx, c, volumeID)
	if !framework.ReadFound(ctx, resp, err, "Failed to read CDS volume attachment") {
		return
	}
	if _, attached := v.AttachmentTo(instanceID); !attached && v.Status != client.VolumeStatusAttaching {
		// Baidu detaches the disks of an instance it releases; the disk
		// itself is kept, so this is the attachment gone, not an error.
		resp.Diagnostics.Append(framework.RemovedFromStateWarning(&framework.NotFoundError{
			Kind: "CDS volume attachment", ID: attachmentID(volumeID, instanceID),
			Evidence: fmt.Sprintf("volume %s is no longer attached to instance %s (%s); Baidu detaches the disks of a released instance and keeps them", volumeID, instanceID, framework.DescribeVolume(v)),
		}))
		resp.State.RemoveResource(ctx)
		return
	}
	state.setFromAPI(v)
	resp.Diagnostics.Append(r.fillIdentity(ctx, resp.Identity, state.VolumeID.ValueString(), state.InstanceID.ValueString())...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update is never called: both arguments force a replacement.
func (r *cdsVolumeAttachmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan cdsVolumeAttachmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *cdsVolumeAttachmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state cdsVolumeAttachmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, state.Timeouts.Delete, defaultDetachTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	volumeID, instanceID := state.VolumeID.ValueString(), state.InstanceID.ValueString()
	ctx = tflog.SetField(ctx, "volume_id", volumeID)
	ctx = tflog.SetField(ctx, "instance_id", instanceID)
	// An instance that is not Running or Stopped (still booting, being
	// resized) is refused with 409 until it is: that passes.
	attempts, err := framework.RetryWhile(ctx, c, func(ctx context.Context) error { return c.Client.DetachVolume(ctx, volumeID, instanceID) },
		func(err error) bool { return framework.HTTPStatusOf(err) == http.StatusConflict })
	switch {
	case err != nil && alreadyDetached(err):
		tflog.Info(ctx, "CDS volume was already detached", map[string]any{"request_id": client.RequestIDOf(err)})
		return
	case err != nil:
		resp.Diagnostics.AddError("Failed to detach CDS volume",
			fmt.Sprintf("Detaching volume %s from instance %s failed after %d attempts: %s. The attachment stays in state.", volumeID, instanceID, attempts, framework.EndedOr(ctx, err)))
		return
	}
	if err := waitVolumeDetached(ctx, c, volumeID, instanceID, timeout); err != nil {
		resp.Diagnostics.AddError("CDS volume detach not confirmed", err.Error())
	}
}

func (r *cdsVolumeAttachmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	raw, ok := r.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	volumeID, instanceID, ok := strings.Cut(raw, ":")
	if !ok || !validate.IsID(volumeID, validate.PrefixVolume) || !validate.IsID(instanceID, validate.PrefixInstance) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q is not a volume attachment ID. Import with <volume_id>:<instance_id>: "+
				"terraform import baidu_cds_volume_attachment.example v-IgJOjBWj:i-YufwpQAe", raw))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), attachmentID(volumeID, instanceID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("volume_id"), volumeID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("instance_id"), instanceID)...)
}
