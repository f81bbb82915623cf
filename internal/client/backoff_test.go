package client

import (
	"testing"
	"time"
)

func TestBackoffCeiling(t *testing.T) {
	b := Backoff{Base: 500 * time.Millisecond, Max: 20 * time.Second}
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 20 * time.Second, 20 * time.Second}
	for i, w := range want {
		if got := b.ceiling(i + 1); got != w {
			t.Errorf("ceiling(%d) = %s, want %s", i+1, got, w)
		}
	}
	// Large retry counts must neither overflow nor go past Max.
	for _, n := range []int{64, 100, 1 << 20} {
		if got := b.ceiling(n); got != b.Max {
			t.Errorf("ceiling(%d) = %s, want the cap", n, got)
		}
	}
	huge := Backoff{Base: time.Duration(1) << 61, Max: time.Duration(1<<63 - 1)}
	if got := huge.ceiling(10); got <= 0 {
		t.Errorf("overflow: %s", got)
	}
}

func TestFullJitter(t *testing.T) {
	const ceiling = 100 * time.Millisecond
	var low, high int
	for range 2000 {
		d := fullJitter(ceiling)
		if d < 0 || d > ceiling {
			t.Fatalf("jitter %s outside [0, %s]", d, ceiling)
		}
		if d < ceiling/4 {
			low++
		}
		if d > ceiling*3/4 {
			high++
		}
	}
	// Full jitter spreads over the whole range; "equal jitter" or none would
	// leave the lower quarter empty. Expected ~500 each; 300 is far below.
	if low < 300 || high < 300 {
		t.Errorf("not spread over [0, ceiling]: %d below 25%%, %d above 75%%", low, high)
	}
	if fullJitter(0) != 0 {
		t.Error("fullJitter(0) must be 0")
	}
}

func TestBackoffDefaults(t *testing.T) {
	cases := []struct{ in, want Backoff }{
		{Backoff{}, Backoff{500 * time.Millisecond, 20 * time.Second}},
		{Backoff{Base: time.Millisecond}, Backoff{time.Millisecond, 20 * time.Second}},
		{Backoff{Base: time.Minute}, Backoff{time.Minute, time.Minute}},
		{Backoff{Max: 100 * time.Millisecond}, Backoff{100 * time.Millisecond, 100 * time.Millisecond}},
		{Backoff{Max: time.Minute}, Backoff{500 * time.Millisecond, time.Minute}},
	}
	for _, tc := range cases {
		got, err := tc.in.withDefaults()
		if err != nil || got != tc.want {
			t.Errorf("%+v.withDefaults() = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}
