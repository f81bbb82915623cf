package image

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

// NewCreateAction is baidu_bcc_image_create: a custom image of an
// instance, made now, by the rule of the instance's final image.
func NewCreateAction() action.Action {
	return &createAction{ActionBase: framework.NewActionBase("_bcc_image_create")}
}

type createAction struct {
	framework.ActionBase
}

var (
	_ action.ActionWithConfigure  = (*createAction)(nil)
	_ action.ActionWithModifyPlan = (*createAction)(nil)
)

type createActionModel struct {
	InstanceID types.String   `tfsdk:"instance_id"`
	Name       types.String   `tfsdk:"name"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (a *createAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Makes a custom image of an instance's system disk now, for example before an update " +
			"(`action_trigger` with `before_update`), and waits until it is `Available`. Invoked again with the same " +
			"instance and name, it makes no second image: the client token is derived from both, as for " +
			"`on_destroy.final_image` of `baidu_bcc_instance`, so the image the first invocation made is found again (and a " +
			"destroy with that final image name reuses it too). An image Baidu could not make is not reused: the next " +
			"invocation asks for a new one. The image is not in Terraform state; import it as `baidu_bcc_image` to manage it. " +
			"Needs Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"instance_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the instance (`i-...`, `Running` or `Stopped`) whose system disk to image.",
				Validators:          []validator.String{validate.ID("an instance", validate.PrefixInstance)},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the image: 1-65 characters, starting with a letter; letters, digits, Chinese characters, spaces and `-_/.`.",
				Validators:          []validator.String{validate.StorageName("an image name")},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: "How long making the image may take, as a duration such as `\"60m\"`. Default `60m`.",
			}),
		},
	}
}

func (a *createAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m createActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, a.Data, m.Timeouts.Invoke, defaultImageCreateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	instanceID, name := m.InstanceID.ValueString(), m.Name.ValueString()
	id, err := framework.MakeFinal(ctx, "image", instanceID, name,
		func(ctx context.Context, token string) (string, error) {
			// A busy instance (Starting, Stopping) is refused with 409
			// until it settles; the token stays, so no retry makes a
			// second image.
			var id string
			_, err := framework.RetryWhile(ctx, c, func(ctx context.Context) (err error) {
				id, err = c.Client.CreateImage(ctx, token, client.CreateImageRequest{ImageName: name, InstanceID: instanceID})
				return err
			}, func(err error) bool { return framework.HTTPStatusOf(err) == http.StatusConflict })
			return id, err
		},
		func(ctx context.Context, id string) error {
			framework.Progress(resp, "Baidu is making custom image %s (%q) of instance %s.", id, name, instanceID)
			_, err := waitImageWithProgress(ctx, c, resp, id, timeout)
			return err
		})
	switch {
	case client.HasCode(err, client.CodeImageQuotaExceedLimit):
		resp.Diagnostics.AddError("Custom image quota reached",
			fmt.Sprintf("Baidu refused to make custom image %q of instance %s: an account has at most %d custom images in a "+
				"region. Delete custom images that are no longer needed, or ask Baidu to raise the quota. %s",
				name, instanceID, MaxCustomImages, framework.BaiduSaid(ctx, err)))
	case err != nil && id == "":
		resp.Diagnostics.AddError("Custom image not made",
			fmt.Sprintf("Baidu did not start custom image %q of instance %s: %s", name, instanceID, framework.BaiduSaid(ctx, err)))
	case err != nil:
		resp.Diagnostics.AddError("Custom image not made",
			framework.WithRequestID(fmt.Sprintf("Baidu started custom image %q of instance %s as %s, which is not Available: %s. If it is still being made, invoking the action again "+
				"with the same name waits for it; if Baidu failed it, use another name (the same name leads to the same failed images).",
				name, instanceID, id, err), err))
	default:
		framework.Progress(resp, "Custom image %s (%q) of instance %s is Available.", id, name, instanceID)
	}
}

// waitImageWithProgress is waitImageAvailable, telling Terraform each new
// status it reads.
func waitImageWithProgress(ctx context.Context, c *framework.Conn, resp *action.InvokeResponse, id string, timeout time.Duration) (*client.Image, error) {
	last := ""
	return framework.WaitStatus(ctx, c, "custom image "+id, timeout,
		func(ctx context.Context) (*client.Image, error) {
			im, err := findImageByID(ctx, c, id)
			if err == nil && im.Status != last && im.Status != client.ImageStatusAvailable {
				last = im.Status
				framework.Progress(resp, "Custom image %s is %s.", id, im.Status)
			}
			return im, err
		},
		func(im *client.Image) string { return im.Status },
		client.ImageStatusAvailable, client.ImageStatusCreateFailed, client.ImageStatusError, client.ImageStatusNotAvailable)
}
