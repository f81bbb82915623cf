package bccmock

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"
)

type listPage struct {
	Marker      string `json:"marker"`
	IsTruncated bool   `json:"isTruncated"`
	NextMarker  string `json:"nextMarker"`
	MaxKeys     int    `json:"maxKeys"`
	Instances   []struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"instances"`
}

func (h *harness) listAll(query url.Values, pageSize int) ([]string, int) {
	h.t.Helper()
	var ids []string
	pages := 0
	marker := ""
	for {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("maxKeys", strconv.Itoa(pageSize))
		if marker != "" {
			q.Set("marker", marker)
		}
		r := h.do(http.MethodGet, "/v2/instance?"+q.Encode(), nil)
		expectOK(h.t, r)
		var p listPage
		r.decode(h.t, &p)
		pages++
		if p.MaxKeys != pageSize || p.Marker != marker {
			h.t.Fatalf("page echoes maxKeys %d marker %q", p.MaxKeys, p.Marker)
		}
		for _, in := range p.Instances {
			ids = append(ids, in.ID)
		}
		if !p.IsTruncated {
			if p.NextMarker != "" {
				h.t.Fatalf("last page has nextMarker %q", p.NextMarker)
			}
			return ids, pages
		}
		marker = p.NextMarker
	}
}

func TestListPaging(t *testing.T) {
	h := newHarness(t, Config{})
	var created []string
	for range 5 {
		created = append(created, h.create(minimalCreate()))
	}
	ids, pages := h.listAll(nil, 2)
	if !slices.Equal(ids, created) || pages != 3 {
		t.Fatalf("paged %v in %d pages, want %v in 3", ids, pages, created)
	}
	ids, pages = h.listAll(nil, 5)
	if !slices.Equal(ids, created) || pages != 1 {
		t.Fatalf("one page: %v in %d", ids, pages)
	}

	// A marker naming an instance released since still works.
	r := h.do(http.MethodGet, "/v2/instance?maxKeys=2", nil)
	var p listPage
	r.decode(t, &p)
	expectOK(t, h.do(http.MethodDelete, "/v2/instance/"+p.NextMarker, nil))
	r = h.do(http.MethodGet, "/v2/instance?maxKeys=2&marker="+p.NextMarker, nil)
	expectOK(t, r)
	r.decode(t, &p)
	if len(p.Instances) != 2 || p.Instances[0].ID != created[3] {
		t.Fatalf("after releasing the marker: %s", r.body)
	}

	for _, bad := range []string{"0", "1001", "ten", "-1"} {
		expectError(t, h.do(http.MethodGet, "/v2/instance?maxKeys="+bad, nil), 400, CodeInvalidHTTPRequest)
	}
	expectOK(t, h.do(http.MethodGet, "/v2/instance?maxKeys=1000", nil))
	expectError(t, h.do(http.MethodGet, "/v2/instance?marker=i-unknown0", nil), 400, CodeInvalidHTTPRequest)
}

func TestListFilters(t *testing.T) {
	h := newHarness(t, Config{StopTime: time.Second})
	mk := func(zone string, tags map[string]string) string {
		b := minimalCreate()
		b["zoneName"] = zone
		var tl []map[string]string
		for k, v := range tags {
			tl = append(tl, map[string]string{"tagKey": k, "tagValue": v})
		}
		b["tags"] = tl
		return h.create(b)
	}
	a := mk("cn-bj-a", map[string]string{"env": "prod", "team": "x"})
	b := mk("cn-bj-b", map[string]string{"env": "dev"})
	c := mk("cn-bj-a", nil)
	expectOK(t, h.do(http.MethodPut, "/v2/instance/"+c+"?stop", nil))
	h.clock.Advance(time.Second)

	cases := []struct {
		query string
		want  []string
	}{
		{"instanceIds=" + a + "," + c, []string{a, c}},
		{"instanceIds=" + b, []string{b}},
		{"zoneName=cn-bj-a", []string{a, c}},
		{"status=Stopped", []string{c}},
		{"status=Running", []string{a, b}},
		{"tags=env:prod", []string{a}},
		{"tags=env", []string{a, b}},
		{"tags=env:prod,team:x", []string{a}},
		{"tags=env:prod,team:y", nil},
		{"zoneName=cn-bj-a&tags=env", []string{a}},
		{"paymentTiming=Prepaid", nil},
		{"isDeploySet=false&somethingNew=1", []string{a, b, c}},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tc.query)
			ids, _ := h.listAll(q, 10)
			if !slices.Equal(ids, tc.want) {
				t.Fatalf("got %v, want %v", ids, tc.want)
			}
		})
	}
}

func TestListShowsDeletedPhase(t *testing.T) {
	h := newHarness(t, Config{DeletedPhase: time.Minute})
	id := h.create(minimalCreate())
	expectOK(t, h.do(http.MethodDelete, "/v2/instance/"+id, nil))
	r := h.do(http.MethodGet, "/v2/instance", nil)
	var p listPage
	r.decode(t, &p)
	if len(p.Instances) != 1 || p.Instances[0].Status != StatusDeleted {
		t.Fatalf("during Deleted phase: %s", r.body)
	}
	h.clock.Advance(time.Minute)
	r = h.do(http.MethodGet, "/v2/instance", nil)
	r.decode(t, &p)
	if len(p.Instances) != 0 || string(r.body) == "" {
		t.Fatalf("after Deleted phase: %s", r.body)
	}
}

func TestListVolumes(t *testing.T) {
	h := newHarness(t, Config{})
	body := minimalCreate()
	body["rootDiskSizeInGb"] = 100
	body["rootDiskStorageType"] = "enhanced_ssd_pl1"
	a := h.create(body)
	b := h.create(minimalCreate())

	r := h.do(http.MethodGet, "/v2/volume?instanceId="+a+"&maxKeys=1000", nil)
	expectOK(t, r)
	var out struct {
		Volumes []struct {
			ID           string `json:"id"`
			Type         string `json:"type"`
			DiskSizeInGB int    `json:"diskSizeInGB"`
			StorageType  string `json:"storageType"`
			Status       string `json:"status"`
			// Baidu's VolumeModel has no top-level instanceId: the
			// instance is in attachments (bce-api.md 8.10).
			InstanceID  *string `json:"instanceId"`
			Attachments []struct {
				InstanceID string `json:"instanceId"`
				Device     string `json:"device"`
			} `json:"attachments"`
		} `json:"volumes"`
		IsTruncated bool `json:"isTruncated"`
	}
	r.decode(t, &out)
	if len(out.Volumes) != 1 || out.IsTruncated {
		t.Fatalf("volumes of %s: %s", a, r.body)
	}
	v := out.Volumes[0]
	if v.Type != "System" || v.DiskSizeInGB != 100 || v.StorageType != "enhanced_ssd_pl1" || v.InstanceID != nil ||
		len(v.Attachments) != 1 || v.Attachments[0].InstanceID != a || v.Attachments[0].Device != "/dev/vda" || v.Status != "InUse" || v.ID == "" {
		t.Fatalf("system volume %+v", v)
	}
	r = h.do(http.MethodGet, "/v2/volume?maxKeys=1", nil)
	r.decode(t, &out)
	if len(out.Volumes) != 1 || !out.IsTruncated {
		t.Fatalf("paged volumes: %s", r.body)
	}
	expectOK(t, h.do(http.MethodDelete, "/v2/instance/"+b, nil))
	r = h.do(http.MethodGet, "/v2/volume?instanceId="+b, nil)
	r.decode(t, &out)
	if len(out.Volumes) != 0 {
		t.Fatalf("released instance still has volumes: %s", r.body)
	}
	expectError(t, h.do(http.MethodGet, "/v2/volume?marker=v-nothing", nil), 400, CodeInvalidHTTPRequest)
}

func TestRouting(t *testing.T) {
	h := newHarness(t, Config{})
	cases := []struct {
		method, path string
		status       int
		code         string
		route        string
	}{
		{http.MethodGet, "/v2/instances", 404, CodeInvalidURI, RouteUnknown},
		{http.MethodPatch, "/v2/instance/i-abc", 404, CodeInvalidURI, RouteUnknown},
		{http.MethodGet, "/v1/instance", 404, CodeInvalidVersion, RouteUnknown},
		{http.MethodGet, "/", 404, CodeInvalidURI, RouteUnknown},
		{http.MethodPut, "/v2/instance/i-abc", 400, CodeInvalidHTTPRequest, RouteMissingAction},
		{http.MethodGet, "/v2/instance/i-nothere?isDeploySet=false", 404, CodeNoSuchObject, RouteGetInstance},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			h.srv.ResetCounts()
			expectError(t, h.do(tc.method, tc.path, nil), tc.status, tc.code)
			if n := h.srv.RequestCount(tc.method, tc.route); n != 1 {
				t.Fatalf("route %s counted %d", tc.route, n)
			}
		})
	}
	// Unknown routes still require a signature: nothing is served unsigned.
	req := h.newRequest(http.MethodGet, "/v2/instances", nil)
	expectError(t, h.send(req), 400, CodeInvalidHTTPAuthHeader)
}

func TestMatchRoute(t *testing.T) {
	q := func(s string) url.Values { v, _ := url.ParseQuery(s); return v }
	cases := []struct {
		method, path, query, route, id string
	}{
		{"POST", "/v2/instanceBySpec", "clientToken=x", RouteCreateInstanceBySpec, ""},
		{"POST", "/v2/instance", "", RouteCreateInstance, ""},
		{"GET", "/v2/instance", "", RouteListInstances, ""},
		{"GET", "/v2/instance/i-1", "isDeploySet=false", RouteGetInstance, "i-1"},
		{"PUT", "/v2/instance/i-1", "modifyAttribute", RouteModifyInstanceAttribute, "i-1"},
		{"PUT", "/v2/instance/i-1", "modifyDesc=", RouteModifyInstanceDesc, "i-1"},
		{"PUT", "/v2/instance/i-1", "changePass", RouteChangeInstancePass, "i-1"},
		{"PUT", "/v2/instance/i-1", "start", RouteStartInstance, "i-1"},
		{"PUT", "/v2/instance/i-1", "stop", RouteStopInstance, "i-1"},
		{"PUT", "/v2/instance/i-1", "reboot", RouteRebootInstance, "i-1"},
		{"PUT", "/v2/instanceBySpec/i-1", "resize&clientToken=t", RouteResizeInstanceBySpec, "i-1"},
		{"PUT", "/v2/instance/i-1/tag", "bind", RouteBindInstanceTags, "i-1"},
		{"PUT", "/v2/instance/i-1/tag", "unbind", RouteUnbindInstanceTags, "i-1"},
		{"DELETE", "/v2/instance/i-1", "", RouteReleaseInstance, "i-1"},
		{"POST", "/v2/instance/i-1", "", RouteReleaseInstanceWithRelatedResources, "i-1"},
		{"POST", "/v2/instance/delete", "", RouteReleasePrepaidInstance, ""},
		{"GET", "/v2/volume", "instanceId=i-1", RouteListVolumes, ""},
		{"PUT", "/v2/instance/i-1", "start&stop", RouteMissingAction, "i-1"},
		{"PUT", "/v2/instanceBySpec/i-1", "", RouteMissingAction, "i-1"},
		{"DELETE", "/v2/instance", "", RouteUnknown, ""},
		{"GET", "/v2/instance/i-1/tag", "bind", RouteUnknown, ""},
	}
	for _, tc := range cases {
		rt := matchRoute(tc.method, tc.path, q(tc.query))
		if rt.name != tc.route || rt.id != tc.id {
			t.Errorf("%s %s?%s => %s %q, want %s %q", tc.method, tc.path, tc.query, rt.name, rt.id, tc.route, tc.id)
		}
		if knownRoutes[rt.name] == (rt.err != nil) {
			t.Errorf("%s %s?%s: known route %s with error %v", tc.method, tc.path, tc.query, rt.name, rt.err)
		}
	}
}
