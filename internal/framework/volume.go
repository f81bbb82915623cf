package framework

import (
	"context"
	"fmt"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// The disk finder is shared: the volume resource reads its disk by it, and
// the attachment resource reads the disk it attaches, with the same "gone"
// contract and the same account of the last status in its waits.

// KindVolume names a CDS disk in messages.
const KindVolume = "CDS volume"

// FindVolumeByID reads a disk. Baidu's not-found, or a disk in Deleted or
// Recycled (a disk released into the recycle bin), is a NotFoundError; any
// other failure is returned as it is.
func FindVolumeByID(ctx context.Context, c *Conn, id string) (*client.Volume, error) {
	v, err := c.Client.GetVolume(ctx, id)
	if err != nil {
		return nil, GoneFromAPIError(KindVolume, id, err)
	}
	if v.Status == client.VolumeStatusDeleted || v.Status == client.VolumeStatusRecycled {
		return nil, GoneByStatus(KindVolume, id, v.Status)
	}
	return v, nil
}

// DescribeVolume is the last state of a disk, for a wait that ran out.
func DescribeVolume(v *client.Volume) string {
	if attached := v.AttachedInstance(); attached != "" {
		return fmt.Sprintf("last status %s, %d GB, attached to %s", v.Status, v.DiskSizeInGB, attached)
	}
	return fmt.Sprintf("last status %s, %d GB, detached", v.Status, v.DiskSizeInGB)
}
