package bccmock

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Routing is shared by every API family (instances, volumes, snapshots,
// images). Each family lives in its own files and contributes one family
// value: a matcher for its paths and a handler per route name. The core
// here splits the path, picks the family, and dispatches to the handler
// with s.mu held.

// Route names shared by every family.
const (
	// RouteUnknown is recorded for requests that match no route (404).
	RouteUnknown = "Unknown"
	// RouteMissingAction is recorded for a PUT without exactly one known
	// action key (400).
	RouteMissingAction = "MissingAction"
)

// route is a matched request: its name, the id in the path (instance,
// volume, snapshot or image), the family that serves it, and the error to
// answer when it matched nothing usable.
type route struct {
	name   string
	id     string
	family string
	err    *apiError
}

// call is what a handler gets: the matched route and the request, read in
// full, at one instant of the simulated clock.
type call struct {
	route string
	id    string
	cred  Credential
	q     url.Values
	body  []byte
	now   time.Time
}

// handlerFunc serves one route with s.mu held. It returns the status and
// body of a success (a nil body is sent empty), or an error. Every handler
// is a method of this one shape, so a family's table lists them as
// (*Server).xLocked and no handler needs an adapter.
type handlerFunc func(s *Server, c *call) (int, any, *apiError)

// family is one API family's part of the route table.
type family struct {
	name string
	// resource is the path segment after /v2/ that the family owns
	// ("instance", "volume", ...); resources lists every one it owns.
	resources []string
	// match is called with the path segments after /v2 (segs[0] is one of
	// resources). ok false means the path is not served.
	match    func(method string, segs []string, q url.Values) (rt route, ok bool)
	handlers map[string]handlerFunc
}

// families is the whole API. Every family's file defines its value.
var families = []*family{&instanceFamily, &volumeFamily, &snapshotFamily, &imageFamily}

// knownRoutes are every route name a family serves.
var knownRoutes = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range families {
		for name := range f.handlers {
			if m[name] {
				panic("bccmock: route " + name + " is served by two families")
			}
			m[name] = true
		}
	}
	return m
}()

// pickAction finds which of the allowed action keys the query carries. Real
// clients send them without '=' ("?start"), which url.Values reads as a key
// with an empty value.
func pickAction(q url.Values, allowed map[string]string) (string, *apiError) {
	var found []string
	for key := range allowed {
		if _, ok := q[key]; ok {
			found = append(found, key)
		}
	}
	if len(found) == 1 {
		return allowed[found[0]], nil
	}
	names := make([]string, 0, len(allowed))
	for k := range allowed {
		names = append(names, k)
	}
	slices.Sort(names)
	if len(found) == 0 {
		return "", badQuery("The request needs one action parameter: one of %s.", strings.Join(names, ", "))
	}
	slices.Sort(found)
	return "", badQuery("The request has more than one action parameter (%s); send exactly one.", strings.Join(found, ", "))
}

// withAction matches a PUT on an object by its action key, or records it
// as MissingAction.
func withAction(fam, id string, q url.Values, actions map[string]string) route {
	name, err := pickAction(q, actions)
	if err != nil {
		return route{name: RouteMissingAction, id: id, family: fam, err: err}
	}
	return route{name: name, id: id, family: fam}
}

func matchRoute(method string, path string, q url.Values) route {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	unknown := route{name: RouteUnknown, err: newError(http.StatusNotFound, CodeInvalidURI,
		"No BCC API matches %s %s.", method, path)}
	if len(segs) == 0 || segs[0] != "v2" {
		if len(segs) > 0 && len(segs[0]) > 1 && segs[0][0] == 'v' {
			if _, err := strconv.Atoi(segs[0][1:]); err == nil {
				unknown.err = newError(http.StatusNotFound, CodeInvalidVersion, "API version %s is not served; use v2.", segs[0])
			}
		}
		return unknown
	}
	segs = segs[1:]
	if len(segs) == 0 || slices.Contains(segs, "") {
		return unknown
	}
	for _, f := range families {
		if !slices.Contains(f.resources, segs[0]) {
			continue
		}
		if rt, ok := f.match(method, segs, q); ok {
			rt.family = f.name
			return rt
		}
		return unknown
	}
	return unknown
}

// dispatchLocked runs the handler of a matched route. Caller holds s.mu.
func (s *Server) dispatchLocked(rt route, c *call) (int, any, *apiError) {
	for _, f := range families {
		if h, ok := f.handlers[rt.name]; ok {
			return h(s, c)
		}
	}
	return 0, nil, newError(http.StatusInternalServerError, CodeInternalError, "route %s has no handler", rt.name)
}

const maxListKeys = 1000

// pageParams reads marker and maxKeys. maxKeys defaults to 1000, which is
// also its maximum.
func pageParams(q url.Values) (marker string, maxKeys int, aerr *apiError) {
	marker = q.Get("marker")
	maxKeys = maxListKeys
	if v := q.Get("maxKeys"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxListKeys {
			return "", 0, badQuery("maxKeys must be an integer between 1 and %d, got %q.", maxListKeys, v)
		}
		maxKeys = n
	}
	return marker, maxKeys, nil
}
