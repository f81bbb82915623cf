package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// readsPerCreateToday is what the provider spent before reads were batched:
// 9.0 GETs per create wait at the scale run's 20 s boot. With batching the
// figure may not be higher than that, nor than the batching-off run beside
// it.
const readsPerCreateToday = 9.0

// scaleFigures are the scale run's wall-time ratios and read counts, with
// batching on (judged) and off (beside it).
func scaleFigures(p params, r results) []figure {
	if r.scaleErr != nil {
		return failedFigures(r.scaleErr, "Scale apply", "Scale destroy")
	}
	applyName := fmt.Sprintf("Scale apply, %d instances, -parallelism=%d", p.ScaleN, p.ScaleP)
	destroyName := fmt.Sprintf("Scale destroy, %d instances, -parallelism=%d", p.ScaleN, p.ScaleP)
	s := r.scale
	figs := []figure{
		ratioFigure(applyName, s.Apply.Wall(), s.IdealApply, wallRatioTarget),
		ratioFigure(destroyName, s.Destroy.Wall(), s.IdealDestroy, wallRatioTarget),
	}
	off, haveOff := r.scaleOff, r.scaleOffErr == nil
	if haveOff {
		figs = append(figs, batchingOff([]figure{
			ratioFigure(applyName, off.Apply.Wall(), off.IdealApply, wallRatioTarget),
			ratioFigure(destroyName, off.Destroy.Wall(), off.IdealDestroy, wallRatioTarget),
		})...)
	}

	perCreate := func(x scaleResult) float64 { return float64(x.ApplyReads) / float64(max(1, p.ScaleN)) }
	limit, target := readsPerCreateToday, fmt.Sprintf("<= %.1f (before batching)", readsPerCreateToday)
	if haveOff {
		limit = min(limit, perCreate(off))
		target = fmt.Sprintf("<= %.2f (batching off, this run) and <= %.1f (before batching)", perCreate(off), readsPerCreateToday)
	}
	figs = append(figs, figure{
		Name: fmt.Sprintf("Read calls per created instance (scale apply, %s boot)", p.ScaleBoot), Value: perCreate(s), Limit: limit, Target: target,
		Shown: fmt.Sprintf("%.2f (%d read calls: %s)", perCreate(s), s.ApplyReads, formatCounts(s.ApplyCalls)),
	})
	if haveOff {
		figs = append(figs, figure{Info: true, Name: "Read calls per created instance — batching off",
			Shown: fmt.Sprintf("%.2f (%d read calls)", perCreate(off), off.ApplyReads)})
	}

	cl := summarize(lagsOf(s.Create))
	figs = append(figs,
		figure{Info: true, Name: fmt.Sprintf("Create lag at the scale run's fixed %s boot", p.ScaleBoot),
			Shown: fmt.Sprintf("median %s, max %s", seconds(cl.Median), seconds(cl.Max))},
		figure{Info: true, Name: "Scale destroy: refused DELETEs (creating window)", Shown: fmt.Sprint(s.RefusedDeletes)},
		figure{Info: true, Name: "Scale destroy: Terraform before the first / after the last API call",
			Shown: fmt.Sprintf("%s / %s", seconds(s.DestroyFirst.Sub(s.Destroy.Start)), seconds(s.Destroy.End.Sub(s.DestroyLast)))},
		cpuFigure("Scale destroy CPU", s.Destroy),
	)
	if haveOff {
		figs = append(figs, cpuFigure("Scale destroy CPU — batching off", off.Destroy))
	}
	return figs
}

// refreshFigures are the refresh plans' calls per instance, the throttled
// plans against the unthrottled ones, and the provider's memory.
func refreshFigures(p params, r results) []figure {
	if r.refreshErr != nil {
		return failedFigures(r.refreshErr, "Refresh API calls per instance", "Refresh under a rate limit", "Refresh provider peak memory")
	}
	var figs []figure
	targets := map[int]float64{p.RefreshP: refreshCallsTargetP10, 100: refreshCallsTargetP100}
	for _, par := range []int{p.RefreshP, 100} {
		if on, ok := r.refresh.find(par, true, 0); ok {
			figs = append(figs, refreshCallsFigure(r.refresh.N, on, targets[par]))
		}
		if off, ok := r.refresh.find(par, false, 0); ok {
			figs = append(figs, batchingOff([]figure{refreshCallsFigure(r.refresh.N, off, 1)})...)
		}
	}
	for _, par := range []int{p.RefreshP, 100} {
		for _, batched := range []bool{true, false} {
			free, ok1 := r.refresh.find(par, batched, 0)
			limited, ok2 := r.refresh.find(par, batched, refreshRateLimit)
			if !ok1 || !ok2 {
				continue
			}
			f := throttledFigure(r.refresh.N, par, free, limited)
			if !batched {
				f = batchingOff([]figure{f})[0]
			}
			figs = append(figs, f)
		}
	}
	if on, ok := r.refresh.find(p.RefreshP, true, 0); ok {
		figs = append(figs, rssFigure(on.Plan),
			figure{Info: true, Name: fmt.Sprintf("Refresh plan wall time, %d instances, -parallelism=%d", r.refresh.N, p.RefreshP),
				Shown: fmt.Sprintf("%.1f s (API lower bound %.1f s)", on.Plan.Wall().Seconds(), on.Ideal.Seconds())},
			cpuFigure("Refresh plan CPU", on.Plan))
	}
	if off, ok := r.refresh.find(p.RefreshP, false, 0); ok {
		figs = append(figs, batchingOff([]figure{rssFigure(off.Plan)})...)
		figs = append(figs, figure{Info: true, Name: "Refresh plan wall time — batching off",
			Shown: fmt.Sprintf("%.1f s", off.Plan.Wall().Seconds())}, cpuFigure("Refresh plan CPU — batching off", off.Plan))
	}
	return figs
}

// refreshCallsFigure is a plan's API calls per instance in state. Every
// instance must have been read: a mean could hide one read twice and one
// not at all.
func refreshCallsFigure(n int, pl refreshPlan, limit float64) figure {
	f := figure{Name: fmt.Sprintf("Refresh API calls per instance in state (plan of %d, -parallelism=%d)", n, pl.P),
		Limit: limit, Target: fmt.Sprintf("<= %.2f", limit)}
	var unread []string
	for id, k := range pl.PerID {
		if k == 0 {
			unread = append(unread, id)
		}
	}
	f.Value = float64(pl.Calls) / float64(max(1, n))
	routes := make([]string, 0, len(pl.Routes))
	for _, route := range sortedKeys(pl.Routes) {
		routes = append(routes, fmt.Sprintf("%s %d", route, pl.Routes[route]))
	}
	f.Shown = fmt.Sprintf("%.3f (%d calls: %s)", f.Value, pl.Calls, strings.Join(routes, ", "))
	if len(unread) > 0 {
		slices.Sort(unread)
		f.Broken = fmt.Sprintf("%d instances were not read (e.g. %s)", len(unread), unread[0])
	}
	if pl.Stray > 0 || pl.Unnamed > 0 {
		f.Broken = fmt.Sprintf("%d calls named no instance in state, %d named none at all", pl.Stray, pl.Unnamed)
	}
	return f
}

// throttledFigure compares a plan under the rate limit with the same plan
// without. It also shows the floor no client can beat: the calls beyond
// the bucket's burst, at the admitted rate.
func throttledFigure(n, par int, free, limited refreshPlan) figure {
	f := figure{Name: fmt.Sprintf("Refresh under %d requests/s (plan of %d, -parallelism=%d), vs unthrottled", refreshRateLimit, n, par),
		Limit: throttledRatioTarget, Target: fmt.Sprintf("<= %.1fx", throttledRatioTarget), Timing: true}
	if free.Plan.Wall() <= 0 {
		f.Broken = "no unthrottled plan"
		return f
	}
	f.Value = limited.Plan.Wall().Seconds() / free.Plan.Wall().Seconds()
	admitted := limited.Calls - limited.Throttled
	floor := time.Duration(float64(max(0, admitted-refreshRateLimit)) / refreshRateLimit * float64(time.Second))
	f.Shown = fmt.Sprintf("%.1f s vs %.1f s = %.2fx (%d calls admitted, %d answered 429; %d calls at %d/s take at least %.1f s = %.2fx)",
		limited.Plan.Wall().Seconds(), free.Plan.Wall().Seconds(), f.Value, admitted, limited.Throttled,
		admitted, refreshRateLimit, floor.Seconds(), floor.Seconds()/free.Plan.Wall().Seconds())
	return f
}
