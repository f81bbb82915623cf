package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// callsAfterCreate are the round trips of a create after the create call
// itself that no provider can skip: the GET that sees Running and the read
// of the system disk (root_disk_* are left to Baidu in the configuration).
const callsAfterCreate = 2

// scaleResult is apply then destroy of many instances at -parallelism=P.
type scaleResult struct {
	Batched                   bool
	Apply, Destroy            tfRun
	ApplyReads                int // read calls of the apply: GETs and batch reads
	IdealApply, IdealDestroy  time.Duration
	Create                    []readySample // lags at the one fixed boot time
	Gone                      []readySample
	ApplyCalls, DestroyCalls  map[string]int // per route
	RefusedDeletes            int
	DestroyFirst, DestroyLast time.Time // first request's arrival, last answer
	ApplyFirst, ApplyLast     time.Time
	DestroyPhases             destroyPhases
	LastWindowEnd             time.Time // the last creating window to end
}

func (b *bench) scaleScenario(ctx context.Context, batched bool) (scaleResult, error) {
	res := scaleResult{Batched: batched}
	p := b.p
	name := variantName("scale", batched)
	mock, err := b.startMock(ctx, name, mockSettings{
		Latency: p.Latency, BootTime: p.ScaleBoot, CreatingWindow: p.ScaleWindow, DeletedPhase: p.DeletedPhase, Seed: 13,
	})
	if err != nil {
		return res, err
	}
	defer b.stopMock(mock)
	ws, err := b.newWorkspace(name, mock)
	if err != nil {
		return res, err
	}
	if err := ws.writeConfig(countConfig("scale", "scale", p.ScaleN, batched)); err != nil {
		return res, err
	}

	b.logf("%s: apply of %d instances, -parallelism=%d, boot %s", name, p.ScaleN, p.ScaleP, p.ScaleBoot)
	res.Apply, err = ws.mustRun(ctx, fmt.Sprintf("Resources: %d added", p.ScaleN), tfArgs("apply", p.ScaleP)...)
	if err != nil {
		return res, err
	}
	list, err := mock.instances(ctx)
	if err != nil {
		return res, err
	}
	runningAt := map[string]time.Time{}
	var windowEnds []time.Time
	for _, in := range list {
		runningAt[in.ID] = in.CreateTime.Add(p.ScaleBoot)
		windowEnds = append(windowEnds, in.CreatingUntil)
		if in.CreatingUntil.After(res.LastWindowEnd) {
			res.LastWindowEnd = in.CreatingUntil
		}
	}
	recs, err := mock.savedRecords(ctx, ws.Dir, "apply-records.json")
	if err != nil {
		return res, err
	}
	res.ApplyCalls = routeCounts(recs)
	res.ApplyReads = readCalls(recs)
	res.ApplyFirst, res.ApplyLast = requestSpan(recs)
	if res.Create, err = createLags(recs, runningAt); err != nil {
		return res, err
	}
	// The destroy starts once every creating window has ended, in both
	// variants alike: it then measures the refresh, the releases and the
	// waits until gone. How a release meets the creating window is the
	// release-lag scenario's to measure, and a faster apply would
	// otherwise be charged the retry schedule at its destroy.
	if untilEnd := time.Until(res.LastWindowEnd); untilEnd > 0 {
		b.logf("%s: destroy in %s, once the last creating window has ended", name, untilEnd.Round(100*time.Millisecond))
		if err := wait.Sleep(ctx, untilEnd+100*time.Millisecond); err != nil {
			return res, err
		}
	}
	b.logf("%s: destroy", name)
	res.Destroy, recs, err = ws.destroyRecorded(ctx, mock, fmt.Sprintf("Resources: %d destroyed", p.ScaleN), tfArgs("destroy", p.ScaleP)...)
	if err != nil {
		return res, err
	}
	res.DestroyCalls = routeCounts(recs)
	res.DestroyPhases = splitDestroy(recs)
	res.DestroyFirst, res.DestroyLast = requestSpan(recs)
	for _, r := range recs {
		if r.Route == bccmock.RouteReleaseInstance && r.Status == http.StatusForbidden && r.Code == client.CodeReleaseWhileCreating {
			res.RefusedDeletes++
		}
	}
	if res.Gone, err = goneLags(recs); err != nil {
		return res, err
	}
	res.IdealApply = idealApply(p.ScaleN, p.ScaleP, p.ScaleBoot, p.Latency, callsAfterCreate)
	res.IdealDestroy = idealDestroy(res.Destroy.Start, windowEnds, p.ScaleP, p.Latency)
	return res, nil
}

// refreshResult is the plans of one state with many instances, each with
// its own provider settings.
type refreshResult struct {
	N         int
	Plans     []refreshPlan
	SetupWall time.Duration
}

// refreshPlan is one terraform plan of the refresh scenario.
type refreshPlan struct {
	P         int
	Batched   bool
	RateLimit float64 // requests per second the mock admits; 0: no limit
	Plan      tfRun
	PerID     map[string]int // calls per instance id in state
	Unnamed   int            // calls that named no instance
	Stray     int            // calls for ids not in state
	Calls     int            // every call of the plan
	Throttled int            // answered 429
	Routes    map[string]int
	Ideal     time.Duration
}

// find is the plan with these settings, if it ran.
func (r refreshResult) find(p int, batched bool, rateLimit float64) (refreshPlan, bool) {
	for _, pl := range r.Plans {
		if pl.P == p && pl.Batched == batched && pl.RateLimit == rateLimit {
			return pl, true
		}
	}
	return refreshPlan{}, false
}

// refreshRateLimit is the account rate limit of the throttled plans.
const refreshRateLimit = 5

func (b *bench) refreshScenario(ctx context.Context) (refreshResult, error) {
	res := refreshResult{N: b.p.RefreshN}
	p := b.p
	mock, err := b.startMock(ctx, "refresh", mockSettings{Latency: p.Latency, Seed: 14})
	if err != nil {
		return res, err
	}
	defer b.stopMock(mock)
	ws, err := b.newWorkspace("refresh", mock)
	if err != nil {
		return res, err
	}
	if err := ws.writeConfig(countConfig("refresh", "refresh", p.RefreshN, true)); err != nil {
		return res, err
	}
	// The setup is not measured: boot and creating window are zero, and a
	// high parallelism keeps it short despite the latency (which the mock
	// cannot change while it runs).
	b.logf("refresh: setup apply of %d instances (not measured)", p.RefreshN)
	setup, err := ws.mustRun(ctx, fmt.Sprintf("Resources: %d added", p.RefreshN), tfArgs("apply", 50)...)
	if err != nil {
		return res, err
	}
	res.SetupWall = setup.Wall()
	list, err := mock.instances(ctx)
	if err != nil {
		return res, err
	}
	if len(list) != p.RefreshN {
		return res, fmt.Errorf("the mock holds %d instances after the setup, want %d", len(list), p.RefreshN)
	}
	// Every plan of the same state, batching on and off side by side, at
	// Terraform's default parallelism and at 100, then under a rate limit.
	for _, rate := range []float64{0, refreshRateLimit} {
		for _, par := range []int{p.RefreshP, 100} {
			for _, batched := range []bool{true, false} {
				plan, err := b.refreshPlanOf(ctx, ws, mock, list, "refresh", par, batched, rate)
				if err != nil {
					return res, err
				}
				res.Plans = append(res.Plans, plan)
			}
		}
	}
	return res, nil
}

// refreshPlanOf runs one terraform plan of a workspace whose resource is
// named name and whose state holds the instances of list; the plan must
// report no changes. It counts the plan's calls.
func (b *bench) refreshPlanOf(ctx context.Context, ws *workspace, mock *mockProc, list []bccmock.Instance, name string, par int, batched bool, rate float64) (refreshPlan, error) {
	p := b.p
	n := len(list)
	res := refreshPlan{P: par, Batched: batched, RateLimit: rate, Ideal: idealRefresh(n, par, p.Latency)}
	// The provider settings change only how the state is read: the plan
	// must still find nothing to change. Under a rate limit a call may
	// meet several 429s in a row, so both variants get the same room.
	cfg := countConfig(name, name, n, batched)
	if rate > 0 {
		cfg = strings.Replace(cfg, `region = "bj"`, "region = \"bj\"\n  max_retries = 30", 1)
	}
	if err := ws.writeConfig(cfg); err != nil {
		return res, err
	}
	if err := mock.setRateLimit(ctx, rate); err != nil {
		return res, err
	}
	if err := mock.resetRequests(ctx); err != nil {
		return res, err
	}
	label := fmt.Sprintf("-parallelism=%d, batching %s", par, onOff(batched))
	if rate > 0 {
		label += fmt.Sprintf(", %g requests/s", rate)
	}
	b.logf("%s: plan with %d instances in state, %s", name, n, label)
	var err error
	res.Plan, err = ws.run(ctx, tfArgs("plan", par, "-detailed-exitcode")...)
	if err != nil {
		return res, err
	}
	if err := mock.setRateLimit(ctx, 0); err != nil {
		return res, err
	}
	if res.Plan.ExitCode != 0 {
		return res, fmt.Errorf("terraform plan (%s) exited %d (0 = no changes expected); output (%s) ends:\n%s",
			label, res.Plan.ExitCode, res.Plan.OutputPath, tail(res.Plan.Output, 3000))
	}
	recs, err := mock.savedRecords(ctx, ws.Dir, fmt.Sprintf("plan-records-%s-p%d-%s-%g.json", name, par, onOff(batched), rate))
	if err != nil {
		return res, err
	}
	res.Routes = routeCounts(recs)
	res.Calls = len(recs)
	for _, r := range recs {
		if r.Status == http.StatusTooManyRequests {
			res.Throttled++
		}
	}
	per, unnamed := callsPerInstance(recs)
	res.Unnamed = unnamed
	res.PerID = map[string]int{}
	for _, in := range list {
		res.PerID[in.ID] = per[in.ID]
		delete(per, in.ID)
	}
	for _, n := range per {
		res.Stray += n
	}
	return res, nil
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// dumpJSON keeps what a figure was computed from in the scratch directory,
// for inspection with -keep.
func dumpJSON(dir, name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name), data, 0o644)
}

func routeCounts(recs []bccmock.RequestRecord) map[string]int {
	out := map[string]int{}
	for _, r := range recs {
		out[r.Route]++
	}
	return out
}

// requestSpan is the first arrival and the last answer among recs.
func requestSpan(recs []bccmock.RequestRecord) (first, last time.Time) {
	for _, r := range recs {
		if first.IsZero() || r.Time.Before(first) {
			first = r.Time
		}
		if a := answeredAt(r); a.After(last) {
			last = a
		}
	}
	return first, last
}
