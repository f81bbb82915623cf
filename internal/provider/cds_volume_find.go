package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

const kindVolume = "CDS volume"

// findVolumeByID reads a disk. Baidu's not-found, or a disk in Deleted or
// Recycled (a disk released into the recycle bin), is a notFoundError; any
// other failure is returned as it is.
func findVolumeByID(ctx context.Context, c *framework.Conn, id string) (*client.Volume, error) {
	v, err := c.Client.GetVolume(ctx, id)
	if err != nil {
		return nil, framework.GoneFromAPIError(kindVolume, id, err)
	}
	if v.Status == client.VolumeStatusDeleted || v.Status == client.VolumeStatusRecycled {
		return nil, framework.GoneByStatus(kindVolume, id, v.Status)
	}
	return v, nil
}

func describeVolume(v *client.Volume) string {
	if attached := attachedInstance(v); attached != "" {
		return fmt.Sprintf("last status %s, %d GB, attached to %s", v.Status, v.DiskSizeInGB, attached)
	}
	return fmt.Sprintf("last status %s, %d GB, detached", v.Status, v.DiskSizeInGB)
}

// volumeSettled reports whether a disk is in one of the wanted statuses, and
// fails at once on Error.
func volumeSettled(id string, wanted ...string) func(*client.Volume) (bool, error) {
	return func(v *client.Volume) (bool, error) {
		if v.Status == client.VolumeStatusError {
			return false, fmt.Errorf("CDS volume %s entered status Error", id)
		}
		for _, w := range wanted {
			if v.Status == w {
				return true, nil
			}
		}
		return false, nil
	}
}

// waitVolumeAvailable waits for a new or detached disk to be Available.
func waitVolumeAvailable(ctx context.Context, c *framework.Conn, id string, timeout time.Duration) (*client.Volume, error) {
	return framework.WaitFor(ctx, c, fmt.Sprintf("CDS volume %s to become Available", id), timeout,
		func(ctx context.Context) (*client.Volume, error) { return findVolumeByID(ctx, c, id) },
		volumeSettled(id, client.VolumeStatusAvailable), describeVolume)
}

// waitVolumeResized waits until a resize is done: the disk shows the new
// size in a settled status (Available or InUse, as before the resize).
func waitVolumeResized(ctx context.Context, c *framework.Conn, id string, sizeGB int, timeout time.Duration) (*client.Volume, error) {
	settled := volumeSettled(id, client.VolumeStatusAvailable, client.VolumeStatusInUse)
	return framework.WaitFor(ctx, c, fmt.Sprintf("CDS volume %s to reach %d GB", id, sizeGB), timeout,
		func(ctx context.Context) (*client.Volume, error) { return findVolumeByID(ctx, c, id) },
		func(v *client.Volume) (bool, error) {
			ok, err := settled(v)
			return ok && v.DiskSizeInGB == sizeGB, err
		}, describeVolume)
}

// waitVolumeGone waits until Baidu says a released disk is gone.
func waitVolumeGone(ctx context.Context, c *framework.Conn, id string, timeout time.Duration) error {
	return framework.WaitGone(ctx, c, fmt.Sprintf("released CDS volume %s to read as gone", id), timeout,
		func(ctx context.Context) (*client.Volume, error) { return findVolumeByID(ctx, c, id) }, describeVolume)
}
