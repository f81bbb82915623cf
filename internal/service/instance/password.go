package instance

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// writeOnlyAdminPass reads admin_pass_wo from the configuration, the only
// place a write-only value exists: Terraform sends it to the provider with
// each plan and apply and never keeps it, so the plan and the state hold
// null. It is empty when unset.
func writeOnlyAdminPass(ctx context.Context, config tfsdk.Config) (string, diag.Diagnostics) {
	var pass types.String
	diags := config.GetAttribute(ctx, path.Root("admin_pass_wo"), &pass)
	return pass.ValueString(), diags
}

// rotatesWriteOnlyPass reports whether an update must send admin_pass_wo as
// the new password: admin_pass_wo_version is the trigger, since Terraform
// cannot compare a value it never stores. A version that is removed sends
// nothing (there is no "no password" to set), like a removed admin_pass.
func rotatesWriteOnlyPass(plan, state *bccInstanceModel) bool {
	return !plan.AdminPassWOVersion.IsNull() && !plan.AdminPassWOVersion.IsUnknown() &&
		!plan.AdminPassWOVersion.Equal(state.AdminPassWOVersion)
}
