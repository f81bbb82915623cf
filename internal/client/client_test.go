package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestResolveEndpoint(t *testing.T) {
	ok := []struct {
		region, override, want string
	}{
		{"bj", "", "https://bcc.bj.baidubce.com"},
		{"fsh", "", "https://bcc.fsh.baidubce.com"},
		{"bj", "bcc.example.internal", "https://bcc.example.internal"},
		{"", "bcc.example.internal:8443", "https://bcc.example.internal:8443"},
		{"", "  bcc.example.internal/  ", "https://bcc.example.internal"},
		{"", "http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"", "HTTP://127.0.0.1:8080/", "http://127.0.0.1:8080"},
		{"", "https://[::1]:9000", "https://[::1]:9000"},
		// An override makes any region acceptable (a new region, a mock).
		{"mars-1", "https://bcc.mars-1.example", "https://bcc.mars-1.example"},
	}
	for _, tc := range ok {
		u, err := ResolveEndpoint(tc.region, tc.override)
		if err != nil {
			t.Errorf("ResolveEndpoint(%q, %q): %v", tc.region, tc.override, err)
			continue
		}
		if u.String() != tc.want {
			t.Errorf("ResolveEndpoint(%q, %q) = %s, want %s", tc.region, tc.override, u, tc.want)
		}
	}

	_, err := ResolveEndpoint("mars-1", "")
	if err == nil {
		t.Fatal("unknown region accepted")
	}
	for _, r := range KnownRegions {
		if !strings.Contains(err.Error(), r) {
			t.Errorf("error %q does not list known region %s", err, r)
		}
	}
	if !strings.Contains(err.Error(), `"mars-1"`) {
		t.Errorf("error %q does not name the region given", err)
	}
	if _, err := ResolveEndpoint("", ""); err == nil || !strings.Contains(err.Error(), "bj") {
		t.Errorf("no region and no endpoint: err = %v, want one listing regions", err)
	}

	bad := []string{
		"bcc bj",                  // space in host
		"ftp://bcc.example",       // wrong scheme
		"https://",                // no host
		"https://:8080",           // no host name
		"https://u:p@bcc.example", // credentials in URL
		"https://bcc.example/v2",  // path prefix
		"https://bcc.example?x=1", // query
		"https://bcc.example#f",   // fragment
		"bcc.example:port",        // bad port
	}
	for _, b := range bad {
		if u, err := ResolveEndpoint("bj", b); err == nil {
			t.Errorf("ResolveEndpoint(bj, %q) = %s, want error", b, u)
		}
	}
}

func TestNewValidates(t *testing.T) {
	base := Config{Credentials: testCreds, Region: "bj"}
	cases := map[string]func(*Config){
		"no access key":      func(c *Config) { c.Credentials.AccessKey = "" },
		"no secret key":      func(c *Config) { c.Credentials.SecretKey = "" },
		"negative retries":   func(c *Config) { c.MaxRetries = -1 },
		"negative timeout":   func(c *Config) { c.RequestTimeout = -time.Second },
		"negative backoff":   func(c *Config) { c.Backoff.Base = -time.Second },
		"base above max":     func(c *Config) { c.Backoff = Backoff{Base: time.Second, Max: time.Millisecond} },
		"unknown region":     func(c *Config) { c.Region = "xx" },
		"malformed endpoint": func(c *Config) { c.Endpoint = "https://a b" },
	}
	for name, mutate := range cases {
		cfg := base
		mutate(&cfg)
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New accepted the config", name)
		} else if strings.Contains(err.Error(), testCreds.SecretKey) {
			t.Errorf("%s: error leaks the secret key", name)
		}
	}

	c, err := New(base)
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint() != "https://bcc.bj.baidubce.com" {
		t.Errorf("Endpoint() = %s", c.Endpoint())
	}
	if c.timeout != 60*time.Second {
		t.Errorf("default timeout = %s, want 60s", c.timeout)
	}
	if c.backoff != (Backoff{Base: 500 * time.Millisecond, Max: 20 * time.Second}) {
		t.Errorf("default backoff = %+v", c.backoff)
	}
	if c.maxRetries != 0 {
		t.Errorf("MaxRetries 0 must mean a single attempt, got %d", c.maxRetries)
	}
	if c.httpClient == http.DefaultClient || c.httpClient.Transport == nil || c.httpClient.Transport == http.DefaultTransport {
		t.Error("the client must not share http.DefaultClient or http.DefaultTransport")
	}

	// Only one backoff field given: the other is derived without breaking Base <= Max.
	cfg := base
	cfg.Backoff = Backoff{Max: 100 * time.Millisecond}
	if c, err := New(cfg); err != nil || c.backoff.Base > c.backoff.Max {
		t.Errorf("Backoff{Max:100ms}: %+v, %v", c.backoff, err)
	}
}

func TestUserAgentAndHeaders(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, instanceJSON)
	})
	c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.ProviderVersion = "0.4.1"; cfg.TerraformVersion = "1.10.2" })
	if _, err := c.GetInstance(context.Background(), "i-abc123"); err != nil {
		t.Fatal(err)
	}
	got := rec.requests()[0]
	want := "terraform-provider-baidu/0.4.1 (+https://registry.terraform.io/providers/terraform-baidu/baidu) terraform/1.10.2"
	if ua := got.Header.Get("User-Agent"); ua != want {
		t.Errorf("User-Agent = %q, want %q", ua, want)
	}
	if got.SigErr != nil {
		t.Errorf("signature: %v", got.SigErr)
	}
	if got.Header.Get("x-bce-security-token") != testCreds.SessionToken {
		t.Error("STS token not sent as x-bce-security-token")
	}
	if userAgent("", "") != "terraform-provider-baidu/dev (+https://registry.terraform.io/providers/terraform-baidu/baidu) terraform/unknown" {
		t.Errorf("userAgent without versions = %q", userAgent("", ""))
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	target := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, instanceJSON) })
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-bce-request-id", "redir-1")
		http.Redirect(w, r, target.srv.URL+r.URL.Path, http.StatusFound)
	})
	for _, given := range []*http.Client{nil, {}} {
		c := newTestClient(t, rec.srv.URL, func(cfg *Config) { cfg.HTTPClient = given })
		_, err := c.GetInstance(context.Background(), "i-abc123")
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusFound || apiErr.RequestID != "redir-1" {
			t.Errorf("err = %v, want APIError 302 with request id", err)
		}
	}
	if target.count() != 0 {
		t.Errorf("the signed request was replayed to the redirect target %d times", target.count())
	}
}

func TestCallerHTTPClientIsCopied(t *testing.T) {
	given := &http.Client{Timeout: time.Minute}
	c := newTestClient(t, "http://127.0.0.1:1", func(cfg *Config) { cfg.HTTPClient = given })
	if c.httpClient == given || given.CheckRedirect != nil {
		t.Error("the caller's http.Client must not be modified")
	}
	if c.httpClient.Timeout != time.Minute {
		t.Error("the caller's settings must be kept")
	}
}

func TestClientFormattingDoesNotLeak(t *testing.T) {
	c := newTestClient(t, "http://127.0.0.1:1")
	for _, s := range []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", *c), fmt.Sprintf("%#v", c)} {
		if strings.Contains(s, testCreds.SecretKey) || strings.Contains(s, testCreds.SessionToken) {
			t.Errorf("formatting the client leaks a secret: %s", s)
		}
		if !strings.Contains(s, "http://127.0.0.1:1") {
			t.Errorf("formatting should still show the endpoint: %s", s)
		}
	}
}
