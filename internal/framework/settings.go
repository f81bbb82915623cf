package framework

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// SettingsOnlyUpdate applies an update that changes nothing but attributes
// the provider keeps for itself (what a destroy does, timeouts): it stores
// the plan with no API call, and reports whether it did. Any other change
// leaves it to the resource's Update.
func SettingsOnlyUpdate(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse, settings ...string) bool {
	var before, after map[string]tftypes.Value
	if req.State.Raw.As(&before) != nil || req.Plan.Raw.As(&after) != nil {
		return false
	}
	for name, v := range after {
		if !slices.Contains(settings, name) && !v.Equal(before[name]) {
			return false
		}
	}
	tflog.Info(ctx, "only the provider's own settings changed; nothing to send to Baidu", map[string]any{"settings": settings})
	resp.State.Raw = req.Plan.Raw.Copy()
	return true
}
