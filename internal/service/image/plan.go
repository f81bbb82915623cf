package image

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan fails plans that cannot be applied for want of a usable
// provider configuration, and requires a source for an image that is to be
// made. The configuration alone cannot require it: an image in state, made
// or imported, may be configured without one, as Baidu never says what an
// image was made from.
func (r *bccImageResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	resp.Diagnostics.Append(r.Data.PlanDiags()...)
	if req.Plan.Raw.IsNull() || (!req.State.Raw.IsNull() && len(resp.RequiresReplace) == 0) {
		return // a destroy, or an image that exists and stays
	}
	var instanceID, snapshotID types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("instance_id"), &instanceID)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("snapshot_id"), &snapshotID)...)
	if resp.Diagnostics.HasError() || !instanceID.IsNull() || !snapshotID.IsNull() {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("instance_id"), "Missing image source",
		"A new custom image is made from an instance's system disk or from a system-disk snapshot: set instance_id "+
			"(i-...) or snapshot_id (s-...). Only an image already in state, such as an imported one, may name neither.")
}
