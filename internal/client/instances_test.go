package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

func jsonEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if len(got) == 0 && want == "" {
		return
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("request body %q is not JSON: %v", got, err)
		return
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation %q: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("request body\n got %s\nwant %s", got, want)
	}
}

func TestInstanceOperationsOnTheWire(t *testing.T) {
	const id = "i-abc123"
	cases := []struct {
		name     string
		call     func(c *Client) error
		method   string
		path     string
		rawQuery string
		body     string // "" = no body
	}{
		{"RenameInstance", func(c *Client) error { return c.RenameInstance(context.Background(), id, "web 2") },
			"PUT", "/v2/instance/i-abc123", "modifyAttribute", `{"name":"web 2"}`},
		{"UpdateInstanceDesc", func(c *Client) error { return c.UpdateInstanceDesc(context.Background(), id, "") },
			"PUT", "/v2/instance/i-abc123", "modifyDesc", `{"desc":""}`},
		{"ResizeInstanceBySpec", func(c *Client) error {
			return c.ResizeInstanceBySpec(context.Background(), id, "bcc.g5.c4m16", "tok-1")
		}, "PUT", "/v2/instanceBySpec/i-abc123", "resize&clientToken=tok-1", `{"spec":"bcc.g5.c4m16"}`},
		{"StartInstance", func(c *Client) error { return c.StartInstance(context.Background(), id) },
			"PUT", "/v2/instance/i-abc123", "start", ""},
		{"StopInstance", func(c *Client) error { return c.StopInstance(context.Background(), id, false) },
			"PUT", "/v2/instance/i-abc123", "stop", `{"forceStop":false}`},
		{"StopInstance forced", func(c *Client) error { return c.StopInstance(context.Background(), id, true) },
			"PUT", "/v2/instance/i-abc123", "stop", `{"forceStop":true}`},
		{"BindTags", func(c *Client) error {
			return c.BindTags(context.Background(), id, []Tag{{TagKey: "env", TagValue: "prod"}, {TagKey: "solo"}})
		}, "PUT", "/v2/instance/i-abc123/tag", "bind", `{"changeTags":[{"tagKey":"env","tagValue":"prod"},{"tagKey":"solo","tagValue":""}]}`},
		{"UnbindTags", func(c *Client) error {
			return c.UnbindTags(context.Background(), id, []Tag{{TagKey: "env", TagValue: "prod"}})
		}, "PUT", "/v2/instance/i-abc123/tag", "unbind", `{"changeTags":[{"tagKey":"env","tagValue":"prod"}]}`},
		{"ReleaseInstance", func(c *Client) error { return c.ReleaseInstance(context.Background(), id) },
			"DELETE", "/v2/instance/i-abc123", "", ""},
		{"GetInstance", func(c *Client) error { _, err := c.GetInstance(context.Background(), id); return err },
			"GET", "/v2/instance/i-abc123", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet {
					writeJSON(w, 200, instanceJSON)
					return
				}
				w.WriteHeader(200) // modify and release answer with an empty body
			})
			c := newTestClient(t, rec.srv.URL)
			if err := tc.call(c); err != nil {
				t.Fatal(err)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests", len(reqs))
			}
			r := reqs[0]
			if r.Method != tc.method || r.Path != tc.path || r.RawQuery != tc.rawQuery {
				t.Errorf("sent %s %s?%s, want %s %s?%s", r.Method, r.Path, r.RawQuery, tc.method, tc.path, tc.rawQuery)
			}
			if tc.body == "" && len(r.Body) != 0 {
				t.Errorf("unexpected body %q", r.Body)
			}
			jsonEqual(t, r.Body, tc.body)
			wantContentType(t, r)
			if r.SigErr != nil {
				t.Errorf("signature: %v", r.SigErr)
			}
		})
	}
}

func TestChangeAdminPassEncrypts(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
	c := newTestClient(t, rec.srv.URL)
	if err := c.ChangeAdminPass(context.Background(), "i-abc123", "N3w!Pass"); err != nil {
		t.Fatal(err)
	}
	r := rec.requests()[0]
	if r.Method != "PUT" || r.Path != "/v2/instance/i-abc123" || r.RawQuery != "changePass" {
		t.Errorf("sent %s %s?%s", r.Method, r.Path, r.RawQuery)
	}
	var body map[string]string
	if err := json.Unmarshal(r.Body, &body); err != nil || len(body) != 1 {
		t.Fatalf("body %s: %v", r.Body, err)
	}
	if strings.Contains(string(r.Body), "N3w!Pass") {
		t.Error("the plain password went on the wire")
	}
	if plain, err := bceauth.DecryptPassword(body["adminPass"], testCreds.SecretKey); err != nil || plain != "N3w!Pass" {
		t.Errorf("adminPass decrypts to %q, %v", plain, err)
	}
	if err := c.ChangeAdminPass(context.Background(), "i-abc123", ""); err == nil || rec.count() != 1 {
		t.Error("an empty password must be refused without a request")
	}
}

// changePass answers 200 either with no body, as Baidu's page documents,
// or with {"requestId","failedInstanceIdList"}, as bce-sdk-go decodes it.
// A non-empty list is a failure naming the ids and the request id, and is
// not retried; an empty, null or absent list is success.
func TestChangeAdminPassAnswers(t *testing.T) {
	const pass = "N3w!Pass"
	call := func(t *testing.T, respond func(w http.ResponseWriter)) (*recorder, error) {
		t.Helper()
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { respond(w) })
		c := newTestClient(t, rec.srv.URL)
		return rec, c.ChangeAdminPass(context.Background(), "i-abc123", pass)
	}
	for _, body := range []string{"", " \n", `{"requestId":"r-1","failedInstanceIdList":[]}`, `{"requestId":"r-1"}`, `{"failedInstanceIdList":null}`, `{}`} {
		rec, err := call(t, func(w http.ResponseWriter) { writeJSON(w, 200, body) })
		if err != nil || rec.count() != 1 {
			t.Errorf("answer %q: %v after %d requests, want success", body, err, rec.count())
		}
	}

	t.Run("failed list", func(t *testing.T) {
		rec, err := call(t, func(w http.ResponseWriter) {
			writeJSON(w, 200, `{"requestId":"req-200","failedInstanceIdList":["i-abc123"]}`)
		})
		wantResponseError(t, err, "failed list")
		if !errors.Is(err, ErrPasswordNotChanged) || !strings.Contains(err.Error(), "i-abc123") || !strings.Contains(err.Error(), "req-200") {
			t.Errorf("err = %v, want ErrPasswordNotChanged naming the id and the request id", err)
		}
		if strings.Contains(err.Error(), pass) {
			t.Error("the password leaked into the error")
		}
		if rec.count() != 1 {
			t.Errorf("%d requests: Baidu's considered answer is not retried", rec.count())
		}
	})
	t.Run("failed list, request id only in the body", func(t *testing.T) {
		_, err := call(t, func(w http.ResponseWriter) {
			w.WriteHeader(200)
			io.WriteString(w, `{"requestId":"body-req-9","failedInstanceIdList":["i-abc123","i-other1"]}`)
		})
		var re *ResponseError
		if !errors.As(err, &re) || re.RequestID != "body-req-9" || !errors.Is(err, ErrPasswordNotChanged) ||
			!strings.Contains(err.Error(), "i-abc123, i-other1") {
			t.Errorf("err = %v, want the ids and the body's request id", err)
		}
	})
	for _, body := range []string{`[]`, `{"failedInstanceIdList":"i-abc123"}`, `not json`} {
		_, err := call(t, func(w http.ResponseWriter) { writeJSON(w, 200, body) })
		var re *ResponseError
		if !errors.As(err, &re) || re.StatusCode != 200 {
			t.Errorf("answer %q: err = %v, want a ResponseError: it cannot say whether the change was made", body, err)
		}
	}
}

func TestCreateInstanceBySpecBody(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"instanceIds":["i-new1"],"orderId":"o-1","warningList":[]}`)
	})
	c := newTestClient(t, rec.srv.URL)
	req := CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-img1", ZoneName: "cn-bj-a", Name: "web", Hostname: "web-1",
		AdminPass: "S3cret!pw", KeypairID: "k-1", SubnetID: "sbn-1", SecurityGroupIDs: []string{"g-1", "g-2"},
		RootDiskSizeInGb: 40, RootDiskStorageType: "cloud_hp1", PurchaseCount: 1, UserData: "IyEvYmluL3No",
		Tags:    []Tag{{TagKey: "env", TagValue: "prod"}},
		Billing: Billing{PaymentTiming: "Prepaid", Reservation: &Reservation{ReservationLength: 1, ReservationTimeUnit: "Month"}},
	}
	before := req
	res, err := c.CreateInstanceBySpec(context.Background(), "tok-create-1", req)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res, &CreateInstanceResult{InstanceIDs: []string{"i-new1"}, OrderID: "o-1"}) {
		t.Errorf("result %+v", res)
	}
	if !reflect.DeepEqual(req, before) {
		t.Error("the caller's request was modified")
	}
	r := rec.requests()[0]
	if r.Method != "POST" || r.Path != "/v2/instanceBySpec" || r.RawQuery != "clientToken=tok-create-1" {
		t.Errorf("sent %s %s?%s", r.Method, r.Path, r.RawQuery)
	}
	var body map[string]any
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	enc, _ := body["adminPass"].(string)
	if plain, err := bceauth.DecryptPassword(enc, testCreds.SecretKey); err != nil || plain != "S3cret!pw" {
		t.Errorf("adminPass %q decrypts to %q, %v", enc, plain, err)
	}
	body["adminPass"] = "ENC"
	got, _ := json.Marshal(body)
	jsonEqual(t, got, `{"spec":"bcc.g5.c2m8","imageId":"m-img1","zoneName":"cn-bj-a","name":"web","hostname":"web-1",
		"adminPass":"ENC","keypairId":"k-1","subnetId":"sbn-1","securityGroupIds":["g-1","g-2"],
		"rootDiskSizeInGb":40,"rootDiskStorageType":"cloud_hp1","purchaseCount":1,"userData":"IyEvYmluL3No",
		"tags":[{"tagKey":"env","tagValue":"prod"}],
		"billing":{"paymentTiming":"Prepaid","reservation":{"reservationLength":1,"reservationTimeUnit":"Month"}}}`)

	// Optional fields stay out of a minimal request.
	minimal := CreateInstanceBySpecRequest{Spec: "bcc.g5.c2m8", ImageID: "m-img1", Billing: Billing{PaymentTiming: "Postpaid"}}
	if _, err := c.CreateInstanceBySpec(context.Background(), "tok-2", minimal); err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, rec.requests()[1].Body, `{"spec":"bcc.g5.c2m8","imageId":"m-img1","billing":{"paymentTiming":"Postpaid"}}`)
}

func TestCreateInstanceBySpecRefusesBadInput(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"instanceIds":["i-1"]}`) })
	c := newTestClient(t, rec.srv.URL)
	ok := CreateInstanceBySpecRequest{Spec: "bcc.g5.c2m8", ImageID: "m-1", Billing: Billing{PaymentTiming: "Postpaid"}}
	withDesc := ok
	withDesc.Description = "x"
	noSpec := ok
	noSpec.Spec = ""
	cases := map[string]struct {
		token string
		req   CreateInstanceBySpecRequest
	}{
		"no token":         {"", ok},
		"token too long":   {strings.Repeat("t", 65), ok},
		"token with space": {"a b", ok},
		"token non-ASCII":  {"tök", ok},
		"description":      {"tok", withDesc},
		"no spec":          {"tok", noSpec},
	}
	for name, tc := range cases {
		if _, err := c.CreateInstanceBySpec(context.Background(), tc.token, tc.req); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if rec.count() != 0 {
		t.Errorf("invalid input reached the API %d times", rec.count())
	}

	short, err := New(Config{Credentials: bceauth.Credentials{AccessKey: "ak", SecretKey: "short"}, Endpoint: rec.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	withPass := ok
	withPass.AdminPass = "pw"
	if _, err := short.CreateInstanceBySpec(context.Background(), "tok", withPass); err == nil || rec.count() != 0 {
		t.Errorf("a password that cannot be encrypted must stop the create: %v", err)
	}
}

func TestCreateInstanceBySpecWithoutIDs(t *testing.T) {
	for _, body := range []string{`{"instanceIds":[]}`, `{"orderId":"o"}`, `{"instanceIds":[""]}`} {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
		c := newTestClient(t, rec.srv.URL)
		_, err := c.CreateInstanceBySpec(context.Background(), "tok", CreateInstanceBySpecRequest{Spec: "s", ImageID: "m"})
		var re *ResponseError
		if !errors.As(err, &re) || re.RequestID != "req-200" {
			t.Errorf("%s: err = %v, want a ResponseError with the request id", body, err)
		}
	}
}

func TestGetInstanceDecodes(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, instanceJSON) })
	c := newTestClient(t, rec.srv.URL)
	got, err := c.GetInstance(context.Background(), "i-abc123")
	if err != nil {
		t.Fatal(err)
	}
	want := &Instance{
		ID: "i-abc123", Name: "web", Hostname: "web-1", Desc: "d", Status: "Running", Spec: "bcc.g5.c2m8",
		InstanceType: "N5", PaymentTiming: "Postpaid", CreateTime: "2024-01-02T03:04:05Z", ExpireTime: "",
		InternalIP: "192.168.0.4", PublicIP: "-", CPUCount: 2, MemoryCapacityInGB: 8, ImageID: "m-img1",
		ZoneName: "cn-bj-a", VpcID: "vpc-1", SubnetID: "sbn-1", KeypairID: "k-1",
		Tags: []Tag{{TagKey: "env", TagValue: "prod"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestInvalidIDsNeverReachTheAPI(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, instanceJSON) })
	c := newTestClient(t, rec.srv.URL)
	ctx := context.Background()
	for _, id := range []string{"", "i-1/../i-2", "i-1?force", "i-1#x", "i 1", "../x", ".hidden", "i-1%2F", strings.Repeat("a", 129)} {
		errs := []error{
			c.ReleaseInstance(ctx, id),
			c.StartInstance(ctx, id),
			c.StopInstance(ctx, id, true),
			c.RenameInstance(ctx, id, "n"),
			c.UpdateInstanceDesc(ctx, id, "d"),
			c.ChangeAdminPass(ctx, id, "pw"),
			c.ResizeInstanceBySpec(ctx, id, "s", "tok"),
			c.BindTags(ctx, id, []Tag{{TagKey: "k"}}),
			c.UnbindTags(ctx, id, []Tag{{TagKey: "k"}}),
		}
		_, err := c.GetInstance(ctx, id)
		errs = append(errs, err)
		_, err = c.ListInstanceVolumes(ctx, id)
		errs = append(errs, err)
		_, err = c.ListInstances(ctx, ListInstancesRequest{InstanceIDs: []string{"i-ok", id}})
		errs = append(errs, err)
		for i, err := range errs {
			if err == nil {
				t.Errorf("id %q accepted by call %d", id, i)
			}
		}
	}
	if rec.count() != 0 {
		t.Errorf("%d requests with invalid ids reached the API", rec.count())
	}
}

func TestEmptyTagChangesSendNothing(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
	c := newTestClient(t, rec.srv.URL)
	if err := c.BindTags(context.Background(), "i-1", nil); err != nil {
		t.Error(err)
	}
	if err := c.UnbindTags(context.Background(), "i-1", []Tag{}); err != nil {
		t.Error(err)
	}
	if rec.count() != 0 {
		t.Errorf("%d requests for empty tag lists", rec.count())
	}
}

func TestListInstancesQuery(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"marker":"m-0","isTruncated":true,"nextMarker":"m-1","maxKeys":2,"instances":[{"id":"i-1"},{"id":"i-2"}]}`)
	})
	c := newTestClient(t, rec.srv.URL)
	res, err := c.ListInstances(context.Background(), ListInstancesRequest{
		InstanceIDs: []string{"i-1", "i-2"}, ZoneName: "cn-bj-a", Status: "Running",
		Tags: []Tag{{TagKey: "env", TagValue: "prod"}, {TagKey: "team"}}, Marker: "m-0", MaxKeys: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Instances) != 2 || res.NextMarker != "m-1" || !res.IsTruncated || res.Marker != "m-0" || res.MaxKeys != 2 {
		t.Errorf("result %+v", res)
	}
	r := rec.requests()[0]
	want := "instanceIds=i-1%2Ci-2&marker=m-0&maxKeys=2&status=Running&tags=env%3Aprod%2Cteam&zoneName=cn-bj-a"
	if r.Method != "GET" || r.Path != "/v2/instance" || r.RawQuery != want {
		t.Errorf("sent %s %s?%s\nwant GET /v2/instance?%s", r.Method, r.Path, r.RawQuery, want)
	}
	if r.SigErr != nil {
		t.Error(r.SigErr)
	}

	if _, err := c.ListInstances(context.Background(), ListInstancesRequest{MaxKeys: 1001}); err == nil {
		t.Error("maxKeys above 1000 accepted")
	}
	if _, err := c.ListInstances(context.Background(), ListInstancesRequest{}); err != nil {
		t.Fatal(err)
	}
	if q := rec.requests()[1].RawQuery; q != "" {
		t.Errorf("an unfiltered first page should send no query, sent %q", q)
	}
}

// The filters the data sources need go on the wire under Baidu's names,
// comma joined, and values that the unescaped comma lists cannot carry are
// refused before any request.
func TestListInstancesNameAndPaymentFilters(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"isTruncated":false,"instances":[]}`)
	})
	c := newTestClient(t, rec.srv.URL)
	_, err := c.ListInstances(context.Background(), ListInstancesRequest{
		InstanceNames: []string{"web-1", "web-2"}, PaymentTiming: "Prepaid", MaxKeys: 1000,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "instanceNames=web-1%2Cweb-2&maxKeys=1000&paymentTiming=Prepaid"
	if q := rec.requests()[0].RawQuery; q != want {
		t.Errorf("sent ?%s\nwant ?%s", q, want)
	}

	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("i-%d", i)
	}
	for name, req := range map[string]ListInstancesRequest{
		"comma in a name":      {InstanceNames: []string{"a,b"}},
		"empty name":           {InstanceNames: []string{""}},
		"101 ids":              {InstanceIDs: many},
		"101 names":            {InstanceNames: many},
		"comma in a tag value": {Tags: []Tag{{TagKey: "k", TagValue: "a,b"}}},
		"colon in a tag key":   {Tags: []Tag{{TagKey: "k:x", TagValue: "v"}}},
		"colon in a tag value": {Tags: []Tag{{TagKey: "k", TagValue: "v:w"}}},
		"empty tag key":        {Tags: []Tag{{TagKey: "", TagValue: "v"}}},
	} {
		if _, err := c.ListInstances(context.Background(), req); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if rec.count() != 1 {
		t.Errorf("%d requests; refused filters must not reach the API", rec.count())
	}
}

func TestListAllInstancesFollowsMarkers(t *testing.T) {
	pages := map[string]string{
		"":   `{"isTruncated":true,"nextMarker":"m1","instances":[{"id":"i-1"},{"id":"i-2"}]}`,
		"m1": `{"marker":"m1","isTruncated":true,"nextMarker":"m2","instances":[{"id":"i-3"}]}`,
		"m2": `{"marker":"m2","isTruncated":false,"instances":[{"id":"i-4"}]}`,
	}
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, pages[r.URL.Query().Get("marker")])
	})
	c := newTestClient(t, rec.srv.URL)
	all, err := c.ListAllInstances(context.Background(), ListInstancesRequest{ZoneName: "cn-bj-a"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, in := range all {
		ids = append(ids, in.ID)
	}
	if strings.Join(ids, ",") != "i-1,i-2,i-3,i-4" {
		t.Errorf("ids %v", ids)
	}
	for i, r := range rec.requests() {
		q := r.RawQuery
		if !strings.Contains(q, "zoneName=cn-bj-a") || !strings.Contains(q, "maxKeys=1000") {
			t.Errorf("page %d lost the filters: %s", i+1, q)
		}
	}
	if rec.count() != 3 {
		t.Errorf("%d pages fetched, want 3", rec.count())
	}
}

// A caller that has what it needs stops the paging: no further page is
// fetched.
func TestEachInstancePageStops(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"isTruncated":true,"nextMarker":"m`+strconv.Itoa(n)+`","instances":[{"id":"i-1"}]}`)
	})
	c := newTestClient(t, rec.srv.URL)
	pages := 0
	err := c.EachInstancePage(context.Background(), ListInstancesRequest{}, func([]Instance) bool {
		pages++
		return pages < 2
	})
	if err != nil || pages != 2 || rec.count() != 2 {
		t.Errorf("stopped after %d pages and %d requests (%v), want 2 and 2", pages, rec.count(), err)
	}
}

func TestListAllInstancesRejectsEndlessPaging(t *testing.T) {
	for name, body := range map[string]string{
		"truncated without marker": `{"isTruncated":true,"instances":[]}`,
		"marker repeats":           `{"isTruncated":true,"nextMarker":"same","instances":[]}`,
	} {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
		c := newTestClient(t, rec.srv.URL)
		if _, err := c.ListAllInstances(context.Background(), ListInstancesRequest{}); err == nil {
			t.Errorf("%s: no error", name)
		}
		if rec.count() > 2 {
			t.Errorf("%s: %d pages fetched", name, rec.count())
		}
	}
}

func TestListInstanceVolumes(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("marker") == "" {
			writeJSON(w, 200, `{"isTruncated":true,"nextMarker":"v2","volumes":[{"id":"v-sys","type":"System","storageType":"cloud_hp1","diskSizeInGB":40,"status":"InUse","isSystemVolume":true}]}`)
			return
		}
		writeJSON(w, 200, `{"isTruncated":false,"volumes":[{"id":"v-data","type":"Data","diskSizeInGB":100}]}`)
	})
	c := newTestClient(t, rec.srv.URL)
	vols, err := c.ListInstanceVolumes(context.Background(), "i-abc123")
	if err != nil {
		t.Fatal(err)
	}
	want := []Volume{
		{ID: "v-sys", Type: "System", StorageType: "cloud_hp1", DiskSizeInGB: 40, Status: "InUse", IsSystemVolume: true},
		{ID: "v-data", Type: "Data", DiskSizeInGB: 100},
	}
	if !reflect.DeepEqual(vols, want) {
		t.Errorf("got %+v", vols)
	}
	reqs := rec.requests()
	if reqs[0].Path != "/v2/volume" || reqs[0].RawQuery != "instanceId=i-abc123&maxKeys=1000" || reqs[1].RawQuery != "instanceId=i-abc123&marker=v2&maxKeys=1000" {
		t.Errorf("queries %q, %q", reqs[0].RawQuery, reqs[1].RawQuery)
	}
}

func TestNewClientToken(t *testing.T) {
	valid := regexp.MustCompile(`^[\x21-\x7e]{1,64}$`)
	seenTokens := map[string]bool{}
	for range 1000 {
		tok := NewClientToken()
		if !valid.MatchString(tok) {
			t.Fatalf("token %q is not 1-64 printable ASCII", tok)
		}
		if err := checkClientToken("x", tok); err != nil {
			t.Fatal(err)
		}
		if seenTokens[tok] {
			t.Fatalf("token %q repeated", tok)
		}
		seenTokens[tok] = true
	}
}

func TestOperationErrorsNameTheOperation(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 403, apiErrorBody(CodeReleaseWhileCreating, "Instance can not release during creating.", "b"))
	})
	c := newTestClient(t, rec.srv.URL)
	err := c.ReleaseInstance(context.Background(), "i-abc123")
	if !HasCode(err, CodeReleaseWhileCreating) {
		t.Fatalf("err = %v", err)
	}
	want := fmt.Sprintf("ReleaseInstance: HTTP 403 %s: Instance can not release during creating. (request id req-403)", CodeReleaseWhileCreating)
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err, want)
	}
}

// deletionProtection is 0/1 in every source, but create accepts "0"/"1":
// every form reads, any value but 0 is protected, and one reading serves
// the resource and both data sources (Instance.Protected).
func TestDeletionProtectionForms(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want bool
	}{
		{`0`, false}, {`1`, true}, {`2`, true}, {`"0"`, false}, {`"1"`, true}, {`" 1 "`, true},
		{`true`, true}, {`false`, false}, {`null`, false}, {`""`, false},
	} {
		var inst Instance
		if err := json.Unmarshal([]byte(`{"id":"i-a","deletionProtection":`+tc.raw+`}`), &inst); err != nil {
			t.Errorf("%s: %v", tc.raw, err)
			continue
		}
		if inst.Protected() != tc.want {
			t.Errorf("%s: protected %v, want %v", tc.raw, inst.Protected(), tc.want)
		}
	}
	var inst Instance
	if err := json.Unmarshal([]byte(`{"deletionProtection":"on"}`), &inst); err == nil {
		t.Error("a non-numeric switch was read without an error")
	}
}
