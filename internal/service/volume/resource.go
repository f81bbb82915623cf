// Package volume is the baidu_cds_volume resource: a postpaid CDS data disk,
// created, grown in place and released, waited for through each transition.
package volume

import (
	"context"
	"fmt"
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
	_ resource.Resource                   = (*cdsVolumeResource)(nil)
	_ resource.ResourceWithConfigure      = (*cdsVolumeResource)(nil)
	_ resource.ResourceWithIdentity       = (*cdsVolumeResource)(nil)
	_ resource.ResourceWithImportState    = (*cdsVolumeResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*cdsVolumeResource)(nil)
	_ resource.ResourceWithValidateConfig = (*cdsVolumeResource)(nil)
)

// NewResource is the constructor registered with the provider.
func NewResource() resource.Resource {
	return &cdsVolumeResource{ResourceBase: framework.NewResourceBase("_cds_volume")}
}

type cdsVolumeResource struct {
	framework.ResourceBase
}

func (r *cdsVolumeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan cdsVolumeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, plan.Timeouts.Create, defaultVolumeCreateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	createReq, err := plan.createRequest(ctx)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("tags"), "Invalid tags", err.Error())
		return
	}
	// One token for this create, reused by the client on every retry, so
	// a create whose answer was lost cannot make a second disk.
	token := client.NewClientToken()
	ids, err := c.Client.CreateVolume(ctx, token, createReq)
	if err != nil {
		resp.Diagnostics.AddError("Failed to create CDS volume", framework.OrphanDetail(err, framework.KindVolume, token, createReq.Name, "in zone "+createReq.ZoneName))
		return
	}
	id := ids[0]
	ctx = tflog.SetField(ctx, "volume_id", id)
	plan.ID = types.StringValue(id)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNulled())...)
	resp.Diagnostics.Append(r.Data.SetIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
	if resp.Diagnostics.HasError() {
		return
	}
	if len(ids) != 1 {
		resp.Diagnostics.AddError("Unexpected create response",
			fmt.Sprintf("Baidu returned %d volume IDs (%s) for a create of one disk (client token %s). The provider records %s "+
				"in state (tainted, so the next apply replaces it); the others are not managed by Terraform: import or release them.",
				len(ids), strings.Join(ids, ", "), token, id))
		return
	}
	tflog.Info(ctx, "created CDS volume; waiting for it to be Available")
	v, err := waitVolumeAvailable(ctx, c, id, timeout)
	if err != nil {
		resp.Diagnostics.AddError("CDS volume did not become Available",
			fmt.Sprintf("Volume %s was created and is recorded in state, but waiting for it failed: %s. "+
				"Terraform marks it tainted, so the next apply replaces it.", id, err))
		return
	}
	plan.setFromAPI(v)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *cdsVolumeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state cdsVolumeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Before anything can drop the resource: Terraform wants an identity even then.
	resp.Diagnostics.Append(r.Data.FillIdentity(ctx, resp.Identity, state.ID.ValueString())...)
	c, d := r.Data.Conn()
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	v, err := framework.FindVolumeByID(ctx, c, state.ID.ValueString())
	if !framework.ReadFound(ctx, resp, err, "Failed to read CDS volume") {
		return
	}
	state.setRead(v)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *cdsVolumeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state cdsVolumeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A CLI without identities (before 1.12) hands none over; fill it as Read does.
	resp.Diagnostics.Append(r.Data.FillIdentity(ctx, resp.Identity, state.ID.ValueString())...)
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, plan.Timeouts.Update, defaultVolumeUpdateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "volume_id", id)
	if framework.SettingsOnlyUpdate(ctx, req, resp, "final_snapshot", "timeouts") {
		return // nothing for Baidu to change
	}
	current := state
	current.Timeouts = plan.Timeouts
	fail := func(summary string, err error) {
		resp.Diagnostics.AddError(summary, err.Error())
		resp.Diagnostics.Append(resp.State.Set(ctx, current.withUnknownsNulled())...)
	}
	if !plan.Name.IsUnknown() && !plan.Name.Equal(state.Name) {
		if err := c.Client.RenameVolume(ctx, id, plan.Name.ValueString()); err != nil {
			fail("Failed to rename CDS volume", err)
			return
		}
		current.Name = plan.Name
	}
	if !plan.Description.Equal(state.Description) {
		// ?modify takes the name too and refuses both empty; the name is
		// never empty (Baidu names an unnamed disk after its id).
		if err := c.Client.ModifyVolumeDesc(ctx, id, current.Name.ValueString(), plan.Description.ValueString()); err != nil {
			fail("Failed to update CDS volume description", err)
			return
		}
		current.Description = plan.Description
	}
	var v *client.Volume
	var err error
	if size := plan.SizeInGB; !size.IsUnknown() && !size.Equal(state.SizeInGB) {
		if err := c.Client.ResizeVolume(ctx, id, int(size.ValueInt64()), client.NewClientToken()); err != nil {
			fail("Failed to resize CDS volume", err)
			return
		}
		current.SizeInGB = size
		if v, err = waitVolumeResized(ctx, c, id, int(size.ValueInt64()), timeout); err != nil {
			fail("CDS volume did not finish resizing", err)
			return
		}
	} else if v, err = framework.FindVolumeByID(ctx, c, id); err != nil {
		fail("Failed to read CDS volume after update", err)
		return
	}
	plan.setFromAPI(v)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNulled())...)
}

func (r *cdsVolumeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state cdsVolumeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, state.Timeouts.Delete, defaultVolumeDeleteTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "volume_id", id)
	v, err := framework.FindVolumeByID(ctx, c, id)
	switch {
	case framework.IsNotFound(err):
		tflog.Info(ctx, "CDS volume was already released")
		return
	case err != nil:
		resp.Diagnostics.AddError("Failed to read CDS volume before releasing it", err.Error())
		return
	}
	if attached := v.AttachedInstance(); attached != "" && v.Status != client.VolumeStatusDetaching {
		resp.Diagnostics.AddError("CDS volume is attached to an instance",
			fmt.Sprintf("Volume %s is attached to instance %s (status %s), and Baidu releases only a detached disk. The provider does not "+
				"detach a disk on its own, so that no instance loses a disk it still uses. Ways out: if a baidu_cds_volume_attachment "+
				"manages the attachment, destroy it first (terraform destroy does, as it depends on the volume); if the disk was "+
				"attached outside Terraform, detach it in the Baidu Cloud console, or import the attachment "+
				"(terraform import baidu_cds_volume_attachment.<name> %s:%s) and destroy that.", id, attached, v.Status, id, attached))
		return
	}
	if name := state.FinalSnapshot.ValueString(); name != "" {
		snapshotID, err := makeFinalSnapshot(ctx, c, id, name, timeout)
		if err != nil {
			resp.Diagnostics.Append(finalSnapshotFailed(id, name, snapshotID, err))
			return
		}
		// Named whatever happens to the delete: the snapshot exists now.
		defer resp.Diagnostics.Append(finalSnapshotKept(id, name, snapshotID))
	}
	// A disk still settling (Creating, Detaching, Scaling) is refused with
	// 409 until it is Available: that passes, so it is retried.
	attempts, err := framework.RetryWhile(ctx, c, func(ctx context.Context) error { return c.Client.ReleaseVolume(ctx, id) },
		func(err error) bool { return client.HasCode(err, client.CodeVolumeDiskStatusCannotBeDeleted) })
	switch {
	case client.IsNotFound(err):
		tflog.Info(ctx, "CDS volume was already released")
		return
	case err != nil:
		resp.Diagnostics.AddError("Failed to release CDS volume",
			fmt.Sprintf("Releasing volume %s failed after %d attempts: %s. The volume stays in state.", id, attempts, framework.EndedOr(ctx, err)))
		return
	}
	if err := waitVolumeGone(ctx, c, id, timeout); err != nil {
		resp.Diagnostics.AddError("CDS volume release not confirmed", err.Error())
	}
}

func (r *cdsVolumeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.Data.ImportID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if !validate.IsID(id, validate.PrefixVolume) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q is not a CDS volume ID. Import with the volume ID, which is v- followed by letters and digits: "+
				"terraform import baidu_cds_volume.example v-IgJOjBWj", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}
