// Package snapshot is the baidu_bcc_snapshot resource: a snapshot of an
// instance's system disk or of a data disk, waited for until Available.
package snapshot

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

var (
	_ resource.Resource                = (*bccSnapshotResource)(nil)
	_ resource.ResourceWithConfigure   = (*bccSnapshotResource)(nil)
	_ resource.ResourceWithIdentity    = (*bccSnapshotResource)(nil)
	_ resource.ResourceWithImportState = (*bccSnapshotResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*bccSnapshotResource)(nil)
)

// NewResource is the constructor registered with the provider.
func NewResource() resource.Resource {
	return &bccSnapshotResource{ResourceBase: framework.NewResourceBase("_bcc_snapshot")}
}

type bccSnapshotResource struct {
	framework.ResourceBase
}

func (r *bccSnapshotResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan bccSnapshotModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, plan.Timeouts.Create, defaultSnapshotCreateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	// Baidu takes the instance id as volumeId for a system-disk snapshot.
	source := plan.VolumeID.ValueString()
	if source == "" {
		source = plan.InstanceID.ValueString()
	}
	createReq := client.CreateSnapshotRequest{
		VolumeID:        source,
		SnapshotName:    plan.Name.ValueString(),
		Desc:            plan.Description.ValueString(),
		RetentionInDays: int(plan.RetentionInDays.ValueInt64()),
	}
	// A disk or instance that is busy (an instance making an image, a disk
	// attaching) is refused with 409 until it settles: that passes. The
	// token stays the same, so a retry cannot make a second snapshot.
	token := client.NewClientToken()
	var id string
	_, err := framework.RetryWhile(ctx, c, func(ctx context.Context) (err error) {
		id, err = c.Client.CreateSnapshot(ctx, token, createReq)
		return err
	}, func(err error) bool { return framework.HTTPStatusOf(err) == http.StatusConflict })
	if err != nil {
		resp.Diagnostics.AddError("Failed to create snapshot", framework.OrphanDetail(err, kindSnapshot, token, createReq.SnapshotName, "of "+source))
		return
	}
	ctx = tflog.SetField(ctx, "snapshot_id", id)
	plan.ID = types.StringValue(id)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNulled())...)
	resp.Diagnostics.Append(r.Data.SetIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "created snapshot; waiting for it to be Available", map[string]any{"source": source})
	s, err := waitSnapshotAvailable(ctx, c, id, timeout)
	if err != nil {
		resp.Diagnostics.AddError("Snapshot did not become Available",
			fmt.Sprintf("Snapshot %s of %s was created and is recorded in state, but waiting for it failed: %s. "+
				"Terraform marks it tainted, so the next apply replaces it.", id, source, err))
		return
	}
	plan.setFromAPI(s)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *bccSnapshotResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state bccSnapshotModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, d := r.Data.Conn()
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, err := findSnapshotByID(ctx, c, state.ID.ValueString())
	if !framework.ReadFound(ctx, resp, err, "Failed to read snapshot") {
		return
	}
	state.setFromAPI(s)
	resp.Diagnostics.Append(r.Data.FillIdentity(ctx, resp.Identity, state.ID.ValueString())...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *bccSnapshotResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state bccSnapshotModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, _ := framework.Begin(ctx, r.Data, plan.Timeouts.Update, defaultSnapshotUpdateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	var change client.ModifySnapshotRequest
	if !plan.Name.Equal(state.Name) {
		change.SnapshotName = plan.Name.ValueStringPointer()
	}
	if !plan.Description.Equal(state.Description) {
		change.Desc = plan.Description.ValueStringPointer()
	}
	if !plan.RetentionInDays.Equal(state.RetentionInDays) {
		days := -1 // unset: keep until destroyed, Baidu's default
		if !plan.RetentionInDays.IsNull() {
			days = int(plan.RetentionInDays.ValueInt64())
		}
		change.RetentionInDays = &days
	}
	if err := c.Client.ModifySnapshot(ctx, id, change); err != nil {
		resp.Diagnostics.AddError("Failed to update snapshot", err.Error())
		return
	}
	s, err := findSnapshotByID(ctx, c, id)
	if err != nil {
		resp.Diagnostics.AddError("Failed to read snapshot after update", err.Error())
		return
	}
	plan.setFromAPI(s)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *bccSnapshotResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state bccSnapshotModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, state.Timeouts.Delete, defaultSnapshotDeleteTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "snapshot_id", id)
	// Baidu refuses (403) to delete a snapshot it is still making; that
	// passes, so the delete is retried until the timeout.
	attempts, err := framework.RetryWhile(ctx, c, func(ctx context.Context) error { return c.Client.DeleteSnapshot(ctx, id) }, snapshotStillCreating(ctx, c, id))
	switch {
	case client.IsNotFound(err):
		tflog.Info(ctx, "snapshot was already deleted")
		return
	case err != nil:
		resp.Diagnostics.AddError("Failed to delete snapshot",
			fmt.Sprintf("Deleting snapshot %s failed after %d attempts: %s. The snapshot stays in state.", id, attempts, framework.EndedOr(ctx, err)))
		return
	}
	if err := waitSnapshotGone(ctx, c, id, timeout); err != nil {
		resp.Diagnostics.AddError("Snapshot deletion not confirmed", err.Error())
	}
}

func (r *bccSnapshotResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.Data.ImportID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if !validate.IsID(id, validate.PrefixSnapshot) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q is not a snapshot ID. Import with the snapshot ID, which is s- followed by letters and digits: "+
				"terraform import baidu_bcc_snapshot.example s-6r3dam6F", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}
