package instance

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

// What a destroy or a replacement of an instance does is the instance's own
// setting, on_destroy. Terraform plans and applies a destroy from the prior
// state, so a new value takes effect once it has been applied; changing it
// is an update that calls no API.

const (
	prepaidRefuse       = "refuse"
	prepaidReleaseEarly = "release_early"
)

type onDestroyModel struct {
	Prepaid    types.String `tfsdk:"prepaid"`
	FinalImage types.String `tfsdk:"final_image"`
}

var onDestroyAttrTypes = map[string]attr.Type{"prepaid": types.StringType, "final_image": types.StringType}

func defaultOnDestroy() types.Object {
	return types.ObjectValueMust(onDestroyAttrTypes, map[string]attr.Value{
		"prepaid": types.StringValue(prepaidRefuse), "final_image": types.StringNull(),
	})
}

func onDestroyAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		Computed: true,
		Default:  objectdefault.StaticValue(defaultOnDestroy()),
		MarkdownDescription: "What a destroy or a replacement of this instance does. Changing it is an update with no API call; " +
			"since Terraform plans a destroy from the state, a new value takes effect once it has been applied.",
		Attributes: map[string]schema.Attribute{
			"prepaid": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(prepaidRefuse),
				MarkdownDescription: "For a prepaid instance that has not expired: `refuse` (the default) fails the destroy, as Baidu's " +
					"`DELETE` does; `release_early` releases it through Baidu's early-release call, with the refund Baidu decides. " +
					"Postpaid and expired instances are released the usual way either way; deletion protection still refuses.",
				Validators: []validator.String{stringvalidator.OneOf(prepaidRefuse, prepaidReleaseEarly)},
			},
			"final_image": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Name of a custom image of the system disk to make just before the release and keep after it " +
					"(Baidu deletes the system disk and its snapshots with the instance). Same name rules as `baidu_bcc_image`. The image " +
					"is not in state: the destroy ends with a warning naming it and how to import it. A destroy run again reuses the " +
					"image the first one made. If the image cannot be made, nothing is released. The image's time counts in `timeouts.delete`.",
				Validators: []validator.String{validate.StorageName("an image name")},
			},
		},
	}
}

// onDestroySettings reads on_destroy; null (an import, a state from before
// the attribute) is the default.
func (m bccInstanceModel) onDestroySettings(ctx context.Context) (onDestroyModel, diag.Diagnostics) {
	od := onDestroyModel{Prepaid: types.StringValue(prepaidRefuse), FinalImage: types.StringNull()}
	if m.OnDestroy.IsNull() || m.OnDestroy.IsUnknown() {
		return od, nil
	}
	diags := m.OnDestroy.As(ctx, &od, basetypes.ObjectAsOptions{})
	return od, diags
}

func (od onDestroyModel) releaseEarly() bool { return od.Prepaid.ValueString() == prepaidReleaseEarly }

func (od onDestroyModel) finalImage() string { return od.FinalImage.ValueString() }

// unexpiredPrepaid is whether state shows a prepaid instance that has not
// expired, the one case the early-release route is for.
func (m bccInstanceModel) unexpiredPrepaid() bool {
	return m.PaymentTiming.ValueString() == client.PaymentPrepaid && m.Status.ValueString() != statusExpired
}

// makeFinalImage makes a custom image of instance id's system disk and
// waits until it is Available (see framework.MakeFinal). It reads through
// the client, not the image resource's finder: resources do not reach into
// each other.
func makeFinalImage(ctx context.Context, c *framework.Conn, id, name string, timeout time.Duration) (string, error) {
	return framework.MakeFinal(ctx, "image", id, name,
		func(ctx context.Context, token string) (string, error) {
			return c.Client.CreateImage(ctx, token, client.CreateImageRequest{ImageName: name, InstanceID: id})
		},
		func(ctx context.Context, imageID string) error {
			_, err := framework.WaitStatus(ctx, c, "custom image "+imageID, timeout,
				func(ctx context.Context) (*client.Image, error) {
					im, err := c.Client.GetImage(ctx, imageID)
					return im, framework.GoneFromAPIError("custom image", imageID, err)
				},
				func(im *client.Image) string { return im.Status },
				client.ImageStatusAvailable, client.ImageStatusCreateFailed, client.ImageStatusError, client.ImageStatusNotAvailable)
			return err
		})
}

func finalImageFailed(id, name, imageID string, err error) diag.Diagnostic {
	made := "Baidu did not make it"
	if imageID != "" {
		made = fmt.Sprintf("Baidu started it as %s, which is not Available", imageID)
	}
	return diag.NewErrorDiagnostic("Final image not made; the instance was not released",
		fmt.Sprintf("on_destroy.final_image asks for a custom image %q of instance %s before its release, and %s: %s. "+
			"Nothing was released and the instance stays in state. Run the destroy again once the cause is fixed (it reuses an image "+
			"already made), raise timeouts.delete, or remove final_image from on_destroy and apply before destroying.",
			name, id, made, err))
}

func finalImageKept(id, name, imageID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic(fmt.Sprintf("Final image %s of instance %s is kept outside Terraform", imageID, id),
		fmt.Sprintf("Custom image %s (%q) was made of instance %s's system disk before the release, as on_destroy.final_image asks, "+
			"and Baidu keeps it. It is not in Terraform state; to manage it, import it:\n"+
			"  import {\n    to = baidu_bcc_image.final\n    id = %q\n  }\n"+
			"with a baidu_bcc_image resource of the same name, or `terraform import baidu_bcc_image.final %s`.", imageID, name, id, imageID, imageID))
}

// onDestroyPlanWarnings says before apply what on_destroy will do when this
// plan destroys or replaces the instance.
func (r *bccInstanceResource) onDestroyPlanWarnings(ctx context.Context, state bccInstanceModel, action string) diag.Diagnostics {
	var diags diag.Diagnostics
	od, d := state.onDestroySettings(ctx)
	diags.Append(d...)
	id := state.ID.ValueString()
	if name := od.finalImage(); name != "" {
		diags.AddWarning(fmt.Sprintf("A final image of instance %s will be made before its release", id),
			fmt.Sprintf("This plan will %s instance %s. Before releasing it, the provider makes a custom image %q of its system disk "+
				"and waits until it is Available (minutes on Baidu, inside timeouts.delete); Baidu keeps custom images after a release. "+
				"The image is not in Terraform state: the apply names it in a warning. If it cannot be made, nothing is released.",
				action, id, name))
	}
	if od.releaseEarly() && r.prepaidUnexpired(state) {
		diags.AddWarning(fmt.Sprintf("Prepaid instance %s will be released early", id),
			fmt.Sprintf("prepaid instance %s (expires %s) will be released early; Baidu decides the refund. This plan will %s it, "+
				"and on_destroy.prepaid is %q, so the provider releases it through Baidu's early-release call instead of refusing.",
				id, state.ExpireTime.ValueString(), action, prepaidReleaseEarly))
	}
	return diags
}

// prepaidUnexpired is whether state shows a prepaid instance that Baidu's
// DELETE would refuse now: not Expired (refreshed just before planning) and
// with an expiry still ahead by the provider's clock (for plans made with
// -refresh=false).
func (r *bccInstanceResource) prepaidUnexpired(state bccInstanceModel) bool {
	if !state.unexpiredPrepaid() {
		return false
	}
	expires, err := time.Parse(time.RFC3339, state.ExpireTime.ValueString())
	return err == nil && expires.After(r.Data.Now())
}
