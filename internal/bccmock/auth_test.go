package bccmock

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// signManually builds an Authorization header by hand: signed lists the
// headers to sign (nil = the default set) and listNames controls whether
// their names appear in the header (false leaves the field empty, which
// tells the server to use the default set).
func signManually(req *http.Request, c Credential, ts time.Time, exp string, signed []string, listNames bool) {
	req.Header.Set("x-bce-date", ts.UTC().Format(bceauth.TimeFormat))
	canonicalHeaders, names := bceauth.CanonicalHeaders(req.URL.Host, req.Header, signed)
	prefix := bceauth.Prefix + "/" + c.AccessKey + "/" + ts.UTC().Format(bceauth.TimeFormat) + "/" + exp
	sig := bceauth.Signature(bceauth.SigningKey(c.SecretKey, prefix), bceauth.CanonicalRequest(req.Method, req.URL.Path, req.URL.Query(), canonicalHeaders))
	list := ""
	if listNames {
		list = strings.Join(names, ";")
	}
	req.Header.Set("Authorization", prefix+"/"+list+"/"+sig)
}

func TestAuthAcceptsCorrectSignatures(t *testing.T) {
	h := newHarness(t, Config{})
	now := time.Now()
	cases := []struct {
		name string
		sign func(*http.Request)
	}{
		{"bceauth signer", func(r *http.Request) { sign(r, testCred, now) }},
		{"STS key with its token", func(r *http.Request) { sign(r, stsCred, now) }},
		{"empty signedHeaders means the default set", func(r *http.Request) { signManually(r, testCred, now, "1800", nil, false) }},
		{"only host signed", func(r *http.Request) {
			signManually(r, testCred, now, "1800", []string{"host"}, true)
			// x-bce-date is not signed here, so changing it must not matter.
			r.Header.Set("x-bce-date", "2000-01-01T00:00:00Z")
		}},
		{"expiration with a leading zero", func(r *http.Request) { signManually(r, testCred, now, "01800", nil, true) }},
		{"unsigned header changed after signing", func(r *http.Request) {
			sign(r, testCred, now)
			r.Header.Set("User-Agent", "something-else")
			r.Header.Set("X-Other", "added later")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := h.newRequest(http.MethodGet, "/v2/instance?maxKeys=10&isDeploySet=false", nil)
			tc.sign(req)
			expectOK(t, h.send(req))
		})
	}
}

func TestAuthAcceptsPresignedQuery(t *testing.T) {
	h := newHarness(t, Config{})
	req := h.newRequest(http.MethodGet, "/v2/instance?maxKeys=5", nil)
	signManually(req, testCred, time.Now(), "1800", []string{"host"}, true)
	q := req.URL.Query()
	q.Set("authorization", req.Header.Get("Authorization"))
	req.URL.RawQuery = q.Encode()
	req.Header.Del("Authorization")
	expectOK(t, h.send(req))
	// The record must not keep the signature.
	recs := h.srv.Requests()
	if last := recs[len(recs)-1]; strings.Contains(last.Query, "bce-auth-v1") || !strings.Contains(last.Query, "authorization=REDACTED") {
		t.Fatalf("presigned query recorded as %q", last.Query)
	}
}

func TestAuthActionKeyWithoutEquals(t *testing.T) {
	// "?start" reaches the server without '=', and the canonical query must
	// still read "start=" on both sides.
	h := newHarness(t, Config{})
	id := h.create(minimalCreate())
	expectOK(t, h.do(http.MethodPut, "/v2/instance/"+id+"?stop", `{"forceStop":false}`))
	h.clock.Advance(time.Second)
	expectOK(t, h.do(http.MethodPut, "/v2/instance/"+id+"?start", nil))
}

func TestAuthRejections(t *testing.T) {
	h := newHarness(t, Config{})
	now := time.Now()
	cases := []struct {
		name   string
		sign   func(*http.Request)
		status int
		code   string
	}{
		{"no Authorization", func(r *http.Request) {}, 400, CodeInvalidHTTPAuthHeader},
		{"not bce-auth-v1", func(r *http.Request) { r.Header.Set("Authorization", "Bearer abc") }, 400, CodeInvalidHTTPAuthHeader},
		{"bad timestamp", func(r *http.Request) {
			r.Header.Set("Authorization", "bce-auth-v1/test-ak/yesterday/1800//"+strings.Repeat("a", 64))
		}, 400, CodeInvalidHTTPAuthHeader},
		{"too few parts", func(r *http.Request) { r.Header.Set("Authorization", "bce-auth-v1/test-ak/2025-01-01T00:00:00Z") }, 400, CodeInvalidHTTPAuthHeader},
		{"unknown access key", func(r *http.Request) {
			sign(r, Credential{AccessKey: "nobody", SecretKey: testCred.SecretKey}, now)
		}, 403, CodeInvalidAccessKeyID},
		{"STS key without token", func(r *http.Request) {
			sign(r, Credential{AccessKey: stsCred.AccessKey, SecretKey: stsCred.SecretKey}, now)
		}, 403, CodeInvalidAccessKeyID},
		{"STS key with another token", func(r *http.Request) {
			sign(r, Credential{AccessKey: stsCred.AccessKey, SecretKey: stsCred.SecretKey, SessionToken: "stolen-token"}, now)
		}, 403, CodeInvalidAccessKeyID},
		{"permanent key with a token", func(r *http.Request) {
			sign(r, Credential{AccessKey: testCred.AccessKey, SecretKey: testCred.SecretKey, SessionToken: "stray"}, now)
		}, 403, CodeInvalidAccessKeyID},
		{"wrong secret key", func(r *http.Request) {
			sign(r, Credential{AccessKey: testCred.AccessKey, SecretKey: "wrong-secret-key-0123456789abcd"}, now)
		}, 400, CodeSignatureDoesNotMatch},
		{"signed header changed after signing", func(r *http.Request) {
			sign(r, testCred, now)
			r.Header.Set("x-bce-date", now.Add(time.Second).UTC().Format(bceauth.TimeFormat))
		}, 400, CodeSignatureDoesNotMatch},
		{"x-bce header added after signing", func(r *http.Request) {
			// With no signedHeaders listed the default set applies, and it
			// covers every x-bce-* header, including one added later.
			signManually(r, testCred, now, "1800", nil, false)
			r.Header.Set("x-bce-extra", "1")
		}, 400, CodeSignatureDoesNotMatch},
		{"query changed after signing", func(r *http.Request) {
			sign(r, testCred, now)
			r.URL.RawQuery = "maxKeys=11&isDeploySet=false"
		}, 400, CodeSignatureDoesNotMatch},
		{"path changed after signing", func(r *http.Request) {
			sign(r, testCred, now)
			r.URL.Path = "/v2/instance/"
		}, 400, CodeSignatureDoesNotMatch},
		{"signed from another host", func(r *http.Request) {
			sign(r, testCred, now)
			r.Host = "bcc.bj.baidubce.com"
		}, 400, CodeSignatureDoesNotMatch},
		{"signature from the signing-time of another request", func(r *http.Request) {
			sign(r, testCred, now)
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"),
				now.UTC().Format(bceauth.TimeFormat), now.Add(-time.Second).UTC().Format(bceauth.TimeFormat), 1))
		}, 400, CodeSignatureDoesNotMatch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := h.newRequest(http.MethodGet, "/v2/instance?maxKeys=10&isDeploySet=false", nil)
			tc.sign(req)
			expectError(t, h.send(req), tc.status, tc.code)
		})
	}
}

func TestAuthTimeWindow(t *testing.T) {
	wall := wait.NewSimClock(epoch)
	h := newHarness(t, Config{WallClock: wall})
	cases := []struct {
		name     string
		signedAt time.Time
		ok       bool
	}{
		{"now", epoch, true},
		{"client clock 29 minutes ahead", epoch.Add(29 * time.Minute), true},
		{"client clock 31 minutes ahead", epoch.Add(31 * time.Minute), false},
		{"signed 1799s ago", epoch.Add(-1799 * time.Second), true},
		{"signed 1801s ago", epoch.Add(-1801 * time.Second), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := h.newRequest(http.MethodGet, "/v2/instance", nil)
			sign(req, testCred, tc.signedAt)
			r := h.send(req)
			if tc.ok {
				expectOK(t, r)
			} else {
				expectError(t, r, 400, CodeRequestExpired)
			}
		})
	}
}

func TestAuthWindowIgnoresSimulatedClock(t *testing.T) {
	// Advancing the simulated cloud by a month must not make the signatures
	// of clients running on real time look stale.
	h := newHarness(t, Config{})
	h.srv.Advance(31 * 24 * time.Hour)
	expectOK(t, h.do(http.MethodGet, "/v2/instance", nil))
}

func TestAuthTimeWindowConfigurable(t *testing.T) {
	wall := wait.NewSimClock(epoch)
	h := newHarness(t, Config{WallClock: wall, TimeWindow: time.Minute})
	req := h.newRequest(http.MethodGet, "/v2/instance", nil)
	sign(req, testCred, epoch.Add(2*time.Minute))
	expectError(t, h.send(req), 400, CodeRequestExpired)
}

func TestAuthSecretsNeverLogged(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.create(minimalCreate())
	_ = h.doAs(stsCred, http.MethodGet, "/v2/instance/"+id, nil)
	bad := h.newRequest(http.MethodGet, "/v2/instance/"+id, nil)
	sign(bad, Credential{AccessKey: stsCred.AccessKey, SecretKey: "wrong-secret-key-0123456789abcd", SessionToken: stsCred.SessionToken}, time.Now())
	expectError(t, h.send(bad), 400, CodeSignatureDoesNotMatch)
	sig := bad.Header.Get("Authorization")
	sig = sig[strings.LastIndex(sig, "/")+1:]

	logs := h.logs.all()
	if !strings.Contains(logs, "signature mismatch") {
		t.Fatalf("expected a debugging line for the mismatch, got:\n%s", logs)
	}
	for _, secret := range []string{testCred.SecretKey, stsCred.SecretKey, stsCred.SessionToken, sig, "bce-auth-v1/"} {
		if strings.Contains(logs, secret) {
			t.Fatalf("log contains a secret %q:\n%s", secret, logs)
		}
	}
	for _, rec := range h.srv.Requests() {
		if strings.Contains(rec.Query, "bce-auth") || strings.Contains(rec.Query, stsCred.SessionToken) {
			t.Fatalf("record keeps credentials: %+v", rec)
		}
	}
	if s := fmt.Sprintf("%v %#v %v", testCred, stsCred, []Credential{stsCred}); strings.Contains(s, testCred.SecretKey) || strings.Contains(s, stsCred.SessionToken) || strings.Contains(s, stsCred.SecretKey) {
		t.Fatalf("Credential.String leaks the secret: %s", s)
	}
}

func TestRedactCanonical(t *testing.T) {
	in := "GET\n/v2/instance\na=1&x-bce-security-token=tok\nhost:h\nx-bce-security-token:tok"
	out := redactCanonical(in)
	if strings.Count(out, "<redacted>") != 2 || strings.Contains(out, "=tok") || strings.Contains(out, ":tok") {
		t.Fatalf("token survived redaction:\n%s", out)
	}
}
