package bccmock

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestAdminFamilyEndpoints(t *testing.T) {
	h := newHarness(t, Config{Admin: true})
	inst := h.create(minimalCreate())
	vol := h.createVolume(map[string]any{"cdsSizeInGB": 10, "instanceId": inst, "billing": map[string]any{"paymentTiming": "Postpaid"}})
	snap := h.createSnapshot("", map[string]any{"volumeId": vol, "snapshotName": "s"})
	img := h.createImage("", map[string]any{"imageName": "i", "instanceId": inst})

	decode := func(path string, v any) {
		t.Helper()
		status, out := h.admin(http.MethodGet, path)
		if status != 200 {
			t.Fatalf("%s: %d %s", path, status, out)
		}
		if err := json.Unmarshal([]byte(out), v); err != nil {
			t.Fatalf("%s: %v in %s", path, err, out)
		}
	}
	var vols []Volume
	decode("/_mock/volumes", &vols)
	if len(vols) != 2 {
		t.Fatalf("volumes %+v", vols)
	}
	var snaps []Snapshot
	decode("/_mock/snapshots", &snaps)
	if len(snaps) != 1 || snaps[0].ID != snap {
		t.Fatalf("snapshots %+v", snaps)
	}
	var imgs []Image
	decode("/_mock/images", &imgs)
	if len(imgs) != len(systemImages)+1 {
		t.Fatalf("images %+v", imgs)
	}

	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/_mock/volume/" + vol + "?detach", 200},
		{"/_mock/volume/" + vol + "?detach", 404}, // not attached any more
		{"/_mock/volume/" + vol + "?resize", 400},
		{"/_mock/image/" + img + "?share", 200},
		{"/_mock/snapshot/" + snap + "?delete", 200},
		{"/_mock/snapshot/" + snap + "?delete", 404},
		{"/_mock/volume/" + vol + "?delete", 200},
		{"/_mock/image/m-A4jJpFzi?delete", 404},
		{"/_mock/instance/" + inst + "?protection=true", 200},
		{"/_mock/instance/" + inst + "?protection=maybe", 400},
		{"/_mock/instance/" + inst + "?release", 409},
		{"/_mock/instance/" + inst + "?protection=false", 200},
		{"/_mock/instance/" + inst + "?release", 200},
	} {
		if status, out := h.admin(http.MethodPost, tc.path); status != tc.status {
			t.Fatalf("%s: %d %s, want %d", tc.path, status, out, tc.status)
		}
	}
	expectError(t, h.do(http.MethodDelete, "/v2/image/"+img, nil), 409, CodeImageHasBeenShared)
	if _, ok := h.srv.Volume(vol); ok {
		t.Fatal("volume survived its out-of-band delete")
	}
	if _, ok := h.srv.Instance(inst); ok { // no Deleted phase configured
		t.Fatal("instance not released")
	}
	if status, out := h.admin(http.MethodPost, "/_mock/instance/"+inst+"?release"); status != 409 || !strings.Contains(out, CodeNoSuchObject) {
		t.Fatalf("second release: %d %s", status, out)
	}
}
