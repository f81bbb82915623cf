package instance

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// Cancellation, at unit level: a client call, the wait for Running and the
// release retry loop each return when their context is cancelled, which is
// what Ctrl-C and Terraform's timeouts rely on. Each is blocked in something
// that lasts an hour of wall-clock time (a held request, a boot, a creating
// window), so returning within cancelWhen's guard of a minute shows the
// cancellation cut it short; no assertion depends on how fast the machine
// is. The client's own waits between retries are covered in internal/client
// (TestCancelWhileWaitingOnBackoff, TestCancelWhileRequestHangs).

// roundTripHook runs hooks around each HTTP exchange of the client. after
// sees the response once its body has been read in full, so cancelling the
// context from after cannot interrupt the reading of that answer: the
// cancellation lands where the code under test goes next.
type roundTripHook struct {
	base   http.RoundTripper
	before func(*http.Request)
	after  func(*http.Request, *http.Response)
}

func (h roundTripHook) RoundTrip(r *http.Request) (*http.Response, error) {
	if h.before != nil {
		h.before(r)
	}
	resp, err := h.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if h.after != nil {
		h.after(r, resp)
	}
	return resp, nil
}

// cancelEnv is a mock and a connection on the wall clock whose exchanges go
// through hook.
func cancelEnv(t *testing.T, cfg bccmock.Config, hook roundTripHook) (*bccmock.Server, *framework.Conn) {
	t.Helper()
	cfg.Credentials = []bccmock.Credential{{AccessKey: testAccessKey, SecretKey: testSecretKey}}
	srv := bccmock.New(cfg)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		t.Fatal("http.DefaultTransport is not an *http.Transport")
	}
	hook.base = base.Clone()
	c, err := client.New(client.Config{
		Credentials: bceauth.Credentials{AccessKey: testAccessKey, SecretKey: testSecretKey},
		Endpoint:    ts.URL,
		MaxRetries:  3,
		HTTPClient:  &http.Client{Transport: hook},
	})
	if err != nil {
		t.Fatal(err)
	}
	return srv, framework.NewConn(c, wait.Real(), framework.DefaultSchedules(), framework.Batching{})
}

// createForCancel creates one instance through c, outside any hook's
// interest, and returns its id.
func createForCancel(t *testing.T, c *framework.Conn) string {
	t.Helper()
	res, err := c.Client.CreateInstanceBySpec(context.Background(), client.NewClientToken(), client.CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-acc0001", ZoneName: "cn-bj-a", PurchaseCount: 1,
		Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
	})
	if err != nil {
		t.Fatal(err)
	}
	return res.InstanceIDs[0]
}

// cancelWhen runs op, cancels its context when trigger fires, and returns
// op's result. It fails the test if op returns before the trigger, or is
// still running a minute after the cancellation.
func cancelWhen[T any](t *testing.T, trigger <-chan struct{}, op func(ctx context.Context) T) T {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan T, 1)
	go func() { done <- op(ctx) }()

	select {
	case <-trigger:
	case v := <-done:
		t.Fatalf("returned before it was cancelled: %v", v)
	case <-time.After(time.Minute):
		t.Fatal("the trigger never fired")
	}
	cancel()
	select {
	case v := <-done:
		return v
	case <-time.After(time.Minute):
		t.Fatalf("still running a minute after cancellation")
	}
	var zero T
	return zero
}

// signalOnce returns a channel and a function that closes it the first time
// it is called.
func signalOnce() (<-chan struct{}, func()) {
	ch := make(chan struct{})
	var once sync.Once
	return ch, func() { once.Do(func() { close(ch) }) }
}

// A client call whose answer never comes (the mock holds every request for
// an hour) returns at once when its context is cancelled, and is not
// retried.
func TestCancel_clientCallReturnsPromptly(t *testing.T) {
	t.Parallel()
	sent, fire := signalOnce()
	_, c := cancelEnv(t, bccmock.Config{Latency: time.Hour}, roundTripHook{
		before: func(*http.Request) { fire() },
	})
	err := cancelWhen(t, sent, func(ctx context.Context) error {
		_, err := c.Client.GetInstance(ctx, "i-Cancel01")
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want one that wraps context.Canceled", err)
	}
	var transportErr *client.TransportError
	if !errors.As(err, &transportErr) || transportErr.Attempts > 1 {
		t.Errorf("error = %#v, want a TransportError after a single attempt", err)
	}
}

// waitInstanceRunning, polling an instance that boots for an hour, returns
// at once when cancelled between two polls, and says what it was waiting
// for, that it was interrupted (not timed out), and the last status it saw.
func TestCancel_waitInstanceRunningReturnsPromptly(t *testing.T) {
	t.Parallel()
	polled, fire := signalOnce()
	_, c := cancelEnv(t, bccmock.Config{BootTime: time.Hour}, roundTripHook{
		after: func(r *http.Request, _ *http.Response) {
			if r.Method == http.MethodGet { // the only GETs are the polls
				fire()
			}
		},
	})
	watching := createForCancel(t, c)

	err := cancelWhen(t, polled, func(ctx context.Context) error {
		_, err := waitInstanceRunning(ctx, c, watching, time.Hour)
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want one that wraps context.Canceled", err)
	}
	for _, want := range []string{watching, "to become Running", "Terraform was interrupted", "last status Starting"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// The release retry loop, refused with Instance.ReleaseWhileCreating (the
// creating window lasts an hour), stops at once when cancelled after the
// first refusal: it reports the refusal and sends no further DELETE.
func TestCancel_releaseRetryLoopStopsAtOnce(t *testing.T) {
	t.Parallel()
	refused, fire := signalOnce()
	srv, c := cancelEnv(t, bccmock.Config{CreatingWindow: time.Hour}, roundTripHook{
		after: func(r *http.Request, resp *http.Response) {
			if r.Method == http.MethodDelete && resp.StatusCode == http.StatusForbidden {
				fire()
			}
		},
	})
	id := createForCancel(t, c)

	res := cancelWhen(t, refused, func(ctx context.Context) releaseResult {
		return releaseInstance(ctx, c, id, releaseRoute{})
	})
	if res.outcome != releaseStillCreating {
		t.Errorf("outcome = %d, want releaseStillCreating (%d); err = %v", res.outcome, releaseStillCreating, res.err)
	}
	if !client.HasCode(res.err, client.CodeReleaseWhileCreating) {
		t.Errorf("err = %v, want the refusal %s", res.err, client.CodeReleaseWhileCreating)
	}
	if res.attempts != 1 {
		t.Errorf("attempts = %d, want 1", res.attempts)
	}
	if !strings.Contains(res.stopped, "interrupted") {
		t.Errorf("stopped = %q, want it to say Terraform was interrupted", res.stopped)
	}
	if n := srv.RequestCount(http.MethodDelete, bccmock.RouteReleaseInstance); n != 1 {
		t.Errorf("the mock received %d DELETE calls, want 1: the loop went on after cancellation", n)
	}
	if in, ok := srv.Instance(id); !ok || in.Released {
		t.Errorf("instance %s should still exist, unreleased: %+v", id, in)
	}
}
