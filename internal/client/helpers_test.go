package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

// Distinctive values, so a leak is found by a plain substring search.
var testCreds = bceauth.Credentials{
	AccessKey:    "AKtestaccesskey0000000000000000a",
	SecretKey:    "SKsecretkeyZZ9f81b2c3d4e5f60718293",
	SessionToken: "STStokenQQ7c0ffee-session-token-value",
}

// seen is one request as the test server saw it.
type seen struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Host     string
	Body     []byte
	At       time.Time
	SigErr   error // nil when the signature verified
}

// recorder is an httptest server whose handler answers with respond(n, w, r)
// for the n-th request (starting at 1) after recording it.
type recorder struct {
	srv *httptest.Server

	mu   sync.Mutex
	reqs []seen
}

func newRecorder(t *testing.T, creds bceauth.Credentials, respond func(n int, w http.ResponseWriter, r *http.Request)) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s := seen{
			Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
			Header: r.Header.Clone(), Host: r.Host, Body: body, At: time.Now(),
			SigErr: verifySignature(r, creds),
		}
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, s)
		n := len(rec.reqs)
		rec.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body)) // let respond read it too
		respond(n, w, r)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func (rec *recorder) requests() []seen {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]seen(nil), rec.reqs...)
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.reqs)
}

// verifySignature checks a request the way Baidu's server does: rebuild the
// canonical request from the server's view and compare signatures.
func verifySignature(r *http.Request, creds bceauth.Credentials) error {
	auth, err := bceauth.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return err
	}
	if auth.AccessKey != creds.AccessKey {
		return fmt.Errorf("access key %q", auth.AccessKey)
	}
	if got := r.Header.Get("x-bce-date"); got != auth.Timestamp.Format(bceauth.TimeFormat) {
		return fmt.Errorf("x-bce-date %q does not match the signed timestamp", got)
	}
	if creds.SessionToken != "" && r.Header.Get("x-bce-security-token") != creds.SessionToken {
		return fmt.Errorf("missing or wrong x-bce-security-token")
	}
	ch, _ := bceauth.CanonicalHeaders(r.Host, r.Header, auth.SignedHeaders)
	cr := bceauth.CanonicalRequest(r.Method, r.URL.Path, r.URL.Query(), ch)
	prefix := bceauth.AuthStringPrefix(auth.AccessKey, auth.Timestamp, auth.ExpirationSeconds)
	if want := bceauth.Signature(bceauth.SigningKey(creds.SecretKey, prefix), cr); want != auth.Signature {
		return fmt.Errorf("signature mismatch for canonical request %q", cr)
	}
	return nil
}

// fastBackoff keeps retry tests quick without a fake clock in the client.
var fastBackoff = Backoff{Base: time.Millisecond, Max: 4 * time.Millisecond}

func newTestClient(t *testing.T, endpoint string, mutate ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Credentials:      testCreds,
		Endpoint:         endpoint,
		MaxRetries:       3,
		RequestTimeout:   5 * time.Second,
		ProviderVersion:  "1.2.3",
		TerraformVersion: "1.9.0",
		Backoff:          fastBackoff,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("x-bce-request-id", fmt.Sprintf("req-%d", status))
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func apiErrorBody(code, message, requestID string) string {
	return fmt.Sprintf(`{"code":%q,"message":%q,"requestId":%q}`, code, message, requestID)
}

const instanceJSON = `{"instance":{"id":"i-abc123","name":"web","hostname":"web-1","desc":"d","status":"Running",` +
	`"spec":"bcc.g5.c2m8","instanceType":"N5","paymentTiming":"Postpaid","createTime":"2024-01-02T03:04:05Z",` +
	`"expireTime":null,"internalIp":"192.168.0.4","publicIp":"-","cpuCount":2,"memoryCapacityInGB":8,` +
	`"imageId":"m-img1","zoneName":"cn-bj-a","vpcId":"vpc-1","subnetId":"sbn-1","keypairId":"k-1",` +
	`"tags":[{"tagKey":"env","tagValue":"prod"}],"deletionProtection":0,"unknownField":{"x":1}}}`

func ctxWithTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
