package bccmock

import (
	"sync"
	"time"
)

// Clock is the mock's notion of "now". Every lifecycle deadline, the
// signature time window and the rate limiter read it, so a test that swaps in
// a simulated clock (wait.SimClock) controls all of them without sleeping.
type Clock interface {
	Now() time.Time
}

// advancer is implemented by clocks that Server.Advance can move forward.
type advancer interface {
	Advance(d time.Duration)
}

// RealClock follows the wall clock plus an offset that Advance grows, so a
// demo running on real time can still skip a month to see a prepaid
// instance expire. Safe for concurrent use.
type RealClock struct {
	mu     sync.Mutex
	offset time.Duration
}

// NewRealClock returns a clock that reads time.Now() with no offset.
func NewRealClock() *RealClock { return &RealClock{} }

// Now returns the wall-clock time plus the accumulated offset.
func (c *RealClock) Now() time.Time {
	c.mu.Lock()
	off := c.offset
	c.mu.Unlock()
	return time.Now().Add(off)
}

// Advance adds d to the offset.
func (c *RealClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// Offset reports how far the clock has been advanced beyond the wall clock.
func (c *RealClock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}
