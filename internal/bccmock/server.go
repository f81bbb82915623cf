package bccmock

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Demo credentials, used when Config.Credentials is empty and by the bccmock
// command by default. They protect nothing: the mock holds no real resources.
const (
	DemoAccessKey = "mock-access-key"
	DemoSecretKey = "mock-secret-key-0123456789abcdef"
)

// Config configures a Server. Durations of zero make the matching
// transition immediate.
type Config struct {
	// Credentials are the access keys the mock accepts; empty means the demo
	// pair DemoAccessKey/DemoSecretKey. All keys share one simulated account.
	Credentials []Credential
	// Clock drives the simulated cloud: lifecycle deadlines, createTime,
	// expireTime. nil means NewRealClock().
	Clock Clock
	// WallClock is the server's real time, used for the signature time
	// window and the rate limiter. nil means time.Now. It is separate from
	// Clock so that advancing the simulated cloud by a month (to expire a
	// prepaid instance) does not make every client's signature look stale.
	WallClock Clock
	// BootTime is how long a created or started instance stays Starting.
	BootTime time.Duration
	// CreatingWindow is how long after create a release is refused with
	// 403 Instance.ReleaseWhileCreating; it may outlast BootTime.
	CreatingWindow time.Duration
	// DeletedPhase is how long a released instance still answers GET with
	// status Deleted (or Recycled) before it is 404 NoSuchObject.
	DeletedPhase time.Duration
	// ScaleTime is how long a resize keeps the instance Scaling.
	ScaleTime time.Duration
	// StopTime is how long a stop keeps the instance Stopping.
	StopTime time.Duration
	// Latency is added to every request, in real time.
	Latency time.Duration
	// Seed seeds instance ids, request ids and fault decisions.
	Seed int64
	// Logger receives one line per request, and debugging hints; nil is
	// silent. Secrets never reach it.
	Logger func(format string, args ...any)
	// TimeWindow is how far a request's signing time may lie ahead of the
	// server's wall clock; 0 means 30 minutes. How long a signature stays
	// valid afterwards is the expiration the client signed.
	TimeWindow time.Duration
	// PrepaidExpireAfter, when positive, replaces a prepaid instance's
	// "create time + reservation months" expiry by "create time + this", so
	// a demo can watch an instance expire. Mock-only: Baidu has no such knob.
	PrepaidExpireAfter time.Duration
	// Admin enables the unsigned /_mock/ endpoints (see admin.go). They are
	// not part of the BCC API; leave off unless a demo or benchmark needs them.
	Admin bool
	// MaxRecords bounds the request log kept for Requests; 0 means 10000.
	// Counts are kept for every request regardless.
	MaxRecords int
}

// Server is the mock BCC API. It is an http.Handler; all state lives in
// memory under one mutex.
type Server struct {
	cfg        Config
	clock      Clock
	wallClock  Clock
	timeWindow time.Duration
	creds      map[string]Credential

	mu      sync.Mutex
	st      state
	faults  faultState
	reqIDs  *rand.Rand
	records []RequestRecord // a ring of at most cfg.MaxRecords
	oldest  int             // index of the oldest record once the ring is full
	counts  map[countKey]int
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// New builds a Server. It panics on an unusable configuration (an empty or
// duplicate access key, or an empty secret key), which is a programming
// mistake in the caller.
func New(cfg Config) *Server {
	if len(cfg.Credentials) == 0 {
		cfg.Credentials = []Credential{{AccessKey: DemoAccessKey, SecretKey: DemoSecretKey}}
	}
	if cfg.Clock == nil {
		cfg.Clock = NewRealClock()
	}
	if cfg.WallClock == nil {
		cfg.WallClock = wallClock{}
	}
	if cfg.TimeWindow <= 0 {
		cfg.TimeWindow = 30 * time.Minute
	}
	if cfg.MaxRecords <= 0 {
		cfg.MaxRecords = 10000
	}
	s := &Server{
		cfg:        cfg,
		clock:      cfg.Clock,
		wallClock:  cfg.WallClock,
		timeWindow: cfg.TimeWindow,
		creds:      map[string]Credential{},
		st:         newState(cfg.Seed),
		reqIDs:     rand.New(rand.NewPCG(uint64(cfg.Seed), 0x7e9)),
		counts:     map[countKey]int{},
		faults: faultState{
			rng:       newFaultRand(cfg.Seed),
			scripted:  map[string][]scriptedAnswer{},
			dropAfter: map[string]int{},
		},
	}
	for _, c := range cfg.Credentials {
		if c.AccessKey == "" || c.SecretKey == "" {
			panic("bccmock: a credential needs both an access key and a secret key")
		}
		if _, dup := s.creds[c.AccessKey]; dup {
			panic(fmt.Sprintf("bccmock: access key %q is configured twice", c.AccessKey))
		}
		s.creds[c.AccessKey] = c
	}
	return s
}

// Now returns the simulated cloud's time.
func (s *Server) Now() time.Time { return s.clock.Now() }

// Advance moves the simulated cloud's clock forward by d, if the configured
// Clock supports it (ManualClock and RealClock do). It reports whether it did.
func (s *Server) Advance(d time.Duration) bool {
	a, ok := s.clock.(advancer)
	if ok {
		a.Advance(d)
	}
	return ok
}

func (s *Server) logf(format string, args ...any) {
	if s.cfg.Logger != nil {
		s.cfg.Logger(format, args...)
	}
}

// Route names, as used by RequestCount, Script, DropAfterProcessing and the
// request records.
const (
	RouteCreateInstanceBySpec                = "CreateInstanceBySpec"                // POST   /v2/instanceBySpec
	RouteCreateInstance                      = "CreateInstance"                      // POST   /v2/instance
	RouteListInstances                       = "ListInstances"                       // GET    /v2/instance
	RouteGetInstance                         = "GetInstance"                         // GET    /v2/instance/{id}
	RouteModifyInstanceAttribute             = "ModifyInstanceAttribute"             // PUT    /v2/instance/{id}?modifyAttribute
	RouteModifyInstanceDesc                  = "ModifyInstanceDesc"                  // PUT    /v2/instance/{id}?modifyDesc
	RouteChangeInstancePass                  = "ChangeInstancePass"                  // PUT    /v2/instance/{id}?changePass
	RouteStartInstance                       = "StartInstance"                       // PUT    /v2/instance/{id}?start
	RouteStopInstance                        = "StopInstance"                        // PUT    /v2/instance/{id}?stop
	RouteResizeInstanceBySpec                = "ResizeInstanceBySpec"                // PUT    /v2/instanceBySpec/{id}?resize
	RouteBindInstanceTags                    = "BindInstanceTags"                    // PUT    /v2/instance/{id}/tag?bind
	RouteUnbindInstanceTags                  = "UnbindInstanceTags"                  // PUT    /v2/instance/{id}/tag?unbind
	RouteReleaseInstance                     = "ReleaseInstance"                     // DELETE /v2/instance/{id}
	RouteReleaseInstanceWithRelatedResources = "ReleaseInstanceWithRelatedResources" // POST   /v2/instance/{id}
	RouteReleasePrepaidInstance              = "ReleasePrepaidInstance"              // POST   /v2/instance/delete
	RouteListVolumes                         = "ListVolumes"                         // GET    /v2/volume
	// RouteUnknown is recorded for requests that match no route (404).
	RouteUnknown = "Unknown"
	// RouteMissingAction is recorded for a PUT on an instance without a
	// known action key (400).
	RouteMissingAction = "MissingAction"
)

var knownRoutes = map[string]bool{
	RouteCreateInstanceBySpec: true, RouteCreateInstance: true, RouteListInstances: true,
	RouteGetInstance: true, RouteModifyInstanceAttribute: true, RouteModifyInstanceDesc: true,
	RouteChangeInstancePass: true, RouteStartInstance: true, RouteStopInstance: true,
	RouteResizeInstanceBySpec: true, RouteBindInstanceTags: true, RouteUnbindInstanceTags: true,
	RouteReleaseInstance: true, RouteReleaseInstanceWithRelatedResources: true,
	RouteReleasePrepaidInstance: true, RouteListVolumes: true,
}

// route is a matched request: its name, the instance id in the path, and
// the error to answer when it matched nothing usable.
type route struct {
	name string
	id   string
	err  *apiError
}

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

var (
	instanceActions = map[string]string{
		"modifyAttribute": RouteModifyInstanceAttribute,
		"modifyDesc":      RouteModifyInstanceDesc,
		"changePass":      RouteChangeInstancePass,
		"start":           RouteStartInstance,
		"stop":            RouteStopInstance,
	}
	tagActions    = map[string]string{"bind": RouteBindInstanceTags, "unbind": RouteUnbindInstanceTags}
	resizeActions = map[string]string{"resize": RouteResizeInstanceBySpec}
)

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
	withAction := func(id string, actions map[string]string) route {
		name, err := pickAction(q, actions)
		if err != nil {
			return route{name: RouteMissingAction, id: id, err: err}
		}
		return route{name: name, id: id}
	}
	switch {
	case len(segs) == 2 && segs[1] == "instanceBySpec" && method == http.MethodPost:
		return route{name: RouteCreateInstanceBySpec}
	case len(segs) == 3 && segs[1] == "instanceBySpec" && method == http.MethodPut:
		return withAction(segs[2], resizeActions)
	case len(segs) == 2 && segs[1] == "instance" && method == http.MethodPost:
		return route{name: RouteCreateInstance}
	case len(segs) == 2 && segs[1] == "instance" && method == http.MethodGet:
		return route{name: RouteListInstances}
	case len(segs) == 3 && segs[1] == "instance" && segs[2] == "delete" && method == http.MethodPost:
		return route{name: RouteReleasePrepaidInstance}
	case len(segs) == 3 && segs[1] == "instance" && segs[2] != "":
		id := segs[2]
		switch method {
		case http.MethodGet:
			return route{name: RouteGetInstance, id: id}
		case http.MethodDelete:
			return route{name: RouteReleaseInstance, id: id}
		case http.MethodPost:
			return route{name: RouteReleaseInstanceWithRelatedResources, id: id}
		case http.MethodPut:
			return withAction(id, instanceActions)
		}
	case len(segs) == 4 && segs[1] == "instance" && segs[3] == "tag" && method == http.MethodPut:
		return withAction(segs[2], tagActions)
	case len(segs) == 2 && segs[1] == "volume" && method == http.MethodGet:
		return route{name: RouteListVolumes}
	}
	return unknown
}

const maxBodyBytes = 1 << 20

// ServeHTTP answers one request: latency, random faults, authentication,
// scripted faults, then the API itself. The request is recorded before any
// byte of the answer leaves, so a client that has its answer can rely on the
// counts and records including it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	requestID := s.newRequestID()
	w.Header().Set("x-bce-request-id", requestID)
	if s.cfg.Admin && strings.HasPrefix(r.URL.Path, adminPrefix) {
		s.serveAdmin(w, r)
		return
	}

	rt := matchRoute(r.Method, r.URL.Path, r.URL.Query())
	rec := RequestRecord{
		Time:       s.clock.Now(),
		Method:     r.Method,
		Path:       r.URL.Path,
		Query:      redactQuery(r.URL.Query()),
		Route:      rt.name,
		InstanceID: rt.id,
		RequestID:  requestID,
	}
	a := s.answer(w, r, rt, &rec)
	s.finish(&rec, started)
	a.deliver(w)
}

// answer is what ServeHTTP will send: nothing (the client left), a dropped
// connection, or a status with headers and body.
type answer struct {
	none   bool
	drop   bool
	status int
	header map[string]string
	body   []byte
}

func (a answer) deliver(w http.ResponseWriter) {
	switch {
	case a.none:
	case a.drop:
		dropConnection(w)
	default:
		for k, v := range a.header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
	}
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request, rt route, rec *RequestRecord) answer {
	if s.cfg.Latency > 0 && !sleepCtx(r.Context(), s.cfg.Latency) {
		rec.Fault = "client-gone"
		return answer{none: true}
	}

	s.mu.Lock()
	verdict := s.preFaultsLocked()
	s.mu.Unlock()
	if verdict.drop {
		rec.Fault = verdict.kind
		return answer{drop: true}
	}
	if verdict.err != nil {
		rec.Fault = verdict.kind
		return errorAnswer(rec, verdict.err, verdict.html)
	}

	cred, aerr := s.authenticate(r)
	rec.AccessKey = cred.AccessKey
	if aerr != nil {
		return errorAnswer(rec, aerr, false)
	}
	if rt.err != nil {
		return errorAnswer(rec, rt.err, false)
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		return errorAnswer(rec, badQuery("The request body could not be read or is larger than %d bytes.", maxBodyBytes), false)
	}

	s.mu.Lock()
	if e := s.scriptedLocked(rt.name); e != nil {
		s.mu.Unlock()
		rec.Fault = "scripted"
		return errorAnswer(rec, e, false)
	}
	now := s.clock.Now()
	status, respBody, aerr := s.dispatchLocked(rt, cred, r.URL.Query(), body, now)
	drop := s.dropAfterLocked(rt.name)
	s.mu.Unlock()

	var a answer
	if aerr != nil {
		a = errorAnswer(rec, aerr, false)
	} else {
		if cp, ok := respBody.(*changePassResponse); ok {
			cp.RequestID = rec.RequestID
		}
		a = jsonAnswer(rec, status, respBody)
	}
	if drop {
		rec.Fault = "drop-after-processing"
		return answer{drop: true}
	}
	return a
}

func (s *Server) dispatchLocked(rt route, cred Credential, q url.Values, body []byte, now time.Time) (int, any, *apiError) {
	switch rt.name {
	case RouteCreateInstanceBySpec, RouteCreateInstance:
		return s.createLocked(rt.name, cred, q, body, now)
	case RouteListInstances:
		return s.listInstancesLocked(q, now)
	case RouteGetInstance:
		return s.getInstanceLocked(rt.id, now)
	case RouteModifyInstanceAttribute:
		return s.modifyAttributeLocked(rt.id, body, now)
	case RouteModifyInstanceDesc:
		return s.modifyDescLocked(rt.id, body, now)
	case RouteChangeInstancePass:
		return s.changePassLocked(rt.id, cred, body, now)
	case RouteStartInstance:
		return s.startLocked(rt.id, now)
	case RouteStopInstance:
		return s.stopLocked(rt.id, body, now)
	case RouteResizeInstanceBySpec:
		return s.resizeLocked(rt.id, q, body, now)
	case RouteBindInstanceTags, RouteUnbindInstanceTags:
		return s.changeTagsLocked(rt.name, rt.id, body, now)
	case RouteReleaseInstance, RouteReleaseInstanceWithRelatedResources:
		return s.releaseLocked(rt.name, rt.id, body, now)
	case RouteReleasePrepaidInstance:
		return s.releasePrepaidLocked(q, body, now)
	case RouteListVolumes:
		return s.listVolumesLocked(q, now)
	}
	return 0, nil, newError(http.StatusInternalServerError, CodeInternalError, "route %s has no handler", rt.name)
}

func (s *Server) newRequestID() string {
	s.mu.Lock()
	a, b := s.reqIDs.Uint64(), s.reqIDs.Uint64()
	s.mu.Unlock()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x",
		uint32(a>>32), uint16(a>>16), uint16(a)&0x0fff, (uint16(b>>48)&0x3fff)|0x8000, b&0xffffffffffff)
}

func jsonAnswer(rec *RequestRecord, status int, body any) answer {
	rec.Status = status
	if body == nil {
		return answer{status: status}
	}
	buf, err := json.Marshal(body)
	if err != nil {
		return errorAnswer(rec, newError(http.StatusInternalServerError, CodeInternalError, "encoding the response failed: %v", err), false)
	}
	return answer{status: status, body: buf, header: map[string]string{"Content-Type": "application/json;charset=UTF-8"}}
}

// errorAnswer renders e as Baidu does: a JSON body whose requestId matches
// the x-bce-request-id header, or, for html, a load balancer's error page.
func errorAnswer(rec *RequestRecord, e *apiError, html bool) answer {
	rec.Status, rec.Code = e.status, e.code
	a := answer{status: e.status, header: map[string]string{}}
	if e.retryAfterSeconds > 0 {
		a.header["Retry-After"] = strconv.Itoa(e.retryAfterSeconds)
	}
	if html {
		a.header["Content-Type"] = "text/html"
		a.body = []byte(badGatewayHTML)
		return a
	}
	a.header["Content-Type"] = "application/json;charset=UTF-8"
	a.body, _ = json.Marshal(errorBody{Code: e.code, Message: e.message, RequestID: rec.RequestID})
	return a
}

// dropConnection closes the connection without an answer.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// Without hijacking (HTTP/2), aborting the handler resets the stream.
	panic(http.ErrAbortHandler)
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// redactQuery renders a query for records and logs, hiding the parameters
// that carry credentials in presigned URLs.
func redactQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	c := url.Values{}
	for k, v := range q {
		if strings.EqualFold(k, "authorization") || strings.EqualFold(k, securityTokenHeader) {
			c[k] = []string{"REDACTED"}
			continue
		}
		c[k] = v
	}
	// url.Values.Encode writes "start=" for a bare key; show it as sent.
	enc := c.Encode()
	var b bytes.Buffer
	for i, part := range strings.Split(enc, "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(strings.TrimSuffix(part, "="))
	}
	return b.String()
}
