package planmodifiers

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// DescriptionKept plans a description that Baidu can set but not clear. An
// unset description keeps what Baidu holds (as UseStateForUnknown would),
// so removing the attribute from a configuration changes nothing. An empty
// one over a non-empty one is refused at plan time: Baidu's modify calls
// take only a non-empty desc (its SDK never sends an empty one, and an
// empty one is not documented to clear anything), so the change could
// never be applied and the plan would repeat it forever. what names the
// object, such as "disk" or "snapshot".
func DescriptionKept(what string) planmodifier.String {
	return descriptionKept{what: what}
}

type descriptionKept struct{ what string }

func (m descriptionKept) Description(context.Context) string {
	return "Keeps the current description when unset; an empty one cannot replace a non-empty one."
}

func (m descriptionKept) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m descriptionKept) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.Plan.Raw.IsNull() {
		return // a create or a destroy
	}
	if req.ConfigValue.IsNull() {
		resp.PlanValue = req.StateValue
		return
	}
	if !req.ConfigValue.IsUnknown() && req.ConfigValue.Equal(types.StringValue("")) && req.StateValue.ValueString() != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Baidu cannot clear a description",
			fmt.Sprintf("description is \"\", but the %s's description is %q, and Baidu has no call that removes a "+
				"description: its API takes only a non-empty one. Set a new, non-empty description, or remove the "+
				"attribute from the configuration to leave the current one as it is.", m.what, req.StateValue.ValueString()))
	}
}
