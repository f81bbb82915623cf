package bccmock

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"
)

// world is an instance with everything a release touches: two attached
// data disks (one still attaching), a detached disk, snapshots of a data
// disk and of the system disk (taken both ways), and custom images made
// from the instance and from a system-disk snapshot.
type world struct {
	inst, sysVol            string
	dataA, dataB, loose     string
	cdsSnap, looseSnap      string
	sysSnapI, sysSnapV      string
	imageInst, imageSysSnap string
}

func newWorld(t *testing.T, h *harness, instBody map[string]any) world {
	t.Helper()
	var w world
	w.inst = h.create(instBody)
	snap, _ := h.srv.Instance(w.inst)
	w.sysVol = snap.SystemVolumeID
	billing := map[string]any{"paymentTiming": "Postpaid"}
	w.dataA = h.createVolume(map[string]any{"cdsSizeInGB": 10, "instanceId": w.inst, "billing": billing})
	w.dataB = h.createVolume(map[string]any{"cdsSizeInGB": 10, "billing": billing})
	w.loose = h.createVolume(map[string]any{"cdsSizeInGB": 10, "billing": billing})
	w.cdsSnap = h.createSnapshot("", map[string]any{"volumeId": w.dataA, "snapshotName": "cds"})
	w.looseSnap = h.createSnapshot("", map[string]any{"volumeId": w.loose, "snapshotName": "loose"})
	w.sysSnapI = h.createSnapshot("", map[string]any{"volumeId": w.inst, "snapshotName": "sys"})
	w.sysSnapV = h.createSnapshot("", map[string]any{"volumeId": w.sysVol, "snapshotName": "sys"})
	w.imageSysSnap = h.createImage("", map[string]any{"imageName": "from-snap", "snapshotId": w.sysSnapI})
	w.imageInst = h.createImage("", map[string]any{"imageName": "from-inst", "instanceId": w.inst})
	// Attaching when the release comes: it must end detached too.
	expectOK(t, h.do(http.MethodPut, "/v2/volume/"+w.dataB+"?attach", map[string]any{"instanceId": w.inst}))
	return w
}

// checkKept proves the documented consequences: data disks detached and
// kept (unless gone lists them), CDS snapshots and images kept, system-disk
// snapshots and the system disk gone.
func checkKept(t *testing.T, h *harness, w world, gone ...string) {
	t.Helper()
	for _, id := range []string{w.dataA, w.dataB} {
		v, _, r := h.volumeDetail(id)
		if slices.Contains(gone, id) {
			expectError(t, r, 404, CodeNoSuchObject)
			continue
		}
		expectOK(t, r)
		if v.Status != VolumeStatusAvailable || len(v.Attachments) != 0 {
			t.Fatalf("data disk %s after release: %+v", id, v)
		}
	}
	if v, _, _ := h.volumeDetail(w.loose); v.Status != VolumeStatusAvailable {
		t.Fatalf("unrelated disk %+v", v)
	}
	if got := h.listVolumeIDs("instanceId=" + w.inst); len(got) != 0 {
		t.Fatalf("disks still listed under the instance: %v", got)
	}
	_, _, r := h.volumeDetail(w.sysVol)
	expectError(t, r, 404, CodeNoSuchObject)
	if slices.Contains(h.listVolumeIDs(""), w.sysVol) {
		t.Fatal("system disk still listed")
	}
	for _, id := range []string{w.sysSnapI, w.sysSnapV} {
		_, _, r := h.snapshotDetail(id)
		expectError(t, r, 404, CodeNoSuchObject)
	}
	listed := h.listSnapshotIDs("")
	if slices.Contains(listed, w.sysSnapI) || slices.Contains(listed, w.sysSnapV) || len(h.listSnapshotIDs("volumeId="+w.inst)) != 0 {
		t.Fatalf("system-disk snapshots still listed: %v", listed)
	}
	if !slices.Contains(listed, w.looseSnap) {
		t.Fatal("an unrelated snapshot went")
	}
	if sn, _, r := h.snapshotDetail(w.cdsSnap); !slices.Contains(gone, w.cdsSnap) && (r.status != 200 || sn.Status != SnapshotStatusAvailable || sn.VolumeID != w.dataA) {
		t.Fatalf("CDS snapshot after release: %s", r.body)
	}
	for _, id := range []string{w.imageInst, w.imageSysSnap} {
		im, r := h.imageDetail(id)
		expectOK(t, r)
		if im.Status != ImageStatusAvailable || im.Type != ImageTypeCustom {
			t.Fatalf("image %s after release %+v", id, im)
		}
	}
}

func TestReleaseConsequencesOfEveryRoute(t *testing.T) {
	for _, tc := range []struct {
		name         string
		prepaid      bool
		method, path string
		body         any
	}{
		{"DELETE", false, http.MethodDelete, "/v2/instance/{id}", nil},
		{"POST with flags off", false, http.MethodPost, "/v2/instance/{id}", map[string]any{"relatedReleaseFlag": false}},
		{"POST into the recycle bin", false, http.MethodPost, "/v2/instance/{id}", map[string]any{"bccRecycleFlag": true}},
		{"POST /delete of a prepaid instance", true, http.MethodPost, "/v2/instance/delete", "{id}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Config{AttachTime: time.Minute})
			body := minimalCreate()
			if tc.prepaid {
				body = prepaidCreate(1)
			}
			w := newWorld(t, h, body)
			var req any = tc.body
			if tc.body == "{id}" {
				req = map[string]any{"instanceId": w.inst}
			}
			path := tc.path
			if path == "/v2/instance/{id}" {
				path = "/v2/instance/" + w.inst
			}
			expectOK(t, h.do(tc.method, path, req))
			checkKept(t, h, w)
			// The instance's gone; its detached disk attaches elsewhere.
			other := h.create(minimalCreate())
			expectOK(t, h.do(http.MethodPut, "/v2/volume/"+w.dataA+"?attach", map[string]any{"instanceId": other}))
			expectError(t, h.do(http.MethodPut, "/v2/volume/"+w.dataA+"?detach", map[string]any{"instanceId": w.inst}), 400, CodeDiskNotAttachedInstance)
		})
	}
}

func TestReleaseWithRelatedResources(t *testing.T) {
	h := newHarness(t, Config{})
	w := newWorld(t, h, minimalCreate())
	expectOK(t, h.do(http.MethodPost, "/v2/instance/"+w.inst, map[string]any{"relatedReleaseFlag": true}))
	checkKept(t, h, w, w.dataA, w.dataB)
	// Without deleteCdsSnapshotFlag the released disks' snapshots stay.
	if _, _, r := h.snapshotDetail(w.cdsSnap); r.status != 200 {
		t.Fatalf("snapshot of a released disk: %s", r.body)
	}

	h = newHarness(t, Config{})
	w = newWorld(t, h, minimalCreate())
	expectOK(t, h.do(http.MethodPost, "/v2/instance/"+w.inst, map[string]any{"relatedReleaseFlag": true, "deleteCdsSnapshotFlag": true}))
	checkKept(t, h, w, w.dataA, w.dataB, w.cdsSnap)
	_, _, r := h.snapshotDetail(w.cdsSnap)
	expectError(t, r, 404, CodeNoSuchObject)
}

func TestReleaseFollowsDiskAttributes(t *testing.T) {
	h := newHarness(t, Config{})
	w := newWorld(t, h, minimalCreate())
	expectOK(t, h.do(http.MethodPut, "/v2/volume/"+w.dataA+"?modify", map[string]any{"desc": "x", "deleteWithInstance": true}))
	expectOK(t, h.do(http.MethodPost, "/v2/instance/"+w.inst, map[string]any{"relatedReleaseFlag": true, "cdsAttributeActive": true}))
	checkKept(t, h, w, w.dataA)
}

func TestEarlyReleaseTakesPrepaidDisks(t *testing.T) {
	h := newHarness(t, Config{})
	inst := h.create(prepaidCreate(1))
	prepaid := map[string]any{"paymentTiming": "Prepaid", "reservation": map[string]any{"reservationLength": 1}}
	disk := h.createVolume(map[string]any{"cdsSizeInGB": 10, "instanceId": inst, "billing": prepaid})
	snap := h.createSnapshot("", map[string]any{"volumeId": disk, "snapshotName": "s"})
	sys := h.createSnapshot("", map[string]any{"volumeId": inst, "snapshotName": "s"})
	sysVol := h.srv.mustInstance(t, inst).SystemVolumeID
	r := h.do(http.MethodPost, "/v2/instance/delete", map[string]any{"instanceId": inst, "relatedReleaseFlag": true, "deleteCdsSnapshotFlag": true})
	expectOK(t, r)
	var out releasePrepaidResponse
	r.decode(t, &out)
	if got := out.SuccessResources; got == nil || !slices.Equal(got.VolumeIDs, []string{sysVol, disk}) ||
		len(got.SnapshotIDs) != 2 || !slices.Contains(got.SnapshotIDs, snap) || !slices.Contains(got.SnapshotIDs, sys) || !out.InstanceRefundFlag {
		t.Fatalf("early release answered %s", r.body)
	}
	_, _, vr := h.volumeDetail(disk)
	expectError(t, vr, 404, CodeNoSuchObject)
}

func TestRefusedReleaseChangesNothing(t *testing.T) {
	h := newHarness(t, Config{CreatingWindow: time.Minute})
	b := minimalCreate()
	w := newWorld(t, h, b)
	expectError(t, h.do(http.MethodDelete, "/v2/instance/"+w.inst, nil), 403, CodeReleaseWhileCreating)
	h.srv.SetInstanceDeletionProtectionOutOfBand(w.inst, true)
	h.clock.Advance(time.Minute)
	expectError(t, h.do(http.MethodPost, "/v2/instance/"+w.inst, map[string]any{"relatedReleaseFlag": true}), 403, CodeDeletionProtection)
	if v, _, _ := h.volumeDetail(w.dataA); v.Status != VolumeStatusInUse || len(v.Attachments) != 1 {
		t.Fatalf("data disk after a refused release %+v", v)
	}
	if _, _, r := h.snapshotDetail(w.sysSnapI); r.status != 200 {
		t.Fatal("system-disk snapshot went with a refused release")
	}
}

func TestReleaseInstanceOutOfBand(t *testing.T) {
	h := newHarness(t, Config{})
	w := newWorld(t, h, prepaidCreate(1))
	err := h.srv.ReleaseInstanceOutOfBand(w.inst)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 403 || ae.Code != CodeReleaseNotPrepay {
		t.Fatalf("prepaid: %v", err)
	}
	h.srv.SetInstanceDeletionProtectionOutOfBand(w.inst, true)
	if err := h.srv.ReleaseInstanceOutOfBand(w.inst); !errors.As(err, &ae) || ae.Code != CodeDeletionProtection {
		t.Fatalf("protected: %v", err)
	}
	if err := h.srv.ReleaseInstanceOutOfBand("i-nothere1"); !errors.As(err, &ae) || ae.Status != 404 || ae.Code != CodeNoSuchObject {
		t.Fatalf("unknown: %v", err)
	}
	w = newWorld(t, h, minimalCreate())
	if err := h.srv.ReleaseInstanceOutOfBand(w.inst); err != nil {
		t.Fatalf("release: %v", err)
	}
	checkKept(t, h, w)
	if err := h.srv.ReleaseInstanceOutOfBand(w.inst); !errors.As(err, &ae) || ae.Code != CodeNoSuchObject {
		t.Fatalf("second release: %v", err)
	}

	// The console sees an instance the API does not show yet.
	hv := newHarness(t, Config{VisibilityDelay: time.Minute, CreatingWindow: time.Second})
	inst := hv.create(minimalCreate())
	if err := hv.srv.ReleaseInstanceOutOfBand(inst); !errors.As(err, &ae) || ae.Code != CodeReleaseWhileCreating {
		t.Fatalf("during the creating window: %v", err)
	}
	hv.clock.Advance(time.Second)
	sysVol := hv.srv.mustInstance(t, inst).SystemVolumeID
	if err := hv.srv.ReleaseInstanceOutOfBand(inst); err != nil {
		t.Fatalf("release of an invisible instance: %v", err)
	}
	if _, ok := hv.srv.Volume(sysVol); ok {
		t.Fatal("system disk kept")
	}
}

func TestDeleteInstanceOutOfBandAppliesConsequences(t *testing.T) {
	h := newHarness(t, Config{})
	w := newWorld(t, h, minimalCreate())
	if !h.srv.DeleteInstanceOutOfBand(w.inst) {
		t.Fatal("DeleteInstanceOutOfBand")
	}
	checkKept(t, h, w)
}

func TestEarlyReleaseKnobs(t *testing.T) {
	h := newHarness(t, Config{})
	inst := h.create(prepaidCreate(1))
	h.srv.FailNextEarlyReleases(1)
	r := h.do(http.MethodPost, "/v2/instance/delete", map[string]any{"instanceId": inst})
	expectOK(t, r)
	var out releasePrepaidResponse
	r.decode(t, &out)
	if out.FailResources == nil || out.FailResources.InstanceID != inst || out.SuccessResources != nil || out.InstanceRefundFlag {
		t.Fatalf("refused early release answered %s", r.body)
	}
	if in := h.srv.mustInstance(t, inst); in.Status != StatusRunning {
		t.Fatalf("instance after a refused early release: %+v", in)
	}
	r = h.do(http.MethodPost, "/v2/instance/delete", map[string]any{"instanceId": inst})
	expectOK(t, r)
	out = releasePrepaidResponse{}
	r.decode(t, &out)
	if out.SuccessResources == nil || out.SuccessResources.InstanceID != inst || !out.InstanceRefundFlag {
		t.Fatalf("second early release answered %s", r.body)
	}

	h = newHarness(t, Config{EarlyReleaseRefundFalse: true})
	inst = h.create(prepaidCreate(1))
	r = h.do(http.MethodPost, "/v2/instance/delete", map[string]any{"instanceId": inst})
	expectOK(t, r)
	out = releasePrepaidResponse{}
	r.decode(t, &out)
	if out.SuccessResources == nil || out.SuccessResources.InstanceID != inst || out.InstanceRefundFlag {
		t.Fatalf("early release with EarlyReleaseRefundFalse answered %s", r.body)
	}
	if _, ok := h.srv.Instance(inst); ok {
		if in := h.srv.mustInstance(t, inst); in.Status != StatusDeleted {
			t.Fatalf("instance after release: %+v", in)
		}
	}
}
