package framework

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// WaitStatus waits until the object read reports status want, and fails at
// once when it reports one of failed: the shape of every wait for a new
// snapshot or image. what names the object ("snapshot s-...").
func WaitStatus[T any](ctx context.Context, c *Conn, what string, timeout time.Duration,
	read func(context.Context) (T, error), status func(T) string, want string, failed ...string) (T, error) {
	return WaitFor(ctx, c, fmt.Sprintf("%s to become %s", what, want), timeout, read,
		func(v T) (bool, error) {
			switch s := status(v); {
			case s == want:
				return true, nil
			case slices.Contains(failed, s):
				return false, &EndedFailedError{What: what, Status: s}
			}
			return false, nil
		},
		func(v T) string { return "last status " + status(v) })
}

// EndedFailedError is a wait that ended because Baidu reported that it
// could not make the object.
type EndedFailedError struct{ What, Status string }

func (e *EndedFailedError) Error() string {
	return fmt.Sprintf("%s ended in status %s: Baidu could not make it", e.What, e.Status)
}
