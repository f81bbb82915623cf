// Package planmodifiers holds attribute plan modifiers shared by resources.
package planmodifiers

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// Int64UseStateUnless keeps the prior state value of a computed attribute
// (like UseStateForUnknown) unless the attribute at trigger changes in the
// plan, in which case the value stays unknown. It suits values derived from
// another argument, such as a CPU count derived from an instance spec: plans
// stay quiet, yet a resize shows that the count will change.
func Int64UseStateUnless(trigger path.Path) planmodifier.Int64 {
	return int64UseStateUnless{trigger: trigger}
}

type int64UseStateUnless struct{ trigger path.Path }

func (m int64UseStateUnless) Description(context.Context) string {
	return fmt.Sprintf("Keeps the prior value unless %s changes.", m.trigger)
}

func (m int64UseStateUnless) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m int64UseStateUnless) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.StateValue.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	var planned, prior attr.Value
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, m.trigger, &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, m.trigger, &prior)...)
	if resp.Diagnostics.HasError() || planned == nil || prior == nil || !planned.Equal(prior) {
		return
	}
	resp.PlanValue = req.StateValue
}
