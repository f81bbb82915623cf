package bccmock

import (
	"net/http"
	"testing"
	"time"
)

func TestScaleDelayKeepsOldStatusAndSpec(t *testing.T) {
	for _, from := range []string{StatusRunning, StatusStopped} {
		t.Run(from, func(t *testing.T) {
			h := newHarness(t, Config{ScaleDelay: 10 * time.Second, ScaleTime: 20 * time.Second})
			id := h.create(minimalCreate())
			if from == StatusStopped {
				expectOK(t, h.do(http.MethodPut, "/v2/instance/"+id+"?stop", nil))
			}
			if s := h.status(id); s != from {
				t.Fatalf("before resize: %s", s)
			}
			expectOK(t, h.do(http.MethodPut, "/v2/instanceBySpec/"+id+"?resize", map[string]any{"spec": "bcc.g5.c4m16"}))
			check := func(wantStatus, wantSpec string) {
				t.Helper()
				d, r := h.get(id)
				expectOK(t, r)
				if d.Status != wantStatus || d.Spec != wantSpec {
					t.Fatalf("at %v: %s %s, want %s %s", h.clock.Now().Sub(epoch), d.Status, d.Spec, wantStatus, wantSpec)
				}
			}
			check(from, "bcc.g5.c2m8")
			// The instance looks settled but is busy: Baidu would refuse.
			expectError(t, h.do(http.MethodPut, "/v2/instanceBySpec/"+id+"?resize", map[string]any{"spec": "bcc.g5.c8m32"}), 409, CodeResizeForbidden)
			if from == StatusRunning {
				expectError(t, h.do(http.MethodPut, "/v2/instance/"+id+"?stop", nil), 409, CodeStopForbidden)
			} else {
				expectError(t, h.do(http.MethodPut, "/v2/instance/"+id+"?start", nil), 409, CodeStartForbidden)
			}
			h.clock.Advance(9 * time.Second)
			check(from, "bcc.g5.c2m8")
			h.clock.Advance(time.Second)
			check(StatusScaling, "bcc.g5.c2m8")
			h.clock.Advance(19 * time.Second)
			check(StatusScaling, "bcc.g5.c2m8")
			h.clock.Advance(time.Second)
			check(StatusRunning, "bcc.g5.c4m16") // Baidu's documented sequence ends Running
			if snap, _ := h.srv.Instance(id); snap.CPUCount != 4 || snap.MemoryGB != 16 {
				t.Fatalf("after resize: %+v", snap)
			}
		})
	}
}

func TestScaleDelayZeroIsTheOldBehaviour(t *testing.T) {
	h := newHarness(t, Config{ScaleTime: 5 * time.Second})
	id := h.create(minimalCreate())
	expectOK(t, h.do(http.MethodPut, "/v2/instanceBySpec/"+id+"?resize", map[string]any{"spec": "bcc.g5.c4m16"}))
	if s := h.status(id); s != StatusScaling {
		t.Fatalf("right after resize: %s", s)
	}
	h.clock.Advance(5 * time.Second)
	if d, _ := h.get(id); d.Status != StatusRunning || d.Spec != "bcc.g5.c4m16" {
		t.Fatalf("after ScaleTime: %s %s", d.Status, d.Spec)
	}
}

func TestVisibilityDelay(t *testing.T) {
	h := newHarness(t, Config{VisibilityDelay: 5 * time.Second})
	body := minimalCreate()
	r := h.do(http.MethodPost, "/v2/instanceBySpec?clientToken=vis-1", body)
	expectOK(t, r)
	var out struct {
		InstanceIDs []string `json:"instanceIds"`
	}
	r.decode(t, &out)
	id := out.InstanceIDs[0]

	_, r = h.get(id)
	expectError(t, r, 404, CodeNoSuchObject)
	var p listPage
	h.do(http.MethodGet, "/v2/instance", nil).decode(t, &p)
	if len(p.Instances) != 0 {
		t.Fatalf("invisible instance listed: %+v", p.Instances)
	}
	h.do(http.MethodGet, "/v2/instance?instanceIds="+id, nil).decode(t, &p)
	if len(p.Instances) != 0 {
		t.Fatalf("invisible instance listed by id: %+v", p.Instances)
	}
	expectError(t, h.do(http.MethodPut, "/v2/instance/"+id+"?stop", nil), 404, CodeNoSuchObject)
	expectError(t, h.do(http.MethodPut, "/v2/instance/"+id+"?modifyAttribute", map[string]any{"name": "x"}), 404, CodeNoSuchObject)
	expectError(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil), 404, CodeNoSuchObject)
	var vols struct {
		Volumes []wireVolume `json:"volumes"`
	}
	h.do(http.MethodGet, "/v2/volume?instanceId="+id, nil).decode(t, &vols)
	if len(vols.Volumes) != 0 {
		t.Fatalf("system disk of an invisible instance listed: %+v", vols.Volumes)
	}

	// The create retried with its token is answered with the same id.
	r = h.do(http.MethodPost, "/v2/instanceBySpec?clientToken=vis-1", body)
	expectOK(t, r)
	r.decode(t, &out)
	if len(out.InstanceIDs) != 1 || out.InstanceIDs[0] != id {
		t.Fatalf("retried create answered %s", r.body)
	}
	// Tests still see it.
	if _, ok := h.srv.Instance(id); !ok {
		t.Fatal("introspection does not see the instance")
	}

	h.clock.Advance(5 * time.Second)
	if s := h.status(id); s != StatusRunning {
		t.Fatalf("after the delay: %s", s)
	}
	h.do(http.MethodGet, "/v2/instance", nil).decode(t, &p)
	if len(p.Instances) != 1 {
		t.Fatalf("not listed after the delay: %+v", p.Instances)
	}
}

func TestFailNextInstances(t *testing.T) {
	h := newHarness(t, Config{BootTime: 10 * time.Second})
	h.srv.FailNextInstances(2)
	a, b, c := h.create(minimalCreate()), h.create(minimalCreate()), h.create(minimalCreate())
	for _, id := range []string{a, b, c} {
		if s := h.status(id); s != StatusStarting {
			t.Fatalf("%s booting: %s", id, s)
		}
	}
	h.clock.Advance(10 * time.Second)
	if sa, sb, sc := h.status(a), h.status(b), h.status(c); sa != StatusError || sb != StatusError || sc != StatusRunning {
		t.Fatalf("after boot: %s %s %s", sa, sb, sc)
	}
	// A failed instance is not restarted by a later start, and can be released.
	expectError(t, h.do(http.MethodPut, "/v2/instance/"+a+"?start", nil), 409, CodeStartForbidden)
	expectOK(t, h.do(http.MethodDelete, "/v2/instance/"+a, nil))

	h.srv.FailNextInstances(1)
	h.srv.FailNextInstances(0) // cancels
	d := h.create(minimalCreate())
	h.clock.Advance(10 * time.Second)
	if s := h.status(d); s != StatusRunning {
		t.Fatalf("after cancel: %s", s)
	}
}
