package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// conn is how resources reach the BCC API: the client, and the clock and
// schedules their waits run on. Production uses the wall clock; tests give
// the provider and the mock one simulated clock, so that a wait of minutes
// takes none of the suite's time.
type conn struct {
	client *client.Client
	clock  wait.Clock
	sched  schedules
	// instances reads one instance, batched with other reads when the
	// provider's batching is on.
	instances *instanceReader
	batched   bool
	// around lists what surrounds the instances a plan destroys.
	around *surroundings
}

func newConn(c *client.Client, clock wait.Clock, sched schedules, b batching) *conn {
	return &conn{client: c, clock: clock, sched: sched, instances: newInstanceReader(c, b.enabled, b.sendAfter), batched: b.enabled, around: &surroundings{}}
}

// statusPoll is the schedule of the waits for a status: a shared beat when
// reads are batched, so that waits running together share their calls, and
// each wait's own backoff otherwise.
func (c *conn) statusPoll() wait.Schedule {
	if c.batched {
		return c.sched.sharedPoll
	}
	return c.sched.statusPoll
}

// schedules are how often and how long the lifecycle code waits. They are
// part of the configured provider rather than package variables so that a
// test can see (and a benchmark can measure) exactly what runs.
type schedules struct {
	// statusPoll drives the waits for a status (Running, back from a
	// resize, gone after a release) when reads are not batched.
	statusPoll wait.Schedule
	// sharedPoll drives them when reads are batched: a fixed beat on which
	// every wait polls at the same instants, so that one batch call serves
	// all the instances waited on together.
	sharedPoll wait.Schedule
	// releaseRetry drives the retries of DELETE while Baidu answers
	// Instance.ReleaseWhileCreating.
	releaseRetry wait.Schedule
	// visibilityGrace is how long after a create a not-found answer means
	// "not visible yet" rather than "gone": Baidu's API can be briefly
	// inconsistent right after it accepted a create.
	visibilityGrace time.Duration
}

// defaultSchedules are the production schedules.
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
func defaultSchedules() schedules {
	return schedules{
		statusPoll:      wait.Schedule{Initial: 1 * time.Second, Max: 4 * time.Second, Multiplier: 1.5, Jitter: 0.15},
		sharedPoll:      wait.Schedule{Initial: 1500 * time.Millisecond, Grid: true},
		releaseRetry:    wait.Schedule{Initial: 4400 * time.Millisecond, Max: 4400 * time.Millisecond, Multiplier: 1, Jitter: 0.08},
		visibilityGrace: 15 * time.Second,
	}
}

// timeoutFunc is the shape of timeouts.Value's Create, Update and Delete.
type timeoutFunc func(ctx context.Context, defaultTimeout time.Duration) (time.Duration, diag.Diagnostics)

// begin prepares a create, update or delete: the connection, and a context
// bounded by the operation's timeout on the connection's clock. It returns
// a nil conn when the diagnostics hold an error; cancel is always safe to
// call.
func begin(ctx context.Context, data *providerData, timeout timeoutFunc, defaultTimeout time.Duration, diags *diag.Diagnostics) (*conn, context.Context, context.CancelFunc, time.Duration) {
	c, d := data.Conn()
	diags.Append(d...)
	t, td := timeout(ctx, defaultTimeout)
	diags.Append(td...)
	if diags.HasError() {
		return nil, ctx, func() {}, 0
	}
	ctx, cancel := c.clock.WithTimeout(ctx, t)
	return c, ctx, cancel, t
}

// orUnknown is s, or "unknown" when s is empty, for request ids in messages.
func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
