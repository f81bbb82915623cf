package framework

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// The shapes every storage resource's waits and retries share. The instance
// resource has its own (its waits are batched and its release loop has its
// own schedule); these poll one object each on the status schedule.

// WaitFor polls find until done reports the object is where the operation
// wanted it, failing at once when done returns an error. When ctx ends
// first, the error says whether the timeout passed or Terraform was
// interrupted, with describe's account of the last object seen.
func WaitFor[T any](ctx context.Context, c *Conn, goal string, timeout time.Duration,
	find func(context.Context) (T, error), done func(T) (bool, error), describe func(T) string) (T, error) {
	var last T
	seen := false
	err := wait.Poll(ctx, c.Clock, c.Sched.StatusPoll, func(ctx context.Context) (bool, error) {
		v, err := find(ctx)
		if err != nil {
			return false, err
		}
		last, seen = v, true
		return done(v)
	})
	if err != nil && ctx.Err() != nil {
		what := "nothing was read"
		if seen {
			what = describe(last)
		}
		return last, WaitEnded(ctx, goal, timeout, what)
	}
	return last, err
}

// WaitGone waits until find reports Baidu's not-found (a notFoundError);
// any other error ends the wait.
func WaitGone[T any](ctx context.Context, c *Conn, goal string, timeout time.Duration,
	find func(context.Context) (*T, error), describe func(*T) string) error {
	_, err := WaitFor(ctx, c, goal, timeout,
		func(ctx context.Context) (*T, error) {
			v, err := find(ctx)
			if IsNotFound(err) {
				return nil, nil
			}
			return v, err
		},
		func(v *T) (bool, error) { return v == nil, nil },
		func(v *T) string {
			if v == nil {
				return "gone"
			}
			return describe(v)
		})
	return err
}

// RetryWhile makes call, and repeats it while retryable says its error is a
// passing state (a 409 while a disk or instance is busy, a 403 while a
// snapshot is still being made), waiting on the status schedule, until ctx
// ends. It returns the last error; attempts counts the calls made.
func RetryWhile(ctx context.Context, c *Conn, call func(context.Context) error, retryable func(error) bool) (attempts int, err error) {
	for n := 0; ; n++ {
		err = call(ctx)
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return n + 1, err
		}
		delay := c.Sched.StatusPoll.Delay(n)
		if left, ok := wait.TimeLeft(ctx, c.Clock); ok && left < delay {
			return n + 1, err
		}
		if werr := c.Clock.Sleep(ctx, delay); werr != nil {
			return n + 1, err
		}
	}
}

// WaitEnded explains a wait that stopped because its context ended: the
// operation's timeout passed, or Terraform was interrupted (Ctrl-C), which
// is not a timeout and must not be reported as one.
func WaitEnded(ctx context.Context, goal string, timeout time.Duration, last string) error {
	if wait.TimedOut(ctx) {
		return fmt.Errorf("timed out after %s waiting for %s (%s): %w", timeout, goal, last, ctx.Err())
	}
	return fmt.Errorf("Terraform was interrupted while waiting for %s (%s): %w", goal, last, ctx.Err())
}

// OrphanDetail explains a failed create. When Baidu refused it (its own
// error document, a 4xx), nothing was made. Otherwise (no answer, a 5xx, an
// answer that is not Baidu's) Baidu may have made the object anyway, which
// then exists without being in state; the message says how to find it.
//
// where says where to look, such as "in zone cn-bj-a".
func OrphanDetail(err error, kind, token, name, where string) string {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && apiErr.FromBaidu && apiErr.StatusCode < 500 {
		return err.Error()
	}
	named := fmt.Sprintf("named %q", name)
	if name == "" {
		named = "without a name (Baidu picked one)"
	}
	return fmt.Sprintf("%s\n\nBaidu may have created the %s anyway: the create request got no usable answer, so the provider "+
		"cannot know. Look for a %s %s %s, created just now with client token %s. If it exists, import it "+
		"(terraform import <address> <id>) or release it, so that it does not run unmanaged.",
		err, kind, kind, named, where, token)
}

// EndedOr is err, with why ctx ended when it did: a timeout is not an
// interruption, and the user acts differently on each.
func EndedOr(ctx context.Context, err error) string {
	switch {
	case wait.TimedOut(ctx):
		return fmt.Sprintf("%s (the timeout ran out)", err)
	case wait.Interrupted(ctx):
		return fmt.Sprintf("%s (Terraform was interrupted)", err)
	}
	return err.Error()
}
