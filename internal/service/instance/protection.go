package instance

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// codeDeletionProtection is the code this provider takes for Baidu's refusal
// to release a protected instance. Baidu documents no code for it (nor the
// HTTP status), so it is an assumption, and any other 403 on the release of
// an instance that reads as protected is taken as the same refusal (see
// isProtectionRefusal).
const codeDeletionProtection = "Instance.DeletionProtection"

// ProtectionWayOut is the one way to destroy a protected instance, quoted in
// every diagnostic about it.
const ProtectionWayOut = "set deletion_protection = false and apply, then destroy"

// refuseReleaseOfProtected fails a plan that would destroy or replace an
// instance whose state says deletion_protection = true, so that the refusal
// comes before anything is released (a replacement that creates first
// would otherwise leave a new instance next to the old one Baidu keeps).
// The state decides, not the configuration: turning protection off and
// releasing are two applies, because Baidu must have lifted the protection
// before the release is made. A plan made with -refresh=false trusts the
// state too; protection turned on outside Terraform since the last refresh
// is caught at apply (isProtectionRefusal). It reports whether it refused.
func refuseReleaseOfProtected(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) bool {
	if req.State.Raw.IsNull() {
		return false
	}
	var protected types.Bool
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("deletion_protection"), &protected)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() || !protected.ValueBool() {
		return false
	}
	destroying := req.Plan.Raw.IsNull()
	causes := replacementCauses(ctx, req, resp.RequiresReplace)
	if !destroying && len(causes) == 0 {
		return false
	}
	if destroying {
		resp.Diagnostics.AddError("BCC instance is protected from release",
			fmt.Sprintf("This plan would destroy instance %s, whose deletion_protection is true, so Baidu would refuse to release it. "+
				"Nothing has been released. To destroy it, %s. To keep it but stop managing it with Terraform, use a `removed` block "+
				"with lifecycle { destroy = false } (Terraform 1.7+) or `terraform state rm`.", id.ValueString(), ProtectionWayOut))
		return true
	}
	resp.Diagnostics.AddError("BCC instance is protected from release",
		fmt.Sprintf("This plan would replace instance %s (because of a change of %s), and a replacement releases the old instance, "+
			"but its deletion_protection is true, so Baidu would refuse. Nothing has been released or created. To replace it, %s: "+
			"first apply deletion_protection = false on its own (without the change that forces the replacement), then apply the "+
			"replacement.", id.ValueString(), strings.Join(causes, ", "), ProtectionWayOut))
	return true
}

// replacementCauses names the arguments whose planned change replaces the
// instance. The framework hands a resource's ModifyPlan an empty
// RequiresReplace (the attributes' RequiresReplace modifiers answer
// Terraform directly), so the schema is asked instead: an argument with a
// RequiresReplace modifier whose planned value, after the attribute
// modifiers ran, is not its value in state, which is what those modifiers
// decide on. known holds replacements a ModifyPlan already asked for.
// Replacements Terraform decides alone (-replace, replace_triggered_by) are
// not seen by any provider; Baidu's refusal stops those at apply.
func replacementCauses(ctx context.Context, req resource.ModifyPlanRequest, known path.Paths) []string {
	var causes []string
	for _, p := range known {
		causes = append(causes, p.String())
	}
	var planned, prior map[string]tftypes.Value
	if req.Plan.Raw.As(&planned) != nil || req.State.Raw.As(&prior) != nil {
		return causes
	}
	for name, a := range req.Plan.Schema.GetAttributes() {
		if !slices.Contains(causes, name) && forcesReplacement(ctx, a) && !planned[name].Equal(prior[name]) {
			causes = append(causes, name)
		}
	}
	slices.Sort(causes)
	return causes
}

// requiresReplace is the description every RequiresReplace modifier of the
// framework gives, whatever the attribute's type.
var requiresReplace = stringplanmodifier.RequiresReplace().Description(context.Background())

// forcesReplacement reports whether an attribute has a RequiresReplace
// plan modifier.
func forcesReplacement(ctx context.Context, a any) bool {
	var mods []interface{ Description(context.Context) string }
	switch a := a.(type) {
	case schema.StringAttribute:
		mods = anyModifiers(a.PlanModifiers)
	case schema.Int64Attribute:
		mods = anyModifiers(a.PlanModifiers)
	case schema.SetAttribute:
		mods = anyModifiers(a.PlanModifiers)
	case schema.SingleNestedAttribute:
		mods = anyModifiers(a.PlanModifiers)
	case schema.MapAttribute:
		mods = anyModifiers(a.PlanModifiers)
	case schema.BoolAttribute:
		mods = anyModifiers(a.PlanModifiers)
	}
	return slices.ContainsFunc(mods, func(m interface{ Description(context.Context) string }) bool {
		return m.Description(ctx) == requiresReplace
	})
}

func anyModifiers[M interface{ Description(context.Context) string }](mods []M) []interface{ Description(context.Context) string } {
	out := make([]interface{ Description(context.Context) string }, len(mods))
	for i, m := range mods {
		out[i] = m
	}
	return out
}

// protectAfterCreate turns on the deletion protection of a new, running
// instance when the configuration asks for it, before Create returns, so
// that an instance configured as protected is never recorded in state
// without it. A failure is an error (the instance is then tainted, with
// deletion_protection = false in state, as it is on Baidu): a create that
// succeeded with an unprotected instance would tell the user the opposite
// of the truth.
func protectAfterCreate(ctx context.Context, c *framework.Conn, id string, want types.Bool) error {
	if !want.ValueBool() {
		return nil
	}
	if err := c.Client.SetDeletionProtection(ctx, id, true); err != nil {
		return err
	}
	tflog.Info(ctx, "turned on deletion protection of the new BCC instance")
	return nil
}

// protectionFailedDetail explains a create whose instance could not be
// protected.
func protectionFailedDetail(id string, err error) string {
	return fmt.Sprintf("Instance %s is running, but turning on its deletion protection failed: %s. "+
		"The instance is NOT protected. Terraform marks it tainted, so the next apply replaces it; to keep it, run "+
		"`terraform untaint` and apply, which turns the protection on as an in-place update.", id, err)
}

// isProtectionRefusal decides whether a failed release was Baidu refusing
// because the instance is protected. The code is only assumed, so a 403
// with a code that is none of the known release refusals is checked
// against the instance itself: when it reads as protected, that was the
// refusal, whatever its code. A failure of that read leaves the release a
// plain failure.
func isProtectionRefusal(ctx context.Context, c *framework.Conn, id string, err error) bool {
	if client.HasCode(err, codeDeletionProtection) {
		return true
	}
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden ||
		client.HasCode(err, client.CodeReleaseWhileCreating) || client.HasCode(err, client.CodeReleaseNotPrepay) {
		return false
	}
	inst, readErr := findInstanceByID(ctx, c, id)
	if readErr != nil {
		tflog.Warn(ctx, "could not read the instance to tell whether its release was refused for deletion protection",
			map[string]any{"instance_id": id, "error": readErr.Error()})
		return false
	}
	return inst.Protected()
}

// protectedReleaseDiagnostic is the error for a release Baidu refused
// because the instance is protected. inState is what the state said: when
// it said false, the protection was turned on outside Terraform after the
// last refresh (the plan-time refusal would have caught it otherwise).
func protectedReleaseDiagnostic(id string, inState bool, err error) diag.Diagnostic {
	outside := ""
	if !inState {
		outside = " Its protection was turned on outside Terraform after the state was last refreshed: the state still says " +
			"deletion_protection = false. The next refresh reads it, so the next plan shows deletion_protection as an in-place " +
			"update (back to false, if that is what the configuration says); applying it turns the protection off."
	}
	return diag.NewErrorDiagnostic("BCC instance is protected from release",
		fmt.Sprintf("Baidu refused to release instance %s because its deletion protection is on (%s). It was not released and stays in state.%s\n\n"+
			"To destroy it, %s.\n\nRequest ID: %s.", id, err, outside, ProtectionWayOut, framework.OrUnknown(client.RequestIDOf(err))))
}
