package client

import (
	"bytes"
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// volumeJSON is a data disk attached to an instance, with VolumeModel fields
// the client does not keep.
const volumeJSON = `{"volume":{"id":"v-IgJOjBWj","name":"data-1","diskSizeInGB":60,"status":"InUse","type":"Cds",` +
	`"storageType":"enhanced_ssd_pl1","paymentTiming":"Postpaid","expireTime":null,"createTime":"2015-07-08T10:21:03Z",` +
	`"releaseTime":"","desc":"logs","zoneName":"cn-bj-a","regionId":"bj","isSystemVolume":false,` +
	`"sourceSnapshotId":"s-6r3dam6F","snapshotNum":"2",` +
	`"attachments":[{"volumeId":"v-IgJOjBWj","instanceId":"i-xktdeMSf","device":"/dev/vdb","serial":"v-IgJOjBWj"}],` +
	`"tags":[{"tagKey":"env","tagValue":"prod"}],"encrypted":false,"enableDeleteProtection":false}}`

func TestVolumeOperationsOnTheWire(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		call     func(c *Client) error
		method   string
		path     string
		rawQuery string
		body     string
	}{
		{"CreateVolume", func(c *Client) error {
			_, err := c.CreateVolume(ctx, "tok-v1", CreateVolumeRequest{CdsSizeInGB: 60, Billing: &Billing{PaymentTiming: "Postpaid"}})
			return err
		}, "POST", "/v2/volume", "clientToken=tok-v1", `{"cdsSizeInGB":60,"billing":{"paymentTiming":"Postpaid"}}`},
		{"GetVolume", func(c *Client) error { _, err := c.GetVolume(ctx, "v-IgJOjBWj"); return err },
			"GET", "/v2/volume/v-IgJOjBWj", "", ""},
		{"ListVolumes", func(c *Client) error {
			_, err := c.ListVolumes(ctx, ListVolumesRequest{InstanceID: "i-xktdeMSf", ZoneName: "cn-bj-a", UsageFilter: VolumeUsageData})
			return err
		}, "GET", "/v2/volume", "instanceId=i-xktdeMSf&maxKeys=1000&usageFilter=data&zoneName=cn-bj-a", ""},
		{"ListVolumes by payment", func(c *Client) error {
			_, err := c.ListVolumes(ctx, ListVolumesRequest{UsageFilter: VolumeUsageData, PaymentTiming: PaymentPrepaid})
			return err
		}, "GET", "/v2/volume", "chargeFilter=prepay&maxKeys=1000&usageFilter=data", ""},
		{"ListVolumes unfiltered", func(c *Client) error { _, err := c.ListVolumes(ctx, ListVolumesRequest{}); return err },
			"GET", "/v2/volume", "maxKeys=1000", ""},
		{"AttachVolume", func(c *Client) error { return c.AttachVolume(ctx, "v-IgJOjBWj", "i-xktdeMSf") },
			"PUT", "/v2/volume/v-IgJOjBWj", "attach", `{"instanceId":"i-xktdeMSf"}`},
		{"DetachVolume", func(c *Client) error { return c.DetachVolume(ctx, "v-IgJOjBWj", "i-xktdeMSf") },
			"PUT", "/v2/volume/v-IgJOjBWj", "detach", `{"instanceId":"i-xktdeMSf"}`},
		{"ResizeVolume", func(c *Client) error { return c.ResizeVolume(ctx, "v-IgJOjBWj", 100, "tok-r1") },
			"PUT", "/v2/volume/v-IgJOjBWj", "resize&clientToken=tok-r1", `{"newCdsSizeInGB":100}`},
		{"RenameVolume", func(c *Client) error { return c.RenameVolume(ctx, "v-IgJOjBWj", "data 2") },
			"PUT", "/v2/volume/v-IgJOjBWj", "rename", `{"name":"data 2"}`},
		{"ModifyVolumeDesc", func(c *Client) error { return c.ModifyVolumeDesc(ctx, "v-IgJOjBWj", "data-2", "") },
			"PUT", "/v2/volume/v-IgJOjBWj", "modify", `{"cdsName":"data-2"}`},
		{"ModifyVolumeDesc desc only", func(c *Client) error { return c.ModifyVolumeDesc(ctx, "v-IgJOjBWj", "", "logs") },
			"PUT", "/v2/volume/v-IgJOjBWj", "modify", `{"desc":"logs"}`},
		{"ReleaseVolume", func(c *Client) error { return c.ReleaseVolume(ctx, "v-IgJOjBWj") },
			"DELETE", "/v2/volume/v-IgJOjBWj", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
				switch {
				case r.Method == http.MethodPost:
					writeJSON(w, 200, `{"volumeIds":["v-new1"],"warningList":[]}`)
				case r.Method == http.MethodGet && r.URL.Path == "/v2/volume":
					writeJSON(w, 200, `{"marker":"","isTruncated":false,"maxKeys":1000,"volumes":[]}`)
				case r.Method == http.MethodGet:
					writeJSON(w, 200, volumeJSON)
				default:
					w.WriteHeader(200)
				}
			})
			c := newTestClient(t, rec.srv.URL)
			if err := tc.call(c); err != nil {
				t.Fatal(err)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests", len(reqs))
			}
			wantWire(t, reqs[0], tc.method, tc.path, tc.rawQuery, tc.body)
		})
	}
}

func TestCreateVolumeBody(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"volumeIds":["v-new1","v-new2"],"warningList":["quota nearly used"],"orderId":"o-1"}`)
	})
	c := newTestClient(t, rec.srv.URL)
	ids, err := c.CreateVolume(context.Background(), "tok-v1", CreateVolumeRequest{
		CdsSizeInGB: 60, StorageType: "enhanced_ssd_pl1", ZoneName: "cn-bj-a", Name: "data-1",
		Description: "logs", SnapshotID: "s-6r3dam6F", PurchaseCount: 2, Tags: []Tag{{TagKey: "env", TagValue: "prod"}},
		Billing: &Billing{PaymentTiming: "Prepaid", Reservation: &Reservation{ReservationLength: 1, ReservationTimeUnit: "Month"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids, []string{"v-new1", "v-new2"}) {
		t.Errorf("ids %v", ids)
	}
	wantWire(t, rec.requests()[0], "POST", "/v2/volume", "clientToken=tok-v1", `{"cdsSizeInGB":60,"storageType":"enhanced_ssd_pl1",
		"zoneName":"cn-bj-a","name":"data-1","description":"logs","snapshotId":"s-6r3dam6F","purchaseCount":2,
		"tags":[{"tagKey":"env","tagValue":"prod"}],
		"billing":{"paymentTiming":"Prepaid","reservation":{"reservationLength":1,"reservationTimeUnit":"Month"}}}`)

	// From a snapshot alone: no size, and nothing unset is sent.
	if _, err := c.CreateVolume(context.Background(), "tok-v2", CreateVolumeRequest{SnapshotID: "s-6r3dam6F"}); err != nil {
		t.Fatal(err)
	}
	if got := string(rec.requests()[1].Body); got != `{"snapshotId":"s-6r3dam6F"}` {
		t.Errorf("minimal body %s", got)
	}
}

func TestCreateVolumeRefusesBadInput(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"volumeIds":["v-1"]}`)
	})
	c := newTestClient(t, rec.srv.URL)
	ok := CreateVolumeRequest{CdsSizeInGB: 5}
	cases := map[string]struct {
		token string
		req   CreateVolumeRequest
	}{
		"no token":          {"", ok},
		"long token":        {strings.Repeat("t", 65), ok},
		"no size, no snap":  {"tok", CreateVolumeRequest{Name: "x"}},
		"negative size":     {"tok", CreateVolumeRequest{CdsSizeInGB: -5, SnapshotID: "s-1"}},
		"bad snapshot id":   {"tok", CreateVolumeRequest{SnapshotID: "s-1/../x"}},
		"six disks":         {"tok", CreateVolumeRequest{CdsSizeInGB: 5, PurchaseCount: 6}},
		"negative purchase": {"tok", CreateVolumeRequest{CdsSizeInGB: 5, PurchaseCount: -1}},
	}
	for name, tc := range cases {
		if _, err := c.CreateVolume(context.Background(), tc.token, tc.req); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if rec.count() != 0 {
		t.Errorf("refused input reached the API %d times", rec.count())
	}
}

func TestCreateVolumeIsRetriedWithTheSameTokenAndBody(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			writeJSON(w, 503, apiErrorBody("ServiceUnavailable", "busy", "r1"))
			return
		}
		writeJSON(w, 200, `{"volumeIds":["v-new1"],"warningList":[]}`)
	})
	c := newTestClient(t, rec.srv.URL)
	ids, err := c.CreateVolume(context.Background(), "tok-same", CreateVolumeRequest{CdsSizeInGB: 60, Name: "d"})
	if err != nil || len(ids) != 1 || ids[0] != "v-new1" {
		t.Fatalf("%v, %v", ids, err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want a retry", len(reqs))
	}
	for _, r := range reqs {
		wantWire(t, r, "POST", "/v2/volume", "clientToken=tok-same", `{"cdsSizeInGB":60,"name":"d"}`)
	}
	if !bytes.Equal(reqs[0].Body, reqs[1].Body) {
		t.Errorf("bodies differ: %s / %s", reqs[0].Body, reqs[1].Body)
	}
}

func TestVolumeAnswersThatLackWhatTheCallNeeds(t *testing.T) {
	for _, body := range []string{`{"warningList":[]}`, `{"volumeIds":[]}`, `{"volumeIds":["v-1",""]}`, `{"volumeIds":null}`} {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
		c := newTestClient(t, rec.srv.URL)
		ids, err := c.CreateVolume(context.Background(), "tok", CreateVolumeRequest{CdsSizeInGB: 5})
		wantResponseError(t, err, "CreateVolume "+body)
		if ids != nil || rec.count() != 1 {
			t.Errorf("%s: ids %v after %d requests", body, ids, rec.count())
		}
	}
	for _, body := range []string{`{}`, `{"volume":null}`, `{"instance":{"id":"i-1"}}`} {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
		c := newTestClient(t, rec.srv.URL)
		v, err := c.GetVolume(context.Background(), "v-1")
		wantResponseError(t, err, "GetVolume "+body)
		if v != nil {
			t.Errorf("%s: volume %+v", body, v)
		}
	}
}

func TestGetVolumeDecodes(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, volumeJSON) })
	c := newTestClient(t, rec.srv.URL)
	got, err := c.GetVolume(context.Background(), "v-IgJOjBWj")
	if err != nil {
		t.Fatal(err)
	}
	want := &Volume{
		ID: "v-IgJOjBWj", Name: "data-1", Type: VolumeTypeCds, StorageType: "enhanced_ssd_pl1", DiskSizeInGB: 60,
		Status: VolumeStatusInUse, ZoneName: "cn-bj-a", PaymentTiming: "Postpaid", CreateTime: "2015-07-08T10:21:03Z",
		Desc: "logs", SourceSnapshotID: "s-6r3dam6F",
		Attachments: []VolumeAttachment{{VolumeID: "v-IgJOjBWj", InstanceID: "i-xktdeMSf", Device: "/dev/vdb", Serial: "v-IgJOjBWj"}},
		Tags:        []Tag{{TagKey: "env", TagValue: "prod"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}

	// An answer without the id keeps the one asked for.
	rec2 := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"volume":{"status":"Available","attachments":[]}}`)
	})
	v, err := newTestClient(t, rec2.srv.URL).GetVolume(context.Background(), "v-x")
	if err != nil || v.ID != "v-x" || len(v.Attachments) != 0 {
		t.Errorf("%+v, %v", v, err)
	}
}

func TestListVolumesFollowsMarkers(t *testing.T) {
	rec := newRecorder(t, testCreds, pagedByMarker(map[string]string{
		"": `{"marker":"","isTruncated":true,"nextMarker":"v-2","maxKeys":1000,"volumes":[` +
			`{"id":"v-sys","type":"System","isSystemVolume":true,"diskSizeInGB":40,"status":"InUse",` +
			`"attachments":[{"volumeId":"v-sys","instanceId":"i-1","device":"/dev/vda","serial":"v-sys"}]}]}`,
		"v-2": `{"marker":"v-2","isTruncated":true,"nextMarker":"v-3","maxKeys":1000,"volumes":[{"id":"v-2","type":"Cds","status":"Available","attachments":[]}]}`,
		"v-3": `{"marker":"v-3","isTruncated":false,"maxKeys":1000,"volumes":[{"id":"v-3","type":"Cds","status":"Recycled"}]}`,
	}))
	c := newTestClient(t, rec.srv.URL)
	vols, err := c.ListVolumes(context.Background(), ListVolumesRequest{ZoneName: "cn-bj-a"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range vols {
		ids = append(ids, v.ID+"/"+v.Type+"/"+v.Status)
	}
	if strings.Join(ids, ",") != "v-sys/System/InUse,v-2/Cds/Available,v-3/Cds/Recycled" {
		t.Errorf("volumes %v", ids)
	}
	if vols[0].Attachments[0].InstanceID != "i-1" || !vols[0].IsSystemVolume {
		t.Errorf("system disk %+v", vols[0])
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 pages", len(reqs))
	}
	for i, q := range []string{"maxKeys=1000&zoneName=cn-bj-a", "marker=v-2&maxKeys=1000&zoneName=cn-bj-a", "marker=v-3&maxKeys=1000&zoneName=cn-bj-a"} {
		wantWire(t, reqs[i], "GET", "/v2/volume", q, "")
	}
}

func TestAttachVolumeToleratesEitherAnswer(t *testing.T) {
	for name, answer := range map[string]string{
		"empty":    "",
		"document": `{"volumeAttachment":{"volumeId":"v-1","instanceId":"i-1","device":"/dev/vdb","serial":"v-1"},"warningList":[]}`,
	} {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
			if answer == "" {
				w.WriteHeader(200)
				return
			}
			writeJSON(w, 200, answer)
		})
		c := newTestClient(t, rec.srv.URL)
		if err := c.AttachVolume(context.Background(), "v-1", "i-1"); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if rec.count() != 1 {
			t.Errorf("%s: %d requests; an attach that succeeded must not be sent again", name, rec.count())
		}
	}
}

func TestVolumeErrorsKeepTheirCodes(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 409, apiErrorBody(CodeVolumeDistNotAvailable, "Volume status is not available, can not be attached to instance.", "r"))
	})
	c := newTestClient(t, rec.srv.URL)
	err := c.AttachVolume(context.Background(), "v-1", "i-1")
	if !HasCode(err, CodeVolumeDistNotAvailable) || rec.count() != 1 {
		t.Errorf("err = %v after %d requests", err, rec.count())
	}
}

func TestVolumeCallsRefuseBadInput(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, volumeJSON) })
	c := newTestClient(t, rec.srv.URL)
	ctx := context.Background()
	for _, id := range []string{"", "v-1/../v-2", "v-1?detach", "v 1", ".v", "v-1%2F", strings.Repeat("v", 129)} {
		_, errGet := c.GetVolume(ctx, id)
		errAttach := c.AttachVolume(ctx, id, "i-1")
		errAttachInst := c.AttachVolume(ctx, "v-1", id)
		_, errList := c.ListVolumes(ctx, ListVolumesRequest{InstanceID: id + "/"})
		errs := []error{
			errGet, errAttach, errAttachInst, errList,
			c.DetachVolume(ctx, id, "i-1"),
			c.DetachVolume(ctx, "v-1", id),
			c.ResizeVolume(ctx, id, 100, "tok"),
			c.RenameVolume(ctx, id, "n"),
			c.ModifyVolumeDesc(ctx, id, "n", "d"),
			c.ReleaseVolume(ctx, id),
		}
		for i, err := range errs {
			if err == nil {
				t.Errorf("id %q accepted by call %d", id, i)
			} else if i != 2 && i != 3 && i != 5 && !strings.Contains(err.Error(), "invalid volume id") {
				t.Errorf("call %d: error %q does not name the kind of id", i, err)
			}
		}
	}
	others := []error{
		c.ResizeVolume(ctx, "v-1", 0, "tok"),
		c.ResizeVolume(ctx, "v-1", 100, ""),
		c.RenameVolume(ctx, "v-1", ""),
		c.ModifyVolumeDesc(ctx, "v-1", "", ""),
	}
	_, err := c.ListVolumes(ctx, ListVolumesRequest{UsageFilter: "Data"})
	others = append(others, err)
	_, err = c.ListVolumes(ctx, ListVolumesRequest{PaymentTiming: "postpay"})
	others = append(others, err)
	for i, err := range others {
		if err == nil {
			t.Errorf("bad input %d accepted", i)
		}
	}
	if rec.count() != 0 {
		t.Errorf("%d refused requests reached the API", rec.count())
	}
}
