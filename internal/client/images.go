package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

func imagePath(id string) string { return "/v2/image/" + id }

// CreateImage makes a custom image (POST /v2/image?clientToken=) from an
// instance's system disk or from a system-disk snapshot, and returns its
// id. Exactly one of InstanceID and SnapshotID must be set (Baidu would let
// instanceId win silently [doc]); otherwise, or without a name or token,
// nothing is sent. The token makes the call idempotent, which lets the
// client retry it.
//
// The instance must be Running or Stopped, the snapshot Available and of a
// system disk, otherwise 409 [doc]; at most 20 custom images per region
// [doc]. The codes (CodeImageInstanceStatusForbidden,
// CodeImageQuotaExceedLimit with 413, CodeImageNameInvalid,
// CodeImageIDIsEmpty) are documented for BBC's same-shaped call and
// assumed for BCC [?]. The image starts Creating and becomes Available or
// CreateFailed. The answer {"imageId"} is from the SDK [SDK]; one without
// it is a ResponseError. Whether the instance shows ImageProcessing
// meanwhile is unknown [?].
func (c *Client) CreateImage(ctx context.Context, clientToken string, req CreateImageRequest) (string, error) {
	const op = "CreateImage"
	if err := checkClientToken(op, clientToken); err != nil {
		return "", err
	}
	if req.ImageName == "" {
		return "", fmt.Errorf("%s: imageName is required", op)
	}
	switch {
	case req.InstanceID != "" && req.SnapshotID != "":
		return "", fmt.Errorf("%s: give an instance id or a snapshot id, not both", op)
	case req.InstanceID != "":
		if err := checkID(op, req.InstanceID); err != nil {
			return "", err
		}
	case req.SnapshotID != "":
		if err := checkResourceID(op, "snapshot", req.SnapshotID); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("%s: give the instance id or the snapshot id to make the image from", op)
	}
	return createIDs(ctx, c, op, "/v2/image", clientToken, req, "imageId", nonEmpty, "answer has no imageId")
}

// GetImage reads one image (GET /v2/image/{id} -> {"image":{...}}) [doc].
// A missing image gets 404 [doc]. An answer without an "image" object is a
// ResponseError.
func (c *Client) GetImage(ctx context.Context, id string) (*Image, error) {
	return getObject(ctx, c, "GetImage", "image", id, imagePath(id), func(im *Image) *string { return &im.ID })
}

// DeleteImage deletes a custom image (DELETE /v2/image/{id}; 200 with an
// empty body) [doc]. Errors [doc]: 404 for a missing image, 403
// CodeImageUnCustomImageCannotBeDeleted, 409
// CodeImageCreatingImageCannotBeDeleted, 409 CodeImageHasBeenSharedToOthers.
func (c *Client) DeleteImage(ctx context.Context, id string) error {
	const op = "DeleteImage"
	if err := checkResourceID(op, "image", id); err != nil {
		return err
	}
	return c.do(ctx, request{operation: op, method: http.MethodDelete, path: imagePath(id)})
}

// RenameImage renames a custom image (PUT /v2/image/rename?clientToken=,
// body {"name","imageId"}) [2025 doc]. Each call carries a new client
// token (the SDK sends none); its retries repeat it. An invalid name gets
// 400 CodeImageNameInvalid [doc].
func (c *Client) RenameImage(ctx context.Context, id, name string) error {
	const op = "RenameImage"
	if err := checkResourceID(op, "image", id); err != nil {
		return err
	}
	if name == "" {
		return fmt.Errorf("%s: the name is empty", op)
	}
	return c.do(ctx, request{
		operation: op,
		method:    http.MethodPut,
		path:      "/v2/image/rename",
		query:     url.Values{"clientToken": {NewClientToken()}},
		body:      map[string]string{"name": name, "imageId": id},
	})
}

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
