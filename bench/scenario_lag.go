package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// createLagResult is the create-lag scenario: N instances created by one
// apply, each made Running by the benchmark at its own moment, spread over
// the readiness span, then destroyed.
type createLagResult struct {
	Batched    bool
	Create     []readySample
	Finish     []time.Duration // Running → the create's last call
	Gone       []readySample
	Apply      tfRun
	Destroy    tfRun
	BootOffset time.Duration // the largest readiness offset used
}

// The mock has one boot time for every instance, and the provider polls
// each instance on the same schedule from its create; with a fixed boot
// every instance would sample the same point of the schedule. So the mock
// boots "forever" and the benchmark flips each instance to Running itself
// (POST /_mock/instance/{id}?status=Running) at create time + its offset.
func (b *bench) createLagScenario(ctx context.Context, batched bool) (createLagResult, error) {
	res := createLagResult{Batched: batched}
	p := b.p
	name := variantName("create-lag", batched)
	mock, err := b.startMock(ctx, name, mockSettings{
		Latency: p.Latency, BootTime: 24 * time.Hour, CreatingWindow: 0, DeletedPhase: p.DeletedPhase, Seed: 11,
	})
	if err != nil {
		return res, err
	}
	defer b.stopMock(mock)
	ws, err := b.newWorkspace(name, mock)
	if err != nil {
		return res, err
	}
	if err := ws.writeConfig(countConfig("lag", "create-lag", p.LagN, batched)); err != nil {
		return res, err
	}
	offsets := spreadOffsets(p.LagN, p.LagSpread, 1)
	res.BootOffset = slices.Max(offsets)

	flipCtx, cancelFlips := context.WithCancel(ctx)
	defer cancelFlips()
	type flipped struct {
		at  map[string]time.Time
		err error
	}
	flips := make(chan flipped, 1)
	go func() {
		at, err := flipWhenDue(flipCtx, mock, offsets)
		flips <- flipped{at, err}
	}()

	b.logf("%s: apply of %d instances, each Running %s-%s after its create", name, p.LagN, slices.Min(offsets), res.BootOffset)
	res.Apply, err = ws.mustRun(ctx, fmt.Sprintf("Resources: %d added", p.LagN), tfArgs("apply", p.LagN)...)
	if err != nil {
		cancelFlips()
		<-flips
		return res, err
	}
	f := <-flips
	if f.err != nil {
		return res, f.err
	}
	recs, err := mock.savedRecords(ctx, ws.Dir, "apply-records.json")
	if err != nil {
		return res, err
	}
	if res.Create, err = createLags(recs, f.at); err != nil {
		return res, err
	}
	res.Finish = finishLags(recs, f.at)

	b.logf("%s: destroy", name)
	res.Destroy, recs, err = ws.destroyRecorded(ctx, mock, fmt.Sprintf("Resources: %d destroyed", p.LagN), tfArgs("destroy", p.LagN)...)
	if err != nil {
		return res, err
	}
	res.Gone, err = goneLags(recs)
	return res, err
}

// flipWhenDue waits for len(offsets) instances to appear on the mock, gives
// the k-th one offsets[k], and makes each Running at its create time plus
// its offset. It returns when each instance became Running (taken just
// before the admin call, so a lag measured from it is never too small).
func flipWhenDue(ctx context.Context, mock *mockProc, offsets []time.Duration) (map[string]time.Time, error) {
	due := map[string]time.Time{}
	var order []string
	for len(order) < len(offsets) {
		list, err := mock.instances(ctx)
		if err != nil {
			return nil, err
		}
		for _, in := range list {
			if _, seen := due[in.ID]; !seen && len(order) < len(offsets) {
				due[in.ID] = in.CreateTime.Add(offsets[len(order)])
				order = append(order, in.ID)
			}
		}
		if len(order) < len(offsets) {
			if err := wait.Sleep(ctx, 20*time.Millisecond); err != nil {
				return nil, fmt.Errorf("waiting for the creates: %w", err)
			}
		}
	}
	slices.SortFunc(order, func(a, b string) int { return due[a].Compare(due[b]) })
	at := map[string]time.Time{}
	for _, id := range order {
		if err := wait.Sleep(ctx, time.Until(due[id])); err != nil {
			return nil, err
		}
		at[id] = time.Now()
		if err := mock.setStatus(ctx, id, bccmock.StatusRunning); err != nil {
			return nil, err
		}
	}
	return at, nil
}

// releaseLagResult is the release-lag scenario.
type releaseLagResult struct {
	Release []releaseSample
	Gone    []readySample
	Destroy tfRun
	// FirstWindow and LastWindow are when the first and last creating
	// windows ended, relative to the first DELETE of the destroy.
	FirstWindow, LastWindow time.Duration
}

// releaseLagScenario needs creating windows that end at moments spread over
// the span after the destroy starts. The mock has one creating window for
// every instance, so the benchmark staggers the creates instead: it creates
// the instances itself, evenly over the span, imports them into Terraform
// with one apply, and starts the destroy just before the first window ends.
// gate is closed when the other scenario running meanwhile is done, so
// that the import and the destroy run alone.
func (b *bench) releaseLagScenario(ctx context.Context, gate <-chan struct{}) (releaseLagResult, error) {
	var res releaseLagResult
	p := b.p
	window := p.LagSpread + p.LagLead
	mock, err := b.startMock(ctx, "release-lag", mockSettings{
		Latency: p.Latency, BootTime: 2 * time.Second, CreatingWindow: window, DeletedPhase: p.DeletedPhase, Seed: 12,
	})
	if err != nil {
		return res, err
	}
	defer b.stopMock(mock)
	ws, err := b.newWorkspace("release-lag", mock)
	if err != nil {
		return res, err
	}
	c, err := client.New(client.Config{
		Credentials: bceauth.Credentials{AccessKey: bccmock.DemoAccessKey, SecretKey: bccmock.DemoSecretKey},
		Endpoint:    mock.URL,
		MaxRetries:  3,
	})
	if err != nil {
		return res, err
	}

	b.logf("release-lag: creating %d instances over %s (creating window %s)", p.LagN, p.LagSpread, window)
	start := time.Now()
	var step time.Duration
	if p.LagN > 1 {
		step = p.LagSpread / time.Duration(p.LagN-1)
	}
	instances := make([]importedInstance, p.LagN)
	for i := range instances {
		if err := wait.Sleep(ctx, time.Until(start.Add(time.Duration(i)*step))); err != nil {
			return res, err
		}
		name := fmt.Sprintf("release-lag-%d", i)
		out, err := c.CreateInstanceBySpec(ctx, client.NewClientToken(), client.CreateInstanceBySpecRequest{
			Spec: benchSpec, ImageID: benchImage, ZoneName: benchZone, Name: name, PurchaseCount: 1,
			Billing: client.Billing{PaymentTiming: "Postpaid"},
		})
		if err != nil {
			return res, fmt.Errorf("creating %s: %w", name, err)
		}
		instances[i] = importedInstance{ID: out.InstanceIDs[0], Name: name}
	}
	select {
	case <-gate:
	case <-ctx.Done():
		return res, ctx.Err()
	}

	b.logf("release-lag: importing them")
	if err := ws.writeConfig(importConfig("rel", instances)); err != nil {
		return res, err
	}
	if _, err := ws.mustRun(ctx, fmt.Sprintf("Resources: %d imported, 0 added, 0 changed, 0 destroyed", p.LagN), tfArgs("apply", p.LagN)...); err != nil {
		return res, err
	}
	list, err := mock.instances(ctx)
	if err != nil {
		return res, err
	}
	windowEnd := map[string]time.Time{}
	for _, in := range list {
		windowEnd[in.ID] = in.CreatingUntil
	}
	var ends []time.Time
	for _, in := range instances {
		end, ok := windowEnd[in.ID]
		if !ok {
			return res, fmt.Errorf("instance %s is missing on the mock after the import", in.ID)
		}
		ends = append(ends, end)
	}
	// Terraform takes about a second from launch to its first DELETE
	// (start-up, refresh, plan): launch that much before the first window
	// ends. The figures use the real moments, whatever this guess.
	launch := slices.MinFunc(ends, time.Time.Compare).Add(-p.DestroyHeadStart)
	if untilLaunch := time.Until(launch); untilLaunch > 0 {
		b.logf("release-lag: destroy in %s, when the first creating window is about to end", untilLaunch.Round(100*time.Millisecond))
		if err := wait.Sleep(ctx, untilLaunch); err != nil {
			return res, err
		}
	} else {
		b.logf("release-lag: WARNING: the import ended %s after the planned destroy start; the earliest windows end before the destroy", -untilLaunch)
	}
	var recs []bccmock.RequestRecord
	res.Destroy, recs, err = ws.destroyRecorded(ctx, mock, fmt.Sprintf("Resources: %d destroyed", p.LagN), tfArgs("destroy", p.LagN)...)
	if err != nil {
		return res, err
	}
	if err := dumpJSON(ws.Dir, "window-ends.json", windowEnd); err != nil {
		return res, err
	}
	if res.Release, err = releaseSamples(recs, windowEnd); err != nil {
		return res, err
	}
	var firstDelete time.Time
	for _, r := range recs {
		if r.Route == bccmock.RouteReleaseInstance && r.Method == http.MethodDelete && (firstDelete.IsZero() || r.Time.Before(firstDelete)) {
			firstDelete = r.Time
		}
	}
	res.FirstWindow = slices.MinFunc(ends, time.Time.Compare).Sub(firstDelete)
	res.LastWindow = slices.MaxFunc(ends, time.Time.Compare).Sub(firstDelete)
	res.Gone, err = goneLags(recs)
	return res, err
}
