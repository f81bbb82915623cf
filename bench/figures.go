package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Targets, from the issue that asked for this benchmark.
const (
	lagMedianTarget       = 2500 * time.Millisecond
	lagMaxTarget          = 6 * time.Second
	releaseAttemptsTarget = 15.0 // per instance per minute of waiting
	wallRatioTarget       = 1.3  // wall time / ideal lower bound
	refreshCallsTarget    = 1.0  // API calls per instance in state
	providerRSSTarget     = 150  // MB (10^6 bytes)
)

// results are every scenario's outcome; a non-nil error means the scenario
// did not finish and its figures are marked failed.
type results struct {
	create     createLagResult
	createErr  error
	release    releaseLagResult
	releaseErr error
	scale      scaleResult
	scaleErr   error
	refresh    refreshResult
	refreshErr error
}

// failedFigures stand for the figures of a scenario that failed (they
// fail) or was left out with -only (they do not count).
func failedFigures(err error, names ...string) []figure {
	out := make([]figure, len(names))
	for i, n := range names {
		if errors.Is(err, errSkipped) {
			out[i] = figure{Name: n, Shown: "not run (-only)", Info: true}
			continue
		}
		out[i] = figure{Name: n, Shown: "-", Target: "-", Broken: "scenario failed: " + firstLine(err.Error())}
	}
	return out
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func buildFigures(p params, r results) []figure {
	var figs []figure

	// 1. Release lag and attempts.
	if r.releaseErr != nil {
		figs = append(figs, failedFigures(r.releaseErr, "Release lag", "Release attempts per minute of waiting")...)
	} else {
		figs = append(figs, lagFigures("Release lag (creating window ends → successful DELETE)",
			summarize(releaseLagsOf(r.release.Release)), lagMedianTarget, lagMaxTarget)...)
		worst, who := worstRefusedPerMinute(r.release.Release)
		f := figure{Name: "Release attempts per minute of waiting, worst instance", Value: worst, Limit: releaseAttemptsTarget,
			Target: fmt.Sprintf("<= %.0f per instance per minute", releaseAttemptsTarget),
			Shown:  fmt.Sprintf("%.1f (%s: %d refused DELETEs in %.1f s)", worst, who.ID, who.Refused, who.Waited.Seconds())}
		if who.Refused == 0 {
			f.Broken = "no instance had to wait: the scenario did not test the retries"
		}
		figs = append(figs, f)
	}

	// 2. Create lag and gone lag.
	if r.createErr != nil {
		figs = append(figs, failedFigures(r.createErr, "Create lag")...)
	} else {
		figs = append(figs, lagFigures("Create lag (Running → the provider's GET that sees it)",
			summarize(lagsOf(r.create.Create)), lagMedianTarget, lagMaxTarget)...)
	}
	if r.createErr == nil {
		fin := summarize(r.create.Finish)
		figs = append(figs, figure{Info: true, Name: "Create: Running → the create's last call (system-disk read)",
			Shown: fmt.Sprintf("median %s, max %s", seconds(fin.Median), seconds(fin.Max))})
	}
	var gone []readySample
	var goneFrom []string
	for _, g := range []struct {
		name    string
		samples []readySample
		err     error
	}{{"create-lag", r.create.Gone, r.createErr}, {"release-lag", r.release.Gone, r.releaseErr}, {"scale", r.scale.Gone, r.scaleErr}} {
		if g.err == nil {
			gone = append(gone, g.samples...)
			goneFrom = append(goneFrom, fmt.Sprintf("%s %d", g.name, len(g.samples)))
		}
	}
	figs = append(figs, lagFigures("Gone lag (release → the provider's first GET that reads it gone)",
		summarize(lagsOf(gone)), lagMedianTarget, lagMaxTarget)...)

	// 3. Scale.
	if r.scaleErr != nil {
		figs = append(figs, failedFigures(r.scaleErr, "Scale apply", "Scale destroy")...)
	} else {
		s := r.scale
		figs = append(figs,
			ratioFigure(fmt.Sprintf("Scale apply, %d instances, -parallelism=%d", p.ScaleN, p.ScaleP), s.Apply.Wall(), s.IdealApply, wallRatioTarget),
			ratioFigure(fmt.Sprintf("Scale destroy, %d instances, -parallelism=%d", p.ScaleN, p.ScaleP), s.Destroy.Wall(), s.IdealDestroy, wallRatioTarget))
	}

	// 4. Refresh.
	if r.refreshErr != nil {
		figs = append(figs, failedFigures(r.refreshErr, "Refresh API calls per instance", "Refresh provider peak memory")...)
	} else {
		figs = append(figs, refreshCallsFigure(p, r.refresh), rssFigure(r.refresh.Plan))
	}

	// Context without targets.
	if r.releaseErr == nil {
		rate, _ := refusedPerMinute(r.release.Release)
		refused, waited := 0, time.Duration(0)
		for _, s := range r.release.Release {
			refused += s.Refused
			waited += s.Waited
		}
		figs = append(figs, figure{Info: true, Name: "Release attempts per minute of waiting, all instances",
			Shown: fmt.Sprintf("%.1f (%d refused DELETEs over %.1f instance-minutes)", rate, refused, waited.Minutes())})
	}
	if r.refreshErr == nil {
		figs = append(figs,
			figure{Info: true, Name: fmt.Sprintf("Refresh plan wall time, %d instances", p.RefreshN),
				Shown: fmt.Sprintf("%.1f s (API lower bound %.1f s)", r.refresh.Plan.Wall().Seconds(), r.refresh.Ideal.Seconds())},
			cpuFigure("Refresh plan CPU", r.refresh.Plan))
	}
	if r.scaleErr == nil {
		s := summarize(lagsOf(r.scale.Create))
		polls := 0
		for _, c := range r.scale.Create {
			polls += c.Polls
		}
		figs = append(figs,
			figure{Info: true, Name: fmt.Sprintf("Create lag at the scale run's fixed %s boot", p.ScaleBoot),
				Shown: fmt.Sprintf("median %s, max %s", seconds(s.Median), seconds(s.Max))},
			figure{Info: true, Name: "GETs per create wait (scale apply)",
				Shown: fmt.Sprintf("%.1f", float64(polls)/float64(max(1, len(r.scale.Create))))},
			figure{Info: true, Name: "Scale destroy: refused DELETEs (creating window)", Shown: fmt.Sprint(r.scale.RefusedDeletes)},
			figure{Info: true, Name: "Scale destroy: Terraform before the first / after the last API call",
				Shown: fmt.Sprintf("%s / %s", seconds(r.scale.DestroyFirst.Sub(r.scale.Destroy.Start)), seconds(r.scale.Destroy.End.Sub(r.scale.DestroyLast)))},
			cpuFigure("Scale destroy CPU", r.scale.Destroy),
		)
	}
	if len(goneFrom) > 0 {
		polls := 0
		for _, g := range gone {
			polls += g.Polls
		}
		figs = append(figs, figure{Info: true, Name: "GETs per gone wait",
			Shown: fmt.Sprintf("%.2f (%s instances)", float64(polls)/float64(max(1, len(gone))), strings.Join(goneFrom, ", "))})
	}
	return figs
}

// cpuFigure shows where a command's CPU went: Terraform itself and the
// provider processes.
func cpuFigure(name string, run tfRun) figure {
	own := run.TotalCPU - run.ProviderCPU
	return figure{Info: true, Name: name, Shown: fmt.Sprintf("Terraform %.1f s + provider %.1f s in %.1f s of wall time",
		own.Seconds(), run.ProviderCPU.Seconds(), run.Wall().Seconds())}
}

func refreshCallsFigure(p params, r refreshResult) figure {
	f := figure{Name: fmt.Sprintf("Refresh API calls per instance (plan, %d in state)", p.RefreshN),
		Limit: refreshCallsTarget, Exact: true, Target: "exactly 1, none wasted"}
	total, worst := r.Unnamed+r.Stray, 0
	var unread []string
	for id, n := range r.PerID {
		total += n
		worst = max(worst, n)
		if n == 0 {
			unread = append(unread, id)
		}
	}
	f.Value = float64(total) / float64(max(1, len(r.PerID)))
	// The mean alone could hide one instance read twice and one not at
	// all, so the worst instance counts too.
	f.Value = max(f.Value, float64(worst))
	routes := make([]string, 0, len(r.Routes))
	for _, route := range sortedKeys(r.Routes) {
		routes = append(routes, fmt.Sprintf("%s %d", route, r.Routes[route]))
	}
	f.Shown = fmt.Sprintf("%.2f (%d calls: %s)", f.Value, total, strings.Join(routes, ", "))
	if len(unread) > 0 {
		slices.Sort(unread)
		f.Broken = fmt.Sprintf("%d instances were not read (e.g. %s)", len(unread), unread[0])
	}
	return f
}

func rssFigure(plan tfRun) figure {
	mb := float64(plan.PeakRSS) / 1e6
	f := figure{Name: "Refresh: provider process peak memory (VmHWM)", Value: mb, Limit: providerRSSTarget,
		Target: fmt.Sprintf("<= %d MB", providerRSSTarget),
		Shown:  fmt.Sprintf("%.1f MB (%d provider processes seen)", mb, plan.Processes)}
	if plan.Processes == 0 {
		f.Broken = "no provider process was seen"
	}
	return f
}

// buildSections explains the scenarios and formulas, with the details of
// this run.
func buildSections(p params, r results, measured time.Duration) []string {
	var s []string
	s = append(s, fmt.Sprintf(`## Scenarios

Each scenario starts its own `+"`cmd/bccmock`"+` on 127.0.0.1 (real time, `+"`-admin -quiet`"+`, latency %s on every
request, Deleted phase %s) and runs Terraform with a CLI configuration whose dev_overrides point at the provider
built for the run. Figures come from the mock's request records (arrival time and answer time of every call) and its
instance times; the run's measuring part took %s.

- **Release lag**: %d instances created by the benchmark itself, one every %s, with a creating window of %s, then
  imported by one `+"`terraform apply`"+` and destroyed with `+"`-parallelism=%d`"+` (every release loop starts at once), launched
  %s before the first window ends. The mock has one creating window for all instances, so staggering the creates is
  how the windows end spread over %s after the destroy starts.
- **Create lag**: %d instances created by one `+"`terraform apply -parallelism=%d`"+`; the mock's boot never ends by
  itself and the benchmark makes each instance Running at create time + an offset spread evenly over 0-%s (shuffled)
  with the admin endpoint `+"`POST /_mock/instance/{id}?status=Running`"+`. A fixed boot time would make every instance
  sample the same point of the poll schedule. Then `+"`terraform destroy`"+` (creating window 0).
- **Scale**: `+"`terraform apply`"+` then `+"`terraform destroy`"+` of %d instances at `+"`-parallelism=%d`"+`, boot %s, creating window %s.
- **Refresh**: %d instances created by an unmeasured setup apply (boot and creating window 0), then
  `+"`terraform plan -parallelism=%d -detailed-exitcode`"+`, which must report no changes. The provider processes' peak RSS is
  their kernel high-water mark VmHWM, read from /proc every 25 ms for processes whose executable is this run's provider binary.
- **Gone lag** pools the destroys of the three other scenarios.`,
		p.Latency, p.DeletedPhase, measured.Round(time.Second),
		p.LagN, (p.LagSpread/time.Duration(max(1, p.LagN-1))).Round(time.Millisecond), p.LagSpread+p.LagLead, p.LagN, p.DestroyHeadStart, "0-"+p.LagSpread.String(),
		p.LagN, p.LagN, p.LagSpread,
		p.ScaleN, p.ScaleP, p.ScaleBoot, p.ScaleWindow,
		p.RefreshN, p.RefreshP))

	s = append(s, fmt.Sprintf(`## How the figures are computed

A call's effect time is its answer time in the mock's records (arrival + duration): the mock reads and changes its state
after the simulated latency, just before it answers.

- **Release lag** = successful DELETE − max(creating window end, first DELETE's arrival), per instance. Measuring from
  the first DELETE when the window had already ended keeps Terraform's start-up out of the provider's figure.
- **Release attempts per minute of waiting** = an instance's DELETEs refused with Instance.ReleaseWhileCreating ÷ the
  time from its first DELETE to its successful one, for every instance refused at least once; the target applies to
  the worst instance. The successful DELETE is not counted: it is needed without any wait. The "all instances" row
  is the same ratio over the sums.
- **Create lag** = answer of the provider's last GET of the instance during the apply (the one that ended its wait,
  so the one that saw Running) − the moment the instance became Running.
- **Gone lag** = answer of the first GET after the successful DELETE − that DELETE's answer. The provider counts an
  instance as gone when GET shows it Deleted/Recycled or answers 404, and Baidu (so the mock) shows Deleted from the
  release on, for the Deleted phase, before 404: the wait's condition holds from the release.
- **Ideal apply** = ⌈N/P⌉ × (RTT + boot + %d × RTT): batches of P; each create costs the create call, the boot, the GET
  that sees Running and the system-disk read. = ⌈%d/%d⌉ × (%s + 3 × %s) = %s.
- **Ideal destroy** = ⌈N/P⌉ × RTT for the refresh, then the shortest schedule of the releases on P slots: instances in
  order of creating-window end; a DELETE is answered RTT after its slot frees or at its window end if later; one more RTT
  for the GET that sees it gone. Computed from the instances' real window ends and the destroy's start.
- **Ideal refresh** = ⌈N/P⌉ × RTT. Terraform's own start-up and bookkeeping are in the measured wall times but in none
  of the ideals.`, callsAfterCreate, p.ScaleN, p.ScaleP, p.ScaleBoot, p.Latency,
		idealApply(p.ScaleN, p.ScaleP, p.ScaleBoot, p.Latency, callsAfterCreate)))

	var d []string
	if r.releaseErr == nil {
		rl := r.release
		waited := 0
		for _, x := range rl.Release {
			if x.Refused > 0 {
				waited++
			}
		}
		d = append(d, fmt.Sprintf("- Release lag: creating windows ended from %.1f s to %.1f s after the destroy's first DELETE; %d of %d instances were refused at least once; destroy took %.1f s.",
			rl.FirstWindow.Seconds(), rl.LastWindow.Seconds(), waited, len(rl.Release), rl.Destroy.Wall().Seconds()))
		d = append(d, "- Release lag distribution: "+describe(summarize(releaseLagsOf(rl.Release))))
	}
	if r.createErr == nil {
		d = append(d, fmt.Sprintf("- Create lag distribution: %s; apply took %.1f s.", describe(summarize(lagsOf(r.create.Create))), r.create.Apply.Wall().Seconds()))
	}
	if r.scaleErr == nil {
		sc := r.scale
		d = append(d, fmt.Sprintf("- Scale apply: %.1f s, calls %s; API activity %.1f s from the first call to the last answer.",
			sc.Apply.Wall().Seconds(), formatCounts(sc.ApplyCalls), sc.ApplyLast.Sub(sc.ApplyFirst).Seconds()))
		ph := sc.DestroyPhases
		d = append(d, fmt.Sprintf("- Scale destroy: %.1f s, calls %s; ideal %.2f s. Timeline from the command's start: "+
			"refresh GETs %.2f-%.2f s, DELETEs and gone-waits %.2f-%.2f s, exit %.2f s; the last creating window ended at %.2f s.",
			sc.Destroy.Wall().Seconds(), formatCounts(sc.DestroyCalls), sc.IdealDestroy.Seconds(),
			ph.RefreshFirst.Sub(sc.Destroy.Start).Seconds(), ph.RefreshLast.Sub(sc.Destroy.Start).Seconds(),
			ph.ReleaseFirst.Sub(sc.Destroy.Start).Seconds(), ph.ReleaseLast.Sub(sc.Destroy.Start).Seconds(),
			sc.Destroy.Wall().Seconds(), sc.LastWindowEnd.Sub(sc.Destroy.Start).Seconds()))
	}
	if r.refreshErr == nil {
		d = append(d, fmt.Sprintf("- Refresh: setup apply %.1f s (not measured); plan %.1f s.", r.refresh.SetupWall.Seconds(), r.refresh.Plan.Wall().Seconds()))
	}
	for _, e := range []struct {
		name string
		err  error
	}{{"release-lag", r.releaseErr}, {"create-lag", r.createErr}, {"scale", r.scaleErr}, {"refresh", r.refreshErr}} {
		if e.err != nil && !errors.Is(e.err, errSkipped) {
			d = append(d, fmt.Sprintf("- %s failed: %s", e.name, strings.ReplaceAll(e.err.Error(), "\n", " ")))
		}
	}
	if len(d) > 0 {
		s = append(s, "## Details of this run\n\n"+strings.Join(d, "\n"))
	}
	return s
}

func describe(s summary) string {
	return fmt.Sprintf("n=%d, min %s, median %s, p90 %s, max %s, mean %s",
		s.N, seconds(s.Min), seconds(s.Median), seconds(s.P90), seconds(s.Max), seconds(s.Mean))
}

func formatCounts(m map[string]int) string {
	parts := make([]string, 0, len(m))
	for _, k := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
