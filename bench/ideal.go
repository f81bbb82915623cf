package main

import (
	"slices"
	"time"
)

// The ideal lower bounds count only what the API forces on any client:
// Terraform runs at most p resource operations at once (-parallelism), each
// call costs one round trip rtt (the mock's latency), and the simulated
// cloud's own delays (boot, creating window) cannot be shortened. Terraform's
// own start-up and bookkeeping are not in them: they are part of what the
// measured wall time is compared against.

func batches(n, p int) int {
	if p < 1 {
		p = 1
	}
	return (n + p - 1) / p
}

// idealApply is ceil(n/p) batches of one create: the create call, the boot,
// and callsAfterCreate more round trips (the GET that sees Running and the
// system-disk read).
func idealApply(n, p int, boot, rtt time.Duration, callsAfterCreate int) time.Duration {
	perInstance := rtt + boot + time.Duration(callsAfterCreate)*rtt
	return time.Duration(batches(n, p)) * perInstance
}

// idealRefresh is ceil(n/p) batches of one GET.
func idealRefresh(n, p int, rtt time.Duration) time.Duration {
	return time.Duration(batches(n, p)) * rtt
}

// idealDestroy is the refresh (one GET per instance, p at a time) followed
// by the shortest schedule of the releases on p slots: a slot takes the
// instance whose creating window ends first; its DELETE is answered one
// round trip after the slot frees, or when the window ends if that is
// later (an oracle would send it rtt before); one more round trip for the
// GET that sees it gone frees the slot. With equal work per instance,
// taking instances in order of window end gives the shortest schedule.
// windowEnds are absolute; start is when the destroy command began.
func idealDestroy(start time.Time, windowEnds []time.Time, p int, rtt time.Duration) time.Duration {
	if p < 1 {
		p = 1
	}
	begin := start.Add(idealRefresh(len(windowEnds), p, rtt))
	slots := make([]time.Time, p)
	for i := range slots {
		slots[i] = begin
	}
	ends := slices.Clone(windowEnds)
	slices.SortFunc(ends, func(a, b time.Time) int { return a.Compare(b) })
	finish := begin
	for _, end := range ends {
		// The slot that frees first.
		k := 0
		for i := range slots {
			if slots[i].Before(slots[k]) {
				k = i
			}
		}
		released := laterOf(slots[k].Add(rtt), end)
		done := released.Add(rtt)
		slots[k] = done
		if done.After(finish) {
			finish = done
		}
	}
	return finish.Sub(start)
}
