package image

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

var (
	_ list.ListResource              = (*imageList)(nil)
	_ list.ListResourceWithConfigure = (*imageList)(nil)
)

// NewListResource is the constructor registered with the provider.
func NewListResource() list.ListResource {
	return &imageList{ListResourceBase: framework.NewListResourceBase("_bcc_image")}
}

// imageList finds custom images for `terraform query`; source_gone = true
// finds the images whose instance was released (Baidu keeps them).
type imageList struct {
	framework.ListResourceBase
}

type imageListModel struct {
	NameContains types.String `tfsdk:"name_contains"`
	NameRegex    types.String `tfsdk:"name_regex"`
	Status       types.String `tfsdk:"status"`
	SourceGone   types.Bool   `tfsdk:"source_gone"`
}

func (l *imageList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds custom images (never Baidu's public ones) that match every filter given, with one paged " +
			"`GET /v2/image?imageType=Custom` of up to 1,000 images a page. `source_gone = true` finds the images whose " +
			"instance was released: Baidu keeps custom images when it releases their instance.",
		Attributes: map[string]schema.Attribute{
			"name_contains": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only images whose name contains this text. Sent to Baidu (`imageName`).",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 65)},
			},
			"name_regex": framework.ListNameRegexFilter("images"),
			"status": framework.ListOneOfFilter("Only images with this status, such as `Available` (case matters).",
				"Applied by the provider: Baidu's image list has no status filter.", client.ImageStatusCreating, client.ImageStatusCreateFailed,
				client.ImageStatusAvailable, client.ImageStatusNotAvailable, client.ImageStatusError),
			"source_gone": framework.ListSourceGoneFilter("`true`: only images whose source instance no longer exists; `false`: " +
				"only images whose source instance exists. Baidu does not document where an image names its source; the provider " +
				"reads it from the image's `snapshots` (the instance ID as a system-disk snapshot's `volumeId`), and leaves out, " +
				"either way, an image that names none (logged as a warning)."),
		},
	}
}

func (l *imageList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg imageListModel
	diags := req.Config.Get(ctx, &cfg)
	nameRegex := framework.NameFilter(cfg.NameRegex, &diags)
	if diags.HasError() {
		framework.ListFailed(stream, diags)
		return
	}
	c, d := l.Data.Conn()
	if d.HasError() {
		framework.ListFailed(stream, d)
		return
	}
	contains := cfg.NameContains.ValueString()
	listed, err := c.Client.ListImages(ctx, client.ListImagesRequest{ImageType: client.ImageTypeCustom, ImageName: contains})
	if err != nil {
		diags.AddError("Failed to list custom images", err.Error())
		framework.ListFailed(stream, diags)
		return
	}
	var live *framework.LiveSources
	if !cfg.SourceGone.IsNull() {
		if live, err = framework.ListLiveSources(ctx, c.Client, false, true); err != nil {
			diags.AddError("Failed to list the instances that images are made from", err.Error())
			framework.ListFailed(stream, diags)
			return
		}
	}
	var items []framework.ListItem
	unknownSource := 0
	for i := range listed {
		im := &listed[i]
		// Every filter is checked here, the ones sent to Baidu too: an API
		// that ignored one would otherwise hand back images left out.
		if im.Type != client.ImageTypeCustom || !containsFold(im.Name, contains) || !framework.MatchesName(nameRegex, im.Name) ||
			(!cfg.Status.IsNull() && im.Status != cfg.Status.ValueString()) {
			continue
		}
		if live != nil {
			source := im.SourceInstance()
			if source == "" {
				unknownSource++
				continue
			}
			if live.Gone(source) != cfg.SourceGone.ValueBool() {
				continue
			}
		}
		items = append(items, framework.ListItem{ID: im.ID, DisplayName: im.Name, Resource: func(ctx context.Context, res *tfsdk.Resource) diag.Diagnostics {
			var m bccImageModel
			if diags := framework.NullModel(ctx, res, &m); diags.HasError() {
				return diags
			}
			m.setFromAPI(im) // as Read after an import: the source stays null
			return res.Set(ctx, &m)
		}})
	}
	if unknownSource > 0 {
		tflog.Warn(ctx, "custom images that name no source instance were left out of a source_gone list", map[string]any{"images": unknownSource})
	}
	tflog.Debug(ctx, "listed custom images", map[string]any{"listed": len(listed), "matched": len(items)})
	l.StreamList(ctx, req, stream, items)
}

// containsFold is the name_contains check on Baidu's answer. Whether
// Baidu's imageName match ignores case is not documented, so the check
// here does: it must never drop an image Baidu matched.
func containsFold(name, part string) bool {
	return strings.Contains(strings.ToLower(name), strings.ToLower(part))
}
