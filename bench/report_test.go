package main

import (
	"strings"
	"testing"
	"time"
)

func TestJudge(t *testing.T) {
	target := figure{Limit: 2.5}
	for _, tc := range []struct {
		f          figure
		full, fast verdict
	}{
		{withValue(target, 2.5), verdictPass, verdictPass},
		{withValue(target, 2.6), verdictFail, verdictMiss},
		{withValue(target, 7.5), verdictFail, verdictMiss}, // exactly 3x is tolerated
		{withValue(target, 7.6), verdictFail, verdictFail},
		{figure{Limit: 1, Exact: true, Value: 1}, verdictPass, verdictPass},
		{figure{Limit: 1, Exact: true, Value: 0.5}, verdictFail, verdictMiss}, // below an exact target is a miss too
		{figure{Limit: 1, Exact: true, Value: 1, Broken: "2 instances not read"}, verdictFail, verdictFail},
		{figure{Info: true, Value: 1e9}, verdictInfo, verdictInfo},
		// Wall-clock figures never fail a run: a full run says whether
		// they met the target, a quick run does not compare them.
		{figure{Limit: 1.3, Value: 1.2, Timing: true}, verdictPass, verdictUnjudged},
		{figure{Limit: 1.3, Value: 5.76, Timing: true}, verdictMiss, verdictUnjudged},
		{figure{Limit: 1.3, Value: 1, Timing: true, Broken: "no ideal"}, verdictFail, verdictFail},
	} {
		if got := tc.f.judge(false); got != tc.full {
			t.Errorf("%+v full: %v, want %v", tc.f, got, tc.full)
		}
		if got := tc.f.judge(true); got != tc.fast {
			t.Errorf("%+v quick: %v, want %v", tc.f, got, tc.fast)
		}
	}
}

func withValue(f figure, v float64) figure { f.Value = v; return f }

func TestReportFailed(t *testing.T) {
	miss := report{Figures: []figure{{Limit: 1, Value: 0.5}, {Limit: 1, Value: 2}}}
	if !miss.failed() {
		t.Error("a full run with a missed target did not fail")
	}
	miss.Quick = true
	if miss.failed() {
		t.Error("a quick run failed on a figure within 3x of its target")
	}
	miss.Figures = append(miss.Figures, figure{Limit: 1, Value: 3.5})
	if !miss.failed() {
		t.Error("a quick run did not fail on a figure 3.5x off its target")
	}
	if (report{Figures: []figure{{Info: true, Value: 100}}}).failed() {
		t.Error("an informational figure failed the run")
	}
	// The destroy of 20 at 5.76x its ideal that failed CI on a busy machine.
	slow := []figure{ratioFigure("Scale destroy", 1728*time.Millisecond, 300*time.Millisecond, wallRatioTarget)}
	for _, quick := range []bool{false, true} {
		if (report{Quick: quick, Figures: slow}).failed() {
			t.Errorf("quick=%v: a wall-clock ratio failed the run", quick)
		}
	}
	if !(report{Quick: true, Figures: append(slow, figure{Limit: 0.12, Value: 0.5})}).failed() {
		t.Error("a quick run did not fail on calls per instance 4x off its target beside a slow wall time")
	}
}

func TestMarkdown(t *testing.T) {
	r := report{
		Machine: machineInfo{CPU: "Test CPU", CPUs: 2, MemoryGiB: 3.5, Go: "go1.99", Terraform: "v1.11.4"},
		Started: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC),
		Took:    7*time.Minute + 31*time.Second,
		Figures: []figure{
			{Name: "Release lag, median", Value: 2.1, Shown: "2.10 s", Limit: 2.5, Target: "<= 2.50 s"},
			{Name: "Scale destroy", Value: 2, Shown: "a | b", Limit: 1.3, Target: "<= 1.3x ideal", Timing: true},
			{Name: "Context", Info: true, Shown: "42"},
		},
		Sections: []string{"## Scenarios\n\ntext\n"},
	}
	md := r.markdown()
	for _, want := range []string{
		"full run, 2025-03-01 12:00 UTC, took 7m31s.",
		"| CPU | Test CPU, 2 cores (nproc) |",
		"| Memory | 3.5 GiB |",
		"| Terraform | v1.11.4 |",
		"| Figure | Value | Target | Result |",
		"| Release lag, median | 2.10 s | <= 2.50 s | pass |",
		"| Scale destroy | a \\| b | <= 1.3x ideal | miss (not a gate) |",
		"| Context | 42 | - | info |",
		"\n## Scenarios\n\ntext\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestRatioAndLagFigures(t *testing.T) {
	f := ratioFigure("apply", 260*time.Second, 200*time.Second, 1.3)
	if f.Value != 1.3 || f.judge(false) != verdictPass || f.Shown != "260.0 s vs ideal 200.0 s = 1.30x" {
		t.Errorf("ratio figure %+v", f)
	}
	if f := ratioFigure("apply", time.Second, 0, 1.3); f.Broken == "" {
		t.Error("a ratio to a zero ideal was not marked broken")
	}
	lags := lagFigures("lag", summarize([]time.Duration{time.Second, 3 * time.Second, 7 * time.Second}), 2500*time.Millisecond, 6*time.Second)
	if lags[0].judge(false) != verdictMiss || lags[1].judge(false) != verdictMiss || lags[0].judge(true) != verdictUnjudged || lags[0].Shown != "3.00 s" || lags[1].Shown != "7.00 s" {
		t.Errorf("lag figures %+v", lags)
	}
	if empty := lagFigures("lag", summarize(nil), time.Second, time.Second); empty[0].Broken == "" || empty[1].Broken == "" {
		t.Error("lag figures without samples were not marked broken")
	}
}

func TestRefreshCallsFigure(t *testing.T) {
	batch := refreshPlan{P: 10, Calls: 1, PerID: map[string]int{"i-a": 1, "i-b": 1, "i-c": 1}, Routes: map[string]int{"ListInstancesByIDs": 1}}
	if ok := refreshCallsFigure(3, batch, 0.5); ok.judge(false) != verdictPass || ok.Value != 1.0/3 {
		t.Errorf("one batch for three: %+v", ok)
	}
	if dear := refreshCallsFigure(3, refreshPlan{P: 10, Calls: 3, PerID: map[string]int{"i-a": 1, "i-b": 1, "i-c": 1}}, 0.5); dear.judge(false) != verdictFail {
		t.Errorf("a call each against a target of 0.5: %+v", dear)
	}
	// A call count within the target must not hide an instance never read.
	skewed := refreshCallsFigure(3, refreshPlan{P: 10, Calls: 1, PerID: map[string]int{"i-a": 1, "i-b": 1, "i-c": 0}}, 0.5)
	if skewed.judge(true) != verdictFail || !strings.Contains(skewed.Broken, "1 instances were not read") {
		t.Errorf("skewed: %+v", skewed)
	}
	// A call for something not in state is a wasted call.
	extra := refreshCallsFigure(3, refreshPlan{P: 10, Calls: 2, PerID: map[string]int{"i-a": 1, "i-b": 1, "i-c": 1}, Unnamed: 1}, 1)
	if extra.judge(false) != verdictFail {
		t.Errorf("extra call: %+v", extra)
	}
}

func TestThrottledFigure(t *testing.T) {
	free := refreshPlan{Plan: tfRun{Start: time.Unix(0, 0), End: time.Unix(10, 0)}}
	limited := refreshPlan{Plan: tfRun{Start: time.Unix(0, 0), End: time.Unix(14, 0)}, Calls: 60, Throttled: 5}
	f := throttledFigure(500, 10, free, limited)
	if f.Value != 1.4 || f.judge(false) != verdictPass || !strings.Contains(f.Shown, "55 calls admitted, 5 answered 429") || !strings.Contains(f.Shown, "at least 10.0 s") {
		t.Errorf("throttled figure %+v", f)
	}
	if off := batchingOff([]figure{f})[0]; !off.Info || !strings.Contains(off.Name, "batching off") || !strings.Contains(off.Shown, "target <= 1.5x") {
		t.Errorf("batching-off row %+v", off)
	}
}

// A run with -only that leaves out every scenario the gone lag pools shows
// the gone lag as not run, not as a failure for want of samples; a run
// that made the scenarios and got no samples still fails.
func TestGoneLagNotRunUnderOnly(t *testing.T) {
	skipped := results{createErr: errSkipped, createOffErr: errSkipped, releaseErr: errSkipped, scaleErr: errSkipped,
		scaleOffErr: errSkipped, refreshErr: errSkipped, loadErr: errSkipped}
	ran := results{createOffErr: errSkipped, releaseErr: errSkipped, scaleErr: errSkipped, scaleOffErr: errSkipped,
		refreshErr: errSkipped, loadErr: errSkipped}
	for name, tc := range map[string]struct {
		r        results
		wantFail bool
	}{"all left out": {skipped, false}, "create-lag ran": {ran, true}} {
		failed := false
		for _, f := range buildFigures(fullParams, tc.r) {
			if strings.HasPrefix(f.Name, "Gone lag") && f.judge(false) == verdictFail {
				failed = true
			}
		}
		if failed != tc.wantFail {
			t.Errorf("%s: gone lag failed = %v, want %v", name, failed, tc.wantFail)
		}
	}
}
