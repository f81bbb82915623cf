package main

import (
	"strings"
	"testing"
	"time"
)

// Each size and load gets a calls-per-instance row, judged against the
// refresh targets, and a wall-time row of batching on against off, which
// is a timing: reported, never failing the run.
func TestLoadFigures(t *testing.T) {
	plan := func(n int, loaded bool, par int, batched bool, calls int, wall time.Duration) loadPlan {
		per := map[string]int{}
		for i := range n {
			per[string(rune('a'+i%26))+strings.Repeat("x", i/26)] = 1
		}
		return loadPlan{N: n, Loaded: loaded, refreshPlan: refreshPlan{P: par, Batched: batched, Calls: calls, PerID: per,
			Plan: tfRun{Start: time.Unix(0, 0), End: time.Unix(0, 0).Add(wall)}}}
	}
	p := params{LoadSizes: []int{200}}
	var plans []loadPlan
	for _, loaded := range []bool{false, true} {
		plans = append(plans,
			plan(200, loaded, 10, true, 20, 3*time.Second), plan(200, loaded, 10, false, 200, 2*time.Second),
			plan(200, loaded, 100, true, 2, 2*time.Second), plan(200, loaded, 100, false, 200, 2*time.Second))
	}
	plans[4].Calls = 60 // p10 beside a CPU-bound process: 0.30 calls per instance
	figs := loadFigures(p, plans, nil)
	if len(figs) != 8 {
		t.Fatalf("%d figures, want 8: %+v", len(figs), figs)
	}
	r := report{Figures: figs}
	if !r.failed() {
		t.Error("0.30 calls per instance beside a CPU-bound process did not fail a full run")
	}
	for _, f := range figs {
		if strings.HasPrefix(f.Name, "Plan wall time") && (!f.Timing || f.judge(false) == verdictFail) {
			t.Errorf("a wall-time ratio is judged as a gate: %+v", f)
		}
	}
	if !strings.Contains(figs[4].Name, "beside a CPU-bound process") || figs[4].judge(false) != verdictFail {
		t.Errorf("loaded p10 row: %+v", figs[4])
	}
	if figs[1].Shown != "3.0 s / 2.0 s = 1.50x (off: 200 calls)" || figs[1].judge(false) != verdictMiss {
		t.Errorf("wall row: %+v", figs[1])
	}
}
