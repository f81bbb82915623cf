package main

import (
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func at(seconds float64) time.Time { return t0.Add(time.Duration(seconds * float64(time.Second))) }

const rtt = 50 * time.Millisecond

func del(id string, arrival float64, status int) bccmock.RequestRecord {
	r := bccmock.RequestRecord{Time: at(arrival), Method: http.MethodDelete, Route: bccmock.RouteReleaseInstance,
		InstanceID: id, Status: status, Duration: rtt}
	if status == http.StatusForbidden {
		r.Code = client.CodeReleaseWhileCreating
	}
	return r
}

func get(id string, arrival float64, status int) bccmock.RequestRecord {
	return bccmock.RequestRecord{Time: at(arrival), Method: http.MethodGet, Route: bccmock.RouteGetInstance,
		InstanceID: id, Status: status, Duration: rtt}
}

func near(t *testing.T, what string, got, want time.Duration) {
	t.Helper()
	if d := got - want; d < -time.Microsecond || d > time.Microsecond {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func TestReleaseSamples(t *testing.T) {
	recs := []bccmock.RequestRecord{
		// i-wait: refused twice, released on the third try after its window ended at 3 s.
		del("i-wait", 1, http.StatusForbidden), // out of order on purpose
		del("i-wait", 0, http.StatusForbidden),
		del("i-wait", 3.2, http.StatusOK),
		get("i-wait", 3.3, http.StatusOK),
		// i-ready: its window ended before the destroy reached it.
		del("i-ready", 0.5, http.StatusOK),
	}
	got, err := releaseSamples(recs, map[string]time.Time{"i-wait": at(3), "i-ready": at(-1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "i-ready" || got[1].ID != "i-wait" {
		t.Fatalf("samples %+v, want i-ready then i-wait", got)
	}
	ready, wait := got[0], got[1]
	// Measured from the first DELETE, not from the window end a second
	// earlier, which Terraform's start-up would otherwise count.
	near(t, "i-ready lag", ready.Lag, rtt)
	if ready.Refused != 0 || ready.Waited != 0 {
		t.Errorf("i-ready refused %d, waited %s; want 0, 0", ready.Refused, ready.Waited)
	}
	near(t, "i-wait lag", wait.Lag, 250*time.Millisecond) // answered at 3.25 s, possible at 3 s
	if wait.Refused != 2 {
		t.Errorf("i-wait refused %d, want 2", wait.Refused)
	}
	near(t, "i-wait waited", wait.Waited, 3250*time.Millisecond)
	if !wait.FirstTry.Equal(at(0)) {
		t.Errorf("i-wait first try %s, want the earliest DELETE", wait.FirstTry)
	}
}

func TestReleaseSamplesRejectsInconsistentLogs(t *testing.T) {
	for name, tc := range map[string]struct {
		recs []bccmock.RequestRecord
		want string
	}{
		"never released": {
			[]bccmock.RequestRecord{del("i-a", 0, http.StatusForbidden)}, "none succeeded"},
		"no DELETE": {
			[]bccmock.RequestRecord{get("i-a", 0, http.StatusOK)}, "no DELETE"},
		"released before the window ended": {
			[]bccmock.RequestRecord{del("i-a", 1, http.StatusOK)}, "before its creating window ended"},
		"another error": {
			[]bccmock.RequestRecord{del("i-a", 0, http.StatusInternalServerError), del("i-a", 6, http.StatusOK)}, "answered 500"},
		"DELETE after the release": {
			[]bccmock.RequestRecord{del("i-a", 6, http.StatusOK), del("i-a", 7, http.StatusOK)}, "already released"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := releaseSamples(tc.recs, map[string]time.Time{"i-a": at(5)})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestRefusedPerMinute(t *testing.T) {
	samples := []releaseSample{
		{ID: "i-fast", Refused: 2, Waited: 4 * time.Second},  // 30 per minute
		{ID: "i-slow", Refused: 3, Waited: 16 * time.Second}, // 11.25 per minute
		{ID: "i-none", Refused: 0, Waited: 0},                // did not wait: not counted
	}
	rate, ok := refusedPerMinute(samples)
	if !ok || math.Abs(rate-15) > 1e-9 { // 5 refused over 20 s
		t.Errorf("refusedPerMinute = %v, %v; want 15, true", rate, ok)
	}
	worst, who := worstRefusedPerMinute(samples)
	if who.ID != "i-fast" || math.Abs(worst-30) > 1e-9 {
		t.Errorf("worst = %v (%s), want 30 (i-fast)", worst, who.ID)
	}
	if _, ok := refusedPerMinute(samples[2:]); ok {
		t.Error("refusedPerMinute reported a rate although no instance waited")
	}
}

func TestCreateLags(t *testing.T) {
	recs := []bccmock.RequestRecord{
		get("i-a", 0.1, http.StatusOK),
		get("i-a", 2.6, http.StatusOK),
		get("i-a", 1.1, http.StatusOK),
		get("i-b", 0.1, http.StatusOK),
		{Time: at(0.2), Route: bccmock.RouteListVolumes, Status: http.StatusOK, Duration: rtt},
	}
	got, err := createLags(recs, map[string]time.Time{"i-a": at(2), "i-b": at(0.1)})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "i-a lag", got[0].Lag, 650*time.Millisecond) // last GET answered at 2.65 s
	if got[0].Polls != 3 {
		t.Errorf("i-a polls %d, want 3", got[0].Polls)
	}
	near(t, "i-b lag", got[1].Lag, rtt)

	if _, err := createLags(recs, map[string]time.Time{"i-a": at(3)}); err == nil || !strings.Contains(err.Error(), "before the instance was Running") {
		t.Errorf("a last GET before Running gave %v", err)
	}
	if _, err := createLags(recs, map[string]time.Time{"i-c": at(1)}); err == nil || !strings.Contains(err.Error(), "never read") {
		t.Errorf("an instance never read gave %v", err)
	}
}

func TestFinishLags(t *testing.T) {
	recs := []bccmock.RequestRecord{
		get("i-a", 2, http.StatusOK),
		{Time: at(2.1), Route: bccmock.RouteListVolumes, Query: "instanceId=i-a", Status: http.StatusOK, Duration: rtt},
		{Time: at(2.2), Route: bccmock.RouteListInstances, Status: http.StatusOK, Duration: rtt}, // names no instance
	}
	got := finishLags(recs, map[string]time.Time{"i-a": at(1.9), "i-gone": at(0)})
	if len(got) != 1 {
		t.Fatalf("lags %v, want one (i-gone has no call)", got)
	}
	near(t, "finish", got[0], 250*time.Millisecond)
}

func TestGoneLags(t *testing.T) {
	recs := []bccmock.RequestRecord{
		get("i-a", 0, http.StatusOK), // the refresh before the destroy
		del("i-a", 1, http.StatusForbidden),
		del("i-a", 5, http.StatusOK), // released at 5.05 s
		get("i-a", 5.06, http.StatusOK),
		get("i-a", 6, http.StatusNotFound),
		get("i-b", 0, http.StatusOK),
		del("i-b", 0.1, http.StatusForbidden), // never released in this log: not a sample
	}
	got, err := goneLags(recs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "i-a" {
		t.Fatalf("samples %+v, want only i-a", got)
	}
	near(t, "lag", got[0].Lag, 60*time.Millisecond) // 5.05 s → answered at 5.11 s
	if got[0].Polls != 2 {
		t.Errorf("polls %d, want 2 (the refresh GET is not part of the wait)", got[0].Polls)
	}

	// The mock stamps arrival after starting its duration clock, so on a
	// busy machine a DELETE's computed answer time can pass the arrival of
	// the GET that followed it; that GET still belongs to the wait.
	late := del("i-c", 1, http.StatusOK)
	late.Duration = 80 * time.Millisecond // computed answer 1.08 s
	got, err = goneLags([]bccmock.RequestRecord{get("i-c", 0.5, http.StatusOK), late, get("i-c", 1.07, http.StatusOK)})
	if err != nil || len(got) != 1 || got[0].Polls != 1 {
		t.Errorf("GET right after a late-stamped DELETE: %+v, %v; want one sample with one poll", got, err)
	}

	_, err = goneLags([]bccmock.RequestRecord{get("i-a", 0, http.StatusOK), del("i-a", 1, http.StatusOK)})
	if err == nil || !strings.Contains(err.Error(), "never read it afterwards") {
		t.Errorf("a release without a later GET gave %v", err)
	}
}

func TestCallsPerInstance(t *testing.T) {
	per, unnamed := callsPerInstance([]bccmock.RequestRecord{
		get("i-a", 0, http.StatusOK),
		{Route: bccmock.RouteListVolumes, Query: "instanceId=i-a"},
		get("i-b", 0, http.StatusOK),
		{Route: bccmock.RouteListInstances, Query: "maxKeys=1000"},
	})
	if per["i-a"] != 2 || per["i-b"] != 1 || unnamed != 1 || len(per) != 2 {
		t.Errorf("per %v, unnamed %d; want i-a 2, i-b 1, unnamed 1", per, unnamed)
	}
	// A listing counts for every instance it answered with.
	per, unnamed = callsPerInstance([]bccmock.RequestRecord{
		get("i-a", 0, http.StatusOK),
		{Route: bccmock.RouteListInstances, Query: "maxKeys=1000", ListedIDs: []string{"i-a", "i-b", "i-c"}},
	})
	if per["i-a"] != 2 || per["i-b"] != 1 || per["i-c"] != 1 || unnamed != 0 {
		t.Errorf("with a listing: per %v, unnamed %d; want i-a 2, i-b 1, i-c 1, unnamed 0", per, unnamed)
	}
}

func TestSplitDestroy(t *testing.T) {
	recs := []bccmock.RequestRecord{
		get("i-a", 0.5, http.StatusOK),
		get("i-b", 0.6, http.StatusOK),
		del("i-a", 2, http.StatusOK),
		get("i-a", 2.1, http.StatusOK),
	}
	d := splitDestroy(recs)
	if !d.RefreshFirst.Equal(at(0.5)) || !d.RefreshLast.Equal(at(0.65)) {
		t.Errorf("refresh %s-%s, want 0.5-0.65 s", d.RefreshFirst.Sub(t0), d.RefreshLast.Sub(t0))
	}
	if !d.ReleaseFirst.Equal(at(2)) || !d.ReleaseLast.Equal(at(2.15)) {
		t.Errorf("release %s-%s, want 2-2.15 s", d.ReleaseFirst.Sub(t0), d.ReleaseLast.Sub(t0))
	}
}

func TestSummarize(t *testing.T) {
	s := summarize([]time.Duration{5, 1, 3, 2, 4}) // nanoseconds; only the order matters
	if s.N != 5 || s.Median != 3 || s.Min != 1 || s.Max != 5 || s.Mean != 3 || s.P90 != 5 {
		t.Errorf("odd: %+v", s)
	}
	even := summarize([]time.Duration{4, 1, 3, 2})
	if even.Median != 2 { // (2+3)/2 in integer nanoseconds
		t.Errorf("even median %d, want 2", even.Median)
	}
	var ten []time.Duration
	for i := 1; i <= 10; i++ {
		ten = append(ten, time.Duration(i))
	}
	if p := summarize(ten).P90; p != 9 {
		t.Errorf("p90 of 1..10 = %d, want 9 (nearest rank)", p)
	}
	if z := summarize(nil); z.N != 0 || z.Max != 0 {
		t.Errorf("empty: %+v", z)
	}
}

func TestSpreadOffsets(t *testing.T) {
	got := spreadOffsets(50, 60*time.Second, 1)
	sorted := slices.Clone(got)
	slices.Sort(sorted)
	if sorted[0] != 0 || sorted[49] != 60*time.Second {
		t.Errorf("range %s-%s, want 0-60s", sorted[0], sorted[49])
	}
	for i := 1; i < len(sorted); i++ {
		near(t, "gap", sorted[i]-sorted[i-1], 60*time.Second/49)
	}
	if slices.Equal(got, sorted) {
		t.Error("offsets are in creation order; they should be shuffled")
	}
	if again := spreadOffsets(50, 60*time.Second, 1); !slices.Equal(got, again) {
		t.Error("the same seed gave a different order")
	}
	if one := spreadOffsets(1, time.Minute, 1); len(one) != 1 || one[0] != 0 {
		t.Errorf("one instance: %v", one)
	}
}

func batchRead(arrival float64, ids ...string) bccmock.RequestRecord {
	return bccmock.RequestRecord{Time: at(arrival), Method: http.MethodPost, Route: bccmock.RouteListInstancesByIDs,
		BatchIDs: ids, Status: http.StatusOK, Duration: rtt}
}

// With batching, a create wait's reads are batch calls shared by several
// instances: each counts for every id it asked for, and once as a call.
func TestBatchReadsCountForEachInstance(t *testing.T) {
	recs := []bccmock.RequestRecord{
		batchRead(0.5, "i-a", "i-b"),
		batchRead(2, "i-a", "i-b", "i-a"), // a repeated id counts once
		batchRead(3.5, "i-b"),
		get("i-c", 4, http.StatusOK),
	}
	got, err := createLags(recs, map[string]time.Time{"i-a": at(1), "i-b": at(3), "i-c": at(3.9)})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Polls != 2 || got[1].Polls != 3 || got[2].Polls != 1 {
		t.Errorf("polls %d %d %d, want 2 3 1", got[0].Polls, got[1].Polls, got[2].Polls)
	}
	near(t, "i-a lag", got[0].Lag, at(2).Add(rtt).Sub(at(1)))
	near(t, "i-b lag", got[1].Lag, at(3.5).Add(rtt).Sub(at(3)))
	if n := readCalls(recs); n != 4 {
		t.Errorf("%d read calls, want 4", n)
	}
	per, unnamed := callsPerInstance(recs)
	if per["i-a"] != 2 || per["i-b"] != 3 || per["i-c"] != 1 || unnamed != 0 {
		t.Errorf("per instance %v, unnamed %d", per, unnamed)
	}
}
