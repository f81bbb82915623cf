package bccmock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// adminPrefix is where the mock-only endpoints live when Config.Admin is
// set. They need no signature and are not part of the BCC API:
//
//	POST /_mock/advance?d=720h          advance the simulated clock
//	GET  /_mock/instances               the instances (admin passwords hidden)
//	POST /_mock/instance/{id}?delete    out-of-band delete (drift)
//	POST /_mock/instance/{id}?name=N&desc=D&status=S
//	                                    out-of-band rename/describe/status change
//	POST /_mock/instance/{id}?release   out-of-band release, with the API's rules and consequences
//	POST /_mock/instance/{id}?protection=true|false
//	                                    out-of-band deletion protection
//	GET  /_mock/volumes                 the disks (system disks and the recycle bin included)
//	GET  /_mock/snapshots               the snapshots
//	GET  /_mock/images                  the images (the public catalog included)
//	POST /_mock/volume/{id}?detach      out-of-band detach of a data disk
//	POST /_mock/volume/{id}?delete      out-of-band delete of a data disk
//	POST /_mock/snapshot/{id}?delete    out-of-band delete of a snapshot
//	POST /_mock/image/{id}?delete       out-of-band delete of a custom image
//	POST /_mock/image/{id}?share        share a custom image (its delete then answers 409)
//	GET  /_mock/requests[?records=1]    counts per method, route and status
//	POST /_mock/requests/reset          forget the counts
//	POST /_mock/faults?error-rate=0.1&drop-rate=0&rate-limit=5&burst=5&retry-after=1s&html-502=true
//	                                    replace the random fault settings
//	POST /_mock/script?route=R&n=1&status=500&code=InternalError
//	                                    the next n calls to route R answer that error
//	POST /_mock/drop-after?route=R&n=1  the next n calls to route R are processed, then dropped
//
// Admin requests are neither counted nor subject to faults or latency.
const adminPrefix = "/_mock/"

type adminInstance struct {
	Instance
	AdminPass string `json:"AdminPass,omitempty"` // shadows the embedded field: never served
}

func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, adminPrefix)
	q := r.URL.Query()
	fail := func(status int, format string, args ...any) {
		e := newError(status, "InvalidAdminRequest", format, args...)
		errorAnswer(&RequestRecord{RequestID: w.Header().Get("x-bce-request-id")}, e, false).deliver(w)
	}
	ok := func(v any) {
		buf, _ := json.MarshalIndent(v, "", "  ")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(append(buf, '\n'))
	}
	switch {
	case path == "advance" && r.Method == http.MethodPost:
		d, err := time.ParseDuration(q.Get("d"))
		if err != nil {
			fail(http.StatusBadRequest, "d must be a Go duration such as 720h: %v", err)
			return
		}
		if !s.Advance(d) {
			fail(http.StatusConflict, "the configured clock cannot be advanced")
			return
		}
		ok(map[string]string{"now": formatTime(s.Now())})
	case path == "instances" && r.Method == http.MethodGet:
		list := []adminInstance{}
		for _, in := range s.Instances() {
			list = append(list, adminInstance{Instance: in})
		}
		ok(list)
	case strings.HasPrefix(path, "instance/") && r.Method == http.MethodPost:
		id := strings.TrimPrefix(path, "instance/")
		if _, del := q["delete"]; del {
			if !s.DeleteInstanceOutOfBand(id) {
				fail(http.StatusNotFound, "no instance %s", id)
				return
			}
			ok(map[string]string{"deleted": id})
			return
		}
		if _, rel := q["release"]; rel {
			if err := s.ReleaseInstanceOutOfBand(id); err != nil {
				fail(http.StatusConflict, "release refused: %v", err)
				return
			}
			ok(map[string]string{"released": id})
			return
		}
		changed := false
		for _, c := range []struct {
			key   string
			apply func(string) bool
		}{
			{"name", func(v string) bool { return s.RenameInstanceOutOfBand(id, v) }},
			{"desc", func(v string) bool { return s.SetInstanceDescOutOfBand(id, v) }},
			{"status", func(v string) bool { return s.SetInstanceStatusOutOfBand(id, v) }},
			{"spec", func(v string) bool { return s.SetInstanceSpecOutOfBand(id, v) }},
			{"protection", func(v string) bool {
				on, err := strconv.ParseBool(v)
				return err == nil && s.SetInstanceDeletionProtectionOutOfBand(id, on)
			}},
		} {
			if _, present := q[c.key]; !present {
				continue
			}
			if !c.apply(q.Get(c.key)) {
				fail(http.StatusBadRequest, "cannot set %s of instance %s to %q (unknown instance or bad value)", c.key, id, q.Get(c.key))
				return
			}
			changed = true
		}
		if !changed {
			fail(http.StatusBadRequest, "give delete, release, name, desc, status, spec or protection")
			return
		}
		in, _ := s.Instance(id)
		ok(adminInstance{Instance: in})
	case path == "volumes" && r.Method == http.MethodGet:
		ok(s.Volumes())
	case path == "snapshots" && r.Method == http.MethodGet:
		ok(s.Snapshots())
	case path == "images" && r.Method == http.MethodGet:
		ok(s.Images())
	case r.Method == http.MethodPost && s.adminObjectAction(path, q, ok, fail):
	case path == "requests" && r.Method == http.MethodGet:
		resp := map[string]any{"counts": s.Counts()}
		if q.Get("records") != "" {
			resp["records"] = s.Requests()
		}
		ok(resp)
	case path == "requests/reset" && r.Method == http.MethodPost:
		s.ResetCounts()
		ok(map[string]bool{"reset": true})
	case path == "faults" && r.Method == http.MethodPost:
		f, err := faultsFromQuery(q)
		if err != nil {
			fail(http.StatusBadRequest, "%v", err)
			return
		}
		s.SetFaults(f)
		ok(f)
	case (path == "script" || path == "drop-after") && r.Method == http.MethodPost:
		route := q.Get("route")
		if !knownRoutes[route] {
			fail(http.StatusBadRequest, "route %q is not one of the mock's route names", route)
			return
		}
		n, err := strconv.Atoi(q.Get("n"))
		if err != nil || n < 1 {
			fail(http.StatusBadRequest, "n must be a positive integer")
			return
		}
		if path == "drop-after" {
			s.DropAfterProcessing(route, n)
			ok(map[string]any{"route": route, "n": n})
			return
		}
		status, err := strconv.Atoi(q.Get("status"))
		if err != nil || status < 400 || status > 599 || q.Get("code") == "" {
			fail(http.StatusBadRequest, "status must be 400-599 and code must be set")
			return
		}
		s.Script(route, n, status, q.Get("code"))
		ok(map[string]any{"route": route, "n": n, "status": status, "code": q.Get("code")})
	default:
		fail(http.StatusNotFound, "no admin endpoint %s %s", r.Method, r.URL.Path)
	}
}

// adminObjectAction serves POST /_mock/{volume,snapshot,image}/{id}?action.
// It reports false when path is not one of those.
func (s *Server) adminObjectAction(path string, q url.Values, ok func(any), fail func(int, string, ...any)) bool {
	kind, id, found := strings.Cut(path, "/")
	actions := map[string]map[string]func(string) bool{
		"volume":   {"detach": s.DetachVolumeOutOfBand, "delete": s.DeleteVolumeOutOfBand},
		"snapshot": {"delete": s.DeleteSnapshotOutOfBand},
		"image":    {"delete": s.DeleteImageOutOfBand, "share": s.ShareImageOutOfBand},
	}[kind]
	if !found || actions == nil || id == "" {
		return false
	}
	for name, act := range actions {
		if _, asked := q[name]; !asked {
			continue
		}
		if !act(id) {
			fail(http.StatusNotFound, "cannot %s %s %s (unknown, or not in a state that allows it)", name, kind, id)
			return true
		}
		ok(map[string]string{"action": name, kind: id})
		return true
	}
	names := make([]string, 0, len(actions))
	for n := range actions {
		names = append(names, n)
	}
	slices.Sort(names)
	fail(http.StatusBadRequest, "give one of %s", strings.Join(names, ", "))
	return true
}

func faultsFromQuery(q map[string][]string) (Faults, error) {
	var f Faults
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	var err error
	parseRate := func(k string, dst *float64) {
		if v := get(k); v != "" && err == nil {
			*dst, err = strconv.ParseFloat(v, 64)
			if err == nil && (*dst < 0 || (k != "rate-limit" && *dst > 1)) {
				err = fmt.Errorf("%s %v is out of range", k, v)
			}
		}
	}
	parseRate("error-rate", &f.ErrorRate)
	parseRate("drop-rate", &f.DropRate)
	parseRate("rate-limit", &f.RateLimit)
	if v := get("burst"); v != "" && err == nil {
		f.Burst, err = strconv.Atoi(v)
	}
	if v := get("retry-after"); v != "" && err == nil {
		f.RetryAfter, err = time.ParseDuration(v)
	}
	if v := get("html-502"); v != "" && err == nil {
		f.HTMLBadGateway, err = strconv.ParseBool(v)
	}
	return f, err
}
