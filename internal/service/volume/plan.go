package volume

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ValidateConfig checks rules that span attributes, at plan time and without
// any API call.
func (r *cdsVolumeResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var size types.Int64
	var snapshot types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("size_in_gb"), &size)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("snapshot_id"), &snapshot)...)
	if resp.Diagnostics.HasError() || size.IsUnknown() || snapshot.IsUnknown() {
		return
	}
	if size.IsNull() && snapshot.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("size_in_gb"), "Missing disk size",
			"A CDS volume needs size_in_gb (5-32765 GB), or snapshot_id to take the size of a snapshot. Set one of them.")
	}
}

// ModifyPlan fails plans that cannot be applied for want of a usable
// provider configuration, and refuses a smaller disk at plan time: Baidu
// only grows disks, and finding out at apply would leave the run half done.
func (r *cdsVolumeResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	resp.Diagnostics.Append(r.Data.PlanDiags()...)
	if resp.Diagnostics.HasError() || req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || len(resp.RequiresReplace) > 0 {
		return // a create, a destroy, or a replacement: a new disk may be any size
	}
	var before, after types.Int64
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("size_in_gb"), &before)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("size_in_gb"), &after)...)
	if resp.Diagnostics.HasError() || before.IsNull() || after.IsNull() || after.IsUnknown() {
		return
	}
	if after.ValueInt64() < before.ValueInt64() {
		resp.Diagnostics.AddAttributeError(path.Root("size_in_gb"), "CDS disks only grow",
			fmt.Sprintf("size_in_gb is %d GB, smaller than the disk's %d GB, and Baidu can only grow a disk. "+
				"Keep size_in_gb at %d or more; to get a smaller disk, make a new one (for example with a new resource, "+
				"or `terraform apply -replace` on this one, which loses its data).", after.ValueInt64(), before.ValueInt64(), before.ValueInt64()))
	}
}
