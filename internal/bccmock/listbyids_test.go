package bccmock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// listByIDs posts ids to listByInstanceId with query and returns the page.
func (h *harness) listByIDs(query string, body any) (listPage, result) {
	h.t.Helper()
	r := h.do(http.MethodPost, "/v2/instance/listByInstanceId"+query, body)
	var p listPage
	if r.status == http.StatusOK {
		r.decode(h.t, &p)
	}
	return p, r
}

func pageIDs(p listPage) []string {
	var ids []string
	for _, in := range p.Instances {
		ids = append(ids, in.ID)
	}
	return ids
}

func TestListByIDs(t *testing.T) {
	h := newHarness(t, Config{})
	a, b, c := h.create(minimalCreate()), h.create(minimalCreate()), h.create(minimalCreate())

	// Unknown ids are left out, duplicates come once, order is creation order.
	p, r := h.listByIDs("", map[string]any{"instanceIds": []string{c, a, "i-unknown1", a}})
	expectOK(t, r)
	if got := pageIDs(p); !slices.Equal(got, []string{a, c}) || p.IsTruncated || p.MaxKeys != 1000 || p.Marker != "" {
		t.Fatalf("got %v %s", got, r.body)
	}
	if strings.Contains(string(r.body), "nextMarker") {
		t.Fatalf("last page carries nextMarker: %s", r.body)
	}
	// The record names the ids the call asked for, as asked.
	recs := h.srv.Requests()
	if last := recs[len(recs)-1]; last.Route != RouteListInstancesByIDs || !slices.Equal(last.BatchIDs, []string{c, a, "i-unknown1", a}) {
		t.Fatalf("batch record %+v", last)
	}
	// The objects are the detail's.
	d, _ := h.get(b)
	p, _ = h.listByIDs("", map[string]any{"instanceIds": []string{b}})
	if len(p.Instances) != 1 || p.Instances[0].Status != d.Status || !strings.Contains(string(h.do(http.MethodPost, "/v2/instance/listByInstanceId", map[string]any{"instanceIds": []string{b}}).body), `"deletionProtection":0`) {
		t.Fatalf("item %+v", p.Instances)
	}

	// Paging is read from the query; the body's Marker/MaxKeys (which
	// Baidu's SDK sends) are ignored.
	body := map[string]any{"Marker": c, "MaxKeys": 7, "instanceIds": []string{a, b, c}}
	var got []string
	marker := ""
	for pages := 0; ; pages++ {
		q := "?maxKeys=1"
		if marker != "" {
			q += "&marker=" + marker
		}
		p, r = h.listByIDs(q, body)
		expectOK(t, r)
		if p.MaxKeys != 1 || p.Marker != marker {
			t.Fatalf("page echoes %d %q", p.MaxKeys, p.Marker)
		}
		got = append(got, pageIDs(p)...)
		if !p.IsTruncated {
			break
		}
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		marker = p.NextMarker
	}
	if !slices.Equal(got, []string{a, b, c}) {
		t.Fatalf("paged %v", got)
	}
	if logs := h.logs.all(); strings.Contains(logs, "Marker") {
		t.Fatalf("body paging keys were taken for near misses: %s", logs)
	}
}

func TestListByIDsErrors(t *testing.T) {
	h := newHarness(t, Config{})
	a := h.create(minimalCreate())
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("i-%08d", i)
	}
	cases := []struct {
		name, query string
		body        any
		code, msg   string
	}{
		{"no body", "", nil, CodeMalformedJSON, ""},
		{"no ids", "", map[string]any{}, CodeInvalidHTTPRequest, "instanceIds"},
		{"empty ids", "", map[string]any{"instanceIds": []string{}}, CodeInvalidHTTPRequest, "instanceIds"},
		{"101 ids", "", map[string]any{"instanceIds": many}, CodeInvalidHTTPRequest, "at most 100"},
		{"maxKeys 0", "?maxKeys=0", map[string]any{"instanceIds": []string{a}}, CodeInvalidHTTPRequest, "maxKeys"},
		{"maxKeys 1001", "?maxKeys=1001", map[string]any{"instanceIds": []string{a}}, CodeInvalidHTTPRequest, "maxKeys"},
		{"bad marker", "?marker=i-nothing1", map[string]any{"instanceIds": []string{a}}, CodeInvalidHTTPRequest, "marker"},
		{"ids not a list", "", `{"instanceIds":"` + a + `"}`, CodeInappropriateJSON, "instanceIds"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, r := h.listByIDs(tc.query, tc.body)
			expectError(t, r, 400, tc.code)
			if !strings.Contains(r.message, tc.msg) {
				t.Fatalf("message %q lacks %q", r.message, tc.msg)
			}
		})
	}
	hundred := append(many[:99:99], a)
	if p, r := h.listByIDs("", map[string]any{"instanceIds": hundred}); r.status != 200 || len(p.Instances) != 1 {
		t.Fatalf("100 ids: %d %s", r.status, r.body)
	}
}

func TestListByIDsUnknownFailsSwitch(t *testing.T) {
	h := newHarness(t, Config{ListByIDUnknownFails: true})
	a := h.create(minimalCreate())
	if _, r := h.listByIDs("", map[string]any{"instanceIds": []string{a}}); r.status != 200 {
		t.Fatalf("known id: %s", r.body)
	}
	_, r := h.listByIDs("", map[string]any{"instanceIds": []string{a, "i-unknown1"}})
	expectError(t, r, 404, CodeNoSuchObject)
	if !strings.Contains(r.message, "i-unknown1") {
		t.Fatalf("message %q does not name the id", r.message)
	}
}

func TestListByIDsReleasedAndInvisible(t *testing.T) {
	h := newHarness(t, Config{DeletedPhase: time.Minute, VisibilityDelay: 5 * time.Second})
	a, b := h.create(minimalCreate()), h.create(minimalCreate())
	ids := map[string]any{"instanceIds": []string{a, b}}
	if p, _ := h.listByIDs("", ids); len(p.Instances) != 0 {
		t.Fatalf("invisible instances listed: %+v", p.Instances)
	}
	h.clock.Advance(5 * time.Second)
	expectOK(t, h.do(http.MethodDelete, "/v2/instance/"+a, nil))
	expectOK(t, h.do(http.MethodPost, "/v2/instance/"+b, map[string]any{"bccRecycleFlag": true}))
	p, _ := h.listByIDs("", ids)
	if len(p.Instances) != 2 || p.Instances[0].Status != StatusDeleted || p.Instances[1].Status != StatusRecycled {
		t.Fatalf("released instances: %+v", p.Instances)
	}
	h.clock.Advance(time.Minute)
	if p, _ := h.listByIDs("", ids); len(p.Instances) != 0 {
		t.Fatalf("gone instances listed: %+v", p.Instances)
	}
}

func TestReservedInstancePaths(t *testing.T) {
	h := newHarness(t, Config{})
	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, "/v2/instance/listByInstanceId"},
		{http.MethodDelete, "/v2/instance/listByInstanceId"},
		{http.MethodGet, "/v2/instance/delete"},
		{http.MethodPost, "/v2/instance/batchDelete"},
		{http.MethodGet, "/v2/instance/noCharge"},
	} {
		h.srv.ResetCounts()
		expectError(t, h.do(tc.method, tc.path, nil), 404, CodeInvalidURI)
		if n := h.srv.RequestCount(tc.method, RouteUnknown); n != 1 {
			t.Fatalf("%s %s: counted %d as Unknown", tc.method, tc.path, n)
		}
	}
	rt := matchRoute(http.MethodPost, "/v2/instance/listByInstanceId", url.Values{"maxKeys": {"5"}})
	if rt.name != RouteListInstancesByIDs || rt.id != "" || rt.err != nil {
		t.Fatalf("listByInstanceId matched %+v", rt)
	}
}

func TestListFiltersForDataSources(t *testing.T) {
	h := newHarness(t, Config{})
	mk := func(name, zone string, prepaid bool) string {
		b := minimalCreate()
		if prepaid {
			b = prepaidCreate(1)
		}
		b["name"], b["zoneName"], b["securityGroupIds"] = name, zone, []string{"g-" + name}
		return h.create(b)
	}
	web1 := mk("web-1", "cn-bj-a", false)
	web2 := mk("web-2", "cn-bj-b", true)
	db := mk("db", "cn-bj-a", false)
	expectOK(t, h.do(http.MethodPut, "/v2/instance/"+db+"?stop", nil))
	in1, _ := h.srv.Instance(web1)

	cases := []struct {
		query string
		want  []string
	}{
		{"instanceNames=web-1,db", []string{web1, db}},
		{"instanceNames=web", nil},
		{"fuzzyInstanceName=web", []string{web1, web2}},
		{"fuzzyInstanceName=eb-2", []string{web2}},
		{"zoneName=cn-bj-a,cn-bj-b&status=Stopped", []string{db}},
		{"status=Running,Stopped", []string{web1, web2, db}},
		{"paymentTiming=Prepaid", []string{web2}},
		{"paymentTiming=Postpaid&fuzzyInstanceName=web", []string{web1}},
		{"vpcId=" + in1.VpcID + "&privateIps=" + in1.InternalIP, []string{web1}},
		{"securityGroupIds=g-db,g-web-2", []string{web2, db}},
		{"volumeIds=" + in1.SystemVolumeID, []string{web1}},
		{"cdsIds=" + in1.SystemVolumeID, []string{web1}},
		{"dedicateHostId=d-1", nil},
		{"dedicatedHostId=d-1", nil},
		{"autoRenew=false", []string{web1, web2, db}},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tc.query)
			ids, _ := h.listAll(q, 2)
			if !slices.Equal(ids, tc.want) {
				t.Fatalf("got %v, want %v", ids, tc.want)
			}
		})
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("n%d", i)
	}
	for _, bad := range []string{
		"instanceNames=web-1&fuzzyInstanceName=web",
		"privateIps=" + in1.InternalIP,
		"instanceIds=" + strings.Join(many, ","),
		"instanceNames=" + strings.Join(many, ","),
	} {
		expectError(t, h.do(http.MethodGet, "/v2/instance?"+bad, nil), 400, CodeInvalidHTTPRequest)
	}
}

// Config.ListByIDEmptyInstances: a listByInstanceId page that lists
// nothing writes "instances" as [], null or not at all; a page that lists
// something is unchanged, and the other keys are there in every form.
func TestListByIDEmptyInstances(t *testing.T) {
	for _, tc := range []struct {
		form, want string // want: the raw "instances" value, "" for absent
	}{
		{"", "[]"}, {ListByIDEmptyList, "[]"}, {ListByIDEmptyNull, "null"}, {ListByIDEmptyAbsent, ""},
	} {
		h := newHarness(t, Config{ListByIDEmptyInstances: tc.form})
		a := h.create(minimalCreate())
		_, r := h.listByIDs("", map[string]any{"instanceIds": []string{"i-unknown1"}})
		expectOK(t, r)
		var raw map[string]json.RawMessage
		r.decode(t, &raw)
		got, present := raw["instances"]
		if string(got) != tc.want || present != (tc.want != "") {
			t.Errorf("form %q: instances = %s (present %v), want %q", tc.form, got, present, tc.want)
		}
		for _, key := range []string{"marker", "isTruncated", "maxKeys"} {
			if _, ok := raw[key]; !ok {
				t.Errorf("form %q: %s missing from %s", tc.form, key, r.body)
			}
		}
		p, r := h.listByIDs("", map[string]any{"instanceIds": []string{a, "i-unknown1"}})
		expectOK(t, r)
		if ids := pageIDs(p); !slices.Equal(ids, []string{a}) {
			t.Errorf("form %q: a match lists %v", tc.form, ids)
		}
	}
	mustPanic(t, "ListByIDEmptyInstances", func() { New(Config{ListByIDEmptyInstances: "nil"}) })
}
