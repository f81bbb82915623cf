// Package image is the baidu_bcc_image resource: a custom image made from
// an instance or a system-disk snapshot, within Baidu's quota per account.
package image

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

var (
	_ resource.Resource                = (*bccImageResource)(nil)
	_ resource.ResourceWithConfigure   = (*bccImageResource)(nil)
	_ resource.ResourceWithIdentity    = (*bccImageResource)(nil)
	_ resource.ResourceWithImportState = (*bccImageResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*bccImageResource)(nil)
)

// NewResource is the constructor registered with the provider.
func NewResource() resource.Resource {
	return &bccImageResource{ResourceBase: framework.NewResourceBase("_bcc_image")}
}

type bccImageResource struct {
	framework.ResourceBase
}

func (r *bccImageResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan bccImageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, plan.Timeouts.Create, defaultImageCreateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	createReq := client.CreateImageRequest{
		ImageName:  plan.Name.ValueString(),
		InstanceID: plan.InstanceID.ValueString(),
		SnapshotID: plan.SnapshotID.ValueString(),
	}
	source := createReq.InstanceID + createReq.SnapshotID // exactly one is set
	// An instance or snapshot that is busy is refused with 409 until it
	// settles: that passes. The token stays the same, so a retry cannot
	// make a second image.
	token := client.NewClientToken()
	var id string
	_, err := framework.RetryWhile(ctx, c, func(ctx context.Context) (err error) {
		id, err = c.Client.CreateImage(ctx, token, createReq)
		return err
	}, func(err error) bool { return framework.HTTPStatusOf(err) == http.StatusConflict })
	switch {
	case client.HasCode(err, client.CodeImageQuotaExceedLimit):
		resp.Diagnostics.AddError("Custom image quota reached",
			fmt.Sprintf("Baidu refused to make another custom image (%s): an account has at most %d custom images in a region. "+
				"Delete custom images that are no longer needed (they are kept when their instance is released), or ask Baidu to "+
				"raise the quota, then apply again. Request ID: %s.", client.CodeImageQuotaExceedLimit, MaxCustomImages, framework.OrUnknown(client.RequestIDOf(err))))
		return
	case err != nil:
		resp.Diagnostics.AddError("Failed to create custom image", framework.OrphanDetail(err, kindImage, token, createReq.ImageName, "made from "+source))
		return
	}
	ctx = tflog.SetField(ctx, "image_id", id)
	plan.ID = types.StringValue(id)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan.withUnknownsNulled())...)
	resp.Diagnostics.Append(r.Data.SetIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "created custom image; waiting for it to be Available", map[string]any{"source": source})
	im, err := waitImageAvailable(ctx, c, id, timeout)
	if err != nil {
		resp.Diagnostics.AddError("Custom image did not become Available",
			fmt.Sprintf("Image %s of %s was created and is recorded in state, but waiting for it failed: %s. "+
				"Terraform marks it tainted, so the next apply replaces it.", id, source, err))
		return
	}
	plan.setFromAPI(im)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *bccImageResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state bccImageModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, d := r.Data.Conn()
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	im, err := findImageByID(ctx, c, state.ID.ValueString())
	if !framework.ReadFound(ctx, resp, err, "Failed to read custom image") {
		return
	}
	state.setFromAPI(im)
	resp.Diagnostics.Append(r.Data.FillIdentity(ctx, resp.Identity, state.ID.ValueString())...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *bccImageResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state bccImageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, _ := framework.Begin(ctx, r.Data, plan.Timeouts.Update, defaultImageUpdateTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	if !plan.Name.Equal(state.Name) {
		if err := c.Client.RenameImage(ctx, id, plan.Name.ValueString()); err != nil {
			resp.Diagnostics.AddError("Failed to rename custom image", err.Error())
			return
		}
	}
	im, err := findImageByID(ctx, c, id)
	if err != nil {
		resp.Diagnostics.AddError("Failed to read custom image after update", err.Error())
		return
	}
	plan.setFromAPI(im)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *bccImageResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state bccImageModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, r.Data, state.Timeouts.Delete, defaultImageDeleteTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	id := state.ID.ValueString()
	ctx = tflog.SetField(ctx, "image_id", id)
	// An image still being made cannot be deleted yet (409); that passes.
	attempts, err := framework.RetryWhile(ctx, c, func(ctx context.Context) error { return c.Client.DeleteImage(ctx, id) },
		func(err error) bool { return client.HasCode(err, client.CodeImageCreatingImageCannotBeDeleted) })
	switch {
	case client.IsNotFound(err):
		tflog.Info(ctx, "custom image was already deleted")
		return
	case client.HasCode(err, client.CodeImageHasBeenSharedToOthers):
		resp.Diagnostics.AddError("Custom image is shared with other accounts",
			fmt.Sprintf("Baidu refuses to delete image %s because it is shared with other accounts (%s). Stop sharing it "+
				"(in the Baidu Cloud console, the image's sharing settings), then run the destroy again; or stop managing it with a "+
				"`removed` block or `terraform state rm`. Request ID: %s.", id, client.CodeImageHasBeenSharedToOthers, framework.OrUnknown(client.RequestIDOf(err))))
		return
	case err != nil:
		resp.Diagnostics.AddError("Failed to delete custom image",
			fmt.Sprintf("Deleting image %s failed after %d attempts: %s. The image stays in state.", id, attempts, framework.EndedOr(ctx, err)))
		return
	}
	if err := waitImageGone(ctx, c, id, timeout); err != nil {
		resp.Diagnostics.AddError("Custom image deletion not confirmed", err.Error())
	}
}

// ImportState takes the image id, optionally followed by its source
// (m-...:i-... or m-...:s-...), or an identity. Baidu does not report an
// image's source, so without it the configuration may name none; one it
// names is recorded by the next apply without a replacement.
func (r *bccImageResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	raw, ok := r.Data.ImportID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	id, source, _ := strings.Cut(raw, ":")
	validSource := source == "" || validate.IsID(source, validate.PrefixInstance) || validate.IsID(source, validate.PrefixSnapshot)
	if !validate.IsID(id, validate.PrefixImage) || !validSource {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q is not a custom image ID. Import with the image ID (m- followed by letters and digits), optionally "+
				"followed by the instance or snapshot it was made from: terraform import baidu_bcc_image.example m-nky7qeom, or "+
				"terraform import baidu_bcc_image.example m-nky7qeom:i-YufwpQAe", raw))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	switch {
	case validate.IsID(source, validate.PrefixInstance):
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("instance_id"), source)...)
	case validate.IsID(source, validate.PrefixSnapshot):
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("snapshot_id"), source)...)
	}
}
