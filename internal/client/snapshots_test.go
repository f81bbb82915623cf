package client

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// snapshotJSON is the doc's detail example plus an SDK-only field.
const snapshotJSON = `{"snapshot":{"id":"s-6r3dam6F","createTime":"2015-07-08T10:21:03Z","name":"snapshot-name",` +
	`"sizeInGB":5,"status":"Available","createMethod":"MANUAL","volumeId":"v-IgJOjBWj","desc":"before upgrade",` +
	`"expireTime":"2015-07-15T10:21:03Z","encrypted":false}}`

func ptr[T any](v T) *T { return &v }

func TestSnapshotOperationsOnTheWire(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		call     func(c *Client) error
		method   string
		path     string
		rawQuery string
		body     string
	}{
		{"CreateSnapshot", func(c *Client) error {
			_, err := c.CreateSnapshot(ctx, "tok-s1", CreateSnapshotRequest{VolumeID: "v-IgJOjBWj", SnapshotName: "snap-1"})
			return err
		}, "POST", "/v2/snapshot", "clientToken=tok-s1", `{"volumeId":"v-IgJOjBWj","snapshotName":"snap-1"}`},
		{"CreateSnapshot of a system disk, all fields", func(c *Client) error {
			_, err := c.CreateSnapshot(ctx, "tok-s2", CreateSnapshotRequest{
				VolumeID: "i-xktdeMSf", SnapshotName: "root", Desc: "before upgrade", RetentionInDays: 7,
				Tags: []Tag{{TagKey: "env", TagValue: "prod"}},
			})
			return err
		}, "POST", "/v2/snapshot", "clientToken=tok-s2",
			`{"volumeId":"i-xktdeMSf","snapshotName":"root","desc":"before upgrade","retentionInDays":7,"tags":[{"tagKey":"env","tagValue":"prod"}]}`},
		{"CreateSnapshot kept for ever", func(c *Client) error {
			_, err := c.CreateSnapshot(ctx, "tok-s3", CreateSnapshotRequest{VolumeID: "v-1", SnapshotName: "s", RetentionInDays: -1})
			return err
		}, "POST", "/v2/snapshot", "clientToken=tok-s3", `{"volumeId":"v-1","snapshotName":"s","retentionInDays":-1}`},
		{"GetSnapshot", func(c *Client) error { _, err := c.GetSnapshot(ctx, "s-6r3dam6F"); return err },
			"GET", "/v2/snapshot/s-6r3dam6F", "", ""},
		{"ListSnapshots of a volume", func(c *Client) error { _, err := c.ListSnapshots(ctx, "v-IgJOjBWj"); return err },
			"GET", "/v2/snapshot", "maxKeys=1000&volumeId=v-IgJOjBWj", ""},
		{"ListSnapshots of a system disk", func(c *Client) error { _, err := c.ListSnapshots(ctx, "i-xktdeMSf"); return err },
			"GET", "/v2/snapshot", "maxKeys=1000&volumeId=i-xktdeMSf", ""},
		{"ListSnapshots all", func(c *Client) error { _, err := c.ListSnapshots(ctx, ""); return err },
			"GET", "/v2/snapshot", "maxKeys=1000", ""},
		{"DeleteSnapshot", func(c *Client) error { return c.DeleteSnapshot(ctx, "s-6r3dam6F") },
			"DELETE", "/v2/snapshot/s-6r3dam6F", "", ""},
		{"ModifySnapshot all", func(c *Client) error {
			return c.ModifySnapshot(ctx, "s-6r3dam6F", ModifySnapshotRequest{SnapshotName: ptr("snap-2"), Desc: ptr("d"), RetentionInDays: ptr(30)})
		}, "PUT", "/v2/snapshot/s-6r3dam6F", "modifyAttribute", `{"snapshotName":"snap-2","desc":"d","retentionInDays":30}`},
		{"ModifySnapshot the description only", func(c *Client) error {
			return c.ModifySnapshot(ctx, "s-6r3dam6F", ModifySnapshotRequest{Desc: ptr("logs")})
		}, "PUT", "/v2/snapshot/s-6r3dam6F", "modifyAttribute", `{"desc":"logs"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
				switch {
				case r.Method == http.MethodPost:
					writeJSON(w, 200, `{"snapshotId":"s-new1"}`)
				case r.Method == http.MethodGet && r.URL.Path == "/v2/snapshot":
					writeJSON(w, 200, `{"marker":"","isTruncated":false,"maxKeys":1000,"snapshots":[]}`)
				case r.Method == http.MethodGet:
					writeJSON(w, 200, snapshotJSON)
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

func TestGetSnapshotDecodes(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, snapshotJSON) })
	c := newTestClient(t, rec.srv.URL)
	got, err := c.GetSnapshot(context.Background(), "s-6r3dam6F")
	if err != nil {
		t.Fatal(err)
	}
	want := &Snapshot{
		ID: "s-6r3dam6F", Name: "snapshot-name", SizeInGB: 5, Status: SnapshotStatusAvailable,
		CreateMethod: SnapshotCreateMethodManual, VolumeID: "v-IgJOjBWj", Desc: "before upgrade",
		CreateTime: "2015-07-08T10:21:03Z", ExpireTime: "2015-07-15T10:21:03Z",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestCreateSnapshotAnswers(t *testing.T) {
	t.Run("id returned", func(t *testing.T) {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"snapshotId":"s-new1"}`) })
		id, err := newTestClient(t, rec.srv.URL).CreateSnapshot(context.Background(), "tok", CreateSnapshotRequest{VolumeID: "v-1", SnapshotName: "s"})
		if err != nil || id != "s-new1" {
			t.Errorf("%q, %v", id, err)
		}
	})
	t.Run("no id", func(t *testing.T) {
		for _, body := range []string{`{}`, `{"snapshotId":""}`, `{"snapshotIds":["s-1"]}`} {
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
			id, err := newTestClient(t, rec.srv.URL).CreateSnapshot(context.Background(), "tok", CreateSnapshotRequest{VolumeID: "v-1", SnapshotName: "s"})
			wantResponseError(t, err, body)
			if id != "" || rec.count() != 1 {
				t.Errorf("%s: id %q after %d requests", body, id, rec.count())
			}
		}
	})
	t.Run("no snapshot object", func(t *testing.T) {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"volume":{}}`) })
		s, err := newTestClient(t, rec.srv.URL).GetSnapshot(context.Background(), "s-1")
		wantResponseError(t, err, "GetSnapshot")
		if s != nil {
			t.Errorf("snapshot %+v", s)
		}
	})
	t.Run("retried with the same token and body", func(t *testing.T) {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				writeJSON(w, 503, apiErrorBody("ServiceUnavailable", "busy", "r1"))
				return
			}
			writeJSON(w, 200, `{"snapshotId":"s-new1"}`)
		})
		id, err := newTestClient(t, rec.srv.URL).CreateSnapshot(context.Background(), "tok-same", CreateSnapshotRequest{VolumeID: "v-1", SnapshotName: "s"})
		if err != nil || id != "s-new1" {
			t.Fatalf("%q, %v", id, err)
		}
		reqs := rec.requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want a retry", len(reqs))
		}
		for _, r := range reqs {
			wantWire(t, r, "POST", "/v2/snapshot", "clientToken=tok-same", `{"volumeId":"v-1","snapshotName":"s"}`)
		}
	})
}

func TestListSnapshotsFollowsMarkers(t *testing.T) {
	rec := newRecorder(t, testCreds, pagedByMarker(map[string]string{
		"":    `{"marker":"","isTruncated":true,"nextMarker":"s-2","maxKeys":1000,"snapshots":[{"id":"s-1","volumeId":"v-1","status":"Available"}]}`,
		"s-2": `{"marker":"s-2","isTruncated":true,"nextMarker":"s-3","maxKeys":1000,"snapshots":[{"id":"s-2","volumeId":"v-1","status":"Creating"}]}`,
		"s-3": `{"marker":"s-3","isTruncated":false,"maxKeys":1000,"snapshots":[{"id":"s-3","volumeId":"v-1","status":"CreatedFailed"}]}`,
	}))
	c := newTestClient(t, rec.srv.URL)
	snaps, err := c.ListSnapshots(context.Background(), "v-1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range snaps {
		got = append(got, s.ID+"/"+s.Status)
	}
	if strings.Join(got, ",") != "s-1/Available,s-2/Creating,s-3/CreatedFailed" {
		t.Errorf("snapshots %v", got)
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 pages", len(reqs))
	}
	for i, q := range []string{"maxKeys=1000&volumeId=v-1", "marker=s-2&maxKeys=1000&volumeId=v-1", "marker=s-3&maxKeys=1000&volumeId=v-1"} {
		wantWire(t, reqs[i], "GET", "/v2/snapshot", q, "")
	}
}

func TestSnapshotCallsRefuseBadInput(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, snapshotJSON) })
	c := newTestClient(t, rec.srv.URL)
	ctx := context.Background()
	for _, id := range []string{"", "s-1/../s-2", "s-1?x", "s 1", "-s", strings.Repeat("s", 129)} {
		_, errGet := c.GetSnapshot(ctx, id)
		_, errCreate := c.CreateSnapshot(ctx, "tok", CreateSnapshotRequest{VolumeID: id, SnapshotName: "s"})
		errs := []error{errGet, errCreate, c.DeleteSnapshot(ctx, id), c.ModifySnapshot(ctx, id, ModifySnapshotRequest{Desc: ptr("d")})}
		if id != "" { // "" lists every snapshot
			_, err := c.ListSnapshots(ctx, id)
			errs = append(errs, err)
		}
		for i, err := range errs {
			if err == nil {
				t.Errorf("id %q accepted by call %d", id, i)
			}
		}
	}
	valid := CreateSnapshotRequest{VolumeID: "v-1", SnapshotName: "s"}
	for name, tc := range map[string]struct {
		token string
		req   CreateSnapshotRequest
	}{
		"no token":        {"", valid},
		"no name":         {"tok", CreateSnapshotRequest{VolumeID: "v-1"}},
		"retention -2":    {"tok", CreateSnapshotRequest{VolumeID: "v-1", SnapshotName: "s", RetentionInDays: -2}},
		"retention 10001": {"tok", CreateSnapshotRequest{VolumeID: "v-1", SnapshotName: "s", RetentionInDays: 10001}},
	} {
		if _, err := c.CreateSnapshot(ctx, tc.token, tc.req); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	for name, req := range map[string]ModifySnapshotRequest{
		"empty name":        {SnapshotName: ptr("")},
		"empty description": {Desc: ptr("")},
		"retention 0":       {RetentionInDays: ptr(0)},
	} {
		if err := c.ModifySnapshot(ctx, "s-1", req); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := c.ModifySnapshot(ctx, "s-1", ModifySnapshotRequest{}); err != nil {
		t.Errorf("nothing to change: %v", err)
	}
	if rec.count() != 0 {
		t.Errorf("%d refused or empty requests reached the API", rec.count())
	}
}
