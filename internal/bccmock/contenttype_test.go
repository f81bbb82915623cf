package bccmock

import (
	"net/http"
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/services/bcc/api"
)

// sendWithContentType sends a signed request whose Content-Type values are
// exactly ct (none for an empty ct), with or without a body.
func (h *harness) sendWithContentType(method, pathQuery string, body any, ct ...string) result {
	h.t.Helper()
	req := h.newRequest(method, pathQuery, body)
	req.Header.Del("Content-Type")
	for _, v := range ct {
		req.Header.Add("Content-Type", v)
	}
	sign(req, h.cred, time.Now())
	return h.send(req)
}

// Config.RequireContentType: every signed request must say it is JSON in
// UTF-8, bodiless ones (GET, DELETE, ?start) too, or it is refused with 400
// InvalidHTTPRequest before it does anything. Both spellings Baidu's
// clients use pass.
func TestRequireContentType(t *testing.T) {
	h := newHarness(t, Config{RequireContentType: true})
	id := h.create(minimalCreate())
	before := h.srv.mustInstance(t, id)

	calls := []struct {
		method, pathQuery string
		body              any
	}{
		{http.MethodGet, "/v2/instance", nil},
		{http.MethodGet, "/v2/instance/" + id, nil},
		{http.MethodPut, "/v2/instance/" + id + "?start", nil},
		{http.MethodDelete, "/v2/instance/" + id, nil},
		{http.MethodPut, "/v2/instance/" + id + "?modifyAttribute", map[string]string{"name": "renamed"}},
		{http.MethodPost, "/v2/instance/listByInstanceId", map[string][]string{"instanceIds": {id}}},
	}
	for _, bad := range [][]string{nil, {""}, {"text/plain"}, {"application/json; charset=gbk"}, {"application/json", "application/json"}} {
		for _, c := range calls {
			r := h.sendWithContentType(c.method, c.pathQuery, c.body, bad...)
			expectError(t, r, http.StatusBadRequest, CodeInvalidHTTPRequest)
		}
	}
	if in := h.srv.mustInstance(t, id); in.Name != before.Name || in.Released {
		t.Fatalf("a refused request changed the instance: %+v", in)
	}
	if n := h.srv.StatusCount(http.MethodDelete, RouteReleaseInstance, http.StatusBadRequest); n != 5 {
		t.Errorf("%d refused releases recorded, want 5", n)
	}

	for _, good := range []string{"application/json; charset=utf-8", "application/json;charset=utf-8", "application/json", "Application/JSON; charset=UTF-8"} {
		expectOK(t, h.sendWithContentType(http.MethodGet, "/v2/instance/"+id, nil, good))
	}
	expectOK(t, h.sendWithContentType(http.MethodPut, "/v2/instance/"+id+"?modifyAttribute", map[string]string{"name": "renamed"}, "application/json;charset=utf-8"))
	if in := h.srv.mustInstance(t, id); in.Name != "renamed" {
		t.Fatalf("name %q after an accepted rename", in.Name)
	}

	// The signature is checked first: a forged request learns nothing.
	req := h.newRequest(http.MethodGet, "/v2/instance", nil)
	sign(req, Credential{AccessKey: h.cred.AccessKey, SecretKey: "not-the-secret-key-0123456789ab"}, time.Now())
	expectError(t, h.send(req), http.StatusBadRequest, CodeSignatureDoesNotMatch)

	// Without the knob the header is not needed: Baidu's Python SDK sends
	// none.
	loose := newHarness(t, Config{})
	expectOK(t, loose.sendWithContentType(http.MethodGet, "/v2/instance", nil))
}

// Baidu's own Go SDK passes the strict check on calls with and without a
// body: it sends Content-Type on every request.
func TestSDKPassesRequireContentType(t *testing.T) {
	h := newHarness(t, Config{RequireContentType: true})
	cli := sdkClient(t, h, testCred, nil)
	created, err := cli.CreateInstanceBySpec(&api.CreateInstanceBySpecArgs{
		ImageId: "m-sdk00001", Spec: "bcc.g5.c2m8", Billing: api.Billing{PaymentTiming: api.PaymentTimingPostPaid},
	})
	if err != nil {
		t.Fatalf("CreateInstanceBySpec: %v", err)
	}
	id := created.InstanceIds[0]
	if _, err := cli.GetInstanceDetail(id); err != nil {
		t.Fatalf("GetInstanceDetail: %v", err)
	}
	if _, err := cli.ListInstances(&api.ListInstanceArgs{}); err != nil {
		t.Fatalf("ListInstances: %v", err)
	}
	if err := cli.StopInstance(id, false); err != nil {
		t.Fatalf("StopInstance: %v", err)
	}
	if err := cli.StartInstance(id); err != nil {
		t.Fatalf("StartInstance: %v", err)
	}
	if err := cli.DeleteInstance(id); err != nil {
		t.Fatalf("DeleteInstance: %v", err)
	}
}
