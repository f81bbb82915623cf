package wait

import (
	"context"
	"errors"
	"testing"
	"time"
)

var simStart = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestSimClockSleepAdvances(t *testing.T) {
	c := NewSimClock(simStart)
	if err := c.Sleep(context.Background(), 90*time.Minute); err != nil {
		t.Fatal(err)
	}
	if got := c.Now().Sub(simStart); got != 90*time.Minute {
		t.Fatalf("clock moved %v, want 90m", got)
	}
	c.Advance(-time.Hour)
	if got := c.Now().Sub(simStart); got != 90*time.Minute {
		t.Fatalf("a negative Advance moved the clock to %v", got)
	}
}

func TestSimClockTimeout(t *testing.T) {
	c := NewSimClock(simStart)
	ctx, cancel := c.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if _, ok := ctx.Deadline(); ok {
		t.Fatal("a simulated deadline leaked into ctx.Deadline, where the network stack would read it as wall-clock time")
	}
	if left, ok := TimeLeft(ctx, c); !ok || left != 10*time.Minute {
		t.Fatalf("TimeLeft = %v, %v; want 10m", left, ok)
	}
	c.Advance(9 * time.Minute)
	if ctx.Err() != nil {
		t.Fatal("timed out early")
	}
	// A sleep that would pass the deadline stops there, as a real one would.
	if err := c.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep past the deadline returned %v", err)
	}
	if got := c.Now().Sub(simStart); got != 10*time.Minute {
		t.Fatalf("the sleep advanced the clock to +%v, want the deadline (+10m)", got)
	}
	if !TimedOut(ctx) || Interrupted(ctx) || Ended(ctx) != "timed out" {
		t.Fatalf("TimedOut=%v Interrupted=%v Ended=%q; want a timeout", TimedOut(ctx), Interrupted(ctx), Ended(ctx))
	}
}

func TestSimClockTimeoutInheritsEarlierDeadline(t *testing.T) {
	c := NewSimClock(simStart)
	outer, cancelOuter := c.WithTimeout(context.Background(), time.Minute)
	defer cancelOuter()
	inner, cancelInner := c.WithTimeout(outer, time.Hour)
	defer cancelInner()
	if d, _ := c.Deadline(inner); !d.Equal(simStart.Add(time.Minute)) {
		t.Fatalf("inner deadline %v, want the outer one", d)
	}
	c.Advance(time.Minute)
	if !TimedOut(inner) {
		t.Fatal("the inner context did not time out with its parent")
	}
}

func TestInterruptedIsNotATimeout(t *testing.T) {
	for name, c := range map[string]Clock{"real": Real(), "sim": NewSimClock(simStart)} {
		t.Run(name, func(t *testing.T) {
			parent, interrupt := context.WithCancel(context.Background())
			ctx, cancel := c.WithTimeout(parent, time.Hour)
			defer cancel()
			if Ended(ctx) != "" {
				t.Fatal("a live context reports an end")
			}
			interrupt()
			if !Interrupted(ctx) || TimedOut(ctx) || Ended(ctx) != "interrupted" {
				t.Fatalf("Interrupted=%v TimedOut=%v Ended=%q; want an interruption", Interrupted(ctx), TimedOut(ctx), Ended(ctx))
			}
		})
	}
}

func TestRealClockTimeout(t *testing.T) {
	ctx, cancel := Real().WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	if !TimedOut(ctx) {
		t.Fatal("a real timeout is not reported as one")
	}
	if _, ok := Real().Deadline(ctx); !ok {
		t.Fatal("the real clock does not report the deadline")
	}
}

func TestSimClockStopForgetsTimer(t *testing.T) {
	c := NewSimClock(simStart)
	for range 100 {
		_, cancel := c.WithTimeout(context.Background(), time.Hour)
		cancel()
	}
	c.mu.Lock()
	n := len(c.timers)
	c.mu.Unlock()
	if n != 0 {
		t.Fatalf("%d timers left after their contexts were cancelled", n)
	}
}

func TestPollOnSimClock(t *testing.T) {
	c := NewSimClock(simStart)
	ctx, cancel := c.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	calls := 0
	err := Poll(ctx, c, Schedule{Initial: time.Minute, Max: time.Minute, Multiplier: 1}, func(context.Context) (bool, error) {
		calls++
		return false, nil
	})
	if !TimedOut(ctx) || err == nil {
		t.Fatalf("err=%v, want the poll to end at the simulated deadline", err)
	}
	// Checks at +0, +1m, ..., +9m; the sleep after the tenth reaches +10m.
	if calls != 10 {
		t.Fatalf("%d checks in 10 simulated minutes at one a minute, want 10", calls)
	}
}
