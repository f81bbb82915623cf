package snapshot

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan fails plans that cannot be applied for want of a usable
// provider configuration, and requires a source for a snapshot that is to
// be made. The configuration alone cannot require it: Baidu may stop naming
// the disk of a snapshot that outlived it, so a snapshot adopted by an
// import (or a configuration terraform query generated) may have none.
func (r *bccSnapshotResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	resp.Diagnostics.Append(r.Data.PlanDiags()...)
	if req.Plan.Raw.IsNull() || (!req.State.Raw.IsNull() && len(resp.RequiresReplace) == 0) {
		return // a destroy, or a snapshot that exists and stays
	}
	var volumeID, instanceID types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("volume_id"), &volumeID)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("instance_id"), &instanceID)...)
	if resp.Diagnostics.HasError() || !volumeID.IsNull() || !instanceID.IsNull() {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("volume_id"), "Missing snapshot source",
		"A new snapshot is taken of a CDS disk or of an instance's system disk: set volume_id (v-...) or instance_id (i-...). "+
			"Only a snapshot already in state, such as an imported one whose disk is gone, may name neither.")
}
