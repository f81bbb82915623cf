package bccmock

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDeletionProtectionRoute(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.create(minimalCreate())
	path := "/v2/instance/" + id + "/deletionProtection"

	r := h.do(http.MethodPut, path, map[string]any{"deletionProtection": 1})
	expectOK(t, r)
	if len(r.body) != 0 {
		t.Fatalf("answered a body: %s", r.body)
	}
	d, _ := h.get(id)
	if d.Raw["deletionProtection"] != float64(1) {
		t.Fatalf("detail shows %v (%T)", d.Raw["deletionProtection"], d.Raw["deletionProtection"])
	}
	if !strings.Contains(string(h.do(http.MethodGet, "/v2/instance", nil).body), `"deletionProtection":1`) {
		t.Fatal("list does not show the protection as an int")
	}
	if !strings.Contains(string(h.do(http.MethodPost, "/v2/instance/listByInstanceId", map[string]any{"instanceIds": []string{id}}).body), `"deletionProtection":1`) {
		t.Fatal("listByInstanceId does not show the protection")
	}
	if n := h.srv.RequestCount(http.MethodPut, RouteModifyDeletionProtection); n != 1 {
		t.Fatalf("route counted %d", n)
	}

	for _, bad := range []string{`{"deletionProtection":2}`, `{"deletionProtection":"1"}`, `{"deletionProtection":true}`,
		`{"deletionProtection":-1}`, `{"deletionProtection":1.5}`, `{}`, `{"deletionProtection":null}`, `{"DeletionProtection":1}`} {
		r := h.do(http.MethodPut, path, bad)
		expectError(t, r, 400, CodeBadRequest)
		if r.message != "invalid DeletionProtection value" {
			t.Fatalf("%s: message %q", bad, r.message)
		}
	}
	expectError(t, h.do(http.MethodPut, path, `not json`), 400, CodeMalformedJSON)
	expectError(t, h.do(http.MethodPut, "/v2/instance/i-nothere1/deletionProtection", map[string]any{"deletionProtection": 0}), 404, CodeNoSuchObject)

	expectOK(t, h.do(http.MethodPut, path, map[string]any{"deletionProtection": 0}))
	if snap, _ := h.srv.Instance(id); snap.DeletionProtection != 0 {
		t.Fatalf("after 0: %d", snap.DeletionProtection)
	}
}

func TestDeletionProtectionOnCreate(t *testing.T) {
	h := newHarness(t, Config{})
	for _, v := range []any{0, 1, "0", "1"} {
		b := minimalCreate()
		b["deletionProtection"] = v
		id := h.create(b)
		want := 0
		if v == 1 || v == "1" {
			want = 1
		}
		if snap, _ := h.srv.Instance(id); snap.DeletionProtection != want {
			t.Fatalf("%v: protection %d", v, snap.DeletionProtection)
		}
	}
	for _, v := range []any{2, "2", "yes", true, -1} {
		b := minimalCreate()
		b["deletionProtection"] = v
		r := h.do(http.MethodPost, "/v2/instanceBySpec", b)
		expectError(t, r, 400, CodeInappropriateJSON)
		if !strings.Contains(r.message, "deletionProtection") {
			t.Fatalf("%v: message %q", v, r.message)
		}
	}
}

func TestDeletionProtectionRefusesEveryManualRelease(t *testing.T) {
	h := newHarness(t, Config{})
	b := minimalCreate()
	b["deletionProtection"] = 1
	id := h.create(b)
	for _, rel := range []struct {
		method, path string
		body         any
	}{
		{http.MethodDelete, "/v2/instance/" + id, nil},
		{http.MethodPost, "/v2/instance/" + id, map[string]any{"relatedReleaseFlag": true}},
		{http.MethodPost, "/v2/instance/delete", map[string]any{"instanceId": id}},
		{http.MethodPost, "/v2/instance/delete?instanceId=" + id, nil},
	} {
		r := h.do(rel.method, rel.path, rel.body)
		expectError(t, r, 403, CodeDeletionProtection)
		if r.message != "Instance can not release with DeletionProtection." {
			t.Fatalf("message %q", r.message)
		}
	}
	if s := h.status(id); s != StatusRunning {
		t.Fatalf("protected instance is %s", s)
	}
	if !h.srv.SetInstanceDeletionProtectionOutOfBand(id, false) {
		t.Fatal("out-of-band change refused")
	}
	expectOK(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil))
	if h.srv.SetInstanceDeletionProtectionOutOfBand(id, true) {
		t.Fatal("out-of-band change on a released instance")
	}
}

func TestDeletionProtectionConfigurableCodeAndOrder(t *testing.T) {
	h := newHarness(t, Config{DeletionProtectionCode: "Instance.InDeletionProtection", CreatingWindow: time.Minute})
	id := h.create(minimalCreate())
	expectError(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil), 403, CodeReleaseWhileCreating)
	h.srv.SetInstanceDeletionProtectionOutOfBand(id, true)
	// Protection is reported before the passing creating window.
	expectError(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil), 403, "Instance.InDeletionProtection")
}

func TestDeletionProtectionDoesNotStopExpiry(t *testing.T) {
	h := newHarness(t, Config{PrepaidExpireAfter: time.Hour})
	b := prepaidCreate(1)
	b["deletionProtection"] = "1"
	id := h.create(b)
	h.clock.Advance(time.Hour)
	if s := h.status(id); s != StatusExpired {
		t.Fatalf("protected prepaid instance after expiry: %s", s)
	}
	expectError(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil), 403, CodeDeletionProtection)
}
