// Package wait provides context-aware polling with a capped, jittered
// backoff schedule, on a Clock that is the wall clock in production and
// simulated time in tests. Waiting always selects on the context, so
// Terraform's timeouts and Ctrl-C stop a wait at once.
package wait

import (
	"context"
	"math/rand/v2"
	"time"
)

// Schedule is a capped exponential backoff. Delay n is
// min(Initial*Multiplier^n, Max), then scaled by a random factor in
// [1-Jitter, 1] so that many instances polled together spread out. Jitter
// only ever shortens a delay: the cap is a promise about how late a poll can
// notice a change.
type Schedule struct {
	Initial    time.Duration
	Max        time.Duration
	Multiplier float64
	Jitter     float64 // 0..1
	// Grid, when true, replaces the backoff by a fixed beat: every wait on
	// the schedule wakes at the next multiple of Initial on its clock, so
	// waits that run together poll at the same instants (and a read batcher
	// can serve them with one call). Max, Multiplier and Jitter are unused.
	Grid bool
}

// Bounds returns the shortest and longest wait before attempt n+1 (n counts
// from 0): the capped exponential value, and that value shortened by the
// full jitter.
func (s Schedule) Bounds(n int) (shortest, longest time.Duration) {
	d := float64(s.Initial)
	m := s.Multiplier
	if m < 1 {
		m = 1
	}
	for i := 0; i < n && d < float64(s.Max); i++ {
		d *= m
	}
	if d > float64(s.Max) {
		d = float64(s.Max)
	}
	return time.Duration(d * (1 - s.Jitter)), time.Duration(d)
}

// Delay returns a wait before attempt n+1, drawn uniformly from Bounds(n).
func (s Schedule) Delay(n int) time.Duration {
	shortest, longest := s.Bounds(n)
	return shortest + time.Duration(rand.Float64()*float64(longest-shortest))
}

// Sleep waits for d of wall-clock time or until ctx is done, whichever is
// first, and returns ctx.Err() in the latter case. Code that a test may run
// on simulated time sleeps through a Clock instead.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Poll calls check until it reports done or fails, waiting by the schedule
// on clock c between calls. It returns ctx.Err() when the context ends
// first; the caller wraps that with what it was waiting for.
func Poll(ctx context.Context, c Clock, s Schedule, check func(ctx context.Context) (done bool, err error)) error {
	for n := 0; ; n++ {
		done, err := check(ctx)
		if err != nil || done {
			return err
		}
		d := s.Delay(n)
		if s.Grid {
			d = untilNextBeat(c.Now(), s.Initial)
		}
		if err := c.Sleep(ctx, d); err != nil {
			return err
		}
	}
}

// untilNextBeat is the time from now to the next multiple of beat (since
// the Unix epoch), never zero, so that a poll always waits a little.
func untilNextBeat(now time.Time, beat time.Duration) time.Duration {
	if beat <= 0 {
		return 0
	}
	since := time.Duration(now.UnixNano()) % beat
	return beat - since
}
