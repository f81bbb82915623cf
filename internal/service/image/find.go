package image

import (
	"context"
	"fmt"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

const kindImage = "custom image"

// findImageByID reads an image; Baidu's not-found is a notFoundError.
func findImageByID(ctx context.Context, c *framework.Conn, id string) (*client.Image, error) {
	im, err := c.Client.GetImage(ctx, id)
	if err != nil {
		return nil, framework.GoneFromAPIError(kindImage, id, err)
	}
	return im, nil
}

func describeImage(im *client.Image) string { return "last status " + im.Status }

// waitImageAvailable waits until a new image is Available, failing at once
// when Baidu reports it failed. Its source instance may show
// ImageProcessing meanwhile; the instance's own waits treat that as
// transitional.
func waitImageAvailable(ctx context.Context, c *framework.Conn, id string, timeout time.Duration) (*client.Image, error) {
	return framework.WaitStatus(ctx, c, "custom image "+id, timeout,
		func(ctx context.Context) (*client.Image, error) { return findImageByID(ctx, c, id) },
		func(im *client.Image) string { return im.Status },
		client.ImageStatusAvailable, client.ImageStatusCreateFailed, client.ImageStatusError, client.ImageStatusNotAvailable)
}

// waitImageGone waits until Baidu says a deleted image is gone.
func waitImageGone(ctx context.Context, c *framework.Conn, id string, timeout time.Duration) error {
	return framework.WaitGone(ctx, c, fmt.Sprintf("deleted custom image %s to read as gone", id), timeout,
		func(ctx context.Context) (*client.Image, error) { return findImageByID(ctx, c, id) }, describeImage)
}
