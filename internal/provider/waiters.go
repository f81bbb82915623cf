package provider

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

// waitFor polls find until done reports the object is where the operation
// wanted it, failing at once when done returns an error. When ctx ends
// first, the error says whether the timeout passed or Terraform was
// interrupted, with describe's account of the last object seen.
func waitFor[T any](ctx context.Context, c *conn, goal string, timeout time.Duration,
	find func(context.Context) (T, error), done func(T) (bool, error), describe func(T) string) (T, error) {
	var last T
	seen := false
	err := wait.Poll(ctx, c.clock, c.sched.statusPoll, func(ctx context.Context) (bool, error) {
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
		return last, waitEnded(ctx, goal, timeout, what)
	}
	return last, err
}

// waitGone waits until find reports Baidu's not-found (a notFoundError);
// any other error ends the wait.
func waitGone[T any](ctx context.Context, c *conn, goal string, timeout time.Duration,
	find func(context.Context) (*T, error), describe func(*T) string) error {
	_, err := waitFor(ctx, c, goal, timeout,
		func(ctx context.Context) (*T, error) {
			v, err := find(ctx)
			if isNotFound(err) {
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

// retryWhile makes call, and repeats it while retryable says its error is a
// passing state (a 409 while a disk or instance is busy, a 403 while a
// snapshot is still being made), waiting on the status schedule, until ctx
// ends. It returns the last error; attempts counts the calls made.
func retryWhile(ctx context.Context, c *conn, call func(context.Context) error, retryable func(error) bool) (attempts int, err error) {
	for n := 0; ; n++ {
		err = call(ctx)
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return n + 1, err
		}
		delay := c.sched.statusPoll.Delay(n)
		if left, ok := wait.TimeLeft(ctx, c.clock); ok && left < delay {
			return n + 1, err
		}
		if werr := c.clock.Sleep(ctx, delay); werr != nil {
			return n + 1, err
		}
	}
}

// orphanDetail explains a failed create. When Baidu refused it (its own
// error document, a 4xx), nothing was made. Otherwise (no answer, a 5xx, an
// answer that is not Baidu's) Baidu may have made the object anyway, which
// then exists without being in state; the message says how to find it.
//
// where says where to look, such as "in zone cn-bj-a".
func orphanDetail(err error, kind, token, name, where string) string {
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

// endedOr is err, with why ctx ended when it did: a timeout is not an
// interruption, and the user acts differently on each.
func endedOr(ctx context.Context, err error) string {
	switch {
	case wait.TimedOut(ctx):
		return fmt.Sprintf("%s (the timeout ran out)", err)
	case wait.Interrupted(ctx):
		return fmt.Sprintf("%s (Terraform was interrupted)", err)
	}
	return err.Error()
}
