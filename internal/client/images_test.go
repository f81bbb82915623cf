package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// imageJSON is the doc's detail example.
const imageJSON = `{"image":{"id":"m-nky7qeom","name":"ubuntu-base","createTime":"2015-06-17T10:37:02Z",` +
	`"osArch":"x86_64 (64bit)","osBuild":"2015061700","osName":"Ubuntu","osType":"linux","osVersion":"14.04.1 LTS",` +
	`"osLang":"ENG","specialVersion":"","type":"System","status":"Available","diskSize":0,"minDiskGb":10,` +
	`"ephemeralSize":0,"encrypted":false,"package":false,"desc":""}}`

func TestImageOperationsOnTheWire(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		call     func(c *Client) error
		method   string
		path     string
		rawQuery string
		body     string
	}{
		{"CreateImage from an instance", func(c *Client) error {
			_, err := c.CreateImage(ctx, "tok-m1", CreateImageRequest{ImageName: "web-base", InstanceID: "i-xktdeMSf"})
			return err
		}, "POST", "/v2/image", "clientToken=tok-m1", `{"imageName":"web-base","instanceId":"i-xktdeMSf"}`},
		{"CreateImage from a snapshot", func(c *Client) error {
			_, err := c.CreateImage(ctx, "tok-m2", CreateImageRequest{ImageName: "web-base", SnapshotID: "s-6r3dam6F"})
			return err
		}, "POST", "/v2/image", "clientToken=tok-m2", `{"imageName":"web-base","snapshotId":"s-6r3dam6F"}`},
		{"GetImage", func(c *Client) error { _, err := c.GetImage(ctx, "m-nky7qeom"); return err },
			"GET", "/v2/image/m-nky7qeom", "", ""},
		{"ListImages default type", func(c *Client) error { _, err := c.ListImages(ctx, ListImagesRequest{}); return err },
			"GET", "/v2/image", "imageType=All&maxKeys=1000", ""},
		{"ListImages custom by name", func(c *Client) error {
			_, err := c.ListImages(ctx, ListImagesRequest{ImageType: ImageTypeCustom, ImageName: "web base"})
			return err
		}, "GET", "/v2/image", "imageName=web%20base&imageType=Custom&maxKeys=1000", ""},
		{"DeleteImage", func(c *Client) error { return c.DeleteImage(ctx, "m-nky7qeom") },
			"DELETE", "/v2/image/m-nky7qeom", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
				switch {
				case r.Method == http.MethodPost:
					writeJSON(w, 200, `{"imageId":"m-new1"}`)
				case r.Method == http.MethodGet && r.URL.Path == "/v2/image":
					writeJSON(w, 200, `{"marker":"","isTruncated":false,"maxKeys":1000,"images":[]}`)
				case r.Method == http.MethodGet:
					writeJSON(w, 200, imageJSON)
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

func TestRenameImageCarriesAFreshTokenAcrossRetries(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			writeJSON(w, 503, apiErrorBody("ServiceUnavailable", "busy", "r1"))
			return
		}
		w.WriteHeader(200)
	})
	c := newTestClient(t, rec.srv.URL)
	if err := c.RenameImage(context.Background(), "m-nky7qeom", "web-base-2"); err != nil {
		t.Fatal(err)
	}
	if err := c.RenameImage(context.Background(), "m-nky7qeom", "web-base-3"); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 2 attempts for the first rename and 1 for the second", len(reqs))
	}
	var tokens []string
	for i, r := range reqs {
		q, err := url.ParseQuery(r.RawQuery)
		if err != nil || len(q) != 1 {
			t.Fatalf("query %q", r.RawQuery)
		}
		tok := q.Get("clientToken")
		if checkClientToken("x", tok) != nil {
			t.Errorf("request %d: token %q", i, tok)
		}
		tokens = append(tokens, tok)
		name := "web-base-2"
		if i == 2 {
			name = "web-base-3"
		}
		wantWire(t, r, "PUT", "/v2/image/rename", "clientToken="+tok, `{"name":"`+name+`","imageId":"m-nky7qeom"}`)
	}
	if tokens[0] != tokens[1] {
		t.Errorf("the retry changed the token: %q then %q", tokens[0], tokens[1])
	}
	if tokens[1] == tokens[2] {
		t.Errorf("two renames shared the token %q", tokens[1])
	}
}

func TestGetImageDecodes(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, imageJSON) })
	got, err := newTestClient(t, rec.srv.URL).GetImage(context.Background(), "m-nky7qeom")
	if err != nil {
		t.Fatal(err)
	}
	want := &Image{
		ID: "m-nky7qeom", Name: "ubuntu-base", Type: ImageTypeSystem, Status: ImageStatusAvailable, OsType: "linux",
		OsName: "Ubuntu", OsVersion: "14.04.1 LTS", OsArch: "x86_64 (64bit)", OsBuild: "2015061700", MinDiskGB: 10,
		CreateTime: "2015-06-17T10:37:02Z",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestCreateImageAnswers(t *testing.T) {
	req := CreateImageRequest{ImageName: "web-base", InstanceID: "i-1"}
	t.Run("no id", func(t *testing.T) {
		for _, body := range []string{`{}`, `{"imageId":""}`, `{"snapshotId":"s-1"}`} {
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
			id, err := newTestClient(t, rec.srv.URL).CreateImage(context.Background(), "tok", req)
			wantResponseError(t, err, body)
			if id != "" || rec.count() != 1 {
				t.Errorf("%s: id %q after %d requests", body, id, rec.count())
			}
		}
	})
	t.Run("no image object", func(t *testing.T) {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"images":[]}`) })
		img, err := newTestClient(t, rec.srv.URL).GetImage(context.Background(), "m-1")
		wantResponseError(t, err, "GetImage")
		if img != nil {
			t.Errorf("image %+v", img)
		}
	})
	t.Run("retried with the same token and body", func(t *testing.T) {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				writeJSON(w, 502, "")
				return
			}
			writeJSON(w, 200, `{"imageId":"m-new1"}`)
		})
		id, err := newTestClient(t, rec.srv.URL).CreateImage(context.Background(), "tok-same", req)
		if err != nil || id != "m-new1" {
			t.Fatalf("%q, %v", id, err)
		}
		reqs := rec.requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want a retry", len(reqs))
		}
		for _, r := range reqs {
			wantWire(t, r, "POST", "/v2/image", "clientToken=tok-same", `{"imageName":"web-base","instanceId":"i-1"}`)
		}
	})
	t.Run("documented codes", func(t *testing.T) {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 413, apiErrorBody(CodeImageQuotaExceedLimit, "Image number exceeds the limit.", "r"))
		})
		_, err := newTestClient(t, rec.srv.URL).CreateImage(context.Background(), "tok", req)
		if !HasCode(err, CodeImageQuotaExceedLimit) || rec.count() != 1 {
			t.Errorf("err = %v after %d requests", err, rec.count())
		}
	})
}

func TestListImagesFollowsMarkers(t *testing.T) {
	rec := newRecorder(t, testCreds, pagedByMarker(map[string]string{
		"":    `{"marker":"","isTruncated":true,"nextMarker":"m-2","maxKeys":1000,"images":[{"id":"m-1","type":"Custom","status":"Available","minDiskGb":20}]}`,
		"m-2": `{"marker":"m-2","isTruncated":true,"nextMarker":"m-3","maxKeys":1000,"images":[{"id":"m-2","type":"Custom","status":"Creating"}]}`,
		"m-3": `{"marker":"m-3","isTruncated":false,"maxKeys":1000,"images":[{"id":"m-3","type":"Custom","status":"CreateFailed"}]}`,
	}))
	c := newTestClient(t, rec.srv.URL)
	images, err := c.ListImages(context.Background(), ListImagesRequest{ImageType: ImageTypeCustom, ImageName: "web"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range images {
		got = append(got, m.ID+"/"+m.Status)
	}
	if strings.Join(got, ",") != "m-1/Available,m-2/Creating,m-3/CreateFailed" || images[0].MinDiskGB != 20 {
		t.Errorf("images %v", got)
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 pages", len(reqs))
	}
	for i, q := range []string{
		"imageName=web&imageType=Custom&maxKeys=1000",
		"imageName=web&imageType=Custom&marker=m-2&maxKeys=1000",
		"imageName=web&imageType=Custom&marker=m-3&maxKeys=1000",
	} {
		wantWire(t, reqs[i], "GET", "/v2/image", q, "")
	}
}

func TestImageCallsRefuseBadInput(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, imageJSON) })
	c := newTestClient(t, rec.srv.URL)
	ctx := context.Background()
	for _, id := range []string{"", "m-1/../m-2", "m-1?x", "m 1", "_m", strings.Repeat("m", 129)} {
		_, errGet := c.GetImage(ctx, id)
		errs := []error{errGet, c.DeleteImage(ctx, id), c.RenameImage(ctx, id, "n")}
		for i, err := range errs {
			if err == nil {
				t.Errorf("id %q accepted by call %d", id, i)
			} else if !strings.Contains(err.Error(), "invalid image id") {
				t.Errorf("call %d: error %q does not name the kind of id", i, err)
			}
		}
		if id == "" {
			continue // an empty source id means "not given", tested below
		}
		for _, req := range []CreateImageRequest{{ImageName: "n", InstanceID: id}, {ImageName: "n", SnapshotID: id}} {
			if _, err := c.CreateImage(ctx, "tok", req); err == nil {
				t.Errorf("CreateImage(%+v) accepted", req)
			}
		}
	}
	for name, tc := range map[string]struct {
		token string
		req   CreateImageRequest
	}{
		"no token":    {"", CreateImageRequest{ImageName: "n", InstanceID: "i-1"}},
		"no name":     {"tok", CreateImageRequest{InstanceID: "i-1"}},
		"no source":   {"tok", CreateImageRequest{ImageName: "n"}},
		"two sources": {"tok", CreateImageRequest{ImageName: "n", InstanceID: "i-1", SnapshotID: "s-1"}},
	} {
		if _, err := c.CreateImage(ctx, tc.token, tc.req); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	for _, req := range []ListImagesRequest{{ImageName: "web"}, {ImageType: ImageTypeAll, ImageName: "web"}, {ImageType: ImageTypeSystem, ImageName: "web"}} {
		if _, err := c.ListImages(ctx, req); err == nil {
			t.Errorf("ListImages(%+v) accepted", req)
		}
	}
	if err := c.RenameImage(ctx, "m-1", ""); err == nil {
		t.Error("empty name accepted")
	}
	if rec.count() != 0 {
		t.Errorf("%d refused requests reached the API", rec.count())
	}
}

// An image's source instance is read from the volumeId of its snapshots,
// and is "" when they name none or are absent.
func TestImageSourceInstance(t *testing.T) {
	for body, want := range map[string]string{
		`{"id":"m-1","snapshots":[{"id":"s-1","volumeId":"v-abc"},{"id":"s-2","volumeId":"i-src"}]}`: "i-src",
		`{"id":"m-1","snapshots":[]}`: "",
		`{"id":"m-1"}`:                "",
	} {
		var im Image
		if err := json.Unmarshal([]byte(body), &im); err != nil {
			t.Fatal(err)
		}
		if got := im.SourceInstance(); got != want {
			t.Errorf("%s: source %q, want %q", body, got, want)
		}
	}
}
