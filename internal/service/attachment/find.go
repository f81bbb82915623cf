package attachment

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// waitVolumeAttached waits until the disk is InUse by the instance.
func waitVolumeAttached(ctx context.Context, c *framework.Conn, volumeID, instanceID string, timeout time.Duration) (*client.Volume, error) {
	return framework.WaitFor(ctx, c, fmt.Sprintf("CDS volume %s to be in use by instance %s", volumeID, instanceID), timeout,
		func(ctx context.Context) (*client.Volume, error) { return framework.FindVolumeByID(ctx, c, volumeID) },
		func(v *client.Volume) (bool, error) {
			_, mine := v.AttachmentTo(instanceID)
			switch {
			case v.Status == client.VolumeStatusError:
				return false, fmt.Errorf("CDS volume %s entered status Error while attaching", volumeID)
			case v.AttachedInstance() != "" && !mine:
				return false, fmt.Errorf("CDS volume %s is attached to instance %s instead of %s", volumeID, v.AttachedInstance(), instanceID)
			}
			return mine && v.Status == client.VolumeStatusInUse, nil
		}, framework.DescribeVolume)
}

// waitVolumeDetached waits until the disk is no longer attached to the
// instance and has settled (Available), or is gone.
func waitVolumeDetached(ctx context.Context, c *framework.Conn, volumeID, instanceID string, timeout time.Duration) error {
	_, err := framework.WaitFor(ctx, c, fmt.Sprintf("CDS volume %s to be detached from instance %s", volumeID, instanceID), timeout,
		func(ctx context.Context) (*client.Volume, error) {
			v, err := framework.FindVolumeByID(ctx, c, volumeID)
			if framework.IsNotFound(err) {
				return nil, nil
			}
			return v, err
		},
		func(v *client.Volume) (bool, error) {
			if v == nil {
				return true, nil
			}
			_, mine := v.AttachmentTo(instanceID)
			return !mine && v.Status != client.VolumeStatusDetaching, nil
		},
		func(v *client.Volume) string {
			if v == nil {
				return "gone"
			}
			return framework.DescribeVolume(v)
		})
	return err
}

// attachConflictPasses reports whether a refused attach is worth repeating:
// a 409 means the disk is not Available or the instance not Running or
// Stopped yet, which passes (a disk still being created, an instance
// booting). Any other refusal, a zone mismatch (403) included, is final.
func attachConflictPasses(err error) bool {
	return client.HasCode(err, client.CodeVolumeDistNotAvailable) || client.HasCode(err, client.CodeVolumeInstanceStatusCannotAttach) ||
		framework.HTTPStatusOf(err) == http.StatusConflict
}

// alreadyDetached reports whether a refused detach means there is nothing
// to detach: the disk is not attached to that instance (documented as 400
// and as 404), or Baidu says the disk or the instance is gone.
func alreadyDetached(err error) bool {
	return client.HasCode(err, client.CodeVolumeDiskNotAttachedInstance) || client.IsNotFound(err)
}
