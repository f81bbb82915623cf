package wait

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestDelayGrowsAndCaps(t *testing.T) {
	s := Schedule{Initial: time.Second, Max: 4 * time.Second, Multiplier: 2}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second}
	for n, w := range want {
		if got := s.Delay(n); got != w {
			t.Errorf("Delay(%d) = %v, want %v", n, got, w)
		}
	}
}

func TestDelayJitterStaysWithinBounds(t *testing.T) {
	s := Schedule{Initial: time.Second, Max: 4 * time.Second, Multiplier: 2, Jitter: 0.2}
	seenBelowCap := false
	for i := 0; i < 1000; i++ {
		d := s.Delay(5)
		if d > 4*time.Second || d < time.Duration(0.8*float64(4*time.Second)) {
			t.Fatalf("jittered delay %v outside [3.2s, 4s]", d)
		}
		if d < 4*time.Second {
			seenBelowCap = true
		}
	}
	if !seenBelowCap {
		t.Error("jitter never shortened a delay")
	}
}

func TestPollStopsWhenDone(t *testing.T) {
	calls := 0
	err := Poll(context.Background(), Real(), Schedule{Initial: time.Microsecond, Max: time.Microsecond}, func(context.Context) (bool, error) {
		calls++
		return calls == 3, nil
	})
	if err != nil || calls != 3 {
		t.Fatalf("err=%v calls=%d, want nil and 3", err, calls)
	}
}

func TestPollReturnsCheckError(t *testing.T) {
	boom := errors.New("boom")
	err := Poll(context.Background(), Real(), Schedule{Initial: time.Microsecond, Max: time.Microsecond}, func(context.Context) (bool, error) {
		return false, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

// The poll sleeps for an hour of wall-clock time after its first check, so
// returning at all shows that the cancellation cut the sleep short.
func TestPollCancelledReturnsAtOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	checked := make(chan struct{})
	calls := 0
	go func() {
		<-checked
		cancel()
	}()
	err := Poll(ctx, Real(), Schedule{Initial: time.Hour, Max: time.Hour}, func(context.Context) (bool, error) {
		calls++
		if calls == 1 {
			close(checked)
		}
		return false, nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls != 1 {
		t.Fatalf("calls = %d, want 1", calls)
	}
}

func TestBounds(t *testing.T) {
	s := Schedule{Initial: time.Second, Max: 4 * time.Second, Multiplier: 2, Jitter: 0.25}
	lo, hi := s.Bounds(1)
	if lo != 1500*time.Millisecond || hi != 2*time.Second {
		t.Fatalf("Bounds(1) = %v, %v; want 1.5s, 2s", lo, hi)
	}
}

func TestSleep(t *testing.T) {
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("plain wait: %v", err)
	}
	// An hour's sleep on a cancelled context returns, so it ended at once.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
	if err := Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("zero wait on a cancelled context: %v", err)
	}
}

// Waits on a grid schedule wake at the same instants, whenever they began.
func TestPollOnGridWakesOnTheBeat(t *testing.T) {
	c := NewSimClock(time.Unix(1000, 300*int64(time.Millisecond)))
	s := Schedule{Initial: 1500 * time.Millisecond, Grid: true}
	var at []time.Time
	err := Poll(context.Background(), c, s, func(context.Context) (bool, error) {
		at = append(at, c.Now())
		return len(at) == 4, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, when := range at[1:] {
		if when.UnixNano()%int64(1500*time.Millisecond) != 0 {
			t.Errorf("a poll at %v is off the 1.5 s beat", when)
		}
	}
	if gap := at[2].Sub(at[1]); gap != 1500*time.Millisecond {
		t.Errorf("polls %v apart, want 1.5s", gap)
	}
	if first := at[1].Sub(at[0]); first <= 0 || first > 1500*time.Millisecond {
		t.Errorf("first wait %v, want up to one beat", first)
	}
}
