package wait

import (
	"context"
	"errors"
	"time"
)

// Clock is the time every wait, retry and operation timeout of the provider
// is measured on. Production code uses Real; tests hand the provider and the
// mock API one shared SimClock, so a ten-minute boot or a release retried
// for a quarter of an hour takes no real time at all.
type Clock interface {
	// Now is the current time on this clock.
	Now() time.Time
	// Sleep waits for d on this clock, or until ctx is done; then it
	// returns ctx.Err().
	Sleep(ctx context.Context, d time.Duration) error
	// WithTimeout returns a copy of ctx that is cancelled once d has passed
	// on this clock. Tell a timeout from an interruption with TimedOut.
	WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc)
	// Deadline is when ctx times out on this clock, if it has a deadline.
	Deadline(ctx context.Context) (time.Time, bool)
}

// Real is the wall clock.
func Real() Clock { return realClock{} }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error { return Sleep(ctx, d) }

func (realClock) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}

func (realClock) Deadline(ctx context.Context) (time.Time, bool) { return ctx.Deadline() }

// TimeLeft is how long ctx has before its deadline on clock c; ok is false
// when ctx has no deadline on that clock.
func TimeLeft(ctx context.Context, c Clock) (left time.Duration, ok bool) {
	d, ok := c.Deadline(ctx)
	if !ok {
		return 0, false
	}
	return d.Sub(c.Now()), true
}

// TimedOut reports whether ctx ended because its deadline passed, as
// opposed to being cancelled (Terraform interrupted with Ctrl-C, or the
// plugin connection went away).
func TimedOut(ctx context.Context) bool {
	return ctx.Err() != nil && errors.Is(context.Cause(ctx), context.DeadlineExceeded)
}

// Interrupted reports whether ctx was cancelled before any deadline passed.
func Interrupted(ctx context.Context) bool {
	return ctx.Err() != nil && !TimedOut(ctx)
}

// Ended describes why ctx is done, for messages: "timed out" or
// "interrupted"; "" while it is not done.
func Ended(ctx context.Context) string {
	switch {
	case TimedOut(ctx):
		return "timed out"
	case Interrupted(ctx):
		return "interrupted"
	}
	return ""
}
