package wait

import (
	"context"
	"slices"
	"sync"
	"time"
)

// SimClock is simulated time for tests. It moves only when told to, and a
// Sleep on it is what tells it: sleeping for d advances the clock by d at
// once. Code that polls, backs off or retries on a SimClock therefore runs
// through minutes of schedule in microseconds, while whatever reads the
// same clock (a mock API's lifecycle) sees exactly those minutes pass.
//
// Concurrent sleepers each advance the clock by their own duration, so time
// runs faster than any one of them waited; a test that needs one sleeper's
// exact share of time runs one operation at a time.
//
// A SimClock satisfies the Clock of the provider and the mock API alike
// (Now and Advance). It is safe for concurrent use.
type SimClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []simTimer
	nextID uint64
}

type simTimer struct {
	id   uint64
	at   time.Time
	fire func()
}

// NewSimClock starts a simulated clock at start.
func NewSimClock(start time.Time) *SimClock { return &SimClock{now: start} }

// Now returns the simulated time.
func (c *SimClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d and ends the timeouts that have
// passed. A negative d is ignored: simulated time never runs backwards.
func (c *SimClock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	due := c.dueLocked()
	c.mu.Unlock()
	for _, f := range due {
		f()
	}
}

func (c *SimClock) dueLocked() []func() {
	var due []func()
	kept := c.timers[:0]
	for _, t := range c.timers {
		if !t.at.After(c.now) {
			due = append(due, t.fire)
			continue
		}
		kept = append(kept, t)
	}
	clear(c.timers[len(kept):])
	c.timers = kept
	return due
}

// Sleep advances the clock by d, or only up to ctx's simulated deadline when
// that comes first (a real sleep would have been cut short there), and then
// returns ctx.Err().
func (c *SimClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if left, ok := TimeLeft(ctx, c); ok && left < d {
		d = left
	}
	c.Advance(d)
	return ctx.Err()
}

// simDeadlineKey carries a deadline on the simulated clock. It is kept out
// of ctx.Deadline on purpose: the network stack reads that one against the
// wall clock, and a simulated deadline there would fail real dials at once.
type simDeadlineKey struct{}

// Deadline returns the simulated deadline set by WithTimeout. Deadlines on
// the wall clock are a different clock's and are not reported.
func (c *SimClock) Deadline(ctx context.Context) (time.Time, bool) {
	d, ok := ctx.Value(simDeadlineKey{}).(time.Time)
	return d, ok
}

// WithTimeout returns a copy of ctx cancelled, with cause
// context.DeadlineExceeded, once the clock reaches now+d. The deadline is
// readable with Deadline, never with ctx.Deadline (see simDeadlineKey).
func (c *SimClock) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	inner, cancel := context.WithCancelCause(ctx)
	at := c.Now().Add(d)
	if prev, ok := c.Deadline(ctx); ok && prev.Before(at) {
		at = prev
	}
	fire := func() { cancel(context.DeadlineExceeded) }
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	if !at.After(c.now) {
		c.mu.Unlock()
		fire()
	} else {
		c.timers = append(c.timers, simTimer{id: id, at: at, fire: fire})
		c.mu.Unlock()
	}
	stop := func() {
		cancel(context.Canceled)
		// Forget the timer, so that a long test does not pile them up.
		c.mu.Lock()
		defer c.mu.Unlock()
		c.timers = slices.DeleteFunc(c.timers, func(t simTimer) bool { return t.id == id })
	}
	return context.WithValue(inner, simDeadlineKey{}, at), stop
}
