package bccmock

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestVolumeCreateAndDetail(t *testing.T) {
	h := newHarness(t, Config{VolumeCreateTime: 10 * time.Second})
	id := h.createVolume(postpaidVolume(50))
	if !strings.HasPrefix(id, "v-") || len(id) != 10 {
		t.Fatalf("id %q", id)
	}
	if s := h.volumeStatus(id); s != VolumeStatusCreating {
		t.Fatalf("new disk is %s", s)
	}
	h.clock.Advance(10 * time.Second)
	v, raw, _ := h.volumeDetail(id)
	if v.Status != VolumeStatusAvailable || v.Name != id || v.DiskSizeInGB != 50 || v.Type != "Cds" || v.StorageType != "hp1" ||
		v.PaymentTiming != "Postpaid" || v.ZoneName != "cn-bj-a" || v.RegionID != "bj" || v.IsSystemVolume ||
		v.SourceSnapshotID != "" || v.CreateTime != "2025-03-14T09:26:53Z" || v.ExpireTime != nil || len(v.Attachments) != 0 {
		t.Fatalf("detail %+v", v)
	}
	for key, want := range map[string]any{"snapshotNum": "0", "encrypted": false, "enableDeleteProtection": false,
		"attachments": []any{}, "tags": []any{}, "expireTime": nil, "desc": ""} {
		got, ok := raw[key]
		if b1, _ := json.Marshal(got); !ok || string(b1) != mustJSON(t, want) {
			t.Errorf("%s = %s, want %s", key, b1, mustJSON(t, want))
		}
	}
	if _, has := raw["instanceId"]; has {
		t.Error("a volume has no top-level instanceId")
	}
	_, _, r := h.volumeDetail("v-nothere1")
	expectError(t, r, 404, CodeNoSuchObject)
	if snap, ok := h.srv.Volume(id); !ok || snap.SizeGB != 50 || snap.Status != VolumeStatusAvailable {
		t.Fatalf("introspection %+v %v", snap, ok)
	}
}

func TestVolumeCreateForInstance(t *testing.T) {
	h := newHarness(t, Config{VolumeCreateTime: 5 * time.Second, StopTime: time.Minute})
	b := minimalCreate()
	b["zoneName"] = "cn-bj-c"
	inst := h.create(b)
	body := postpaidVolume(20)
	body["instanceId"], body["purchaseCount"] = inst, 2
	ids := h.createVolumes("", body)
	if len(ids) != 2 {
		t.Fatalf("ids %v", ids)
	}
	v, _, _ := h.volumeDetail(ids[0])
	if v.Status != VolumeStatusCreating || len(v.Attachments) != 0 || v.ZoneName != "cn-bj-c" {
		t.Fatalf("while creating %+v", v)
	}
	h.clock.Advance(5 * time.Second)
	for i, dev := range []string{"/dev/vdb", "/dev/vdc"} {
		v, _, _ := h.volumeDetail(ids[i])
		if v.Status != VolumeStatusInUse || len(v.Attachments) != 1 || v.Attachments[0] != (wireAttachment{VolumeID: ids[i], InstanceID: inst, Device: dev, Serial: ids[i]}) {
			t.Fatalf("disk %d: %+v", i, v)
		}
	}
	if got := h.listVolumeIDs("instanceId=" + inst); len(got) != 3 || got[1] != ids[0] || got[2] != ids[1] {
		t.Fatalf("disks of the instance: %v", got)
	}

	for _, tc := range []struct {
		name   string
		mutate func(map[string]any)
		status int
		code   string
	}{
		{"other zone", func(m map[string]any) { m["zoneName"] = "cn-bj-a" }, 403, CodeVolumeZoneNotMatch},
		{"unknown instance", func(m map[string]any) { m["instanceId"] = "i-nothere1" }, 404, CodeNoSuchObject},
		{"prepaid disk, postpaid instance", func(m map[string]any) {
			m["billing"] = map[string]any{"paymentTiming": "Prepaid", "reservation": map[string]any{"reservationLength": 1}}
		}, 400, CodeInappropriateJSON},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := postpaidVolume(20)
			m["instanceId"] = inst
			tc.mutate(m)
			expectError(t, h.do(http.MethodPost, "/v2/volume", m), tc.status, tc.code)
		})
	}
	expectOK(t, h.do(http.MethodPut, "/v2/instance/"+inst+"?stop", nil))
	m := postpaidVolume(20)
	m["instanceId"] = inst
	expectError(t, h.do(http.MethodPost, "/v2/volume", m), 409, CodeInstanceStatusCannotAttach)
}

func TestVolumeCreateValidation(t *testing.T) {
	h := newHarness(t, Config{})
	with := func(f func(map[string]any)) map[string]any { m := postpaidVolume(10); f(m); return m }
	cases := []struct {
		name   string
		body   any
		status int
		code   string
		msg    string
	}{
		{"no size", with(func(m map[string]any) { delete(m, "cdsSizeInGB") }), 400, CodeInappropriateJSON, "cdsSizeInGB or snapshotId"},
		{"size 0 is absent", with(func(m map[string]any) { m["cdsSizeInGB"] = 0 }), 400, CodeInappropriateJSON, "cdsSizeInGB or snapshotId"},
		{"exact key", `{"CdsSizeInGB":10,"billing":{"paymentTiming":"Postpaid"}}`, 400, CodeInappropriateJSON, "cdsSizeInGB or snapshotId"},
		{"size 4", with(func(m map[string]any) { m["cdsSizeInGB"] = 4 }), 400, CodeInappropriateJSON, "cdsSizeInGB"},
		{"size too big", with(func(m map[string]any) { m["cdsSizeInGB"] = 32766 }), 400, CodeInappropriateJSON, "cdsSizeInGB"},
		{"count 6", with(func(m map[string]any) { m["purchaseCount"] = 6 }), 400, CodeInappropriateJSON, "purchaseCount"},
		{"count -1", with(func(m map[string]any) { m["purchaseCount"] = -1 }), 400, CodeInappropriateJSON, "purchaseCount"},
		{"storage", with(func(m map[string]any) { m["storageType"] = "local-ssd" }), 400, CodeInappropriateJSON, "storageType"},
		{"zone", with(func(m map[string]any) { m["zoneName"] = "beijing" }), 400, CodeInappropriateJSON, "zoneName"},
		{"name", with(func(m map[string]any) { m["name"] = "1disk" }), 400, CodeDiskNameInvalid, "Volume name is invalid."},
		{"no billing", with(func(m map[string]any) { delete(m, "billing") }), 400, CodeInappropriateJSON, "billing"},
		{"null billing", with(func(m map[string]any) { m["billing"] = nil }), 400, CodeInappropriateJSON, "billing"},
		{"prepaid without months", with(func(m map[string]any) { m["billing"] = map[string]any{"paymentTiming": "Prepaid"} }), 400, CodeInappropriateJSON, "reservationLength"},
		{"bad payment", with(func(m map[string]any) { m["billing"] = map[string]any{"paymentTiming": "Free"} }), 400, CodeInappropriateJSON, "paymentTiming"},
		{"encryptKey", with(func(m map[string]any) { m["encryptKey"] = "k-1" }), 400, CodeInappropriateJSON, "encryptKey"},
		{"delete protection", with(func(m map[string]any) { m["enableDeleteProtection"] = "true" }), 400, CodeInappropriateJSON, "enableDeleteProtection"},
		{"unknown snapshot", with(func(m map[string]any) { m["snapshotId"] = "s-nothere1" }), 404, CodeNoSuchObject, "s-nothere1"},
		{"tags", with(func(m map[string]any) { m["tags"] = []map[string]string{{"tagKey": ""}} }), 400, CodeInappropriateJSON, "tagKey"},
		{"not json", "{", 400, CodeMalformedJSON, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(http.MethodPost, "/v2/volume", tc.body)
			expectError(t, r, tc.status, tc.code)
			if !strings.Contains(r.message, tc.msg) {
				t.Fatalf("message %q lacks %q", r.message, tc.msg)
			}
		})
	}
	if n := len(h.srv.Volumes()); n != 0 {
		t.Fatalf("%d volumes after refused creates", n)
	}
	// What Baidu's SDK sends for an unset field is absent.
	sdkShaped := `{"cdsSizeInGB":5,"billing":{"paymentTiming":"Postpaid"},"encryptKey":"","renewTimeUnit":"","renewTime":0,
		"instanceId":"","clusterId":"","tags":null,"autoSnapshotPolicy":null,"chargeType":"","cdsExtraIo":0,
		"shareSnapshotId":"","relationTag":null,"enableDeleteProtection":false,"name":"","snapshotId":""}`
	id := h.createVolume(sdkShaped)
	if v, _, _ := h.volumeDetail(id); v.DiskSizeInGB != 5 || v.Name != id {
		t.Fatalf("SDK-shaped create %+v", v)
	}
	full := map[string]any{"cdsSizeInGB": 32765, "storageType": "enhanced_ssd_pl1", "zoneName": "cn-gz-b", "name": "数据盘-1 a_b/c.d",
		"description": "data", "purchaseCount": 5, "tags": []map[string]string{{"tagKey": "env", "tagValue": "x"}},
		"billing": map[string]any{"paymentTiming": "Prepaid", "reservation": map[string]any{"reservationLength": 2, "reservationTimeUnit": "Month"}}}
	ids := h.createVolumes("", full)
	v, _, _ := h.volumeDetail(ids[4])
	if len(ids) != 5 || v.Name != "数据盘-1 a_b/c.d" || v.Desc != "data" || v.ZoneName != "cn-gz-b" || v.RegionID != "gz" ||
		v.StorageType != "enhanced_ssd_pl1" || v.PaymentTiming != "Prepaid" || v.ExpireTime == nil || *v.ExpireTime != "2025-05-14T09:26:53Z" ||
		len(v.Tags) != 1 || v.Tags[0].TagKey != "env" {
		t.Fatalf("full create %+v", v)
	}
}

func TestVolumeCreateIdempotency(t *testing.T) {
	h := newHarness(t, Config{})
	body := postpaidVolume(10)
	body["purchaseCount"] = 2
	first := h.createVolumes("?clientToken=vol-1", body)
	again := h.createVolumes("?clientToken=vol-1", body)
	if !slices.Equal(first, again) || len(h.srv.Volumes()) != 2 {
		t.Fatalf("retry made %v, first %v", again, first)
	}
	body["cdsSizeInGB"] = 20
	expectError(t, h.do(http.MethodPost, "/v2/volume?clientToken=vol-1", body), 403, CodeIdempotentParameterMismatch)
	expectError(t, h.do(http.MethodPost, "/v2/volume?clientToken="+strings.Repeat("x", 65), body), 400, CodeInvalidHTTPRequest)
	if other := h.createVolumes("?clientToken=vol-2", body); slices.Contains(first, other[0]) {
		t.Fatal("another token reused an id")
	}
}
