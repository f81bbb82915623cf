package client

import (
	"context"
	"errors"
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
	c := newTestClient(t, rec.srv.URL)
	if _, err := c.GetInstance(ctxWithTimeout(t, 10*time.Second), "i-abc123"); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if gap := reqs[1].At.Sub(reqs[0].At); gap < time.Second {
		t.Errorf("retried %s after a Retry-After of 1s", gap)
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
	c := newTestClient(t, rec.srv.URL)
	start := time.Now()
	_, err := c.GetInstance(ctxWithTimeout(t, 2*time.Second), "i-abc123")
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("took %s: it waited although the wait would pass the deadline", elapsed)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || rec.count() != 1 {
		t.Errorf("err = %v after %d requests; want the 503 itself, at once", err, rec.count())
	}
}

func TestCancelWhileWaitingOnBackoff(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, apiErrorBody("ServiceUnavailable", "busy", "r"))
	})
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.Backoff = Backoff{Base: 10 * time.Second, Max: 10 * time.Second} })
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
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.RequestTimeout = time.Minute })

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

// cancelAndWait cancels a call running in another goroutine and asserts it
// returns within 100 ms with an error that is context.Canceled.
func cancelAndWait(t *testing.T, cancel context.CancelFunc, done <-chan error) error {
	t.Helper()
	cancelled := time.Now()
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("the call did not return after cancellation")
	}
	if took := time.Since(cancelled); took > 100*time.Millisecond {
		t.Errorf("returned %s after cancellation, want < 100ms", took)
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

// A 2xx answer that is not the expected JSON was garbled on the way: it is
// retried (up to MaxRetries) and then reported with status and request id.
// Well-formed JSON lacking what the call needs is not retried.
func TestUndecodableSuccessBodies(t *testing.T) {
	cases := map[string]struct {
		body    string
		retried bool
	}{
		"empty":              {"", true},
		"whitespace":         {"  \n", true},
		"HTML":               {"<html>ok</html>", true},
		"truncated":          {`{"instance":{"id":"i-abc1`, true},
		"wrong type":         {`{"instance":"i-abc123"}`, true},
		"array":              {`[]`, true},
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
