package instance

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// releaseOutcome says how a release attempt loop ended, so Delete can write
// the right diagnostic.
type releaseOutcome int

const (
	releaseDone releaseOutcome = iota
	releaseAlreadyGone
	releaseStillCreating // ReleaseWhileCreating until the loop had to stop
	releasePrepaid       // ReleaseNotPrepay: never retried
	releaseProtected     // refused for deletion protection: never retried, never "gone"
	releaseFailed        // any other error
)

// releaseResult carries the outcome, the last error, how many DELETE calls
// were made and, for releaseStillCreating, why the retries stopped.
type releaseResult struct {
	outcome  releaseOutcome
	err      error
	attempts int
	elapsed  time.Duration
	stopped  string
}

// releaseRoute says which of Baidu's release calls to use: DELETE
// /v2/instance/{id}, or, for early, POST /v2/instance/delete, Baidu's early
// release of a prepaid instance. allowEarly (on_destroy.prepaid =
// "release_early") switches to the early route when DELETE answers that the
// instance is an unexpired prepaid one, in case the state said otherwise.
type releaseRoute struct {
	early, allowEarly bool
}

func (route releaseRoute) call(ctx context.Context, c *framework.Conn, id string) error {
	if !route.early {
		return c.Client.ReleaseInstance(ctx, id)
	}
	out, err := c.Client.ReleaseInstanceEarly(ctx, id)
	if err == nil {
		refund := "not in the answer"
		if out.Refund != nil {
			refund = fmt.Sprint(*out.Refund)
		}
		tflog.Info(ctx, "Baidu answered the early release", map[string]any{
			"confirmed": out.Confirmed, "instance_refund_flag": refund, "request_id": out.RequestID,
		})
	}
	return err
}

// releaseInstance calls the route's release, retrying only while Baidu
// answers Instance.ReleaseWhileCreating, until ctx ends. Transport-level
// retries (5xx, throttling) happen inside the client. A refusal for
// deletion protection ends it at once: only a change of the instance's
// setting lifts it, never time.
func releaseInstance(ctx context.Context, c *framework.Conn, id string, route releaseRoute) releaseResult {
	start := c.Clock.Now()
	var lastCreating error
	for n := 0; ; n++ {
		err := route.call(ctx, c, id)
		res := releaseResult{err: err, attempts: n + 1, elapsed: c.Clock.Now().Sub(start)}
		switch {
		case err == nil:
			res.outcome = releaseDone
			return res
		case client.IsNotFound(err):
			res.outcome = releaseAlreadyGone
			return res
		case client.HasCode(err, client.CodeReleaseNotPrepay) && route.allowEarly && !route.early:
			tflog.Info(ctx, "Baidu refused DELETE for an unexpired prepaid instance; releasing it early, as on_destroy.prepaid asks",
				map[string]any{"request_id": client.RequestIDOf(err)})
			route.early = true
		case client.HasCode(err, client.CodeReleaseNotPrepay):
			res.outcome = releasePrepaid
			return res
		case isProtectionRefusal(ctx, c, id, err):
			res.outcome = releaseProtected
			return res
		case client.HasCode(err, client.CodeReleaseWhileCreating):
			lastCreating = err
			delay := c.Sched.ReleaseRetry.Delay(n)
			if left, ok := wait.TimeLeft(ctx, c.Clock); ok && left < delay {
				// Waiting would overrun the delete timeout: say so now
				// instead of sleeping into a context error.
				res.outcome = releaseStillCreating
				res.stopped = fmt.Sprintf("and stopped with %s of the delete timeout left, less than one retry interval (%s)",
					left.Round(100*time.Millisecond), delay.Round(100*time.Millisecond))
				return res
			}
			tflog.Info(ctx, "instance is still being created; retrying release", map[string]any{
				"instance_id": id, "attempt": n + 1, "elapsed": res.elapsed.Round(time.Millisecond).String(),
				"next_attempt_in": delay.Round(time.Millisecond).String(), "request_id": client.RequestIDOf(err),
			})
			if werr := c.Clock.Sleep(ctx, delay); werr != nil {
				res.outcome = releaseStillCreating
				res.stopped = stoppedBecause(ctx)
				return res
			}
		case ctx.Err() != nil && lastCreating != nil:
			// The context ended during a call that followed refusals:
			// report the refusal, which is what the user can act on.
			res.outcome = releaseStillCreating
			res.err = lastCreating
			res.stopped = stoppedBecause(ctx)
			return res
		default:
			res.outcome = releaseFailed
			return res
		}
	}
}

func stoppedBecause(ctx context.Context) string {
	if wait.TimedOut(ctx) {
		return "until the delete timeout ran out"
	}
	return "until Terraform was interrupted"
}

// releaseDiagnostic is the error for a release that did not happen.
func releaseDiagnostic(ctx context.Context, id, expireTime string, timeout time.Duration, res releaseResult) diag.Diagnostic {
	switch res.outcome {
	case releaseStillCreating:
		return diag.NewErrorDiagnostic("BCC instance is still being created",
			fmt.Sprintf("Baidu refused to release instance %s because it is still being created (%s). "+
				"The provider made %d release attempts over %s %s (timeouts.delete is %s). "+
				"This is retryable: run `terraform destroy` again in a few minutes, or raise timeouts.delete. Last request ID: %s.",
				id, client.CodeReleaseWhileCreating, res.attempts, res.elapsed.Round(time.Second), res.stopped, timeout,
				framework.OrUnknown(client.RequestIDOf(res.err))))
	case releasePrepaid:
		return diag.NewErrorDiagnostic("Cannot release prepaid instance", prepaidReleaseDetail(id, expireTime, res.err))
	}
	switch {
	case wait.TimedOut(ctx):
		return diag.NewErrorDiagnostic("Timed out releasing BCC instance",
			fmt.Sprintf("Releasing instance %s did not finish within the delete timeout (%s): %s. "+
				"The instance may still exist: run `terraform destroy` again, or raise timeouts.delete.", id, timeout, res.err))
	case wait.Interrupted(ctx):
		return diag.NewErrorDiagnostic("Release of BCC instance interrupted",
			fmt.Sprintf("Terraform was interrupted while releasing instance %s: %s. "+
				"The instance may still exist and stays in state: run `terraform destroy` again.", id, res.err))
	}
	return diag.NewErrorDiagnostic("Failed to release BCC instance",
		fmt.Sprintf("Releasing instance %s failed: %s. The instance stays in state.", id, res.err))
}

func prepaidReleaseDetail(id, expireTime string, err error) string {
	expiry := "its expiry time"
	if expireTime != "" {
		expiry = expireTime
	}
	return fmt.Sprintf("Instance %s is prepaid and does not expire until %s. Baidu releases a prepaid instance only after it expires (%s).\n\n"+
		"Ways out:\n"+
		"  - Wait until after %s and run `terraform destroy` again.\n"+
		"  - Release it early, with the refund Baidu decides: set on_destroy = { prepaid = \"release_early\" }, apply (no API call), then destroy; "+
		"or release it in the Baidu Cloud console.\n"+
		"  - Stop managing it with Terraform: a `removed` block (Terraform 1.7+), `lifecycle { destroy = false }` (OpenTofu 1.12+, Terraform 1.16+) "+
		"or `terraform state rm`; the instance keeps running until it expires.\n\n"+
		"Request ID: %s.", id, expiry, client.CodeReleaseNotPrepay, expiry, framework.OrUnknown(client.RequestIDOf(err)))
}
