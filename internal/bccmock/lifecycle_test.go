package bccmock

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func TestLifecycleBootAndCreatingWindow(t *testing.T) {
	// The creating window outlasts the boot: the instance already reports
	// Running while release is still refused.
	h := newHarness(t, Config{BootTime: 30 * time.Second, CreatingWindow: 90 * time.Second})
	id := h.create(minimalCreate())

	if s := h.status(id); s != StatusStarting {
		t.Fatalf("new instance is %s, want Starting", s)
	}
	expectError(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil), 403, CodeReleaseWhileCreating)

	h.clock.Advance(29 * time.Second)
	if s := h.status(id); s != StatusStarting {
		t.Fatalf("at 29s the instance is %s, want Starting", s)
	}
	h.clock.Advance(time.Second)
	if s := h.status(id); s != StatusRunning {
		t.Fatalf("at 30s the instance is %s, want Running", s)
	}
	r := h.do(http.MethodDelete, "/v2/instance/"+id, nil)
	expectError(t, r, 403, CodeReleaseWhileCreating)
	if r.message != "Instance can not release during creating." {
		t.Fatalf("message %q", r.message)
	}
	h.clock.Advance(60 * time.Second)
	r = h.do(http.MethodDelete, "/v2/instance/"+id, nil)
	expectOK(t, r)
	if len(r.body) != 0 {
		t.Fatalf("DELETE answered a body: %s", r.body)
	}
	_, r = h.get(id)
	expectError(t, r, 404, CodeNoSuchObject)
	// A second release of a gone instance is a 404 as well.
	expectError(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil), 404, CodeNoSuchObject)
}

func TestLifecycleDeletedPhase(t *testing.T) {
	h := newHarness(t, Config{DeletedPhase: 10 * time.Second})
	id := h.create(minimalCreate())
	expectOK(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil))
	if s := h.status(id); s != StatusDeleted {
		t.Fatalf("right after release: %s, want Deleted", s)
	}
	if snap, ok := h.srv.Instance(id); !ok || snap.Status != StatusDeleted || !snap.Released {
		t.Fatalf("introspection during Deleted phase: %+v %v", snap, ok)
	}
	// Released instances cannot be acted on, even while still visible.
	expectError(t, h.do(http.MethodPut, "/v2/instance/"+id+"?stop", `{}`), 404, CodeNoSuchObject)
	expectError(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil), 404, CodeNoSuchObject)

	h.clock.Advance(10 * time.Second)
	_, r := h.get(id)
	expectError(t, r, 404, CodeNoSuchObject)
	if _, ok := h.srv.Instance(id); ok {
		t.Fatal("gone instance still introspectable")
	}
}

func TestLifecycleRecycleFlag(t *testing.T) {
	h := newHarness(t, Config{DeletedPhase: time.Minute})
	id := h.create(minimalCreate())
	expectOK(t, h.do(http.MethodPost, "/v2/instance/"+id, map[string]any{"relatedReleaseFlag": true, "bccRecycleFlag": true}))
	if s := h.status(id); s != StatusRecycled {
		t.Fatalf("recycled instance shows %s", s)
	}
	other := h.create(minimalCreate())
	expectOK(t, h.do(http.MethodPost, "/v2/instance/"+other, nil)) // body optional
	if s := h.status(other); s != StatusDeleted {
		t.Fatalf("released instance shows %s", s)
	}
}

func TestLifecycleStopStart(t *testing.T) {
	h := newHarness(t, Config{BootTime: 20 * time.Second, StopTime: 5 * time.Second, CreatingWindow: 10 * time.Second})
	id := h.create(minimalCreate())
	path := "/v2/instance/" + id

	expectError(t, h.do(http.MethodPut, path+"?stop", `{"forceStop":false}`), 409, CodeStopForbidden)
	expectError(t, h.do(http.MethodPut, path+"?start", nil), 409, CodeStartWhenCreating)

	h.clock.Advance(20 * time.Second)
	expectError(t, h.do(http.MethodPut, path+"?start", nil), 409, CodeStartForbidden)
	expectOK(t, h.do(http.MethodPut, path+"?stop", `{"forceStop":true}`))
	if s := h.status(id); s != StatusStopping {
		t.Fatalf("after stop: %s", s)
	}
	expectError(t, h.do(http.MethodPut, path+"?stop", nil), 409, CodeStopForbidden)
	expectError(t, h.do(http.MethodPut, path+"?start", nil), 409, CodeStartForbidden)
	h.clock.Advance(5 * time.Second)
	if s := h.status(id); s != StatusStopped {
		t.Fatalf("5s after stop: %s", s)
	}
	expectOK(t, h.do(http.MethodPut, path+"?start", nil))
	if s := h.status(id); s != StatusStarting {
		t.Fatalf("after start: %s", s)
	}
	h.clock.Advance(20 * time.Second)
	if s := h.status(id); s != StatusRunning {
		t.Fatalf("20s after start: %s", s)
	}
	// A stop body that is not JSON is refused.
	expectError(t, h.do(http.MethodPut, path+"?stop", `{"forceStop":`), 400, CodeMalformedJSON)
}

// Reboot (SDK-only, see doc.go): refused in the creating window and when
// not Running, as stop is; a Running instance shows Starting for BootTime
// and is Running again.
func TestLifecycleReboot(t *testing.T) {
	h := newHarness(t, Config{BootTime: 20 * time.Second, StopTime: 5 * time.Second, CreatingWindow: 30 * time.Second})
	id := h.create(minimalCreate())
	path := "/v2/instance/" + id

	expectError(t, h.do(http.MethodPut, path+"?reboot", `{"forceStop":false}`), 409, CodeRebootForbidden)
	h.clock.Advance(30 * time.Second)
	r := h.do(http.MethodPut, path+"?reboot", `{"forceStop":false}`)
	expectOK(t, r)
	var out changePassResponse
	if err := json.Unmarshal(r.body, &out); err != nil || out.FailedInstanceIDs == nil || len(out.FailedInstanceIDs) != 0 || out.RequestID == "" {
		t.Fatalf("reboot answered %s, want a request id and an empty failedInstanceIdList", r.body)
	}
	if s := h.status(id); s != StatusStarting {
		t.Fatalf("after reboot: %s, want Starting", s)
	}
	expectError(t, h.do(http.MethodPut, path+"?reboot", nil), 409, CodeRebootForbidden)
	h.clock.Advance(20 * time.Second)
	if s := h.status(id); s != StatusRunning {
		t.Fatalf("20s after reboot: %s, want Running", s)
	}
	expectOK(t, h.do(http.MethodPut, path+"?stop", `{"forceStop":true}`))
	h.clock.Advance(5 * time.Second)
	expectError(t, h.do(http.MethodPut, path+"?reboot", `{"forceStop":true}`), 409, CodeRebootForbidden)
	expectError(t, h.do(http.MethodPut, path+"?reboot", `{"forceStop":`), 400, CodeMalformedJSON)
	if n := h.srv.RequestCount(http.MethodPut, RouteRebootInstance); n != 5 {
		t.Fatalf("%d reboot requests recorded, want 5", n)
	}
}

func TestLifecycleResize(t *testing.T) {
	h := newHarness(t, Config{ScaleTime: 15 * time.Second, StopTime: time.Second})
	id := h.create(minimalCreate())
	path := "/v2/instanceBySpec/" + id
	h.clock.Advance(time.Second)

	expectOK(t, h.do(http.MethodPut, path+"?resize&clientToken=rs-1", map[string]any{"spec": "bcc.g5.c4m16"}))
	d, _ := h.get(id)
	if d.Status != StatusScaling || d.Spec != "bcc.g5.c2m8" || d.CPUCount != 2 {
		t.Fatalf("during resize: %+v", d)
	}
	// Same token, same body: accepted again without a second resize.
	expectOK(t, h.do(http.MethodPut, path+"?resize&clientToken=rs-1", map[string]any{"spec": "bcc.g5.c4m16"}))
	expectError(t, h.do(http.MethodPut, path+"?resize&clientToken=rs-1", map[string]any{"spec": "bcc.g5.c8m32"}), 403, CodeIdempotentParameterMismatch)
	expectError(t, h.do(http.MethodPut, path+"?resize", map[string]any{"spec": "bcc.g5.c8m32"}), 409, CodeResizeForbidden)

	h.clock.Advance(15 * time.Second)
	d, _ = h.get(id)
	if d.Status != StatusRunning || d.Spec != "bcc.g5.c4m16" || d.CPUCount != 4 || d.MemoryCapacityInGB != 16 {
		t.Fatalf("after resize: %+v", d)
	}

	// A stopped instance ends its resize Running, Baidu's documented
	// sequence.
	expectOK(t, h.do(http.MethodPut, "/v2/instance/"+id+"?stop", nil))
	h.clock.Advance(time.Second)
	expectOK(t, h.do(http.MethodPut, path+"?resize", map[string]any{"spec": "bcc.g5.c2m4"}))
	h.clock.Advance(15 * time.Second)
	if d, _ = h.get(id); d.Status != StatusRunning || d.Spec != "bcc.g5.c2m4" {
		t.Fatalf("resize while stopped: %+v", d)
	}

	expectError(t, h.do(http.MethodPut, path+"?resize", map[string]any{"spec": "g5-large"}), 400, CodeInappropriateJSON)
	expectError(t, h.do(http.MethodPut, path+"?resize", map[string]any{}), 400, CodeInappropriateJSON)
	expectError(t, h.do(http.MethodPut, path, map[string]any{"spec": "bcc.g5.c2m4"}), 400, CodeInvalidHTTPRequest)
}

// With ResizeKeepsStatus a stopped instance comes back Stopped, and a
// running one Running.
func TestLifecycleResizeKeepsStatus(t *testing.T) {
	h := newHarness(t, Config{ScaleTime: 15 * time.Second, StopTime: time.Second, ResizeKeepsStatus: true})
	id := h.create(minimalCreate())
	path := "/v2/instanceBySpec/" + id
	h.clock.Advance(time.Second)
	expectOK(t, h.do(http.MethodPut, path+"?resize", map[string]any{"spec": "bcc.g5.c4m16"}))
	h.clock.Advance(15 * time.Second)
	if d, _ := h.get(id); d.Status != StatusRunning || d.Spec != "bcc.g5.c4m16" {
		t.Fatalf("resize while running: %+v", d)
	}
	expectOK(t, h.do(http.MethodPut, "/v2/instance/"+id+"?stop", nil))
	h.clock.Advance(time.Second)
	expectOK(t, h.do(http.MethodPut, path+"?resize", map[string]any{"spec": "bcc.g5.c2m4"}))
	if d, _ := h.get(id); d.Status != StatusScaling {
		t.Fatalf("during resize while stopped: %+v", d)
	}
	h.clock.Advance(15 * time.Second)
	if d, _ := h.get(id); d.Status != StatusStopped || d.Spec != "bcc.g5.c2m4" {
		t.Fatalf("resize while stopped: %+v", d)
	}
}

func TestLifecyclePrepaid(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.create(prepaidCreate(3))
	d, _ := h.get(id)
	if d.ExpireTime == nil || *d.ExpireTime != "2025-06-14T09:26:53Z" || d.PaymentTiming != PaymentPrepaid {
		t.Fatalf("prepaid detail: %+v", d)
	}
	r := h.do(http.MethodDelete, "/v2/instance/"+id, nil)
	expectError(t, r, 403, CodeReleaseNotPrepay)
	if r.message != "Instance can not release if prepay." {
		t.Fatalf("message %q", r.message)
	}
	expectError(t, h.do(http.MethodPost, "/v2/instance/"+id, `{"relatedReleaseFlag":false}`), 403, CodeReleaseNotPrepay)

	// One second before expiry it is still running.
	h.clock.Advance(time.Date(2025, 6, 14, 9, 26, 52, 0, time.UTC).Sub(h.clock.Now()))
	if s := h.status(id); s != StatusRunning {
		t.Fatalf("before expiry: %s", s)
	}
	h.clock.Advance(time.Second)
	if s := h.status(id); s != StatusExpired {
		t.Fatalf("at expiry: %s", s)
	}
	expectError(t, h.do(http.MethodPut, "/v2/instance/"+id+"?start", nil), 409, CodeStartExpired)
	expectError(t, h.do(http.MethodPut, "/v2/instance/"+id+"?stop", nil), 409, CodeStopForbidden)
	expectOK(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil))
	_, r = h.get(id)
	expectError(t, r, 404, CodeNoSuchObject)
}

func TestLifecyclePrepaidEarlyRelease(t *testing.T) {
	h := newHarness(t, Config{CreatingWindow: time.Minute})
	id := h.create(prepaidCreate(12))
	expectError(t, h.do(http.MethodPost, "/v2/instance/delete", map[string]any{"instanceId": id}), 403, CodeReleaseWhileCreating)
	h.clock.Advance(time.Minute)
	r := h.do(http.MethodPost, "/v2/instance/delete", map[string]any{"instanceId": id, "relatedReleaseFlag": true})
	expectOK(t, r)
	var out struct {
		SuccessResources struct {
			InstanceID string   `json:"instanceId"`
			VolumeIDs  []string `json:"volumeIds"`
		} `json:"successResources"`
		InstanceRefundFlag bool `json:"instanceRefundFlag"`
	}
	r.decode(t, &out)
	if out.SuccessResources.InstanceID != id || !out.InstanceRefundFlag || len(out.SuccessResources.VolumeIDs) != 1 {
		t.Fatalf("early release answer %s", r.body)
	}
	// Postpaid through the same route, with the id in the query: no refund.
	post := h.create(minimalCreate())
	h.clock.Advance(time.Minute)
	r = h.do(http.MethodPost, "/v2/instance/delete?instanceId="+post, nil)
	expectOK(t, r)
	r.decode(t, &out)
	if out.InstanceRefundFlag {
		t.Fatal("postpaid release reported a refund")
	}
	expectError(t, h.do(http.MethodPost, "/v2/instance/delete", map[string]any{}), 400, CodeInappropriateJSON)
	expectError(t, h.do(http.MethodPost, "/v2/instance/delete", map[string]any{"instanceId": "i-nothere"}), 404, CodeNoSuchObject)
}

func TestLifecyclePrepaidExpireAfter(t *testing.T) {
	h := newHarness(t, Config{PrepaidExpireAfter: 20 * time.Second})
	id := h.create(prepaidCreate(1))
	d, _ := h.get(id)
	if d.ExpireTime == nil || *d.ExpireTime != "2025-03-14T09:27:13Z" {
		t.Fatalf("shortened expiry: %v", d.ExpireTime)
	}
	h.clock.Advance(20 * time.Second)
	if s := h.status(id); s != StatusExpired {
		t.Fatalf("after shortened expiry: %s", s)
	}
}

func TestLifecycleChangePassAndModify(t *testing.T) {
	h := newHarness(t, Config{BootTime: 10 * time.Second})
	id := h.create(minimalCreate())
	path := "/v2/instance/" + id
	enc := encrypt(t, "An0ther-Pass", testCred.SecretKey)

	expectError(t, h.do(http.MethodPut, path+"?changePass", map[string]any{"adminPass": enc}), 409, CodeChangePassForbidden)
	h.clock.Advance(10 * time.Second)
	r := h.do(http.MethodPut, path+"?changePass", map[string]any{"adminPass": enc})
	expectOK(t, r)
	if snap, _ := h.srv.Instance(id); snap.AdminPass != "An0ther-Pass" {
		t.Fatalf("password %q", snap.AdminPass)
	}
	expectError(t, h.do(http.MethodPut, path+"?changePass", map[string]any{"adminPass": encrypt(t, "An0ther-Pass", "some-other-secret-key-000000000")}), 400, CodeInappropriateJSON)
	expectError(t, h.do(http.MethodPut, path+"?changePass", map[string]any{}), 400, CodeInappropriateJSON)

	expectOK(t, h.do(http.MethodPut, path+"?modifyAttribute", map[string]any{"name": "new-name"}))
	expectOK(t, h.do(http.MethodPut, path+"?modifyDesc", map[string]any{"desc": "new desc"}))
	d, _ := h.get(id)
	if d.Name != "new-name" || d.Desc != "new desc" {
		t.Fatalf("after modify: %+v", d)
	}
	expectOK(t, h.do(http.MethodPut, path+"?modifyDesc", map[string]any{"desc": ""}))
	if d, _ = h.get(id); d.Desc != "" {
		t.Fatalf("desc not cleared: %q", d.Desc)
	}
	expectError(t, h.do(http.MethodPut, path+"?modifyAttribute", map[string]any{"name": ""}), 400, CodeInappropriateJSON)
	expectError(t, h.do(http.MethodPut, path+"?modifyAttribute", map[string]any{"Name": "x"}), 400, CodeInappropriateJSON)
	expectError(t, h.do(http.MethodPut, path+"?modifyDesc", map[string]any{}), 400, CodeInappropriateJSON)
	expectError(t, h.do(http.MethodPut, path+"?modifyAttribute", `not json`), 400, CodeMalformedJSON)
	expectError(t, h.do(http.MethodPut, path+"?modifyAttribute&modifyDesc", map[string]any{"name": "x"}), 400, CodeInvalidHTTPRequest)
	expectError(t, h.do(http.MethodPut, path+"?rebuild", nil), 400, CodeInvalidHTTPRequest)
	expectError(t, h.do(http.MethodPut, "/v2/instance/i-missing1?modifyAttribute", map[string]any{"name": "x"}), 404, CodeNoSuchObject)
}

func TestLifecycleTags(t *testing.T) {
	h := newHarness(t, Config{})
	body := minimalCreate()
	body["tags"] = []map[string]string{{"tagKey": "env", "tagValue": "dev"}, {"tagKey": "team", "tagValue": "a"}}
	id := h.create(body)
	path := "/v2/instance/" + id + "/tag"

	expectOK(t, h.do(http.MethodPut, path+"?bind", map[string]any{"changeTags": []map[string]string{{"tagKey": "env", "tagValue": "prod"}, {"tagKey": "new", "tagValue": ""}}}))
	d, _ := h.get(id)
	if len(d.TagMap) != 3 || d.TagMap["env"] != "prod" || d.TagMap["team"] != "a" || d.TagMap["new"] != "" {
		t.Fatalf("after bind: %v", d.TagMap)
	}
	// Unbind needs key and value to match.
	expectOK(t, h.do(http.MethodPut, path+"?unbind", map[string]any{"changeTags": []map[string]string{{"tagKey": "env", "tagValue": "prod"}, {"tagKey": "team", "tagValue": "other"}}}))
	d, _ = h.get(id)
	if len(d.TagMap) != 2 || d.TagMap["team"] != "a" {
		t.Fatalf("after unbind: %v", d.TagMap)
	}
	expectError(t, h.do(http.MethodPut, path+"?bind", map[string]any{"changeTags": []any{}}), 400, CodeInappropriateJSON)
	expectError(t, h.do(http.MethodPut, path+"?bind", map[string]any{"changeTags": []map[string]string{{"tagKey": ""}}}), 400, CodeInappropriateJSON)
	expectError(t, h.do(http.MethodPut, path, map[string]any{"changeTags": []map[string]string{{"tagKey": "k"}}}), 400, CodeInvalidHTTPRequest)
}

func TestLifecycleIsLazyAndSettledByIntrospection(t *testing.T) {
	h := newHarness(t, Config{BootTime: time.Minute})
	id := h.create(minimalCreate())
	h.clock.Advance(time.Minute)
	// Nobody called GET: introspection itself must see the settled status.
	if snap, _ := h.srv.Instance(id); snap.Status != StatusRunning {
		t.Fatalf("introspected %s", snap.Status)
	}
	if list := h.srv.Instances(); len(list) != 1 || list[0].Status != StatusRunning {
		t.Fatalf("Instances %+v", list)
	}
}
