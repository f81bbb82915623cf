package bccmock

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAdminOffByDefault(t *testing.T) {
	h := newHarness(t, Config{})
	status, body := h.admin(http.MethodPost, "/_mock/advance?d=1h")
	if status != 400 || !strings.Contains(body, CodeInvalidHTTPAuthHeader) {
		t.Fatalf("admin endpoint without Admin: %d %s", status, body)
	}
	if !h.srv.Now().Equal(epoch) {
		t.Fatal("clock moved")
	}
}

func TestAdminEndpoints(t *testing.T) {
	h := newHarness(t, Config{Admin: true, BootTime: time.Minute})
	body := minimalCreate()
	body["adminPass"] = encrypt(t, "Secret-Pass1", testCred.SecretKey)
	id := h.create(body)

	status, out := h.admin(http.MethodGet, "/_mock/instances")
	if status != 200 || !strings.Contains(out, id) || !strings.Contains(out, `"Starting"`) {
		t.Fatalf("instances: %d %s", status, out)
	}
	if strings.Contains(out, "Secret-Pass1") || strings.Contains(out, "AdminPass") {
		t.Fatalf("admin listing exposes the password: %s", out)
	}

	status, out = h.admin(http.MethodPost, "/_mock/advance?d=2m")
	if status != 200 || !strings.Contains(out, "2025-03-14T09:28:53Z") {
		t.Fatalf("advance: %d %s", status, out)
	}
	if s := h.status(id); s != StatusRunning {
		t.Fatalf("after admin advance: %s", s)
	}
	if status, _ = h.admin(http.MethodPost, "/_mock/advance?d=soon"); status != 400 {
		t.Fatalf("bad duration answered %d", status)
	}

	if status, out = h.admin(http.MethodPost, "/_mock/instance/"+id+"?name=drifted&status=Stopped"); status != 200 || !strings.Contains(out, "drifted") {
		t.Fatalf("drift: %d %s", status, out)
	}
	if d, _ := h.get(id); d.Name != "drifted" || d.Status != StatusStopped {
		t.Fatalf("after drift %+v", d)
	}
	if status, _ = h.admin(http.MethodPost, "/_mock/instance/"+id+"?status=Bogus"); status != 400 {
		t.Fatalf("bogus status answered %d", status)
	}
	if status, _ = h.admin(http.MethodPost, "/_mock/instance/"+id); status != 400 {
		t.Fatalf("no change answered %d", status)
	}

	status, out = h.admin(http.MethodGet, "/_mock/requests?records=1")
	var reqs struct {
		Counts  []RouteCount    `json:"counts"`
		Records []RequestRecord `json:"records"`
	}
	if status != 200 || json.Unmarshal([]byte(out), &reqs) != nil || len(reqs.Counts) == 0 || len(reqs.Records) == 0 {
		t.Fatalf("requests: %d %s", status, out)
	}
	for _, rec := range reqs.Records {
		if strings.HasPrefix(rec.Path, "/_mock/") {
			t.Fatalf("admin request recorded: %+v", rec)
		}
	}
	if status, _ = h.admin(http.MethodPost, "/_mock/requests/reset"); status != 200 || len(h.srv.Requests()) != 0 {
		t.Fatal("reset failed")
	}

	if status, out = h.admin(http.MethodPost, "/_mock/faults?error-rate=1"); status != 200 {
		t.Fatalf("faults: %d %s", status, out)
	}
	if r := h.do(http.MethodGet, "/v2/instance", nil); r.status < 500 {
		t.Fatalf("error-rate 1 answered %d", r.status)
	}
	if status, _ = h.admin(http.MethodPost, "/_mock/faults?error-rate=2"); status != 400 {
		t.Fatal("error-rate 2 accepted")
	}
	if status, _ = h.admin(http.MethodPost, "/_mock/faults"); status != 200 || h.srv.CurrentFaults() != (Faults{}) {
		t.Fatal("faults not cleared")
	}

	if status, out = h.admin(http.MethodPost, "/_mock/script?route=ListInstances&n=1&status=503&code=ServiceUnavailable"); status != 200 {
		t.Fatalf("script: %d %s", status, out)
	}
	expectError(t, h.do(http.MethodGet, "/v2/instance", nil), 503, CodeServiceUnavailable)
	expectOK(t, h.do(http.MethodGet, "/v2/instance", nil))
	for _, bad := range []string{"/_mock/script?route=Nope&n=1&status=500&code=X", "/_mock/script?route=ListInstances&n=0&status=500&code=X",
		"/_mock/script?route=ListInstances&n=1&status=200&code=X", "/_mock/drop-after?route=Nope&n=1"} {
		if status, _ = h.admin(http.MethodPost, bad); status != 400 {
			t.Fatalf("%s answered %d", bad, status)
		}
	}
	if status, _ = h.admin(http.MethodPost, "/_mock/drop-after?route=ListInstances&n=1"); status != 200 {
		t.Fatal("drop-after refused")
	}
	if got := h.outcome("/v2/instance"); got != "dropped" {
		t.Fatalf("after drop-after: %s", got)
	}

	if status, _ = h.admin(http.MethodPost, "/_mock/instance/"+id+"?delete"); status != 200 {
		t.Fatal("delete failed")
	}
	if _, r := h.get(id); r.status != 404 {
		t.Fatal("deleted instance still served")
	}
	if status, out = h.admin(http.MethodGet, "/_mock/nothing"); status != 404 || !strings.Contains(out, "InvalidAdminRequest") {
		t.Fatalf("unknown admin path: %d %s", status, out)
	}
}

func TestFaultsFromQuery(t *testing.T) {
	f, err := faultsFromQuery(map[string][]string{
		"error-rate": {"0.25"}, "drop-rate": {"0.1"}, "rate-limit": {"5"}, "burst": {"7"}, "retry-after": {"2s"}, "html-502": {"true"},
	})
	want := Faults{ErrorRate: 0.25, DropRate: 0.1, RateLimit: 5, Burst: 7, RetryAfter: 2 * time.Second, HTMLBadGateway: true}
	if err != nil || f != want {
		t.Fatalf("got %+v %v", f, err)
	}
	for _, bad := range []map[string][]string{{"drop-rate": {"-0.1"}}, {"burst": {"x"}}, {"retry-after": {"2"}}, {"rate-limit": {"-1"}}} {
		if _, err := faultsFromQuery(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
