package main

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestIdealApply(t *testing.T) {
	// The scale run: 10 batches of create + 20 s boot + 2 more calls.
	near(t, "100 at 10", idealApply(100, 10, 20*time.Second, rtt, 2), 10*(20*time.Second+3*rtt))
	near(t, "101 at 10", idealApply(101, 10, 20*time.Second, rtt, 2), 11*(20*time.Second+3*rtt))
	near(t, "parallelism 0 is 1", idealApply(3, 0, time.Second, 0, 2), 3*time.Second)
	near(t, "refresh", idealRefresh(500, 10, rtt), 50*rtt)
}

func TestIdealDestroyWhenEveryWindowHasEnded(t *testing.T) {
	ends := make([]time.Time, 100)
	for i := range ends {
		ends[i] = at(-60)
	}
	// Refresh: 10 batches of one GET; then 10 rounds of DELETE + GET.
	near(t, "ideal", idealDestroy(t0, ends, 10, rtt), 10*rtt+10*2*rtt)
}

func TestIdealDestroyWaitsForTheLastWindow(t *testing.T) {
	ends := make([]time.Time, 10)
	for i := range ends {
		ends[i] = at(5)
	}
	// Refresh 50 ms; each DELETE can only succeed at 5 s; the GET after it.
	near(t, "ideal", idealDestroy(t0, ends, 10, rtt), 5*time.Second+rtt)
}

func TestIdealDestroyTakesInstancesInWindowOrder(t *testing.T) {
	// One slot: the instance whose window ends first goes first, whatever
	// the input order (the late one first would end at 10.15 s).
	ends := []time.Time{at(10), at(1)}
	near(t, "ideal", idealDestroy(t0, ends, 1, rtt), 10*time.Second+rtt)
	if !ends[0].Equal(at(10)) {
		t.Error("idealDestroy reordered its argument")
	}
}

// The schedule that takes instances in order of window end is the shortest
// of all orders: compare with every order on small random cases.
func TestIdealDestroyIsTheShortestOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for trial := 0; trial < 200; trial++ {
		n, p := 1+r.IntN(6), 1+r.IntN(3)
		ends := make([]time.Time, n)
		for i := range ends {
			ends[i] = at(r.Float64()*3 - 1)
		}
		got := idealDestroy(t0, ends, p, rtt)
		best := time.Duration(1 << 62)
		permute(ends, 0, func(order []time.Time) {
			best = min(best, scheduleInOrder(t0, order, p, rtt))
		})
		if got != best {
			t.Fatalf("trial %d (n=%d p=%d): idealDestroy %s, best order %s", trial, n, p, got, best)
		}
	}
}

// scheduleInOrder is idealDestroy without the sorting: the releases in the
// given order, each on the slot that frees first.
func scheduleInOrder(start time.Time, order []time.Time, p int, rtt time.Duration) time.Duration {
	begin := start.Add(idealRefresh(len(order), p, rtt))
	slots := make([]time.Time, p)
	for i := range slots {
		slots[i] = begin
	}
	finish := begin
	for _, end := range order {
		k := 0
		for i := range slots {
			if slots[i].Before(slots[k]) {
				k = i
			}
		}
		slots[k] = laterOf(slots[k].Add(rtt), end).Add(rtt)
		finish = laterOf(finish, slots[k])
	}
	return finish.Sub(start)
}

func permute(a []time.Time, k int, visit func([]time.Time)) {
	if k == len(a) {
		visit(a)
		return
	}
	for i := k; i < len(a); i++ {
		a[k], a[i] = a[i], a[k]
		permute(a, k+1, visit)
		a[k], a[i] = a[i], a[k]
	}
}
