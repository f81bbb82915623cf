package bccmock

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Introspection shared by every family: the request records and counts.
// Each family's views and out-of-band controls are in <family>_introspect.go.

// RequestRecord describes one request the mock received. It never holds the
// Authorization header, the security token or any body.
type RequestRecord struct {
	Time       time.Time // on the simulated clock, at arrival
	Method     string
	Path       string
	Query      string // credentials in presigned URLs are redacted
	Route      string // one of the Route* names
	InstanceID string // from the path, when it names an instance
	ResourceID string // the id in the path (instance, volume, snapshot or image), if any
	// BatchIDs are the instance ids a batch read (ListInstancesByIDs) asked
	// for, so that a test or benchmark can tell which instances a call read.
	BatchIDs []string
	// ListedIDs are the instance ids a listing of instances
	// (ListInstances) answered with, so that a benchmark can tell which
	// instances a listing served.
	ListedIDs []string
	AccessKey string // as claimed by the signature, even when it was refused
	Status    int    // 0 when the connection was dropped before an answer
	Code      string // the error code, "" on success
	RequestID string
	// Fault names the injected fault, if any: "drop", "ratelimit", "error",
	// "scripted", "drop-after-processing", or "client-gone" when the client
	// left during the simulated latency.
	Fault    string
	Duration time.Duration // real time spent answering
}

type countKey struct {
	method, route string
	status        int
}

// RouteCount is the number of requests with one method, route and status.
type RouteCount struct {
	Method string `json:"method"`
	Route  string `json:"route"`
	Status int    `json:"status"`
	Count  int    `json:"count"`
}

func (s *Server) finish(rec *RequestRecord, started time.Time) {
	rec.Duration = time.Since(started)
	s.mu.Lock()
	s.counts[countKey{rec.Method, rec.Route, rec.Status}]++
	if len(s.records) < s.cfg.MaxRecords {
		s.records = append(s.records, *rec)
	} else {
		s.records[s.oldest] = *rec
		s.oldest = (s.oldest + 1) % len(s.records)
	}
	s.mu.Unlock()

	if s.cfg.Logger == nil {
		return
	}
	target := rec.Path
	if rec.Query != "" {
		target += "?" + rec.Query
	}
	line := []string{rec.Method, target, rec.Route}
	if rec.Status == 0 {
		line = append(line, "-")
	} else {
		line = append(line, strconv.Itoa(rec.Status))
	}
	if rec.Code != "" {
		line = append(line, rec.Code)
	}
	if rec.Fault != "" {
		line = append(line, "fault="+rec.Fault)
	}
	if rec.AccessKey != "" {
		line = append(line, "ak="+rec.AccessKey)
	}
	line = append(line, "rid="+rec.RequestID, rec.Duration.Round(time.Microsecond).String())
	s.logf("%s", strings.Join(line, " "))
}

// RequestCount returns how many requests reached route with method since the
// last ResetCounts, whatever their outcome (faults and errors included).
// method "" counts every method. Route names are the Route* constants.
func (s *Server) RequestCount(method, route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, c := range s.counts {
		if k.route == route && (method == "" || k.method == method) {
			n += c
		}
	}
	return n
}

// StatusCount is RequestCount restricted to one answer status (0 for
// dropped connections).
func (s *Server) StatusCount(method, route string, status int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, c := range s.counts {
		if k.route == route && k.status == status && (method == "" || k.method == method) {
			n += c
		}
	}
	return n
}

// Counts returns the request counts per method, route and status, sorted.
func (s *Server) Counts() []RouteCount {
	s.mu.Lock()
	out := make([]RouteCount, 0, len(s.counts))
	for k, c := range s.counts {
		out = append(out, RouteCount{Method: k.method, Route: k.route, Status: k.status, Count: c})
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b RouteCount) int {
		if c := strings.Compare(a.Route, b.Route); c != 0 {
			return c
		}
		if c := strings.Compare(a.Method, b.Method); c != 0 {
			return c
		}
		return a.Status - b.Status
	})
	return out
}

// Requests returns the recorded requests, oldest first (at most
// Config.MaxRecords of the newest).
func (s *Server) Requests() []RequestRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RequestRecord, 0, len(s.records))
	out = append(out, s.records[s.oldest:]...)
	return append(out, s.records[:s.oldest]...)
}

// ResetCounts forgets the recorded requests and counts.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = nil
	s.oldest = 0
	s.counts = map[countKey]int{}
}

// APIError is the error an out-of-band call returns when the mock's rules
// refuse it: the status and Baidu-style code the API would have answered.
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }
