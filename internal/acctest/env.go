package acctest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/provider"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// Test credentials for the in-process mock. The secret is long and unusual
// so that leak checks can search for it without false matches.
const (
	AccessKey = "acc-test-access-key"
	SecretKey = "acc-test-secret-key-7c1e9f20d4b6a853"
)

// Env is one acceptance test's world: a mock BCC API on an httptest
// server, and a provider factory wired to it. By default both run on one
// simulated clock: every wait, poll and retry of the provider advances the
// mock's time instead of sleeping, so a 20-second boot or a release retried
// for minutes costs the suite nothing, and tests advance the clock rather
// than sleep.
type Env struct {
	T     *testing.T
	Mock  *bccmock.Server
	URL   string
	Clock wait.Clock

	invokeMu    sync.Mutex
	invocations []string // see Invocations
}

// NewEnv is the mock and the provider on one simulated clock.
func NewEnv(t *testing.T, cfg bccmock.Config) *Env {
	t.Helper()
	return NewWrappedEnv(t, cfg, func(h http.Handler) http.Handler { return h })
}

// NewRealTimeEnv runs the provider and the mock on the wall clock, for
// the end-to-end tests that keep the real schedules covered (release
// retries, throttling against a wall-clock rate limit).
func NewRealTimeEnv(t *testing.T, cfg bccmock.Config) *Env {
	t.Helper()
	cfg.Clock = bccmock.NewRealClock()
	return newEnv(t, cfg, wait.Real(), func(h http.Handler) http.Handler { return h })
}

// NewWrappedEnv is NewEnv with an http.Handler in front of the mock, for
// tests that must see or change what goes over the wire (headers the
// mock's records leave out, corrupted answers).
func NewWrappedEnv(t *testing.T, cfg bccmock.Config, wrap func(http.Handler) http.Handler) *Env {
	t.Helper()
	clock := wait.NewSimClock(time.Now().UTC().Truncate(time.Second))
	cfg.Clock = clock
	return newEnv(t, cfg, clock, wrap)
}

func newEnv(t *testing.T, cfg bccmock.Config, clock wait.Clock, wrap func(http.Handler) http.Handler) *Env {
	t.Helper()
	if cfg.Credentials == nil {
		cfg.Credentials = []bccmock.Credential{{AccessKey: AccessKey, SecretKey: SecretKey}}
	}
	// Every acceptance test runs the mock in strict mode: each request the
	// provider sends, with a body or not, must carry the JSON Content-Type
	// Baidu's docs list on every BCC API.
	cfg.RequireContentType = true
	srv := bccmock.New(cfg)
	ts := httptest.NewServer(wrap(srv))
	t.Cleanup(ts.Close)
	return &Env{T: t, Mock: srv, URL: ts.URL, Clock: clock}
}

// EnvForServer is an Env around an existing mock, on the wall clock.
func EnvForServer(t *testing.T, srv *bccmock.Server) *Env {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &Env{T: t, Mock: srv, URL: ts.URL, Clock: wait.Real()}
}

// Factories serves the provider in-process, on the environment's clock.
func (e *Env) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"baidu": providerserver.NewProtocol6WithError(provider.NewOnClock("acctest", e.Clock)()),
	}
}

// Conn is a connection to the environment's mock on its clock, for tests
// that act on the API outside Terraform, as the console would.
func (e *Env) Conn() *framework.Conn {
	e.T.Helper()
	c, err := client.New(client.Config{
		Credentials: bceauth.Credentials{AccessKey: AccessKey, SecretKey: SecretKey},
		Endpoint:    e.URL,
		Clock:       e.Clock,
	})
	if err != nil {
		e.T.Fatal(err)
	}
	return framework.NewConn(c, e.Clock, framework.DefaultSchedules(), framework.Batching{})
}

// ProviderBlock configures the provider for the mock.
func (e *Env) ProviderBlock() string {
	return e.providerBlockFor(SecretKey, "")
}

// ProviderBlockWithSecret is ProviderBlock signing with another secret key.
func (e *Env) ProviderBlockWithSecret(secret string) string {
	return e.providerBlockFor(secret, "")
}

// ProviderBlockWith is ProviderBlock with extra provider arguments, such as
// max_retries.
func (e *Env) ProviderBlockWith(extra string) string {
	return e.providerBlockFor(SecretKey, extra)
}

func (e *Env) providerBlockFor(secret, extra string) string {
	return fmt.Sprintf(`
provider "baidu" {
  access_key = %q
  secret_key = %q
  region     = "bj"
%s
  endpoints {
    bcc = %q
  }
}
`, AccessKey, secret, extra, e.URL)
}

// isLive tells whether the mock still counts an instance: Deleted and
// Recycled ones are gone, for the provider as for these checks.
func isLive(in bccmock.Instance) bool {
	return in.Status != bccmock.StatusDeleted && in.Status != bccmock.StatusRecycled
}

// CheckNoInstances is the CheckDestroy of every test: the mock must hold no
// instance once Terraform has destroyed everything.
func (e *Env) CheckNoInstances(*terraform.State) error {
	var ids []string
	for _, in := range e.Mock.Instances() {
		if isLive(in) {
			ids = append(ids, in.ID+" ("+in.Status+")")
		}
	}
	if len(ids) > 0 {
		return fmt.Errorf("mock still holds %d instances after destroy: %s", len(ids), strings.Join(ids, ", "))
	}
	return nil
}

// OnlyInstanceID returns the id of the single instance the mock holds.
func (e *Env) OnlyInstanceID() string {
	e.T.Helper()
	in := e.Mock.Instances()
	if len(in) != 1 {
		e.T.Fatalf("mock holds %d instances, want 1", len(in))
	}
	return in[0].ID
}

// CheckOnlyInstanceIs asserts that the live instances on the mock are
// exactly those in state: nothing orphaned, nothing missing.
func (e *Env) CheckOnlyInstanceIs(s *terraform.State) error {
	inState := map[string]bool{}
	for _, rs := range s.RootModule().Resources {
		if rs.Type == "baidu_bcc_instance" {
			inState[rs.Primary.ID] = true
		}
	}
	return e.onlyInstancesAre(inState)
}

// onlyInstancesAre fails unless the mock's live instances are inState.
func (e *Env) onlyInstancesAre(inState map[string]bool) error {
	live := map[string]bool{}
	for _, in := range e.Mock.Instances() {
		if isLive(in) {
			live[in.ID] = true
			if !inState[in.ID] {
				return fmt.Errorf("mock holds instance %s that state does not know", in.ID)
			}
		}
	}
	for id := range inState {
		if !live[id] {
			return fmt.Errorf("state holds %s, which the mock does not", id)
		}
	}
	return nil
}

// AssertNoRequests fails the test when anything reached the mock: bad
// input must fail before the provider calls the API.
func AssertNoRequests(t *testing.T, e *Env) {
	t.Helper()
	if reqs := e.Mock.Requests(); len(reqs) != 0 {
		t.Errorf("bad input reached the API: %d requests, the first %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
	}
}

// ExpectError builds the pattern for an error that contains each fragment
// in order. Terraform wraps diagnostics at word boundaries, so a space in a
// fragment matches any run of white space.
func ExpectError(fragments ...string) *regexp.Regexp {
	quoted := make([]string, len(fragments))
	for i, f := range fragments {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(f), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// LiveInstances are the instances the mock holds that are not gone.
func (e *Env) LiveInstances() []bccmock.Instance {
	var live []bccmock.Instance
	for _, in := range e.Mock.Instances() {
		if isLive(in) {
			live = append(live, in)
		}
	}
	return live
}
