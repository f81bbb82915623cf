// Package instance is the baidu_bcc_instance resource and the
// baidu_bcc_instance and baidu_bcc_instances data sources: create, resize
// and release with Baidu's retries and waits, the password and deletion
// protection, and the warning of what a release takes with it.
package instance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

var (
	_ resource.Resource                   = (*bccInstanceResource)(nil)
	_ resource.ResourceWithConfigure      = (*bccInstanceResource)(nil)
	_ resource.ResourceWithIdentity       = (*bccInstanceResource)(nil)
	_ resource.ResourceWithImportState    = (*bccInstanceResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*bccInstanceResource)(nil)
	_ resource.ResourceWithValidateConfig = (*bccInstanceResource)(nil)
)

// NewResource is the constructor registered with the provider.
func NewResource() resource.Resource {
	return &bccInstanceResource{ResourceBase: framework.NewResourceBase("_bcc_instance")}
}

type bccInstanceResource struct {
	framework.ResourceBase
}

func (r *bccInstanceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan bccInstanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}

	createReq, d := plan.createRequest(ctx)
	resp.Diagnostics.Append(d...)
	woPass, d := writeOnlyAdminPass(ctx, req.Config)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if woPass != "" {
		// admin_pass_wo conflicts with admin_pass, so this replaces
		// nothing; the client encrypts it like admin_pass.
		createReq.AdminPass = woPass
	}

	// One token for this create: the client reuses it on every transport
	// retry, so a create whose answer was lost cannot make a second instance.
	token := client.NewClientToken()
	result, err := c.Client.CreateInstanceBySpec(ctx, token, createReq)
	if err != nil {
		resp.Diagnostics.AddError("Failed to create BCC instance", framework.OrphanDetail(err, kindInstance, token, createReq.Name, "in zone "+createReq.ZoneName))
		return
	}
	id := result.InstanceIDs[0]
	ctx = tflog.SetField(ctx, "instance_id", id)

	// Record the instance before waiting: if the wait fails or the user
	// interrupts, Terraform keeps it (tainted) instead of orphaning it. It
	// is not protected yet, and the state says so, so that replacing a
	// tainted instance is never refused for a protection it does not have.
	plan.ID = types.StringValue(id)
	created := plan
	created.DeletionProtection = types.BoolValue(false)
	resp.Diagnostics.Append(resp.State.Set(ctx, created.withUnknownsNulled())...)
	resp.Diagnostics.Append(r.Data.SetIdentity(ctx, resp.Identity, created.ID.ValueString())...)
	if resp.Diagnostics.HasError() {
		return
	}
	if len(result.InstanceIDs) != 1 {
		resp.Diagnostics.AddError("Unexpected create response",
			fmt.Sprintf("Baidu returned %d instance IDs (%s) for a create of one instance (client token %s). "+
				"The provider records %s in state (tainted, so the next apply replaces it); the others are not managed by Terraform: "+
				"import or delete them.", len(result.InstanceIDs), strings.Join(result.InstanceIDs, ", "), token, id))
		return
	}
	tflog.Info(ctx, "created BCC instance; waiting for it to be Running")

	inst, err := waitInstanceRunning(ctx, c, id, timeout)
	if err != nil {
		resp.Diagnostics.AddError("BCC instance did not become Running",
			fmt.Sprintf("Instance %s was created and is recorded in state, but waiting for it failed: %s. "+
				"Terraform marks it tainted, so the next apply replaces it.", id, err))
		return
	}
	r.finishCreate(ctx, c, &plan, inst, resp)
}

// finishCreate runs the steps after the instance is Running. The deletion
// protection comes first, and its failure is an error (see
// protectAfterCreate). None of the others may taint a healthy instance
// (Terraform taints on any error from Create): their failure is a warning. The description then stays in state as planned
// (Terraform accepts no other value for a configured argument), and the next
// refresh reads Baidu's, so the next plan shows it as an in-place update;
// the system disk is read by the next refresh.
func (r *bccInstanceResource) finishCreate(ctx context.Context, c *framework.Conn, plan *bccInstanceModel, inst *client.Instance, resp *resource.CreateResponse) {
	id := inst.ID
	wantDesc, wantProtection := plan.Description, plan.DeletionProtection
	if err := protectAfterCreate(ctx, c, id, wantProtection); err != nil {
		resp.Diagnostics.AddError("Could not protect the new BCC instance", protectionFailedDetail(id, err))
		plan.setFromAPI(inst)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNulled())...)
		return
	}
	if desc := plan.Description.ValueString(); desc != "" {
		if err := c.Client.UpdateInstanceDesc(ctx, id, desc); err != nil {
			resp.Diagnostics.AddWarning("Could not set the description of the new BCC instance",
				fmt.Sprintf("Instance %s is running, but setting its description failed: %s. "+
					"The next plan shows the description as an in-place update.", id, err))
		}
	}
	if plan.RootDiskSizeInGB.IsUnknown() || plan.RootDiskStorageType.IsUnknown() {
		if err := plan.readSystemDisk(ctx, c.Client); err != nil {
			resp.Diagnostics.AddWarning("Could not read the system disk of the new BCC instance",
				fmt.Sprintf("Instance %s is running, but its system disk could not be read: %s. "+
					"root_disk_size_in_gb and root_disk_storage_type are filled in by the next refresh.", id, err))
		}
	}
	plan.setFromAPI(inst)
	plan.Description = wantDesc
	plan.DeletionProtection = wantProtection // inst was read before the protection was set
	resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNulled())...)
}

func (r *bccInstanceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state bccInstanceModel
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
	inst, err := findInstanceForRefresh(ctx, c, state.ID.ValueString())
	if !framework.ReadFound(ctx, resp, err, "Failed to read BCC instance") {
		return
	}
	state.setFromAPI(inst)
	if state.RootDiskSizeInGB.IsNull() || state.RootDiskStorageType.IsNull() {
		// After an import, or a create whose disk read failed: the
		// instance API does not carry the system disk, so look it up once
		// instead of on every refresh.
		if err := state.readSystemDisk(ctx, c.Client); err != nil {
			resp.Diagnostics.AddError("Failed to read the system disk of BCC instance", err.Error())
			return
		}
	}
	state.fillImportDefaults()
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *bccInstanceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state bccInstanceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	woPass, d := writeOnlyAdminPass(ctx, req.Config)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A CLI without identities (before 1.12) hands none over; fill it as Read does.
	resp.Diagnostics.Append(r.Data.FillIdentity(ctx, resp.Identity, state.ID.ValueString())...)
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, plan.Timeouts.Update, defaultUpdateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)
	if framework.SettingsOnlyUpdate(ctx, req, resp, "on_destroy", "timeouts") {
		return // on_destroy or timeouts: nothing for Baidu to change
	}

	// current tracks what has been applied, so that a failure half way
	// leaves state describing the instance as it is, not as planned.
	current := state
	current.Timeouts = plan.Timeouts
	fail := func(summary string, err error) {
		resp.Diagnostics.AddError(summary, err.Error())
		resp.Diagnostics.Append(resp.State.Set(ctx, current.withUnknownsNulled())...)
	}
	if summary, err := applyInstanceAttributes(ctx, c, id, &plan, &current, woPass); err != nil {
		fail(summary, err)
		return
	}
	// The resize comes last, so the read that ends its wait already shows
	// every change; without a resize, one read does.
	var inst *client.Instance
	var err error
	if !plan.InstanceSpec.Equal(state.InstanceSpec) {
		inst, err = resizeInstance(ctx, c, id, plan.InstanceSpec.ValueString(), timeout)
		if inst != nil {
			current.InstanceSpec = plan.InstanceSpec
		}
		if err != nil {
			fail("Failed to resize BCC instance", err)
			return
		}
	} else if inst, err = findInstanceByID(ctx, c, id); err != nil {
		fail("Failed to read BCC instance after update", err)
		return
	}
	plan.setFromAPI(inst)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNulled())...)
}

// applyInstanceAttributes makes the in-place changes other than the spec,
// one call per changed argument, recording each in current as it lands. A
// failure comes with the summary of the step that failed. woPass is the
// configuration's admin_pass_wo. Protection goes first: turned on, it then
// holds even if a later step fails.
func applyInstanceAttributes(ctx context.Context, c *framework.Conn, id string, plan, current *bccInstanceModel, woPass string) (string, error) {
	if !plan.DeletionProtection.IsUnknown() && !plan.DeletionProtection.Equal(current.DeletionProtection) {
		if err := c.Client.SetDeletionProtection(ctx, id, plan.DeletionProtection.ValueBool()); err != nil {
			return "Failed to change BCC instance deletion protection", err
		}
		current.DeletionProtection = plan.DeletionProtection
	}
	if !plan.Name.IsUnknown() && !plan.Name.Equal(current.Name) {
		if err := c.Client.RenameInstance(ctx, id, plan.Name.ValueString()); err != nil {
			return "Failed to rename BCC instance", err
		}
		current.Name = plan.Name
	}
	if !plan.Description.Equal(current.Description) {
		if err := c.Client.UpdateInstanceDesc(ctx, id, plan.Description.ValueString()); err != nil {
			return "Failed to update BCC instance description", err
		}
		current.Description = plan.Description
	}
	if !plan.AdminPass.Equal(current.AdminPass) {
		// Removing admin_pass from the configuration only stops tracking
		// it; there is no "no password" to set.
		if !plan.AdminPass.IsNull() {
			if err := c.Client.ChangeAdminPass(ctx, id, plan.AdminPass.ValueString()); err != nil {
				return "Failed to change BCC instance admin password", err
			}
		}
		current.AdminPass = plan.AdminPass
	}
	if rotatesWriteOnlyPass(plan, current) {
		// The version is recorded only once the password is set, so that
		// a failed change is tried again by the next apply.
		if err := c.Client.ChangeAdminPass(ctx, id, woPass); err != nil {
			return "Failed to change BCC instance admin password", err
		}
	}
	current.AdminPassWOVersion = plan.AdminPassWOVersion
	if !plan.Tags.Equal(current.Tags) {
		bind, unbind, err := framework.TagChanges(ctx, current.Tags, plan.Tags)
		if err != nil {
			return "Invalid tags", err
		}
		if err := c.Client.UnbindTags(ctx, id, unbind); err != nil {
			return "Failed to remove tags from BCC instance", err
		}
		if err := c.Client.BindTags(ctx, id, bind); err != nil {
			return "Failed to add tags to BCC instance", err
		}
		current.Tags = plan.Tags
	}
	return "", nil
}

// resizeInstance changes the spec and waits until the instance reports the
// new spec in a settled status (see waitInstanceResized). The returned
// instance is non-nil once the resize call was accepted.
func resizeInstance(ctx context.Context, c *framework.Conn, id, spec string, timeout time.Duration) (*client.Instance, error) {
	before, err := findInstanceByID(ctx, c, id)
	if err != nil {
		return nil, fmt.Errorf("reading the instance before resizing it: %w", err)
	}
	if err := c.Client.ResizeInstanceBySpec(ctx, id, spec, client.NewClientToken()); err != nil {
		return nil, err
	}
	inst, err := waitInstanceResized(ctx, c, id, spec, timeout)
	if inst == nil {
		inst = before
	}
	return inst, err
}

func (r *bccInstanceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state bccInstanceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, state.Timeouts.Delete, defaultDeleteTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}

	id := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)
	od, d := state.onDestroySettings(ctx)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if name := od.finalImage(); name != "" {
		imageID, err := makeFinalImage(ctx, c, id, name, timeout)
		if err != nil {
			if framework.IsNotFound(err) || client.IsNotFound(err) {
				tflog.Info(ctx, "BCC instance is already gone; no final image can be made of it")
				return
			}
			resp.Diagnostics.Append(finalImageFailed(id, name, imageID, err))
			return
		}
		// Named whatever happens to the release: the image exists now.
		defer resp.Diagnostics.Append(finalImageKept(id, name, imageID))
	}
	res := releaseInstance(ctx, c, id, releaseRoute{allowEarly: od.releaseEarly(), early: od.releaseEarly() && state.unexpiredPrepaid()})
	switch res.outcome {
	case releaseAlreadyGone:
		tflog.Info(ctx, "BCC instance was already released", map[string]any{"request_id": client.RequestIDOf(res.err)})
		return
	case releaseDone:
		tflog.Info(ctx, "released BCC instance; waiting until it is gone", map[string]any{"attempts": res.attempts})
	case releaseProtected:
		resp.Diagnostics.Append(protectedReleaseDiagnostic(id, state.DeletionProtection.ValueBool(), res.err))
		return
	default:
		resp.Diagnostics.Append(releaseDiagnostic(ctx, id, state.ExpireTime.ValueString(), timeout, res))
		return
	}
	if err := waitInstanceReleased(ctx, c, id, timeout); err != nil {
		resp.Diagnostics.AddError("BCC instance release not confirmed", err.Error())
	}
}

func (r *bccInstanceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := r.Data.ImportID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if !validate.IsInstanceID(id) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q is not a BCC instance ID. Import with the instance ID, which is i- followed by letters and digits: "+
				"terraform import baidu_bcc_instance.example i-YufwpQAe", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}
