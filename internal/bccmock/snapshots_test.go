package bccmock

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSnapshotOfCDSDisk(t *testing.T) {
	h := newHarness(t, Config{SnapshotTime: 30 * time.Second})
	vol := h.createVolume(postpaidVolume(25))
	id := h.createSnapshot("", map[string]any{"volumeId": vol, "snapshotName": "snap-1", "desc": "first", "tags": nil})
	sn, raw, _ := h.snapshotDetail(id)
	if sn.Status != SnapshotStatusCreating || sn.Name != "snap-1" || sn.SizeInGB != 25 || sn.CreateMethod != "MANUAL" ||
		sn.VolumeID != vol || sn.Desc != "first" || sn.CreateTime != "2025-03-14T09:26:53Z" || sn.ExpireTime != nil {
		t.Fatalf("detail %+v", sn)
	}
	if mustJSON(t, raw["expireTime"]) != "null" {
		t.Fatalf("raw %v", raw)
	}
	if v, raw, _ := h.volumeDetail(vol); raw["snapshotNum"] != "1" || v.SnapshotNum != "1" {
		t.Fatalf("snapshotNum %v", raw["snapshotNum"])
	}
	expectError(t, h.do(http.MethodDelete, "/v2/snapshot/"+id, nil), 403, CodeSnapshotStatusCannotDelete)
	h.clock.Advance(30 * time.Second)
	if sn, _, _ := h.snapshotDetail(id); sn.Status != SnapshotStatusAvailable {
		t.Fatalf("after SnapshotTime: %s", sn.Status)
	}
	r := h.do(http.MethodDelete, "/v2/snapshot/"+id, nil)
	expectOK(t, r)
	if len(r.body) != 0 {
		t.Fatalf("delete answered %s", r.body)
	}
	_, _, r = h.snapshotDetail(id)
	expectError(t, r, 404, CodeNoSuchObject)
	expectError(t, h.do(http.MethodDelete, "/v2/snapshot/"+id, nil), 404, CodeNoSuchObject)
	if v, _, _ := h.volumeDetail(vol); v.SnapshotNum != "0" {
		t.Fatalf("snapshotNum after delete %s", v.SnapshotNum)
	}
}

func TestSnapshotOfSystemDisk(t *testing.T) {
	h := newHarness(t, Config{})
	body := minimalCreate()
	body["rootDiskSizeInGb"] = 60
	inst := h.create(body)
	byInstance := h.createSnapshot("", map[string]any{"volumeId": inst, "snapshotName": "sys"})
	snapInst, _ := h.srv.Instance(inst)
	byVolume := h.createSnapshot("", map[string]any{"volumeId": snapInst.SystemVolumeID, "snapshotName": "sys2"})
	sn, _, _ := h.snapshotDetail(byInstance)
	if sn.VolumeID != inst || sn.SizeInGB != 60 || sn.Status != SnapshotStatusAvailable {
		t.Fatalf("system snapshot %+v", sn)
	}
	if got := h.listSnapshotIDs("volumeId=" + inst); !slices.Equal(got, []string{byInstance}) {
		t.Fatalf("by instance id: %v", got)
	}
	if got := h.listSnapshotIDs("volumeId=" + snapInst.SystemVolumeID); !slices.Equal(got, []string{byVolume}) {
		t.Fatalf("by system volume id: %v", got)
	}
	if v, _, _ := h.volumeDetail(snapInst.SystemVolumeID); v.SnapshotNum != "2" {
		t.Fatalf("system disk snapshotNum %s", v.SnapshotNum)
	}
	if got, ok := h.srv.Snapshot(byInstance); !ok || !got.System || got.DiskID != snapInst.SystemVolumeID || got.InstanceID != inst {
		t.Fatalf("introspection %+v", got)
	}
}

func TestSnapshotCreateErrors(t *testing.T) {
	h := newHarness(t, Config{VolumeCreateTime: time.Minute, StopTime: time.Minute})
	inst := h.create(minimalCreate())
	creating := h.createVolume(postpaidVolume(10))
	cases := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"no volumeId", map[string]any{"snapshotName": "s"}, 400, CodeInappropriateJSON},
		{"no name", map[string]any{"volumeId": inst}, 400, CodeInappropriateJSON},
		{"bad name", map[string]any{"volumeId": inst, "snapshotName": "_s"}, 400, CodeInappropriateJSON},
		{"long name", map[string]any{"volumeId": inst, "snapshotName": strings.Repeat("s", 66)}, 400, CodeInappropriateJSON},
		{"retention 10001", map[string]any{"volumeId": inst, "snapshotName": "s", "retentionInDays": 10001}, 400, CodeInappropriateJSON},
		{"retention -2", map[string]any{"volumeId": inst, "snapshotName": "s", "retentionInDays": -2}, 400, CodeInappropriateJSON},
		{"unknown volume", map[string]any{"volumeId": "v-nothere1", "snapshotName": "s"}, 404, CodeNoSuchObject},
		{"unknown instance", map[string]any{"volumeId": "i-nothere1", "snapshotName": "s"}, 404, CodeNoSuchObject},
		{"disk creating", map[string]any{"volumeId": creating, "snapshotName": "s"}, 409, CodeSnapshotVolumeStatus},
		{"not json", "[]", 400, CodeMalformedJSON},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectError(t, h.do(http.MethodPost, "/v2/snapshot", tc.body), tc.status, tc.code)
		})
	}
	expectOK(t, h.do(http.MethodPut, "/v2/instance/"+inst+"?stop", nil))
	expectError(t, h.do(http.MethodPost, "/v2/snapshot", map[string]any{"volumeId": inst, "snapshotName": "s"}), 409, CodeSnapshotInstanceStatus)
	snapInst, _ := h.srv.Instance(inst)
	expectError(t, h.do(http.MethodPost, "/v2/snapshot", map[string]any{"volumeId": snapInst.SystemVolumeID, "snapshotName": "s"}), 409, CodeSnapshotInstanceStatus)
	if n := len(h.srv.Snapshots()); n != 0 {
		t.Fatalf("%d snapshots after refused creates", n)
	}
	h.clock.Advance(time.Minute)
	for _, days := range []int{0, -1, 1, 10000} {
		h.createSnapshot("", map[string]any{"volumeId": inst, "snapshotName": "s", "retentionInDays": days})
	}
}

func TestSnapshotIdempotencyAndFailures(t *testing.T) {
	h := newHarness(t, Config{SnapshotTime: time.Second})
	vol := h.createVolume(postpaidVolume(10))
	body := map[string]any{"volumeId": vol, "snapshotName": "s"}
	a := h.createSnapshot("?clientToken=sn-1", body)
	if b := h.createSnapshot("?clientToken=sn-1", body); b != a || len(h.srv.Snapshots()) != 1 {
		t.Fatalf("retry made %s, first %s", b, a)
	}
	body["snapshotName"] = "t"
	expectError(t, h.do(http.MethodPost, "/v2/snapshot?clientToken=sn-1", body), 403, CodeIdempotentParameterMismatch)

	h.srv.FailNextSnapshots(1)
	failed := h.createSnapshot("", body)
	ok := h.createSnapshot("", body)
	h.clock.Advance(time.Second)
	if f, _, _ := h.snapshotDetail(failed); f.Status != SnapshotStatusCreatedFailed {
		t.Fatalf("failed snapshot is %s", f.Status)
	}
	if o, _, _ := h.snapshotDetail(ok); o.Status != SnapshotStatusAvailable {
		t.Fatalf("next snapshot is %s", o.Status)
	}
	expectOK(t, h.do(http.MethodDelete, "/v2/snapshot/"+failed, nil))
	if !h.srv.DeleteSnapshotOutOfBand(ok) || h.srv.DeleteSnapshotOutOfBand(ok) {
		t.Fatal("DeleteSnapshotOutOfBand")
	}
	_, _, r := h.snapshotDetail(ok)
	expectError(t, r, 404, CodeNoSuchObject)
}

func TestSnapshotListAndModify(t *testing.T) {
	h := newHarness(t, Config{})
	v1, v2 := h.createVolume(postpaidVolume(10)), h.createVolume(postpaidVolume(10))
	var all []string
	for i := range 5 {
		vol := v1
		if i%2 == 1 {
			vol = v2
		}
		all = append(all, h.createSnapshot("", map[string]any{"volumeId": vol, "snapshotName": "s"}))
	}
	if got := h.listSnapshotIDs(""); !slices.Equal(got, all) {
		t.Fatalf("all %v", got)
	}
	if got := h.listSnapshotIDs("volumeId=" + v2); !slices.Equal(got, []string{all[1], all[3]}) {
		t.Fatalf("of %s: %v", v2, got)
	}
	var paged []string
	marker := ""
	for range 10 {
		r := h.do(http.MethodGet, "/v2/snapshot?maxKeys=2&marker="+marker, nil)
		var p listSnapshotsResponse
		r.decode(t, &p)
		for _, sn := range p.Snapshots {
			paged = append(paged, sn.ID)
		}
		if !p.IsTruncated {
			break
		}
		marker = p.NextMarker
	}
	if !slices.Equal(paged, all) {
		t.Fatalf("paged %v", paged)
	}
	expectError(t, h.do(http.MethodGet, "/v2/snapshot?marker=s-nothere1", nil), 400, CodeInvalidHTTPRequest)
	expectError(t, h.do(http.MethodGet, "/v2/snapshot?maxKeys=1001", nil), 400, CodeInvalidHTTPRequest)

	id := all[0]
	put := func(body any) result { return h.do(http.MethodPut, "/v2/snapshot/"+id+"?modifyAttribute", body) }
	expectOK(t, put(map[string]any{"snapshotName": "renamed", "desc": "d", "retentionInDays": 2}))
	sn, _, _ := h.snapshotDetail(id)
	if sn.Name != "renamed" || sn.Desc != "d" || sn.ExpireTime == nil || *sn.ExpireTime != "2025-03-16T09:26:53Z" {
		t.Fatalf("after modify %+v", sn)
	}
	expectError(t, put(map[string]any{}), 400, CodeInappropriateJSON)
	expectError(t, put(map[string]any{"snapshotName": "1x"}), 400, CodeInappropriateJSON)
	expectError(t, put(map[string]any{"retentionInDays": 20000}), 400, CodeInappropriateJSON)
	expectError(t, h.do(http.MethodPut, "/v2/snapshot/s-nothere1?modifyAttribute", map[string]any{"desc": "x"}), 404, CodeNoSuchObject)
	expectError(t, h.do(http.MethodPut, "/v2/snapshot/"+id, map[string]any{"desc": "x"}), 400, CodeInvalidHTTPRequest)

	// Retention runs out: Baidu deletes the snapshot.
	h.clock.Advance(48 * time.Hour)
	_, _, r := h.snapshotDetail(id)
	expectError(t, r, 404, CodeNoSuchObject)
	if slices.Contains(h.listSnapshotIDs(""), id) {
		t.Fatal("expired snapshot listed")
	}
	expectError(t, h.do(http.MethodGet, "/v2/snapshot/chain", nil), 404, CodeInvalidURI)
}

func TestVolumeFromSnapshot(t *testing.T) {
	h := newHarness(t, Config{SnapshotTime: time.Second})
	inst := h.create(minimalCreate())
	vol := h.createVolume(postpaidVolume(30))
	sn := h.createSnapshot("", map[string]any{"volumeId": vol, "snapshotName": "s"})
	sys := h.createSnapshot("", map[string]any{"volumeId": inst, "snapshotName": "s"})
	fromSnap := func(extra map[string]any) result {
		b := map[string]any{"snapshotId": sn, "billing": map[string]any{"paymentTiming": "Postpaid"}}
		for k, v := range extra {
			b[k] = v
		}
		return h.do(http.MethodPost, "/v2/volume", b)
	}
	expectError(t, fromSnap(nil), 409, CodeSnapshotNotAvailable)
	h.clock.Advance(time.Second)
	expectError(t, fromSnap(map[string]any{"snapshotId": sys}), 400, CodeSystemSnapshotNotAllowed)
	expectError(t, fromSnap(map[string]any{"cdsSizeInGB": 29}), 400, CodeInappropriateJSON)
	r := fromSnap(nil)
	expectOK(t, r)
	var out createVolumeResponse
	r.decode(t, &out)
	if v, _, _ := h.volumeDetail(out.VolumeIDs[0]); v.DiskSizeInGB != 30 || v.SourceSnapshotID != sn {
		t.Fatalf("from snapshot %+v", v)
	}
	r = fromSnap(map[string]any{"cdsSizeInGB": 50})
	r.decode(t, &out)
	if v, _, _ := h.volumeDetail(out.VolumeIDs[0]); v.DiskSizeInGB != 50 {
		t.Fatalf("bigger than the snapshot %+v", v)
	}
}

func TestVolumeReleaseAndSnapshots(t *testing.T) {
	h := newHarness(t, Config{})
	kept, dropped := h.createVolume(postpaidVolume(10)), h.createVolume(postpaidVolume(10))
	s1 := h.createSnapshot("", map[string]any{"volumeId": kept, "snapshotName": "s"})
	s2 := h.createSnapshot("", map[string]any{"volumeId": dropped, "snapshotName": "s"})
	expectOK(t, h.do(http.MethodDelete, "/v2/volume/"+kept, nil))
	expectOK(t, h.do(http.MethodPost, "/v2/volume/"+dropped, map[string]any{"manualSnapshot": "on"}))
	if sn, _, r := h.snapshotDetail(s1); r.status != 200 || sn.VolumeID != kept {
		t.Fatalf("snapshot of a released disk: %s", r.body)
	}
	_, _, r := h.snapshotDetail(s2)
	expectError(t, r, 404, CodeNoSuchObject)
}

// With SnapshotsForgetGoneVolumes, a kept snapshot of a released disk shows
// volumeId "", in its detail and in the list; one of a live disk keeps it.
func TestSnapshotsForgetGoneVolumes(t *testing.T) {
	h := newHarness(t, Config{SnapshotsForgetGoneVolumes: true})
	gone, live := h.createVolume(postpaidVolume(10)), h.createVolume(postpaidVolume(10))
	s1 := h.createSnapshot("", map[string]any{"volumeId": gone, "snapshotName": "s"})
	s2 := h.createSnapshot("", map[string]any{"volumeId": live, "snapshotName": "s"})
	expectOK(t, h.do(http.MethodDelete, "/v2/volume/"+gone, nil))
	if sn, _, r := h.snapshotDetail(s1); r.status != 200 || sn.VolumeID != "" {
		t.Fatalf("snapshot of a released disk: %s", r.body)
	}
	if sn, _, _ := h.snapshotDetail(s2); sn.VolumeID != live {
		t.Fatalf("snapshot of a live disk shows volumeId %q", sn.VolumeID)
	}
	if got := h.listSnapshotIDs("volumeId=" + gone); len(got) != 1 || got[0] != s1 {
		t.Fatalf("the volumeId filter still finds the snapshot by the id it was taken of: %v", got)
	}
}
