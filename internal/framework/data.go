package framework

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// ProviderData is what the provider's Configure hands to resources and data
// sources: a connection, or the diagnostics explaining why there is none.
type ProviderData struct {
	conn        *Conn
	configDiags diag.Diagnostics
	// configUnknown is true when some provider argument is not known yet
	// (planning with values computed from other resources); its errors may
	// go away at apply, so plans must not fail on them.
	configUnknown bool
	clock         wait.Clock
}

// NewProviderData is the provider data for a connection (nil when the
// configuration could not make one, with configDiags saying why).
// configUnknown says that some argument is not known yet, so that plans do
// not fail on errors that may go away at apply.
func NewProviderData(conn *Conn, configDiags diag.Diagnostics, configUnknown bool, clock wait.Clock) *ProviderData {
	return &ProviderData{conn: conn, configDiags: configDiags, configUnknown: configUnknown, clock: clock}
}

// PlanDiags returns configuration errors that are already certain while
// planning, so that a plan needing the client fails then rather than at
// apply.
func (d *ProviderData) PlanDiags() diag.Diagnostics {
	if d == nil || d.configUnknown {
		return nil
	}
	return d.configDiags
}

// Now is the time on the provider's clock: the wall clock, except in tests,
// which share a simulated clock with the mock API.
func (d *ProviderData) Now() time.Time {
	if d == nil || d.clock == nil {
		return time.Now()
	}
	return d.clock.Now()
}

// Conn returns the connection to the API, or the configuration errors that
// prevented making one.
func (d *ProviderData) Conn() (*Conn, diag.Diagnostics) {
	if d == nil {
		var diags diag.Diagnostics
		diags.AddError("Provider not configured", "The baidu provider was not configured before the resource was used. This is a bug in the provider; please report it.")
		return nil, diags
	}
	return d.conn, d.configDiags
}

// ConfigureData takes the provider data a resource or data source is
// handed; it is nil before the provider is configured (the framework calls
// Configure early, for validation).
func ConfigureData(raw any, diags *diag.Diagnostics) *ProviderData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *framework.ProviderData, got %T. This is a bug in the provider.", raw))
		return nil
	}
	return data
}
