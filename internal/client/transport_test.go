package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// tickingClock returns a clock that moves one second per reading, so every
// attempt must carry a different x-bce-date to pass.
func tickingClock() func() time.Time {
	var n atomic.Int64
	base := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	return func() time.Time { return base.Add(time.Duration(n.Add(1)) * time.Second) }
}

// hangUp closes the connection without an answer; with reset it sends a TCP
// RST (SO_LINGER 0) instead of a FIN.
func hangUp(t *testing.T, w http.ResponseWriter, reset bool) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0)
	}
	conn.Close()
}

func TestRetriesEachRetryableClass(t *testing.T) {
	type failure func(t *testing.T, w http.ResponseWriter)
	status := func(code int, body string) failure {
		return func(t *testing.T, w http.ResponseWriter) { writeJSON(w, code, body) }
	}
	cases := map[string]failure{
		"500 InternalError":               status(500, apiErrorBody("InternalError", "oops", "r1")),
		"502 with an HTML page":           status(502, "<html><body>Bad Gateway</body></html>"),
		"503 with an empty body":          status(503, ""),
		"504":                             status(504, apiErrorBody("GatewayTimeout", "slow", "r1")),
		"429 without Retry-After":         status(429, ""),
		"400 with a Throttling code":      status(400, apiErrorBody("Throttling", "slow down", "r1")),
		"403 RequestLimitExceeded":        status(403, apiErrorBody("RequestLimitExceeded", "slow down", "r1")),
		"400 TooManyRequests code":        status(400, apiErrorBody("TooManyRequests", "slow down", "r1")),
		"403 OpenApi.RateLimitExceeded":   status(403, apiErrorBody("OpenApi.RateLimitExceeded", "slow down", "r1")),
		"connection reset":                func(t *testing.T, w http.ResponseWriter) { hangUp(t, w, true) },
		"connection closed without reply": func(t *testing.T, w http.ResponseWriter) { hangUp(t, w, false) },
	}
	for name, fail := range cases {
		t.Run(name, func(t *testing.T) {
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
				if n <= 2 {
					fail(t, w)
					return
				}
				writeJSON(w, 200, instanceJSON)
			})
			c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.Now = tickingClock() })
			inst, err := c.GetInstance(ctxWithTimeout(t, 10*time.Second), "i-abc123")
			if err != nil {
				t.Fatalf("GetInstance after two retryable failures: %v", err)
			}
			if inst.ID != "i-abc123" {
				t.Errorf("instance id %q", inst.ID)
			}
			reqs := rec.requests()
			if len(reqs) != 3 {
				t.Fatalf("%d requests, want 3", len(reqs))
			}
			dates := map[string]bool{}
			auths := map[string]bool{}
			for i, r := range reqs {
				if r.SigErr != nil {
					t.Errorf("attempt %d: %v", i+1, r.SigErr)
				}
				dates[r.Header.Get("x-bce-date")] = true
				auths[r.Header.Get("Authorization")] = true
			}
			if len(dates) != 3 || len(auths) != 3 {
				t.Errorf("each attempt needs a fresh x-bce-date and signature: %d dates, %d signatures", len(dates), len(auths))
			}
		})
	}
}

func TestRetriesStopAtMaxRetries(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, apiErrorBody("ServiceUnavailable", "busy", "body-id"))
	})
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.GetInstance(context.Background(), "i-abc123")
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if rec.count() != 3 || apiErr.Attempts != 3 {
		t.Errorf("%d requests, Attempts=%d; want 3 (1 + MaxRetries 2)", rec.count(), apiErr.Attempts)
	}
	if !strings.Contains(err.Error(), "after 3 attempts") || apiErr.RequestID != "req-503" {
		t.Errorf("error %q should tell the attempts and carry the header's request id", err)
	}

	rec2 := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 500, "") })
	c = newTestClient(t, rec2.srv.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
	if _, err := c.GetInstance(context.Background(), "i-abc123"); err == nil || rec2.count() != 1 {
		t.Errorf("MaxRetries 0: err=%v, %d requests, want one failed attempt", err, rec2.count())
	}
}

func TestConnectionRefusedIsRetriedAndWrapped(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now

	c := newTestClient(t, "http://"+addr, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err = c.GetInstance(context.Background(), "i-abc123")
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want *TransportError", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("errors.Is(err, ECONNREFUSED) is false for %v", err)
	}
	if te.Attempts != 3 {
		t.Errorf("Attempts = %d, want 3", te.Attempts)
	}
}

func TestAttemptTimeoutIsRetried(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			<-r.Context().Done() // hang until the client gives up on this attempt
			return
		}
		writeJSON(w, 200, instanceJSON)
	})
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.RequestTimeout = 100 * time.Millisecond })
	if _, err := c.GetInstance(ctxWithTimeout(t, 10*time.Second), "i-abc123"); err != nil {
		t.Fatalf("a timed-out attempt should be retried: %v", err)
	}
	if rec.count() != 2 {
		t.Errorf("%d requests, want 2", rec.count())
	}
}

func TestAttemptTimeoutsExhausted(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) {
		cfg.RequestTimeout = 50 * time.Millisecond
		cfg.MaxRetries = 1
	})
	_, err := c.GetInstance(ctxWithTimeout(t, 10*time.Second), "i-abc123")
	var te *TransportError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || te.Attempts != 2 {
		t.Fatalf("err = %v, want a TransportError wrapping DeadlineExceeded after 2 attempts", err)
	}
}

func TestTruncatedBodyIsRetriedThenReportedWithStatus(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-bce-request-id", "trunc-1")
		w.Header().Set("Content-Length", "500")
		w.WriteHeader(200)
		io.WriteString(w, `{"instance":{"id":"i-`)
	})
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.MaxRetries = 1 })
	_, err := c.GetInstance(context.Background(), "i-abc123")
	var re *ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want *ResponseError", err)
	}
	if re.StatusCode != 200 || re.RequestID != "trunc-1" || re.Attempts != 2 || rec.count() != 2 {
		t.Errorf("got %+v after %d requests", re, rec.count())
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("cause should be io.ErrUnexpectedEOF: %v", err)
	}
	if RequestIDOf(err) != "trunc-1" || !strings.Contains(err.Error(), "trunc-1") || !strings.Contains(err.Error(), "200") {
		t.Errorf("error %q should carry status and request id", err)
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	cases := []struct {
		status int
		code   string
	}{
		{400, "InvalidHTTPRequest"},
		{400, "RequestExpired"},
		{401, ""},
		{403, "AccessDenied"},
		{403, CodeReleaseWhileCreating},
		{404, "NoSuchObject"},
		{409, "Instance.StartInstanceOperationForbidden"},
		{412, "PreconditionFailed"},
	}
	for _, tc := range cases {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
			if tc.code == "" {
				writeJSON(w, tc.status, "")
				return
			}
			writeJSON(w, tc.status, apiErrorBody(tc.code, "no", "body-id"))
		})
		c := newTestClient(t, rec.srv.URL)
		err := c.ReleaseInstance(context.Background(), "i-abc123")
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status || apiErr.Code != tc.code {
			t.Errorf("%d %s: err = %v", tc.status, tc.code, err)
			continue
		}
		if rec.count() != 1 || apiErr.Attempts != 1 {
			t.Errorf("%d %s: %d requests, want exactly 1", tc.status, tc.code, rec.count())
		}
	}
}

func TestPostWithoutClientTokenIsNotRetried(t *testing.T) {
	for name, fail := range map[string]func(t *testing.T, w http.ResponseWriter){
		"503":       func(t *testing.T, w http.ResponseWriter) { writeJSON(w, 503, "") },
		"reset":     func(t *testing.T, w http.ResponseWriter) { hangUp(t, w, true) },
		"throttled": func(t *testing.T, w http.ResponseWriter) { writeJSON(w, 429, "") },
	} {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { fail(t, w) })
		c := newTestClient(t, rec.srv.URL)
		err := c.do(context.Background(), request{operation: "Post", method: http.MethodPost, path: "/v2/instance/i-1", body: map[string]bool{"relatedReleaseFlag": true}})
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		if rec.count() != 1 {
			t.Errorf("%s: a POST without clientToken was sent %d times", name, rec.count())
		}
	}
}

func TestCreateRetriesReuseClientTokenAndBody(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 1:
			writeJSON(w, 503, apiErrorBody("ServiceUnavailable", "busy", "r"))
		case 2:
			hangUp(t, w, true)
		default:
			writeJSON(w, 200, `{"instanceIds":["i-new1"],"orderId":"o-9"}`)
		}
	})
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.Now = tickingClock() })
	token := NewClientToken()
	req := CreateInstanceBySpecRequest{Spec: "bcc.g5.c2m8", ImageID: "m-img1", AdminPass: "Plain#Pass1", Billing: Billing{PaymentTiming: "Postpaid"}}
	res, err := c.CreateInstanceBySpec(ctxWithTimeout(t, 10*time.Second), token, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.InstanceIDs) != 1 || res.InstanceIDs[0] != "i-new1" || res.OrderID != "o-9" {
		t.Errorf("result %+v", res)
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for i, r := range reqs {
		if r.Method != http.MethodPost || r.Path != "/v2/instanceBySpec" || r.RawQuery != "clientToken="+token {
			t.Errorf("attempt %d: %s %s?%s", i+1, r.Method, r.Path, r.RawQuery)
		}
		if string(r.Body) != string(reqs[0].Body) {
			t.Errorf("attempt %d sent a different body:\n%s\n%s", i+1, r.Body, reqs[0].Body)
		}
		if r.SigErr != nil {
			t.Errorf("attempt %d: %v", i+1, r.SigErr)
		}
		if i > 0 && r.Header.Get("Authorization") == reqs[i-1].Header.Get("Authorization") {
			t.Errorf("attempt %d reused the previous signature", i+1)
		}
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, apiErrorBody("TooManyRequests", "slow", "r"))
			return
		}
		writeJSON(w, 200, instanceJSON)
	})
	clock := wait.NewSimClock(time.Unix(0, 0))
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.Clock = clock })
	if _, err := c.GetInstance(context.Background(), "i-abc123"); err != nil {
		t.Fatal(err)
	}
	if n := rec.count(); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
	if waited := clock.Now().Sub(time.Unix(0, 0)); waited < time.Second {
		t.Errorf("retried after %s after a Retry-After of 1s", waited)
	}
}

// A Retry-After date is read against the client's clock: a server whose
// date is an hour ahead of the machine's must not cap the wait at its
// maximum, nor one an hour behind make it zero.
func TestRetryAfterDateUsesClientClock(t *testing.T) {
	clientNow := time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", clientNow.Add(3*time.Second).Format(http.TimeFormat))
			writeJSON(w, 429, apiErrorBody("TooManyRequests", "slow", "r"))
			return
		}
		writeJSON(w, 200, instanceJSON)
	})
	clock := wait.NewSimClock(time.Unix(0, 0))
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) {
		cfg.Clock = clock
		cfg.Now = func() time.Time { return clientNow }
	})
	c.jitter = func(time.Duration) time.Duration { return 0 }
	if _, err := c.GetInstance(context.Background(), "i-abc123"); err != nil {
		t.Fatal(err)
	}
	if waited := clock.Now().Sub(time.Unix(0, 0)); waited != 3*time.Second {
		t.Errorf("waited %s for a Retry-After date 3s after the client's now", waited)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                              0,
		"0":                             0,
		"-3":                            0,
		"soon":                          0,
		"2":                             2 * time.Second,
		" 7 ":                           7 * time.Second,
		"3600":                          maxRetryAfter,
		"99999999999999999999":          0, // not an int64: ignored rather than trusted
		"Wed, 01 Jan 2025 00:00:05 GMT": 5 * time.Second,
		"Tue, 31 Dec 2024 23:00:00 GMT": 0,
		"Thu, 02 Jan 2025 00:00:00 GMT": maxRetryAfter,
	}
	for in, want := range cases {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestWaitPastDeadlineIsNotStarted(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, 503, apiErrorBody("ServiceUnavailable", "busy", "r"))
	})
	start := time.Unix(0, 0)
	clock := wait.NewSimClock(start)
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.Clock = clock })
	ctx, cancel := clock.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.GetInstance(ctx, "i-abc123")
	if waited := clock.Now().Sub(start); waited != 0 {
		t.Errorf("waited %s although the wait would pass the deadline", waited)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || rec.count() != 1 || strings.Contains(err.Error(), "stopped waiting") {
		t.Errorf("err = %v after %d requests; want the 503 itself, at once", err, rec.count())
	}
}

// A read with all its retries is bounded by ReadTimeout on the client's
// clock, so a broken endpoint cannot hold one refresh for every attempt's
// timeout plus backoff.
func TestReadIsBoundedAsAWhole(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, apiErrorBody("ServiceUnavailable", "busy", "r"))
	})
	start := time.Unix(0, 0)
	clock := wait.NewSimClock(start)
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) {
		cfg.Clock = clock
		cfg.MaxRetries = 50
		cfg.Backoff = Backoff{Base: 30 * time.Second, Max: 30 * time.Second}
	})
	c.jitter = func(ceiling time.Duration) time.Duration { return ceiling }
	_, err := c.GetInstance(context.Background(), "i-abc123")
	if err == nil || !strings.Contains(err.Error(), "within 2m0s") {
		t.Fatalf("err = %v, want the read bound named", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("the last answer should stay reachable: %v", err)
	}
	// Attempts at 0, 30, 60 and 90 s; the wait after the fourth would
	// reach 120 s, the bound, so it is not started.
	if n := rec.count(); n != 4 {
		t.Errorf("%d attempts within a 2-minute bound at 30 s apart, want 4", n)
	}
	if waited := clock.Now().Sub(start); waited > 2*time.Minute {
		t.Errorf("the read ran %s, past its bound", waited)
	}
	// Writes are not bounded by the read bound: a release is retried as
	// often as MaxRetries allows within the caller's own timeout.
	before := rec.count()
	_ = c.ReleaseInstance(context.Background(), "i-abc123")
	if n := rec.count() - before; n != 51 {
		t.Errorf("a write made %d attempts, want 51 (MaxRetries 50)", n)
	}
}

// A start or stop whose first answer was lost is retried; if the retry is
// refused with 409 because the instance is already on its way, that is the
// success asked for. A 409 on the first attempt is the caller's.
func TestStartStopAfterLostAnswer(t *testing.T) {
	cases := []struct {
		name     string
		call     func(c *Client) error
		firstOK  bool // the first attempt gets a 503 (false) or is itself refused (true)
		status   string
		wantErr  bool
		wantGets int
	}{
		{"start retried, instance starting", func(c *Client) error { return c.StartInstance(context.Background(), "i-abc123") }, false, "Starting", false, 1},
		{"start retried, instance running", func(c *Client) error { return c.StartInstance(context.Background(), "i-abc123") }, false, "Running", false, 1},
		{"start retried, instance still stopped", func(c *Client) error { return c.StartInstance(context.Background(), "i-abc123") }, false, "Stopped", true, 1},
		{"stop retried, instance stopping", func(c *Client) error { return c.StopInstance(context.Background(), "i-abc123", false) }, false, "Stopping", false, 1},
		{"stop refused at once", func(c *Client) error { return c.StopInstance(context.Background(), "i-abc123", false) }, true, "Stopped", true, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var gets int
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
				switch {
				case r.Method == http.MethodGet:
					gets++
					writeJSON(w, 200, strings.Replace(instanceJSON, `"status":"Running"`, fmt.Sprintf(`"status":%q`, tc.status), 1))
				case n == 1 && !tc.firstOK:
					writeJSON(w, 503, apiErrorBody("ServiceUnavailable", "busy", "r"))
				default:
					writeJSON(w, 409, apiErrorBody("Instance.StartInstanceOperationForbidden", "not now", "r"))
				}
			})
			c := newTestClient(t, rec.srv.URL)
			err := tc.call(c)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if gets != tc.wantGets {
				t.Errorf("%d status reads, want %d", gets, tc.wantGets)
			}
		})
	}
}

func TestCancelWhileWaitingOnBackoff(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, apiErrorBody("ServiceUnavailable", "busy", "r"))
	})
	// 100 s: shorter than the read bound, so the wait is started, and
	// longer than cancelAndWait's guard.
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.Backoff = Backoff{Base: 100 * time.Second, Max: 100 * time.Second} })
	waiting := make(chan struct{}, 1)
	c.jitter = func(ceiling time.Duration) time.Duration {
		waiting <- struct{}{} // the client picks its wait right before starting it
		return ceiling        // a certain long wait
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := c.GetInstance(ctx, "i-abc123"); done <- err }()
	<-waiting
	err := cancelAndWait(t, cancel, done)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("the last API error should stay reachable: %v", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests, want 1", rec.count())
	}
}

func TestCancelWhileRequestHangs(t *testing.T) {
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.RequestTimeout = time.Hour })

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- c.StartInstance(ctx, "i-abc123") }()
	<-entered
	cancelAndWait(t, cancel, done)
	if rec.count() != 1 {
		t.Errorf("a cancelled call was retried: %d requests", rec.count())
	}
}

// cancelAndWait cancels a call running in another goroutine, which is
// blocked in something that lasts longer than a minute (a backoff, a hanging
// request), and asserts that it returns with an error that is
// context.Canceled: returning within the minute's guard shows the
// cancellation cut it short.
func cancelAndWait(t *testing.T, cancel context.CancelFunc, done <-chan error) error {
	t.Helper()
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		t.Fatal("the call did not return after cancellation")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(err, context.Canceled) false: %v", err)
	}
	return err
}

func TestCallerDeadlineDuringRequestIsNotRetried(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.RequestTimeout = time.Minute })
	_, err := c.GetInstance(ctxWithTimeout(t, 100*time.Millisecond), "i-abc123")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(err, DeadlineExceeded) false: %v", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests after the caller's deadline, want 1", rec.count())
	}
}

// A 2xx answer that is empty or not JSON was garbled on the way: it is
// retried (up to MaxRetries) and then reported with status and request id.
// Well-formed JSON of the wrong shape, or lacking what the call needs, is
// the server's considered answer and is not retried.
func TestUndecodableSuccessBodies(t *testing.T) {
	cases := map[string]struct {
		body    string
		retried bool
	}{
		"empty":              {"", true},
		"whitespace":         {"  \n", true},
		"HTML":               {"<html>ok</html>", true},
		"truncated":          {`{"instance":{"id":"i-abc1`, true},
		"wrong type":         {`{"instance":"i-abc123"}`, false},
		"array":              {`[]`, false},
		"no instance object": {`{"instance":null}`, false},
	}
	for name, tc := range cases {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, tc.body) })
		c := newTestClient(t, rec.srv.URL)
		_, err := c.GetInstance(context.Background(), "i-abc123")
		var re *ResponseError
		if !errors.As(err, &re) {
			t.Errorf("%s: err = %v, want *ResponseError", name, err)
			continue
		}
		if re.StatusCode != 200 || re.RequestID != "req-200" || !strings.Contains(err.Error(), "req-200") || !strings.Contains(err.Error(), "HTTP 200") {
			t.Errorf("%s: %q should carry status and request id", name, err)
		}
		want := 1
		if tc.retried {
			want = c.maxRetries + 1
		}
		if rec.count() != want {
			t.Errorf("%s: %d requests, want %d (retried: %v)", name, rec.count(), want, tc.retried)
		}
	}
}

// A create whose answer is garbled is repeated with the same client token,
// so the instance the first attempt made comes back instead of being lost.
func TestGarbledCreateAnswerIsRetriedWithSameToken(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			writeJSON(w, 200, `{"instanceIds":["i-abc1`)
			return
		}
		writeJSON(w, 200, `{"instanceIds":["i-abc123"]}`)
	})
	c := newTestClient(t, rec.srv.URL)
	res, err := c.CreateInstanceBySpec(context.Background(), "token-1", CreateInstanceBySpecRequest{Spec: "bcc.g5.c2m8", ImageID: "m-1", Billing: Billing{PaymentTiming: "Postpaid"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.InstanceIDs) != 1 || res.InstanceIDs[0] != "i-abc123" {
		t.Fatalf("ids = %v", res.InstanceIDs)
	}
	reqs := rec.requests()
	if len(reqs) != 2 || !strings.Contains(reqs[0].RawQuery, "clientToken=token-1") || reqs[0].RawQuery != reqs[1].RawQuery {
		t.Fatalf("want 2 requests with the same client token, got %+v", reqs)
	}
}

func TestResponseBodyIsLimited(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-bce-request-id", "big-1")
		w.WriteHeader(200)
		chunk := strings.Repeat(" ", 1<<20)
		for range 11 {
			if _, err := io.WriteString(w, chunk); err != nil {
				return
			}
		}
	})
	c := newTestClient(t, rec.srv.URL)
	_, err := c.GetInstance(context.Background(), "i-abc123")
	if !errors.Is(err, errBodyTooLarge) || RequestIDOf(err) != "big-1" {
		t.Fatalf("err = %v, want the size limit error with the request id", err)
	}
	if rec.count() != 1 {
		t.Errorf("an oversized answer was retried (%d requests)", rec.count())
	}
}

func TestEncodeQuery(t *testing.T) {
	q := map[string][]string{"clientToken": {"tok en/+"}, "a": {""}}
	if got := encodeQuery("resize", q); got != "resize&a=&clientToken=tok%20en%2F%2B" {
		t.Errorf("encodeQuery = %q", got)
	}
	if got := encodeQuery("", nil); got != "" {
		t.Errorf("encodeQuery empty = %q", got)
	}
	// The signature canonicalises the bare key as "resize=".
	parsed, err := url.ParseQuery("resize&clientToken=t")
	if err != nil {
		t.Fatal(err)
	}
	if cq := bceauth.CanonicalQuery(parsed); cq != "clientToken=t&resize=" {
		t.Errorf("canonical = %q", cq)
	}
}
