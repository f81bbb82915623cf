package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// summary is the distribution of a set of durations.
type summary struct {
	N              int
	Median, P90    time.Duration
	Min, Max, Mean time.Duration
}

func summarize(ds []time.Duration) summary {
	if len(ds) == 0 {
		return summary{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var total time.Duration
	for _, d := range s {
		total += d
	}
	n := len(s)
	median := s[n/2]
	if n%2 == 0 {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	// Nearest-rank percentile.
	p90 := s[int(math.Ceil(0.9*float64(n)))-1]
	return summary{N: n, Median: median, P90: p90, Min: s[0], Max: s[n-1], Mean: total / time.Duration(n)}
}

func lagsOf(samples []readySample) []time.Duration {
	out := make([]time.Duration, len(samples))
	for i, s := range samples {
		out[i] = s.Lag
	}
	return out
}

func releaseLagsOf(samples []releaseSample) []time.Duration {
	out := make([]time.Duration, len(samples))
	for i, s := range samples {
		out[i] = s.Lag
	}
	return out
}

// spreadOffsets returns n offsets evenly spaced over [0, span], in an order
// shuffled by seed so that the first instance created is not always the
// first to become ready.
func spreadOffsets(n int, span time.Duration, seed uint64) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		if n > 1 {
			out[i] = time.Duration(float64(span) * float64(i) / float64(n-1))
		}
	}
	r := newRand(seed)
	r.Shuffle(n, func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0xbe7c4)) }

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
