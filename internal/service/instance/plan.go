package instance

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// ValidateConfig checks rules that span attributes, at plan time and without
// any API call.
func (r *bccInstanceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var timing types.String
	var reservation types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("payment_timing"), &timing)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("reservation"), &reservation)...)
	if resp.Diagnostics.HasError() || timing.IsUnknown() || reservation.IsUnknown() {
		return
	}
	prepaid := timing.ValueString() == client.PaymentPrepaid
	switch {
	case prepaid && reservation.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("reservation"), "Missing reservation for a prepaid instance",
			`payment_timing is "Prepaid", which needs a reservation term. Add reservation = { reservation_length = 1 } `+
				`(months: 1-9, 12, 24 or 36), or use payment_timing = "Postpaid".`)
	case !prepaid && !reservation.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("reservation"), "Reservation set for a postpaid instance",
			`reservation applies only when payment_timing is "Prepaid"; this instance is postpaid. `+
				`Remove the reservation argument, or set payment_timing = "Prepaid".`)
	}
}

// ModifyPlan fails plans that cannot be applied for want of a usable
// provider configuration or that would release a protected instance, and,
// for a planned destroy or replacement, says before apply what the release
// will meet and take with it, so that pipelines learn it from the plan: an
// unexpired prepaid instance cannot be released, and Baidu deletes the
// system-disk snapshots of a released instance and detaches its data disks.
func (r *bccInstanceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	// Apply will need the client: a provider configuration that certainly
	// cannot produce one (missing key, bad endpoint) fails the plan now.
	resp.Diagnostics.Append(r.Data.PlanDiags()...)
	if resp.Diagnostics.HasError() || req.State.Raw.IsNull() {
		return // nothing more to say about a create
	}
	if refuseReleaseOfProtected(ctx, req, resp) {
		return
	}
	// The framework hands ModifyPlan an empty resp.RequiresReplace, whatever
	// the attributes' own modifiers decided, so a replacement is found from
	// the schema (see replacementCauses).
	destroying := req.Plan.Raw.IsNull()
	if !destroying && len(replacementCauses(ctx, req, resp.RequiresReplace)) == 0 {
		return
	}
	var state bccInstanceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	action := "destroy"
	if !destroying {
		action = "replace"
	}
	resp.Diagnostics.Append(r.onDestroyPlanWarnings(ctx, state, action)...)
	if d := r.prepaidReleaseWarning(ctx, state, action); d != nil {
		resp.Diagnostics.Append(d)
	}
	if c, d := r.Data.Conn(); !d.HasError() && c != nil {
		if w := releaseConsequencesWarning(ctx, c, state.ID.ValueString(), action); w != nil {
			resp.Diagnostics.Append(w)
		}
	}
}

// prepaidReleaseWarning warns that Baidu will refuse to release an
// unexpired prepaid instance, unless on_destroy asks for an early release.
func (r *bccInstanceResource) prepaidReleaseWarning(ctx context.Context, state bccInstanceModel, action string) diag.Diagnostic {
	if od, _ := state.onDestroySettings(ctx); od.releaseEarly() || !r.prepaidUnexpired(state) {
		return nil
	}
	return diag.NewWarningDiagnostic("Prepaid instance cannot be released before it expires",
		fmt.Sprintf("This plan will %s prepaid instance %s, which expires at %s. Baidu refuses to release a prepaid instance before it expires, "+
			"so the apply will fail with %s. Wait until it expires; set on_destroy = { prepaid = \"release_early\" } and apply it before "+
			"destroying, to release it early with the refund Baidu decides; remove it from Terraform with a `removed` block or "+
			"`terraform state rm`; or release it early in the Baidu Cloud console.",
			action, state.ID.ValueString(), state.ExpireTime.ValueString(), client.CodeReleaseNotPrepay))
}
