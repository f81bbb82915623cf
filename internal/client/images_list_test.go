package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// The provider lists no images, so ListImages lives with the tests that pin
// down how the image list is read, ready to move back beside GetImage when
// something in the provider needs it.

// ListImagesRequest filters GET /v2/image.
type ListImagesRequest struct {
	// ImageType is one of the ImageType constants; "" means ImageTypeAll.
	ImageType string
	// ImageName matches a substring of the name and works only with
	// ImageType Custom [doc]; ListImages refuses it otherwise, as the SDK does.
	ImageName string
}

// ListImages lists images (GET /v2/image), all pages of up to 1000.
// imageType is always sent, ImageTypeAll when req.ImageType is "" (Baidu's
// default too). ImageName matches a substring and works only with
// ImageTypeCustom [doc]; with another type it is refused before any
// request, as the SDK does. The answer's "images" list is from the SDKs
// [SDK, gen]; a page without it counts as empty.
func (c *Client) ListImages(ctx context.Context, req ListImagesRequest) ([]Image, error) {
	const op = "ListImages"
	imageType := req.ImageType
	if imageType == "" {
		imageType = ImageTypeAll
	}
	filters := url.Values{"imageType": {imageType}}
	if req.ImageName != "" {
		if imageType != ImageTypeCustom {
			return nil, fmt.Errorf("%s: imageName filters only images of type %s, not %s", op, ImageTypeCustom, imageType)
		}
		filters.Set("imageName", req.ImageName)
	}
	all := []Image{}
	err := eachPage(filters, func(q url.Values) (string, bool, error) {
		var out struct {
			pageFields
			Images []Image `json:"images"`
		}
		if err := c.do(ctx, request{operation: op, method: http.MethodGet, path: "/v2/image", query: q, out: &out}); err != nil {
			return "", false, err
		}
		all = append(all, out.Images...)
		return out.NextMarker, out.IsTruncated, nil
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}
