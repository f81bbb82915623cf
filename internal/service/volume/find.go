package volume

import (
	"context"
	"fmt"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

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
		func(ctx context.Context) (*client.Volume, error) { return framework.FindVolumeByID(ctx, c, id) },
		volumeSettled(id, client.VolumeStatusAvailable), framework.DescribeVolume)
}

// waitVolumeResized waits until a resize is done: the disk shows the new
// size in a settled status (Available or InUse, as before the resize).
func waitVolumeResized(ctx context.Context, c *framework.Conn, id string, sizeGB int, timeout time.Duration) (*client.Volume, error) {
	settled := volumeSettled(id, client.VolumeStatusAvailable, client.VolumeStatusInUse)
	return framework.WaitFor(ctx, c, fmt.Sprintf("CDS volume %s to reach %d GB", id, sizeGB), timeout,
		func(ctx context.Context) (*client.Volume, error) { return framework.FindVolumeByID(ctx, c, id) },
		func(v *client.Volume) (bool, error) {
			ok, err := settled(v)
			return ok && v.DiskSizeInGB == sizeGB, err
		}, framework.DescribeVolume)
}

// waitVolumeGone waits until Baidu says a released disk is gone.
func waitVolumeGone(ctx context.Context, c *framework.Conn, id string, timeout time.Duration) error {
	return framework.WaitGone(ctx, c, fmt.Sprintf("released CDS volume %s to read as gone", id), timeout,
		func(ctx context.Context) (*client.Volume, error) { return framework.FindVolumeByID(ctx, c, id) }, framework.DescribeVolume)
}
