package bccmock

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestVolumeAttachDetach(t *testing.T) {
	h := newHarness(t, Config{AttachTime: 5 * time.Second, DetachTime: 7 * time.Second})
	inst := h.create(minimalCreate())
	vol := h.createVolume(postpaidVolume(10))
	attach := func(id, instanceID string) result {
		return h.do(http.MethodPut, "/v2/volume/"+id+"?attach", map[string]any{"instanceId": instanceID})
	}
	detach := func(id, instanceID string) result {
		return h.do(http.MethodPut, "/v2/volume/"+id+"?detach", map[string]any{"instanceId": instanceID})
	}

	r := attach(vol, inst)
	expectOK(t, r)
	var out attachVolumeResponse
	r.decode(t, &out)
	if out.VolumeAttachment != (wireAttachment{VolumeID: vol, InstanceID: inst, Device: "/dev/vdb", Serial: vol}) || out.WarningList == nil {
		t.Fatalf("attach answered %s", r.body)
	}
	v, _, _ := h.volumeDetail(vol)
	if v.Status != VolumeStatusAttaching || len(v.Attachments) != 0 {
		t.Fatalf("while attaching %+v", v)
	}
	// Not attached yet, so not detachable yet either.
	expectError(t, detach(vol, inst), 400, CodeDiskNotAttachedInstance)
	expectError(t, attach(vol, inst), 409, CodeDiskNotAvailable)
	h.clock.Advance(5 * time.Second)
	v, _, _ = h.volumeDetail(vol)
	if v.Status != VolumeStatusInUse || len(v.Attachments) != 1 || v.Attachments[0].InstanceID != inst || v.Attachments[0].Device != "/dev/vdb" {
		t.Fatalf("attached %+v", v)
	}
	if got := h.listVolumeIDs("instanceId=" + inst); len(got) != 2 || got[1] != vol {
		t.Fatalf("instance's disks %v", got)
	}
	ids, _ := h.listAll(url.Values{"volumeIds": {vol}}, 10)
	if !slices.Equal(ids, []string{inst}) {
		t.Fatalf("instances by volumeIds: %v", ids)
	}
	r = attach(vol, inst)
	expectError(t, r, 409, CodeDiskNotAvailable)
	if r.message != "Volume status is not available, can not be attached to instance." {
		t.Fatalf("message %q", r.message)
	}

	other := h.create(minimalCreate())
	expectError(t, detach(vol, other), 400, CodeDiskNotAttachedInstance)
	expectOK(t, detach(vol, inst))
	v, _, _ = h.volumeDetail(vol)
	if v.Status != VolumeStatusDetaching || len(v.Attachments) != 1 {
		t.Fatalf("while detaching %+v", v)
	}
	expectError(t, detach(vol, inst), 409, CodeDiskStatusCannotDetach)
	h.clock.Advance(7 * time.Second)
	v, raw, _ := h.volumeDetail(vol)
	if v.Status != VolumeStatusAvailable || len(v.Attachments) != 0 || mustJSON(t, raw["attachments"]) != "[]" {
		t.Fatalf("detached %+v", v)
	}
	// The device name is free again.
	second := h.createVolume(postpaidVolume(10))
	r = attach(second, inst)
	r.decode(t, &out)
	if out.VolumeAttachment.Device != "/dev/vdb" {
		t.Fatalf("device after detach: %s", r.body)
	}
	r = attach(vol, inst)
	r.decode(t, &out)
	if out.VolumeAttachment.Device != "/dev/vdc" {
		t.Fatalf("second disk's device: %s", r.body)
	}
}

func TestVolumeAttachDetachErrors(t *testing.T) {
	h := newHarness(t, Config{StopTime: time.Minute})
	inst := h.create(minimalCreate())
	b := minimalCreate()
	b["zoneName"] = "cn-bj-b"
	far := h.create(b)
	vol := h.createVolume(postpaidVolume(10))
	snapInst, _ := h.srv.Instance(inst)

	put := func(id, action string, body any) result {
		return h.do(http.MethodPut, "/v2/volume/"+id+"?"+action, body)
	}
	expectError(t, put(vol, "attach", map[string]any{}), 400, CodeInappropriateJSON)
	expectError(t, put("v-nothere1", "attach", map[string]any{"instanceId": inst}), 404, CodeNoSuchObject)
	expectError(t, put(vol, "attach", map[string]any{"instanceId": "i-nothere1"}), 404, CodeNoSuchObject)
	r := put(vol, "attach", map[string]any{"instanceId": far})
	expectError(t, r, 403, CodeVolumeZoneNotMatch)
	if !strings.Contains(r.message, "cn-bj-b") {
		t.Fatalf("zone message %q", r.message)
	}
	expectError(t, put(snapInst.SystemVolumeID, "attach", map[string]any{"instanceId": inst}), 409, CodeDiskNotAvailable)
	expectError(t, put(snapInst.SystemVolumeID, "detach", map[string]any{"instanceId": inst}), 403, CodeSystemDiskCannotBeDetached)

	expectOK(t, put(vol, "attach", map[string]any{"instanceId": inst}))
	expectOK(t, h.do(http.MethodPut, "/v2/instance/"+inst+"?stop", nil))
	r = put(vol, "detach", map[string]any{"instanceId": inst})
	expectError(t, r, 409, CodeInstanceStatusCannotDetach)
	v2 := h.createVolume(postpaidVolume(10))
	r = put(v2, "attach", map[string]any{"instanceId": inst})
	expectError(t, r, 409, CodeInstanceStatusCannotAttach)
	if r.message != "Instance only when it is running or stopped state can mount to it." {
		t.Fatalf("message %q", r.message)
	}
	expectError(t, put(vol, "detach", map[string]any{}), 400, CodeInappropriateJSON)
	expectError(t, put("v-nothere1", "detach", map[string]any{"instanceId": inst}), 404, CodeNoSuchObject)
	r = put(vol, "detach", map[string]any{"instanceId": far})
	expectError(t, r, 400, CodeDiskNotAttachedInstance)
	if r.message != "Volume is not mounted in this instance, please make sure and try again." {
		t.Fatalf("message %q", r.message)
	}

	h404 := newHarness(t, Config{DetachNotAttachedAs404: true})
	inst = h404.create(minimalCreate())
	vol = h404.createVolume(postpaidVolume(10))
	expectError(t, h404.do(http.MethodPut, "/v2/volume/"+vol+"?detach", map[string]any{"instanceId": inst}), 404, CodeDiskNotAttachedInstance)
}

func TestVolumeResize(t *testing.T) {
	h := newHarness(t, Config{VolumeResizeTime: 10 * time.Second})
	inst := h.create(minimalCreate())
	free := h.createVolume(postpaidVolume(10))
	used := h.createVolume(map[string]any{"cdsSizeInGB": 10, "instanceId": inst, "billing": map[string]any{"paymentTiming": "Postpaid"}})
	resize := func(id, query string, body any) result {
		return h.do(http.MethodPut, "/v2/volume/"+id+"?resize"+query, body)
	}
	for id, back := range map[string]string{free: VolumeStatusAvailable, used: VolumeStatusInUse} {
		r := resize(id, "", map[string]any{"newCdsSizeInGB": 60})
		expectOK(t, r)
		if string(r.body) != `{"warningList":[]}` {
			t.Fatalf("resize answered %s", r.body)
		}
		v, _, _ := h.volumeDetail(id)
		if v.Status != VolumeStatusScaling || v.DiskSizeInGB != 10 {
			t.Fatalf("while scaling %+v", v)
		}
		expectError(t, resize(id, "", map[string]any{"newCdsSizeInGB": 70}), 409, CodeDiskStatusCannotResize)
		expectError(t, h.do(http.MethodDelete, "/v2/volume/"+id, nil), 409, CodeDiskStatusCannotBeDeleted)
		h.clock.Advance(10 * time.Second)
		v, _, _ = h.volumeDetail(id)
		if v.Status != back || v.DiskSizeInGB != 60 {
			t.Fatalf("after scaling %+v, want %s", v, back)
		}
	}
	for _, bad := range []int{60, 59, 32766} {
		expectError(t, resize(free, "", map[string]any{"newCdsSizeInGB": bad}), 400, CodeInvalidDiskSize)
	}
	expectError(t, resize(free, "", map[string]any{}), 400, CodeInappropriateJSON)
	expectError(t, resize(free, "", map[string]any{"newVolumeType": "floppy"}), 400, CodeInappropriateJSON)
	expectError(t, resize("v-nothere1", "", map[string]any{"newCdsSizeInGB": 70}), 404, CodeNoSuchObject)
	snap, _ := h.srv.Instance(inst)
	expectError(t, resize(snap.SystemVolumeID, "", map[string]any{"newCdsSizeInGB": 70}), 403, CodeSystemDiskCannotBeResized)

	// A type change alone, with a clientToken replayed.
	expectOK(t, resize(free, "&clientToken=rs-1", map[string]any{"newVolumeType": "enhanced_ssd_pl1"}))
	h.clock.Advance(10 * time.Second)
	expectOK(t, resize(free, "&clientToken=rs-1", map[string]any{"newVolumeType": "enhanced_ssd_pl1"}))
	if v, _, _ := h.volumeDetail(free); v.Status != VolumeStatusAvailable || v.StorageType != "enhanced_ssd_pl1" || v.DiskSizeInGB != 60 {
		t.Fatalf("after type change and replay %+v", v)
	}
	expectError(t, resize(free, "&clientToken=rs-1", map[string]any{"newCdsSizeInGB": 80}), 403, CodeIdempotentParameterMismatch)
}

func TestVolumeRenameAndModify(t *testing.T) {
	h := newHarness(t, Config{})
	vol := h.createVolume(postpaidVolume(10))
	put := func(action string, body any) result { return h.do(http.MethodPut, "/v2/volume/"+vol+"?"+action, body) }
	expectOK(t, put("rename", map[string]any{"name": "data-1"}))
	for _, bad := range []string{"", "1data", "-data", strings.Repeat("a", 66), "da*ta", "data\n"} {
		r := put("rename", map[string]any{"name": bad})
		expectError(t, r, 400, CodeDiskNameInvalid)
		if r.message != "Volume name is invalid." {
			t.Fatalf("message %q", r.message)
		}
	}
	expectOK(t, put("rename", map[string]any{"name": "盘 a-b_c/d." + strings.Repeat("x", 54)}))
	expectError(t, h.do(http.MethodPut, "/v2/volume/v-nothere1?rename", map[string]any{"name": "ok"}), 404, CodeNoSuchObject)

	expectOK(t, put("modify", map[string]any{"cdsName": "data-2", "desc": "described", "deleteWithInstance": true}))
	v, _, _ := h.volumeDetail(vol)
	if v.Name != "data-2" || v.Desc != "described" || !v.DeleteWithInstance {
		t.Fatalf("after modify %+v", v)
	}
	expectOK(t, put("modify", map[string]any{"desc": "only desc"}))
	if v, _, _ := h.volumeDetail(vol); v.Name != "data-2" || v.Desc != "only desc" || !v.DeleteWithInstance {
		t.Fatalf("desc-only modify %+v", v)
	}
	expectError(t, put("modify", map[string]any{}), 400, CodeInappropriateJSON)
	expectError(t, put("modify", map[string]any{"cdsName": "9x"}), 400, CodeDiskNameInvalid)
	expectError(t, put("", nil), 400, CodeInvalidHTTPRequest)
	expectError(t, put("rollback", map[string]any{"snapshotId": "s-1"}), 400, CodeInvalidHTTPRequest)
}

func TestVolumeRelease(t *testing.T) {
	h := newHarness(t, Config{VolumeCreateTime: time.Second, PrepaidExpireAfter: time.Hour})
	inst := h.create(minimalCreate())
	vol := h.createVolume(postpaidVolume(10))
	expectError(t, h.do(http.MethodDelete, "/v2/volume/"+vol, nil), 409, CodeDiskStatusCannotBeDeleted)
	h.clock.Advance(time.Second)
	expectOK(t, h.do(http.MethodDelete, "/v2/volume/"+vol, nil))
	_, _, r := h.volumeDetail(vol)
	expectError(t, r, 404, CodeNoSuchObject)
	expectError(t, h.do(http.MethodDelete, "/v2/volume/"+vol, nil), 404, CodeNoSuchObject)
	if slices.Contains(h.listVolumeIDs(""), vol) {
		t.Fatal("released disk still listed")
	}

	attached := h.createVolume(map[string]any{"cdsSizeInGB": 10, "instanceId": inst, "billing": map[string]any{"paymentTiming": "Postpaid"}})
	h.clock.Advance(time.Second)
	r = h.do(http.MethodDelete, "/v2/volume/"+attached, nil)
	expectError(t, r, 409, CodeDiskStatusCannotBeDeleted)
	if r.message != "Volume in current status can not be deleted." {
		t.Fatalf("message %q", r.message)
	}
	snap, _ := h.srv.Instance(inst)
	r = h.do(http.MethodDelete, "/v2/volume/"+snap.SystemVolumeID, nil)
	expectError(t, r, 403, CodeSystemDiskCannotBeDeleted)
	if r.message != "System disk can not be deleted." {
		t.Fatalf("message %q", r.message)
	}
	expectError(t, h.do(http.MethodPost, "/v2/volume/"+snap.SystemVolumeID, map[string]any{"recycle": "off"}), 403, CodeSystemDiskCannotBeDeleted)

	prepaid := h.createVolume(map[string]any{"cdsSizeInGB": 10, "billing": map[string]any{"paymentTiming": "Prepaid", "reservation": map[string]any{"reservationLength": 1}}})
	h.clock.Advance(time.Second)
	expectError(t, h.do(http.MethodDelete, "/v2/volume/"+prepaid, nil), 403, CodeVolumeReleaseNotPrepay)
	h.clock.Advance(time.Hour)
	if s := h.volumeStatus(prepaid); s != VolumeStatusExpired {
		t.Fatalf("prepaid disk after expiry: %s", s)
	}
	expectOK(t, h.do(http.MethodDelete, "/v2/volume/"+prepaid, nil))
}

func TestVolumePrepaidExpiryDetaches(t *testing.T) {
	h := newHarness(t, Config{PrepaidExpireAfter: time.Hour})
	inst := h.create(prepaidCreate(1))
	vol := h.createVolume(map[string]any{"cdsSizeInGB": 10, "instanceId": inst,
		"billing": map[string]any{"paymentTiming": "Prepaid", "reservation": map[string]any{"reservationLength": 1}}})
	if v, _, _ := h.volumeDetail(vol); v.Status != VolumeStatusInUse || len(v.Attachments) != 1 {
		t.Fatalf("prepaid disk %+v", v)
	}
	h.clock.Advance(time.Hour)
	if v, _, _ := h.volumeDetail(vol); v.Status != VolumeStatusExpired || len(v.Attachments) != 0 {
		t.Fatalf("expired disk %+v", v)
	}
}

func TestVolumeReleaseByPost(t *testing.T) {
	for _, visible := range []bool{false, true} {
		h := newHarness(t, Config{RecycledVolumesVisible: visible})
		a, b := h.createVolume(postpaidVolume(10)), h.createVolume(postpaidVolume(10))
		expectOK(t, h.do(http.MethodPost, "/v2/volume/"+a, nil)) // recycle defaults to on
		expectOK(t, h.do(http.MethodPost, "/v2/volume/"+b, map[string]any{"recycle": "off", "manualSnapshot": "off", "autoSnapshot": "on"}))
		if got := h.listVolumeIDs(""); len(got) != 0 {
			t.Fatalf("released disks listed: %v", got)
		}
		_, _, r := h.volumeDetail(b)
		expectError(t, r, 404, CodeNoSuchObject)
		v, _, r := h.volumeDetail(a)
		if visible {
			expectOK(t, r)
			if v.Status != VolumeStatusRecycled {
				t.Fatalf("recycled disk shows %s", v.Status)
			}
		} else {
			expectError(t, r, 404, CodeNoSuchObject)
		}
		// A disk in the recycle bin cannot be acted on.
		expectError(t, h.do(http.MethodPut, "/v2/volume/"+a+"?rename", map[string]any{"name": "x"}), 404, CodeNoSuchObject)
		expectError(t, h.do(http.MethodPost, "/v2/volume/"+a, nil), 404, CodeNoSuchObject)
		if snap, ok := h.srv.Volume(a); !ok || !snap.Recycled || snap.Status != VolumeStatusRecycled {
			t.Fatalf("introspection of a recycled disk %+v %v", snap, ok)
		}
		c := h.createVolume(postpaidVolume(10))
		expectError(t, h.do(http.MethodPost, "/v2/volume/"+c, map[string]any{"recycle": "yes"}), 400, CodeInappropriateJSON)
		expectError(t, h.do(http.MethodPost, "/v2/volume/"+c, `{"recycle":`), 400, CodeMalformedJSON)
	}
}

func TestVolumeList(t *testing.T) {
	h := newHarness(t, Config{})
	b := minimalCreate()
	b["zoneName"] = "cn-bj-b"
	inst := h.create(b)
	sys, _ := h.srv.Instance(inst)
	d1 := h.createVolume(map[string]any{"cdsSizeInGB": 10, "instanceId": inst, "name": "one", "billing": map[string]any{"paymentTiming": "Postpaid"}})
	d2 := h.createVolume(postpaidVolume(10))
	d3 := h.createVolume(map[string]any{"cdsSizeInGB": 10, "billing": map[string]any{"paymentTiming": "Prepaid", "reservation": map[string]any{"reservationLength": 1}}})
	cases := []struct {
		query string
		want  []string
	}{
		{"", []string{sys.SystemVolumeID, d1, d2, d3}},
		{"instanceId=" + inst, []string{sys.SystemVolumeID, d1}},
		{"zoneName=cn-bj-b", []string{sys.SystemVolumeID, d1}},
		{"usageFilter=system", []string{sys.SystemVolumeID}},
		{"usageFilter=data", []string{d1, d2, d3}},
		{"chargeFilter=prepay", []string{d3}},
		{"chargeFilter=postpay&usageFilter=data", []string{d1, d2}},
		{"name=one", []string{d1}},
		{"volumeIds=" + d2 + "," + d3, []string{d2, d3}},
		{"clusterId=c-1", nil},
		{"instanceId=i-nothere1", nil},
	}
	for _, tc := range cases {
		if got := h.listVolumeIDs(tc.query); !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.query, got, tc.want)
		}
	}
	var got []string
	marker := ""
	for range 10 {
		r := h.do(http.MethodGet, "/v2/volume?maxKeys=3&marker="+marker, nil)
		var p listVolumesResponse
		r.decode(t, &p)
		for _, v := range p.Volumes {
			got = append(got, v.ID)
		}
		if !p.IsTruncated {
			if strings.Contains(string(r.body), "nextMarker") {
				t.Fatalf("last page has nextMarker: %s", r.body)
			}
			break
		}
		marker = p.NextMarker
	}
	if !slices.Equal(got, cases[0].want) {
		t.Fatalf("paged %v", got)
	}
	for _, bad := range []string{"usageFilter=all", "chargeFilter=free", "maxKeys=0", "marker=v-nothing1", "marker=" + inst} {
		expectError(t, h.do(http.MethodGet, "/v2/volume?"+bad, nil), 400, CodeInvalidHTTPRequest)
	}
}

func TestMatchVolumeRoutes(t *testing.T) {
	q := func(s string) url.Values { v, _ := url.ParseQuery(s); return v }
	for _, tc := range []struct{ method, path, query, route, id string }{
		{"POST", "/v2/volume", "clientToken=x", RouteCreateVolume, ""},
		{"GET", "/v2/volume", "instanceId=i-1", RouteListVolumes, ""},
		{"GET", "/v2/volume/v-1", "", RouteGetVolume, "v-1"},
		{"PUT", "/v2/volume/v-1", "attach", RouteAttachVolume, "v-1"},
		{"PUT", "/v2/volume/v-1", "detach=", RouteDetachVolume, "v-1"},
		{"PUT", "/v2/volume/v-1", "resize&clientToken=t", RouteResizeVolume, "v-1"},
		{"PUT", "/v2/volume/v-1", "rename", RouteRenameVolume, "v-1"},
		{"PUT", "/v2/volume/v-1", "modify", RouteModifyVolume, "v-1"},
		{"DELETE", "/v2/volume/v-1", "", RouteReleaseVolume, "v-1"},
		{"POST", "/v2/volume/v-1", "", RouteReleaseVolumeByPost, "v-1"},
		{"PUT", "/v2/volume/v-1", "attach&detach", RouteMissingAction, "v-1"},
		{"POST", "/v2/volume/deletePrepay", "", RouteUnknown, ""},
		{"GET", "/v2/volume/v-1/x", "", RouteUnknown, ""},
		{"DELETE", "/v2/volume", "", RouteUnknown, ""},
	} {
		rt := matchRoute(tc.method, tc.path, q(tc.query))
		if rt.name != tc.route || rt.id != tc.id {
			t.Errorf("%s %s?%s => %s %q, want %s %q", tc.method, tc.path, tc.query, rt.name, rt.id, tc.route, tc.id)
		}
		if knownRoutes[rt.name] == (rt.err != nil) {
			t.Errorf("%s %s: known route %s with error %v", tc.method, tc.path, rt.name, rt.err)
		}
	}
	// A volume route's record names the volume, not an instance.
	h := newHarness(t, Config{})
	h.do(http.MethodGet, "/v2/volume/v-abc12345", nil)
	recs := h.srv.Requests()
	if last := recs[len(recs)-1]; last.Route != RouteGetVolume || last.ResourceID != "v-abc12345" || last.InstanceID != "" {
		t.Fatalf("record %+v", last)
	}
}
