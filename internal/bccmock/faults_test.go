package bccmock

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

func TestFaultErrorRateAll(t *testing.T) {
	h := newHarness(t, Config{})
	h.srv.SetFaults(Faults{ErrorRate: 1})
	seen := map[int]bool{}
	for range 30 {
		r := h.do(http.MethodPost, "/v2/instanceBySpec", minimalCreate())
		want := map[int]string{500: CodeInternalError, 502: CodeBadGateway, 503: CodeServiceUnavailable}[r.status]
		if want == "" {
			t.Fatalf("status %d with ErrorRate 1", r.status)
		}
		expectError(t, r, r.status, want)
		seen[r.status] = true
	}
	if len(seen) != 3 {
		t.Fatalf("30 injected errors used only statuses %v", seen)
	}
	if n := len(h.srv.Instances()); n != 0 {
		t.Fatalf("injected errors processed %d creates", n)
	}
	for _, rec := range h.srv.Requests() {
		if rec.Fault != "error" || rec.Route != RouteCreateInstanceBySpec {
			t.Fatalf("record %+v", rec)
		}
	}
	if got := h.srv.RequestCount(http.MethodPost, RouteCreateInstanceBySpec); got != 30 {
		t.Fatalf("count %d", got)
	}
}

func TestFaultsAreSeededAndReplayable(t *testing.T) {
	run := func(seed int64) []string {
		h := newHarness(t, Config{Seed: seed})
		h.srv.SetFaults(Faults{ErrorRate: 0.4, DropRate: 0.2})
		var out []string
		for range 40 {
			out = append(out, h.outcome("/v2/instance"))
		}
		// SetFaults resets the generator: the same sequence again.
		h.srv.SetFaults(Faults{ErrorRate: 0.4, DropRate: 0.2})
		for i := range 40 {
			if got := h.outcome("/v2/instance"); got != out[i] {
				t.Fatalf("seed %d: replay after SetFaults differs at %d: %s vs %s", seed, i, got, out[i])
			}
		}
		return out
	}
	a, b, c := run(99), run(99), run(100)
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("same seed, different faults:\n%v\n%v", a, b)
	}
	if strings.Join(a, ",") == strings.Join(c, ",") {
		t.Fatalf("seeds 99 and 100 gave identical faults %v", a)
	}
	kinds := map[string]int{}
	for _, o := range a {
		kinds[o]++
	}
	if kinds["dropped"] == 0 || kinds["200"] == 0 || kinds["500"]+kinds["502"]+kinds["503"] == 0 {
		t.Fatalf("outcomes %v do not mix drops, errors and successes", kinds)
	}
}

func TestFaultDropRate(t *testing.T) {
	h := newHarness(t, Config{})
	h.srv.SetFaults(Faults{DropRate: 1})
	req := h.newRequest(http.MethodPost, "/v2/instanceBySpec", minimalCreate())
	sign(req, h.cred, time.Now())
	if resp, err := h.ts.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("dropped request answered %d", resp.StatusCode)
	}
	if n := len(h.srv.Instances()); n != 0 {
		t.Fatal("a request dropped before processing created an instance")
	}
	recs := h.srv.Requests()
	if len(recs) != 1 || recs[0].Fault != "drop" || recs[0].Status != 0 {
		t.Fatalf("records %+v", recs)
	}
	if h.srv.StatusCount(http.MethodPost, RouteCreateInstanceBySpec, 0) != 1 {
		t.Fatal("dropped request not counted under status 0")
	}
}

func TestFaultRateLimit(t *testing.T) {
	wall := wait.NewSimClock(epoch)
	h := newHarness(t, Config{WallClock: wall})
	h.srv.SetFaults(Faults{RateLimit: 2})
	signAt := func() result {
		req := h.newRequest(http.MethodGet, "/v2/instance", nil)
		sign(req, h.cred, wall.Now())
		return h.send(req)
	}
	expectOK(t, signAt())
	expectOK(t, signAt())
	r := signAt()
	expectError(t, r, 429, CodeRequestLimitExceeded)
	if r.header.Get("Retry-After") != "1" {
		t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
	}
	wall.Advance(500 * time.Millisecond) // one token at 2/s
	expectOK(t, signAt())
	expectError(t, signAt(), 429, CodeRequestLimitExceeded)

	// A slow bucket tells the client how long to wait.
	h.srv.SetFaults(Faults{RateLimit: 0.1})
	expectOK(t, signAt())
	if r := signAt(); r.status != 429 || r.header.Get("Retry-After") != "10" {
		t.Fatalf("slow bucket: %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	// An explicit RetryAfter wins, and a burst lets several through.
	h.srv.SetFaults(Faults{RateLimit: 1, Burst: 3, RetryAfter: 7 * time.Second})
	for range 3 {
		expectOK(t, signAt())
	}
	if r := signAt(); r.status != 429 || r.header.Get("Retry-After") != "7" {
		t.Fatalf("explicit RetryAfter: %d %q", r.status, r.header.Get("Retry-After"))
	}
	if h.srv.CurrentFaults().Burst != 3 {
		t.Fatal("CurrentFaults does not report the settings")
	}
}

func TestFaultScript(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.create(minimalCreate())
	h.srv.Script(RouteGetInstance, 1, 500, CodeInternalError)
	h.srv.Script(RouteGetInstance, 1, 429, "TooManyRequests")
	h.srv.Script(RouteReleaseInstance, 2, 403, CodeReleaseWhileCreating)

	// A request that fails authentication does not consume the script.
	req := h.newRequest(http.MethodGet, "/v2/instance/"+id, nil)
	expectError(t, h.send(req), 400, CodeInvalidHTTPAuthHeader)

	_, r := h.get(id)
	expectError(t, r, 500, CodeInternalError)
	_, r = h.get(id)
	expectError(t, r, 429, "TooManyRequests")
	if r.header.Get("Retry-After") == "" {
		t.Fatal("scripted 429 without Retry-After")
	}
	_, r = h.get(id)
	expectOK(t, r)

	expectError(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil), 403, CodeReleaseWhileCreating)
	expectError(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil), 403, CodeReleaseWhileCreating)
	expectOK(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil))

	h.srv.Script(RouteListInstances, 5, 503, CodeServiceUnavailable)
	h.srv.ClearScripts()
	expectOK(t, h.do(http.MethodGet, "/v2/instance", nil))

	if got := h.srv.StatusCount(http.MethodDelete, RouteReleaseInstance, 403); got != 2 {
		t.Fatalf("scripted 403s counted %d", got)
	}
	mustPanic(t, "unknown route", func() { h.srv.Script("DeleteInstance", 1, 500, "x") })
	mustPanic(t, "not an error status", func() { h.srv.Script(RouteGetInstance, 1, 200, "x") })
	mustPanic(t, "unknown route", func() { h.srv.DropAfterProcessing("nope", 1) })
}

func TestFaultDropAfterProcessingProvesIdempotency(t *testing.T) {
	h := newHarness(t, Config{})
	h.srv.DropAfterProcessing(RouteCreateInstanceBySpec, 1)

	req := h.newRequest(http.MethodPost, "/v2/instanceBySpec?clientToken=retry-me", minimalCreate())
	sign(req, h.cred, time.Now())
	if resp, err := h.ts.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("dropped create answered %d", resp.StatusCode)
	}
	list := h.srv.Instances()
	if len(list) != 1 {
		t.Fatalf("the dropped create was not processed: %d instances", len(list))
	}
	// The client's retry with the same token gets the instance it created.
	r := h.do(http.MethodPost, "/v2/instanceBySpec?clientToken=retry-me", minimalCreate())
	expectOK(t, r)
	if !strings.Contains(string(r.body), list[0].ID) || len(h.srv.Instances()) != 1 {
		t.Fatalf("retry answered %s; instances %d", r.body, len(h.srv.Instances()))
	}
	recs := h.srv.Requests()
	if recs[0].Fault != "drop-after-processing" || recs[0].Status != 200 || recs[1].Fault != "" {
		t.Fatalf("records %+v", recs)
	}
}

func TestFaultHTMLBadGateway(t *testing.T) {
	h := newHarness(t, Config{Seed: 3})
	h.srv.SetFaults(Faults{ErrorRate: 1, HTMLBadGateway: true})
	for range 50 {
		r := h.do(http.MethodGet, "/v2/instance", nil)
		if r.status != 502 {
			continue
		}
		if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), "502 Bad Gateway") {
			t.Fatalf("HTML 502: %q %s", r.header.Get("Content-Type"), r.body)
		}
		if r.header.Get("x-bce-request-id") == "" {
			t.Fatal("502 without request id header")
		}
		return
	}
	t.Fatal("no 502 in 50 injected errors")
}

func TestFaultLatency(t *testing.T) {
	h := newHarness(t, Config{Latency: 30 * time.Millisecond})
	start := time.Now()
	expectOK(t, h.do(http.MethodGet, "/v2/instance", nil))
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("answered in %v despite 30ms latency", d)
	}

	// A client that gives up during the latency is recorded, not processed.
	slow := New(Config{Latency: time.Hour, Credentials: []Credential{testCred}})
	req := httptest.NewRequest(http.MethodPost, "http://mock/v2/instanceBySpec", strings.NewReader(`{}`))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	slow.ServeHTTP(rec, req.WithContext(ctx))
	recs := slow.Requests()
	if len(recs) != 1 || recs[0].Fault != "client-gone" || rec.Body.Len() != 0 {
		t.Fatalf("records %+v body %q", recs, rec.Body.String())
	}
}
