package bccmock

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

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
	switch cfg.ListByIDEmptyInstances {
	case "", ListByIDEmptyList, ListByIDEmptyNull, ListByIDEmptyAbsent:
	default:
		panic(fmt.Sprintf("bccmock: ListByIDEmptyInstances %q is not %q, %q or %q", cfg.ListByIDEmptyInstances, ListByIDEmptyList, ListByIDEmptyNull, ListByIDEmptyAbsent))
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
// Clock supports it (wait.SimClock and RealClock do). It reports whether it did.
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
		ResourceID: rt.id,
		RequestID:  requestID,
	}
	if rt.family == familyInstances {
		rec.InstanceID = rt.id
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
	if s.cfg.RequireContentType {
		if aerr := checkContentType(r.Header); aerr != nil {
			return errorAnswer(rec, aerr, false)
		}
	}
	if rt.err != nil {
		return errorAnswer(rec, rt.err, false)
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		return errorAnswer(rec, badQuery("The request body could not be read or is larger than %d bytes.", maxBodyBytes), false)
	}
	if rt.name == RouteListInstancesByIDs {
		var req listByIDsRequest
		if _, aerr := decodeJSON(body, &req); aerr == nil {
			rec.BatchIDs = req.InstanceIDs
		}
	}

	s.mu.Lock()
	if e := s.scriptedLocked(rt.name); e != nil {
		s.mu.Unlock()
		rec.Fault = "scripted"
		return errorAnswer(rec, e, false)
	}
	c := &call{route: rt.name, id: rt.id, cred: cred, q: r.URL.Query(), body: body, now: s.clock.Now()}
	status, respBody, aerr := s.dispatchLocked(rt, c)
	drop := s.dropAfterLocked(rt.name)
	s.mu.Unlock()

	var a answer
	if aerr != nil {
		a = errorAnswer(rec, aerr, false)
	} else {
		if cp, ok := respBody.(*changePassResponse); ok {
			cp.RequestID = rec.RequestID
		}
		if page, ok := respBody.(listInstancesResponse); ok && rt.name == RouteListInstances {
			for _, in := range page.Instances {
				rec.ListedIDs = append(rec.ListedIDs, in.ID)
			}
		}
		a = jsonAnswer(rec, status, respBody)
	}
	if drop {
		rec.Fault = "drop-after-processing"
		return answer{drop: true}
	}
	return a
}

// checkContentType is Config.RequireContentType: every request, with a
// body or not, says it is JSON in UTF-8, as Baidu's common-header page asks.
// Both spellings Baidu's clients use pass ("application/json;charset=utf-8"
// from bce-sdk-go, "application/json; charset=utf-8" from the page).
func checkContentType(h http.Header) *apiError {
	values := h.Values("Content-Type")
	if len(values) == 0 {
		return badQuery("The request has no Content-Type header; every BCC API call needs Content-Type: application/json; charset=utf-8.")
	}
	media, params, err := mime.ParseMediaType(values[0])
	charset, hasCharset := params["charset"]
	if len(values) > 1 || err != nil || media != "application/json" || (hasCharset && !strings.EqualFold(charset, "utf-8")) {
		return badQuery("The request's Content-Type %q is not application/json; charset=utf-8.", strings.Join(values, ", "))
	}
	return nil
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
