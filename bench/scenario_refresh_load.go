package main

import (
	"context"
	"fmt"
	"os/exec"
)

// loadPlan is one plan of the refresh-load scenario: a state of N
// instances, read with or without a CPU-bound process beside Terraform.
type loadPlan struct {
	N      int
	Loaded bool
	refreshPlan
}

// refreshLoadScenario plans states of each of p.LoadSizes instances at
// -parallelism 10 and 100, batching on and off, first on a quiet machine,
// then while a CPU-bound process the benchmark starts (and stops) keeps a
// core busy: batching must keep its gain at every size and under load.
func (b *bench) refreshLoadScenario(ctx context.Context) ([]loadPlan, error) {
	var out []loadPlan
	for _, n := range b.p.LoadSizes {
		name := fmt.Sprintf("load%d", n)
		mock, err := b.startMock(ctx, name, mockSettings{Latency: b.p.Latency, Seed: int64(20 + n)})
		if err != nil {
			return out, err
		}
		plans, err := b.refreshLoadOf(ctx, mock, name, n)
		b.stopMock(mock)
		out = append(out, plans...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

func (b *bench) refreshLoadOf(ctx context.Context, mock *mockProc, name string, n int) ([]loadPlan, error) {
	ws, err := b.newWorkspace(name, mock)
	if err != nil {
		return nil, err
	}
	if err := ws.writeConfig(countConfig(name, name, n, true)); err != nil {
		return nil, err
	}
	b.logf("%s: setup apply of %d instances (not measured)", name, n)
	if _, err := ws.mustRun(ctx, fmt.Sprintf("Resources: %d added", n), tfArgs("apply", 50)...); err != nil {
		return nil, err
	}
	list, err := mock.instances(ctx)
	if err != nil {
		return nil, err
	}
	if len(list) != n {
		return nil, fmt.Errorf("the mock holds %d instances after the setup, want %d", len(list), n)
	}
	var out []loadPlan
	for _, loaded := range []bool{false, true} {
		stop := func() {}
		if loaded {
			if stop, err = startCPUBurner(ctx); err != nil {
				return out, err
			}
		}
		for _, par := range []int{10, 100} {
			for _, batched := range []bool{true, false} {
				pl, err := b.refreshPlanOf(ctx, ws, mock, list, name, par, batched, 0)
				if err != nil {
					stop()
					return out, err
				}
				out = append(out, loadPlan{N: n, Loaded: loaded, refreshPlan: pl})
			}
		}
		stop()
	}
	return out, nil
}

// startCPUBurner starts a process that keeps one core busy until the
// returned stop is called.
func startCPUBurner(ctx context.Context) (stop func(), err error) {
	cmd := exec.CommandContext(ctx, "sh", "-c", "while :; do :; done")
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting a CPU-bound process: %w", err)
	}
	return func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}, nil
}

func findLoad(plans []loadPlan, n int, loaded bool, par int, batched bool) (loadPlan, bool) {
	for _, pl := range plans {
		if pl.N == n && pl.Loaded == loaded && pl.P == par && pl.Batched == batched {
			return pl, true
		}
	}
	return loadPlan{}, false
}

func loadLabel(loaded bool) string {
	if loaded {
		return "beside a CPU-bound process"
	}
	return "quiet machine"
}

// loadFigures are, per state size and load, the calls per instance with
// batching (judged against the refresh targets) and the plan's wall time
// with batching on against off (a timing: reported, never a gate).
func loadFigures(p params, plans []loadPlan, err error) []figure {
	if err != nil {
		return failedFigures(err, "Refresh at scale and under load")
	}
	targets := map[int]float64{10: refreshCallsTargetP10, 100: refreshCallsTargetP100}
	var figs []figure
	for _, n := range p.LoadSizes {
		for _, loaded := range []bool{false, true} {
			for _, par := range []int{10, 100} {
				on, ok1 := findLoad(plans, n, loaded, par, true)
				off, ok2 := findLoad(plans, n, loaded, par, false)
				if !ok1 || !ok2 {
					continue
				}
				f := refreshCallsFigure(n, on.refreshPlan, targets[par])
				f.Name += ", " + loadLabel(loaded)
				figs = append(figs, f)
				w := figure{Name: fmt.Sprintf("Plan wall time, batching on / off (plan of %d, -parallelism=%d), %s", n, par, loadLabel(loaded)),
					Limit: 1.0, Target: "<= 1.00x", Timing: true}
				if off.Plan.Wall() > 0 {
					w.Value = on.Plan.Wall().Seconds() / off.Plan.Wall().Seconds()
					w.Shown = fmt.Sprintf("%.1f s / %.1f s = %.2fx (off: %d calls)", on.Plan.Wall().Seconds(), off.Plan.Wall().Seconds(), w.Value, off.Calls)
				} else {
					w.Broken = "no batching-off plan"
				}
				figs = append(figs, w)
			}
		}
	}
	return figs
}

// loadSection describes the scenario for the result file.
func loadSection(p params, plans []loadPlan) string {
	s := fmt.Sprintf(`## Refresh at scale and under load

For each of %v instances: an unmeasured setup apply, then `+"`terraform plan -parallelism=P -detailed-exitcode`"+` with P = 10
and 100, batching on and off, on a quiet machine and again while a CPU-bound process started by the benchmark
(`+"`sh -c 'while :; do :; done'`"+`) keeps one of the cores busy. Each plan must report no changes and read every instance.
`, p.LoadSizes)
	for _, pl := range plans {
		s += fmt.Sprintf("\n- %d instances, %s, -parallelism=%d, batching %s: %.1f s, %d calls.",
			pl.N, loadLabel(pl.Loaded), pl.P, onOff(pl.Batched), pl.Plan.Wall().Seconds(), pl.Calls)
	}
	return s
}
