package framework

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// Conn is how resources reach the BCC API: the client, and the clock and
// schedules their waits run on. Production uses the wall clock; tests give
// the provider and the mock one simulated clock, so that a wait of minutes
// takes none of the suite's time.
type Conn struct {
	Client *client.Client
	Clock  wait.Clock
	Sched  Schedules
	// Instances reads one instance, batched with other reads when the
	// provider's batching is on.
	Instances *InstanceReader
	// Around lists what surrounds the instances a plan destroys.
	Around *Surroundings
}

// Batching is the provider's resolved batching block.
type Batching struct {
	Enabled   bool
	SendAfter time.Duration
}

// NewConn is the connection through c, with waits on clock and sched.
func NewConn(c *client.Client, clock wait.Clock, sched Schedules, b Batching) *Conn {
	return &Conn{Client: c, Clock: clock, Sched: sched, Instances: NewInstanceReader(c, clock, b.Enabled, b.SendAfter), Around: &Surroundings{}}
}

// StatusPoll is the schedule of the waits for a status: a shared beat when
// reads are batched, so that waits running together share their calls, and
// each wait's own backoff otherwise.
func (c *Conn) StatusPoll() wait.Schedule {
	if c.Instances.Batched() {
		return c.Sched.SharedPoll
	}
	return c.Sched.StatusPoll
}

// Schedules are how often and how long the lifecycle code waits. They are
// part of the configured provider rather than package variables so that a
// test can see (and a benchmark can measure) exactly what runs.
type Schedules struct {
	// StatusPoll drives the waits for a status (Running, back from a
	// resize, gone after a release) when reads are not batched.
	StatusPoll wait.Schedule
	// SharedPoll drives them when reads are batched: a fixed beat on which
	// every wait polls at the same instants, so that one batch call serves
	// all the instances waited on together.
	SharedPoll wait.Schedule
	// ReleaseRetry drives the retries of DELETE while Baidu answers
	// Instance.ReleaseWhileCreating.
	ReleaseRetry wait.Schedule
	// VisibilityGrace is how long after a create a not-found answer means
	// "not visible yet" rather than "gone": Baidu's API can be briefly
	// inconsistent right after it accepted a create.
	VisibilityGrace time.Duration
}

// DefaultSchedules are the production schedules.
//
// The status poll's cap bounds how late the provider notices a change (the
// delay between "ready" and the next look), which is what `make bench`
// measures; the growth keeps early polls cheap for operations that finish
// fast, and jitter spreads many resources waited on together. The shared
// beat of 1.5 s notices a change 0.75 s later on median, and its calls are
// shared by every instance waited on at the same time.
//
// The release retry is flat, 4.05-4.4 s. Never under 4 s: every refused
// attempt is followed by at least 4 s of waiting, so no instance spends more
// than 15 attempts per minute of waiting, however short its wait (a first
// retry after 1 s made it 60 for an instance released just after its first
// refusal). At most 4.4 s: a release that became possible is made about
// 2.2 s later on average, 4.4 s plus a round trip at worst. The small jitter
// still spreads instances released together.
func DefaultSchedules() Schedules {
	return Schedules{
		StatusPoll:      wait.Schedule{Initial: 1 * time.Second, Max: 4 * time.Second, Multiplier: 1.5, Jitter: 0.15},
		SharedPoll:      wait.Schedule{Initial: 1500 * time.Millisecond, Grid: true},
		ReleaseRetry:    wait.Schedule{Initial: 4400 * time.Millisecond, Max: 4400 * time.Millisecond, Multiplier: 1, Jitter: 0.08},
		VisibilityGrace: 15 * time.Second,
	}
}

// TimeoutFunc is the shape of timeouts.Value's Create, Update and Delete.
type TimeoutFunc func(ctx context.Context, defaultTimeout time.Duration) (time.Duration, diag.Diagnostics)

// Begin prepares a create, update or delete: the connection, and a context
// bounded by the operation's timeout on the connection's clock. It returns
// a nil conn when the diagnostics hold an error; cancel is always safe to
// call.
func Begin(ctx context.Context, data *ProviderData, timeout TimeoutFunc, defaultTimeout time.Duration, diags *diag.Diagnostics) (*Conn, context.Context, context.CancelFunc, time.Duration) {
	c, d := data.Conn()
	diags.Append(d...)
	t, td := timeout(ctx, defaultTimeout)
	diags.Append(td...)
	if diags.HasError() {
		return nil, ctx, func() {}, 0
	}
	ctx, cancel := c.Clock.WithTimeout(ctx, t)
	return c, ctx, cancel, t
}

// OrUnknown is s, or "unknown" when s is empty, for request ids in messages.
func OrUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
