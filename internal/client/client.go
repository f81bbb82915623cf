package client

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// KnownRegions are the BCC regions an endpoint can be derived for. Any other
// region needs an explicit endpoint.
var KnownRegions = []string{"bj", "gz", "su", "bd", "fwh", "hkg", "cd", "sin", "fsh"}

const (
	defaultRequestTimeout = 60 * time.Second
	defaultReadTimeout    = 2 * time.Minute
	defaultBackoffBase    = 500 * time.Millisecond
	defaultBackoffMax     = 20 * time.Second

	registryURL = "https://registry.terraform.io/providers/terraform-baidu/baidu"
)

// Config configures a Client. Only Credentials and Region (or Endpoint) are
// required; the zero value of everything else selects a sane default.
type Config struct {
	Credentials bceauth.Credentials
	// Region selects https://bcc.{region}.baidubce.com. It is not used for
	// the URL when Endpoint is set.
	Region string
	// Endpoint overrides the regional endpoint. Without a scheme it means
	// https; plain http is used only when "http://" is written out.
	Endpoint string
	// MaxRetries is the number of retries after the first attempt; 0 means
	// a single attempt. Negative values are rejected.
	MaxRetries int
	// RequestTimeout bounds each attempt (connect, send, and read the whole
	// response). 0 means 60s.
	RequestTimeout   time.Duration
	ProviderVersion  string
	TerraformVersion string
	// HTTPClient is used for the requests when set. The client never follows
	// redirects (a signed request must not be replayed to another URL), so a
	// copy with its own redirect policy is made.
	HTTPClient *http.Client
	// ReadTimeout bounds one read call with all its attempts and the waits
	// between them. 0 means 2 minutes.
	ReadTimeout time.Duration
	// Backoff shapes the wait between retries; zero fields take the defaults.
	Backoff Backoff
	// Now is the clock for the signing timestamp and for Retry-After dates;
	// nil means time.Now. Signatures are checked against real time, so this
	// stays the wall clock outside tests of signing itself.
	Now func() time.Time
	// Clock is what the waits between retries and the read bound are
	// measured on; nil means the wall clock. Tests pass a simulated clock.
	Clock wait.Clock
	// EndpointSetting names where users set the endpoint (for example
	// "endpoints.bcc / BAIDUCLOUD_BCC_ENDPOINT"), for errors that suggest
	// a wrong endpoint.
	EndpointSetting string
}

// Backoff is a capped exponential backoff with full jitter: before retry n
// the client waits a random duration in [0, min(Max, Base*2^(n-1))].
type Backoff struct {
	Base, Max time.Duration
}

// Client calls the BCC API. It is safe for concurrent use.
type Client struct {
	creds      bceauth.Credentials
	region     string
	endpoint   *url.URL
	httpClient *http.Client
	maxRetries int
	timeout    time.Duration
	backoff    Backoff
	now        func() time.Time
	clock      wait.Clock
	userAgent  string

	readTimeout     time.Duration
	endpointSetting string

	// jitter picks the actual wait below a backoff ceiling. Tests replace it
	// to make waits deterministic.
	jitter func(ceiling time.Duration) time.Duration
}

// ResolveEndpoint returns the base URL for a region, or the override when one
// is given. An override without a scheme is taken as https.
func ResolveEndpoint(region, override string) (*url.URL, error) {
	override = strings.TrimSpace(override)
	if override != "" {
		return parseEndpoint(override)
	}
	if region == "" {
		return nil, fmt.Errorf("no region and no endpoint given: set a region (one of %s) or an endpoint", strings.Join(KnownRegions, ", "))
	}
	if !slices.Contains(KnownRegions, region) {
		return nil, fmt.Errorf("unknown region %q: known regions are %s; for another region set the endpoint explicitly", region, strings.Join(KnownRegions, ", "))
	}
	return &url.URL{Scheme: "https", Host: "bcc." + region + ".baidubce.com"}, nil
}

func parseEndpoint(raw string) (*url.URL, error) {
	withScheme := raw
	if !strings.Contains(raw, "://") {
		withScheme = "https://" + raw
	}
	u, err := url.Parse(withScheme)
	if err != nil {
		return nil, fmt.Errorf("endpoint %q is not a valid URL: %w", raw, errors.Unwrap(err))
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("endpoint %q: scheme must be https or http, not %q", raw, u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("endpoint %q has no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("endpoint %q must not contain user information", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, fmt.Errorf("endpoint %q must not contain a query or fragment", raw)
	}
	if u.Path != "" && u.Path != "/" {
		// Request paths are signed as sent; a prefix would have to be part of
		// every signature and Baidu's endpoints have none.
		return nil, fmt.Errorf("endpoint %q must not contain a path (got %q)", raw, u.Path)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if cfg.Credentials.AccessKey == "" {
		return nil, errors.New("access key is empty")
	}
	if cfg.Credentials.SecretKey == "" {
		return nil, errors.New("secret key is empty")
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must be 0 or more, got %d", cfg.MaxRetries)
	}
	if cfg.RequestTimeout < 0 {
		return nil, fmt.Errorf("request timeout must not be negative, got %s", cfg.RequestTimeout)
	}
	if cfg.ReadTimeout < 0 {
		return nil, fmt.Errorf("read timeout must not be negative, got %s", cfg.ReadTimeout)
	}
	backoff, err := cfg.Backoff.withDefaults()
	if err != nil {
		return nil, err
	}
	endpoint, err := ResolveEndpoint(cfg.Region, cfg.Endpoint)
	if err != nil {
		return nil, err
	}

	timeout := cfg.RequestTimeout
	if timeout == 0 {
		timeout = defaultRequestTimeout
	}
	readTimeout := cfg.ReadTimeout
	if readTimeout == 0 {
		readTimeout = defaultReadTimeout
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	clock := cfg.Clock
	if clock == nil {
		clock = wait.Real()
	}
	return &Client{
		creds:           cfg.Credentials,
		region:          cfg.Region,
		endpoint:        endpoint,
		httpClient:      httpClientFor(cfg.HTTPClient),
		maxRetries:      cfg.MaxRetries,
		timeout:         timeout,
		backoff:         backoff,
		now:             now,
		clock:           clock,
		userAgent:       userAgent(cfg.ProviderVersion, cfg.TerraformVersion),
		jitter:          fullJitter,
		readTimeout:     readTimeout,
		endpointSetting: cfg.EndpointSetting,
	}, nil
}

// String shows the endpoint and access key only, so that printing a Client
// (%v of its unexported fields would bypass Credentials.String) cannot leak
// the secret key or session token.
func (c Client) String() string {
	return fmt.Sprintf("client.Client{endpoint: %s, accessKey: %q}", c.endpoint, c.creds.AccessKey)
}

// GoString keeps %#v as safe as %v.
func (c Client) GoString() string { return c.String() }

// Region is the region the client was configured for (also when an
// endpoint override decides where requests go).
func (c *Client) Region() string { return c.region }

// Endpoint is the base URL requests go to, e.g. https://bcc.bj.baidubce.com.
func (c *Client) Endpoint() string { return c.endpoint.String() }

func userAgent(providerVersion, terraformVersion string) string {
	if providerVersion == "" {
		providerVersion = "dev"
	}
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return "terraform-provider-baidu/" + providerVersion + " (+" + registryURL + ") terraform/" + terraformVersion
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// httpClientFor returns the caller's client with redirects disabled, or a
// client of our own. http.DefaultClient is never used: its settings are
// global and shared with whatever else runs in the process.
func httpClientFor(given *http.Client) *http.Client {
	if given != nil {
		cp := *given
		cp.CheckRedirect = noRedirects
		return &cp
	}
	var transport *http.Transport
	if std, ok := http.DefaultTransport.(*http.Transport); ok {
		transport = std.Clone() // keeps proxy-from-environment and dial timeouts
	} else {
		transport = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	transport.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	// Terraform runs up to -parallelism (10 by default, often raised)
	// operations at once against one endpoint; keeping that many idle
	// connections avoids re-dialling between their calls.
	transport.MaxIdleConnsPerHost = 32
	return &http.Client{Transport: transport, CheckRedirect: noRedirects}
}
