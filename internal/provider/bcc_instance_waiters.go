package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// BCC instance statuses the provider acts on. The API has no "Creating"
// status: a new instance reports Starting until it is Running.
const (
	statusRunning  = "Running"
	statusError    = "Error"
	statusDeleted  = "Deleted"
	statusRecycled = "Recycled"
	statusExpired  = "Expired"
)

// Poll schedules. The caps bound how late the provider notices a change
// (the delay between "ready" and the next look), which is what `make bench`
// measures; the growth keeps early polls cheap for operations that finish
// fast, and jitter spreads many instances waited on together.
var (
	// statusPollSchedule drives the waits for Running and for gone.
	statusPollSchedule = wait.Schedule{Initial: 1 * time.Second, Max: 4 * time.Second, Multiplier: 1.5, Jitter: 0.15}
	// releaseRetrySchedule drives the retries of DELETE while Baidu answers
	// Instance.ReleaseWhileCreating. The wait is flat, 4.05-4.4 s. Never
	// under 4 s: every refused attempt is followed by at least 4 s of
	// waiting, so no instance spends more than 15 attempts per minute of
	// waiting, however short its wait (a first retry after 1 s made it 60
	// for an instance released just after its first refusal). At most
	// 4.4 s: a release that became possible is made about 2.2 s later on
	// average, 4.4 s plus a round trip at worst. The small jitter still
	// spreads instances released together. `make bench` measures all three.
	releaseRetrySchedule = wait.Schedule{Initial: 4400 * time.Millisecond, Max: 4400 * time.Millisecond, Multiplier: 1, Jitter: 0.08}
)

// errInstanceGone is the one "not found" the lifecycle code deals in: a 404,
// one of the not-found codes, or an instance in Deleted/Recycled.
var errInstanceGone = errors.New("instance not found")

func isInstanceGone(err error) bool { return errors.Is(err, errInstanceGone) }

// findInstanceByID reads an instance and folds every way Baidu says "gone"
// into errInstanceGone.
func findInstanceByID(ctx context.Context, c *client.Client, id string) (*client.Instance, error) {
	inst, err := c.GetInstance(ctx, id)
	if client.IsNotFound(err) {
		return nil, fmt.Errorf("%w: %s (%v)", errInstanceGone, id, err)
	}
	if err != nil {
		return nil, err
	}
	if inst.Status == statusDeleted || inst.Status == statusRecycled {
		return nil, fmt.Errorf("%w: %s is %s", errInstanceGone, id, inst.Status)
	}
	return inst, nil
}

// waitInstanceRunning polls until the instance reports Running, failing at
// once when it enters Error or disappears.
func waitInstanceRunning(ctx context.Context, c *client.Client, id string) (*client.Instance, error) {
	var last *client.Instance
	start := time.Now()
	err := wait.Poll(ctx, statusPollSchedule, func(ctx context.Context) (bool, error) {
		inst, err := findInstanceByID(ctx, c, id)
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
			"instance_id": id, "status": inst.Status, "elapsed": time.Since(start).Round(time.Millisecond).String(),
		})
		return false, nil
	})
	if err != nil && ctx.Err() != nil {
		status := "unknown"
		if last != nil {
			status = last.Status
		}
		return last, fmt.Errorf("instance %s did not become Running within the timeout (last status %s): %w", id, status, ctx.Err())
	}
	return last, err
}

// waitInstanceReleased polls until the instance reads as gone, so that
// resources depending on it are deleted only afterwards.
func waitInstanceReleased(ctx context.Context, c *client.Client, id string) error {
	err := wait.Poll(ctx, statusPollSchedule, func(ctx context.Context) (bool, error) {
		_, err := findInstanceByID(ctx, c, id)
		if isInstanceGone(err) {
			return true, nil
		}
		return false, err
	})
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("instance %s was released but still reads as present after the delete timeout: %w", id, ctx.Err())
	}
	return err
}

// releaseOutcome says how a release attempt loop ended, so Delete can write
// the right diagnostic.
type releaseOutcome int

const (
	releaseDone releaseOutcome = iota
	releaseAlreadyGone
	releaseStillCreating // ReleaseWhileCreating until the deadline
	releasePrepaid       // ReleaseNotPrepay: never retried
	releaseFailed        // any other error
)

// releaseResult carries the outcome, the last error and how many DELETE
// calls were made.
type releaseResult struct {
	outcome  releaseOutcome
	err      error
	attempts int
	elapsed  time.Duration
}

// releaseInstance calls DELETE /v2/instance/{id}, retrying only while Baidu
// answers Instance.ReleaseWhileCreating, until ctx ends. Transport-level
// retries (5xx, throttling) happen inside the client.
func releaseInstance(ctx context.Context, c *client.Client, id string) releaseResult {
	start := time.Now()
	var lastCreating error
	for n := 0; ; n++ {
		err := c.ReleaseInstance(ctx, id)
		res := releaseResult{err: err, attempts: n + 1, elapsed: time.Since(start)}
		switch {
		case err == nil:
			res.outcome = releaseDone
			return res
		case client.IsNotFound(err):
			res.outcome = releaseAlreadyGone
			return res
		case client.HasCode(err, client.CodeReleaseNotPrepay):
			res.outcome = releasePrepaid
			return res
		case client.HasCode(err, client.CodeReleaseWhileCreating):
			lastCreating = err
			delay := releaseRetrySchedule.Delay(n)
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < delay {
				// Waiting would overrun the delete timeout: say so now
				// instead of sleeping into a context error.
				res.outcome = releaseStillCreating
				return res
			}
			tflog.Info(ctx, "instance is still being created; retrying release", map[string]any{
				"instance_id": id, "attempt": n + 1, "elapsed": res.elapsed.Round(time.Millisecond).String(),
				"next_attempt_in": delay.Round(time.Millisecond).String(), "request_id": client.RequestIDOf(err),
			})
			if werr := wait.Sleep(ctx, delay); werr != nil {
				res.outcome = releaseStillCreating
				return res
			}
		case ctx.Err() != nil && lastCreating != nil:
			// The deadline passed during a call that followed refusals:
			// report the refusal, which is what the user can act on.
			res.outcome = releaseStillCreating
			res.err = lastCreating
			return res
		default:
			res.outcome = releaseFailed
			return res
		}
	}
}
