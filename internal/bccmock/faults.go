package bccmock

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Faults are injected before a request is authenticated or processed, in
// this order: connection drop, rate limit, random server error. Every random
// decision comes from a generator seeded with Config.Seed and reset by
// SetFaults, so the same seed and the same sequence of requests reproduce the
// same faults.
type Faults struct {
	// ErrorRate is the fraction of requests answered 500 InternalError,
	// 502 BadGateway or 503 ServiceUnavailable (chosen at random) without
	// being processed.
	ErrorRate float64
	// DropRate is the fraction of connections closed without any answer and
	// without processing the request.
	DropRate float64
	// RateLimit is the number of requests per second allowed by a token
	// bucket on the wall clock (Config.WallClock); excess requests get 429
	// RequestLimitExceeded with Retry-After. 0 disables it.
	RateLimit float64
	// Burst is the bucket size; 0 means max(1, ceil(RateLimit)).
	Burst int
	// RetryAfter is the Retry-After sent with 429s; 0 means the time until
	// the bucket has a token again, rounded up to whole seconds.
	RetryAfter time.Duration
	// HTMLBadGateway makes injected 502s carry an HTML page, as a load
	// balancer would, instead of a JSON error, so clients prove they cope
	// with a body that is not JSON.
	HTMLBadGateway bool
}

type scriptedAnswer struct {
	status int
	code   string
}

type faultState struct {
	cfg       Faults
	rng       *rand.Rand
	tokens    float64
	refilled  time.Time
	scripted  map[string][]scriptedAnswer
	dropAfter map[string]int
}

func newFaultRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0xfa17))
}

// SetFaults replaces the random fault settings and resets the fault random
// generator to Config.Seed, so a test that sets faults and then runs a fixed
// sequence of requests sees the same faults on every run. Scripted answers
// (Script, DropAfterProcessing) are kept.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.cfg = f
	s.faults.rng = newFaultRand(s.cfg.Seed)
	s.faults.tokens = float64(burst(f))
	s.faults.refilled = s.wallClock.Now()
}

// CurrentFaults returns the random fault settings in force.
func (s *Server) CurrentFaults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults.cfg
}

// Script makes the next n authenticated calls to route answer status with
// code instead of being processed. Calls queue: Script(r, 1, 500, ...) then
// Script(r, 1, 503, ...) answers 500 then 503. A 429 carries Retry-After.
// route is one of the names listed in the package documentation; an unknown
// name panics, as it is a mistake in the test.
func (s *Server) Script(route string, n int, status int, code string) {
	mustKnowRoute("Script", route)
	if status < 400 || status > 599 {
		panic(fmt.Sprintf("bccmock: Script: status %d is not an error status", status))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults.scripted[route] = append(s.faults.scripted[route], scriptedAnswer{status: status, code: code})
	}
}

// DropAfterProcessing makes the next n authenticated calls to route be
// processed in full (state changes included) and then lose their connection
// before any answer is written, as when a network fails after the server
// acted. It is what proves that a client's retry of a create is idempotent.
func (s *Server) DropAfterProcessing(route string, n int) {
	mustKnowRoute("DropAfterProcessing", route)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.dropAfter[route] += n
}

// ClearScripts forgets every pending Script and DropAfterProcessing.
func (s *Server) ClearScripts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.scripted = map[string][]scriptedAnswer{}
	s.faults.dropAfter = map[string]int{}
}

func mustKnowRoute(fn, route string) {
	if !knownRoutes[route] {
		names := make([]string, 0, len(knownRoutes))
		for n := range knownRoutes {
			names = append(names, n)
		}
		sort.Strings(names)
		panic(fmt.Sprintf("bccmock: %s: unknown route %q (known: %s)", fn, route, strings.Join(names, ", ")))
	}
}

func burst(f Faults) int {
	if f.Burst > 0 {
		return f.Burst
	}
	return max(1, int(math.Ceil(f.RateLimit)))
}

// faultVerdict is what the pre-processing faults decided for one request.
type faultVerdict struct {
	drop bool
	err  *apiError
	html bool // answer err with an HTML body
	kind string
}

// preFaultsLocked decides the random faults for one request. Caller holds s.mu.
func (s *Server) preFaultsLocked() faultVerdict {
	f := &s.faults
	if f.cfg.DropRate > 0 && f.rng.Float64() < f.cfg.DropRate {
		return faultVerdict{drop: true, kind: "drop"}
	}
	if f.cfg.RateLimit > 0 {
		now := s.wallClock.Now()
		if elapsed := now.Sub(f.refilled); elapsed > 0 {
			f.tokens = math.Min(float64(burst(f.cfg)), f.tokens+elapsed.Seconds()*f.cfg.RateLimit)
		}
		f.refilled = now
		if f.tokens < 1 {
			wait := f.cfg.RetryAfter
			if wait <= 0 {
				wait = time.Duration((1 - f.tokens) / f.cfg.RateLimit * float64(time.Second))
			}
			e := newError(http.StatusTooManyRequests, CodeRequestLimitExceeded,
				"Request rate exceeds the limit of %g per second.", f.cfg.RateLimit)
			e.retryAfterSeconds = max(1, int(math.Ceil(wait.Seconds())))
			return faultVerdict{err: e, kind: "ratelimit"}
		}
		f.tokens--
	}
	if f.cfg.ErrorRate > 0 && f.rng.Float64() < f.cfg.ErrorRate {
		switch f.rng.IntN(3) {
		case 0:
			return faultVerdict{err: newError(http.StatusInternalServerError, CodeInternalError,
				"We encountered an internal error. Please try again."), kind: "error"}
		case 1:
			return faultVerdict{err: newError(http.StatusBadGateway, CodeBadGateway,
				"Bad gateway."), html: f.cfg.HTMLBadGateway, kind: "error"}
		default:
			return faultVerdict{err: newError(http.StatusServiceUnavailable, CodeServiceUnavailable,
				"Service temporarily unavailable. Please try again."), kind: "error"}
		}
	}
	return faultVerdict{}
}

// scriptedLocked pops the next scripted answer for route. Caller holds s.mu.
func (s *Server) scriptedLocked(route string) *apiError {
	q := s.faults.scripted[route]
	if len(q) == 0 {
		return nil
	}
	a := q[0]
	if len(q) == 1 {
		delete(s.faults.scripted, route)
	} else {
		s.faults.scripted[route] = q[1:]
	}
	e := newError(a.status, a.code, "Scripted fault for %s.", route)
	if a.status == http.StatusTooManyRequests {
		e.retryAfterSeconds = max(1, int(math.Ceil(s.faults.cfg.RetryAfter.Seconds())))
	}
	return e
}

// dropAfterLocked consumes one DropAfterProcessing for route. Caller holds s.mu.
func (s *Server) dropAfterLocked(route string) bool {
	if s.faults.dropAfter[route] <= 0 {
		return false
	}
	s.faults.dropAfter[route]--
	if s.faults.dropAfter[route] == 0 {
		delete(s.faults.dropAfter, route)
	}
	return true
}

const badGatewayHTML = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
