package instance

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// BCC instance statuses the provider acts on. The API has no "Creating"
// status: a new instance reports Starting until it is Running.
const (
	statusRunning  = "Running"
	statusStopped  = "Stopped"
	statusScaling  = "Scaling"
	statusError    = "Error"
	statusDeleted  = "Deleted"
	statusRecycled = "Recycled"
	statusExpired  = "Expired"

	kindInstance = "BCC instance"
)

// findInstanceByID reads an instance. Every way Baidu says "gone" (its
// not-found error document, or status Deleted/Recycled) becomes a
// notFoundError; any other failure, a 404 that is not Baidu's included, is
// returned as the error it is.
func findInstanceByID(ctx context.Context, c *framework.Conn, id string) (*client.Instance, error) {
	inst, err := c.Instances.Get(ctx, id)
	return instanceOrGone(id, inst, err)
}

// findInstanceForRefresh is findInstanceByID for Read alone: a large
// refresh may be answered from a listing of the region's instances
// (framework.InstanceReader.Refresh). Waits and reads after a change use
// findInstanceByID.
func findInstanceForRefresh(ctx context.Context, c *framework.Conn, id string) (*client.Instance, error) {
	inst, err := c.Instances.Refresh(ctx, id)
	return instanceOrGone(id, inst, err)
}

// instanceOrGone judges one read of instance id by the "gone" contract;
// the instance data source, which reads with its own GET, shares it.
func instanceOrGone(id string, inst *client.Instance, err error) (*client.Instance, error) {
	if err != nil {
		return nil, framework.GoneFromAPIError(kindInstance, id, err)
	}
	if inst.Status == statusDeleted || inst.Status == statusRecycled {
		return nil, framework.GoneByStatus(kindInstance, id, inst.Status)
	}
	return inst, nil
}

// lastStatus describes the last instance seen by a wait.
func lastStatus(inst *client.Instance) string {
	if inst == nil {
		return "no status was read"
	}
	return fmt.Sprintf("last status %s, spec %s", inst.Status, inst.Spec)
}

// waitInstanceRunning polls until the instance reports Running, failing at
// once when it enters Error or is gone. Right after a create, Baidu's API
// can briefly answer not found for an instance it has accepted; for the
// schedule's visibility grace that means "not visible yet".
func waitInstanceRunning(ctx context.Context, c *framework.Conn, id string, timeout time.Duration) (*client.Instance, error) {
	var last *client.Instance
	start := c.Clock.Now()
	err := wait.Poll(ctx, c.Clock, c.StatusPoll(), func(ctx context.Context) (bool, error) {
		inst, err := findInstanceByID(ctx, c, id)
		elapsed := c.Clock.Now().Sub(start)
		if framework.IsNotFound(err) && last == nil && elapsed < c.Sched.VisibilityGrace {
			tflog.Debug(ctx, "instance not visible yet", map[string]any{"instance_id": id, "elapsed": elapsed.String()})
			return false, nil
		}
		if err != nil {
			return false, err
		}
		last = inst
		switch inst.Status {
		case statusRunning:
			return true, nil
		case statusError:
			return false, fmt.Errorf("instance %s entered status Error", id)
		}
		tflog.Debug(ctx, "waiting for instance to be Running", map[string]any{
			"instance_id": id, "status": inst.Status, "elapsed": elapsed.Round(time.Millisecond).String(),
		})
		return false, nil
	})
	if err != nil && ctx.Err() != nil {
		return last, framework.WaitEnded(ctx, fmt.Sprintf("instance %s to become Running", id), timeout, lastStatus(last))
	}
	return last, err
}

// waitInstanceResized polls until a resize is complete: the instance
// reports the new spec in a settled status, Running or Stopped, whichever
// it is. Baidu documents Scaling then Running; for an instance that was
// Stopped before, whether it comes back Stopped or Running is not
// documented, so either ends the wait. A transitional status (Scaling,
// Starting, Stopping) keeps it going, and an instance that still shows its
// old spec has not started the resize yet.
func waitInstanceResized(ctx context.Context, c *framework.Conn, id, spec string, timeout time.Duration) (*client.Instance, error) {
	var last *client.Instance
	err := wait.Poll(ctx, c.Clock, c.StatusPoll(), func(ctx context.Context) (bool, error) {
		inst, err := findInstanceByID(ctx, c, id)
		if err != nil {
			return false, err
		}
		last = inst
		switch {
		case inst.Status == statusError:
			return false, fmt.Errorf("instance %s entered status Error while resizing to %s", id, spec)
		case instanceSettled(inst.Status) && inst.Spec == spec:
			return true, nil
		}
		tflog.Debug(ctx, "waiting for the resize to finish", map[string]any{
			"instance_id": id, "status": inst.Status, "spec": inst.Spec, "want_spec": spec,
		})
		return false, nil
	})
	if err != nil && ctx.Err() != nil {
		return last, framework.WaitEnded(ctx, fmt.Sprintf("instance %s to report spec %s in status Running or Stopped", id, spec), timeout, lastStatus(last))
	}
	return last, err
}

// instanceSettled reports whether an instance is in a status no operation
// is moving it out of.
func instanceSettled(status string) bool { return status == statusRunning || status == statusStopped }

// waitInstanceReleased polls until the instance reads as gone, so that
// resources depending on it are deleted only afterwards. Only Baidu's own
// "gone" ends it: a wrong answer is an error, never a release.
func waitInstanceReleased(ctx context.Context, c *framework.Conn, id string, timeout time.Duration) error {
	var last *client.Instance
	err := wait.Poll(ctx, c.Clock, c.StatusPoll(), func(ctx context.Context) (bool, error) {
		inst, err := findInstanceByID(ctx, c, id)
		if framework.IsNotFound(err) {
			return true, nil
		}
		last = inst
		return false, err
	})
	if err != nil && ctx.Err() != nil {
		return framework.WaitEnded(ctx, fmt.Sprintf("released instance %s to read as gone", id), timeout, lastStatus(last))
	}
	return err
}
