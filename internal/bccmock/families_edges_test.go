package bccmock

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAttachRunsOutOfDevices(t *testing.T) {
	h := newHarness(t, Config{})
	inst := h.create(minimalCreate())
	body := map[string]any{"cdsSizeInGB": 5, "instanceId": inst, "purchaseCount": 5, "billing": map[string]any{"paymentTiming": "Postpaid"}}
	for range 5 {
		h.createVolumes("", body) // /dev/vdb ... /dev/vdz
	}
	spare := h.createVolume(postpaidVolume(5))
	expectError(t, h.do(http.MethodPut, "/v2/volume/"+spare+"?attach", map[string]any{"instanceId": inst}), 409, CodeNoFreeDevice)
}

func TestReleaseWhileDisksAreBusy(t *testing.T) {
	h := newHarness(t, Config{VolumeCreateTime: time.Minute, VolumeResizeTime: time.Minute})
	inst := h.create(minimalCreate())
	billing := map[string]any{"paymentTiming": "Postpaid"}
	creating := h.createVolume(map[string]any{"cdsSizeInGB": 10, "instanceId": inst, "billing": billing})
	h.clock.Advance(time.Minute)
	scaling := h.createVolume(map[string]any{"cdsSizeInGB": 10, "instanceId": inst, "billing": billing})
	h.clock.Advance(time.Minute)
	creating2 := h.createVolume(map[string]any{"cdsSizeInGB": 10, "instanceId": inst, "billing": billing})
	expectOK(t, h.do(http.MethodPut, "/v2/volume/"+scaling+"?resize", map[string]any{"newCdsSizeInGB": 20}))
	expectOK(t, h.do(http.MethodDelete, "/v2/instance/"+inst, nil))
	for _, id := range []string{creating2, scaling} {
		v, _, _ := h.volumeDetail(id)
		if len(v.Attachments) != 0 || v.Status == VolumeStatusInUse {
			t.Fatalf("%s right after the release: %+v", id, v)
		}
	}
	h.clock.Advance(time.Minute)
	for id, size := range map[string]int{creating: 10, creating2: 10, scaling: 20} {
		if v, _, _ := h.volumeDetail(id); v.Status != VolumeStatusAvailable || v.DiskSizeInGB != size || len(v.Attachments) != 0 {
			t.Fatalf("%s once settled: %+v", id, v)
		}
	}
}

func TestIntrospectionOfFamilies(t *testing.T) {
	h := newHarness(t, Config{})
	inst := h.create(minimalCreate())
	vol := h.createVolume(map[string]any{"cdsSizeInGB": 10, "instanceId": inst, "tags": []map[string]string{{"tagKey": "k", "tagValue": "v"}},
		"billing": map[string]any{"paymentTiming": "Postpaid"}})
	sn := h.createSnapshot("?clientToken=t1", map[string]any{"volumeId": vol, "snapshotName": "s", "tags": []map[string]string{{"tagKey": "a", "tagValue": "b"}}})
	im := h.createImage("?clientToken=t2", map[string]any{"imageName": "i", "instanceId": inst})

	v, ok := h.srv.Volume(vol)
	if !ok || v.Type != VolumeTypeCds || v.InstanceID != inst || v.Device != "/dev/vdb" || v.Tags["k"] != "v" {
		t.Fatalf("Volume %+v", v)
	}
	if vs := h.srv.Volumes(); len(vs) != 2 {
		t.Fatalf("Volumes %+v", vs)
	}
	s, ok := h.srv.Snapshot(sn)
	if !ok || s.Tags["a"] != "b" || s.ClientToken != "t1" || s.RetentionInDays != -1 || s.DiskID != vol || s.System {
		t.Fatalf("Snapshot %+v", s)
	}
	if _, ok := h.srv.Snapshot("s-nothere1"); ok {
		t.Fatal("unknown snapshot found")
	}
	i, ok := h.srv.Image(im)
	if !ok || i.Type != ImageTypeCustom || i.ClientToken != "t2" || i.SourceInstanceID != inst {
		t.Fatalf("Image %+v", i)
	}
	if _, ok := h.srv.Image("m-nothere1"); ok {
		t.Fatal("unknown image found")
	}
	if _, ok := h.srv.Volume("v-nothere1"); ok {
		t.Fatal("unknown volume found")
	}
	if h.srv.DetachVolumeOutOfBand(h.srv.mustInstance(t, inst).SystemVolumeID) || h.srv.DeleteVolumeOutOfBand(h.srv.mustInstance(t, inst).SystemVolumeID) {
		t.Fatal("the system disk was detached or deleted out of band")
	}

	h.srv.FailNextImages(3)
	h.srv.FailNextImages(0)
	h.srv.FailNextSnapshots(2)
	h.srv.FailNextSnapshots(-1)
	if x, _ := h.srv.Image(h.createImage("", map[string]any{"imageName": "j", "instanceId": inst})); x.Status != ImageStatusAvailable {
		t.Fatalf("after cancelling FailNextImages: %s", x.Status)
	}
	if x, _ := h.srv.Snapshot(h.createSnapshot("", map[string]any{"volumeId": vol, "snapshotName": "t"})); x.Status != SnapshotStatusAvailable {
		t.Fatalf("after cancelling FailNextSnapshots: %s", x.Status)
	}
	var ae *APIError
	if err := h.srv.ReleaseInstanceOutOfBand("i-nothere1"); !errors.As(err, &ae) || !strings.Contains(err.Error(), "404 NoSuchObject") {
		t.Fatalf("APIError text %v", err)
	}
}
