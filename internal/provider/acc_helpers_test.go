package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// Test credentials for the in-process mock. The secret is long and unusual
// so that leak checks can search for it without false matches.
const (
	testAccessKey = "acc-test-access-key"
	testSecretKey = "acc-test-secret-key-7c1e9f20d4b6a853"
)

// accEnv is one acceptance test's world: a mock BCC API on an httptest
// server, and a provider factory wired to it. By default both run on one
// simulated clock: every wait, poll and retry of the provider advances the
// mock's time instead of sleeping, so a 20-second boot or a release retried
// for minutes costs the suite nothing, and tests advance the clock rather
// than sleep.
type accEnv struct {
	t     *testing.T
	srv   *bccmock.Server
	url   string
	clock wait.Clock
}

func newAccEnv(t *testing.T, cfg bccmock.Config) *accEnv {
	t.Helper()
	return newWrappedAccEnv(t, cfg, func(h http.Handler) http.Handler { return h })
}

// newRealTimeAccEnv runs the provider and the mock on the wall clock, for
// the end-to-end tests that keep the real schedules covered (release
// retries, throttling against a wall-clock rate limit).
func newRealTimeAccEnv(t *testing.T, cfg bccmock.Config) *accEnv {
	t.Helper()
	cfg.Clock = bccmock.NewRealClock()
	return newEnv(t, cfg, wait.Real(), func(h http.Handler) http.Handler { return h })
}

// newWrappedAccEnv is newAccEnv with an http.Handler in front of the mock,
// for tests that must see or change what goes over the wire (headers the
// mock's records leave out, corrupted answers).
func newWrappedAccEnv(t *testing.T, cfg bccmock.Config, wrap func(http.Handler) http.Handler) *accEnv {
	t.Helper()
	clock := wait.NewSimClock(time.Now().UTC().Truncate(time.Second))
	cfg.Clock = clock
	return newEnv(t, cfg, clock, wrap)
}

func newEnv(t *testing.T, cfg bccmock.Config, clock wait.Clock, wrap func(http.Handler) http.Handler) *accEnv {
	t.Helper()
	if cfg.Credentials == nil {
		cfg.Credentials = []bccmock.Credential{{AccessKey: testAccessKey, SecretKey: testSecretKey}}
	}
	// Every acceptance test runs the mock in strict mode: each request the
	// provider sends, with a body or not, must carry the JSON Content-Type
	// Baidu's docs list on every BCC API.
	cfg.RequireContentType = true
	srv := bccmock.New(cfg)
	ts := httptest.NewServer(wrap(srv))
	t.Cleanup(ts.Close)
	return &accEnv{t: t, srv: srv, url: ts.URL, clock: clock}
}

// factories serves the provider in-process, on the environment's clock.
func (e *accEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"baidu": providerserver.NewProtocol6WithError(&baiduProvider{version: "acctest", clock: e.clock}),
	}
}

// conn is a connection to the environment's mock on its clock, for tests
// that act on the API outside Terraform, as the console would.
func (e *accEnv) conn() *framework.Conn {
	e.t.Helper()
	c, err := client.New(client.Config{
		Credentials: bceauth.Credentials{AccessKey: testAccessKey, SecretKey: testSecretKey},
		Endpoint:    e.url,
		Clock:       e.clock,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return framework.NewConn(c, e.clock, framework.DefaultSchedules(), framework.Batching{})
}

// providerBlock configures the provider for the mock.
func (e *accEnv) providerBlock() string {
	return e.providerBlockFor(testSecretKey, "")
}

func (e *accEnv) providerBlockWithSecret(secret string) string {
	return e.providerBlockFor(secret, "")
}

// providerBlockWith is providerBlock with extra provider arguments, such as
// max_retries.
func (e *accEnv) providerBlockWith(extra string) string {
	return e.providerBlockFor(testSecretKey, extra)
}

func (e *accEnv) providerBlockFor(secret, extra string) string {
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
`, testAccessKey, secret, extra, e.url)
}

// checkNoInstances is the CheckDestroy of every test: the mock must hold no
// instance once Terraform has destroyed everything.
// Instances in their Deleted or Recycled phase count as gone, as they do
// for the provider.
func (e *accEnv) checkNoInstances(*terraform.State) error {
	var ids []string
	for _, in := range e.srv.Instances() {
		if in.Status != statusDeleted && in.Status != statusRecycled {
			ids = append(ids, in.ID+" ("+in.Status+")")
		}
	}
	if len(ids) > 0 {
		return fmt.Errorf("mock still holds %d instances after destroy: %s", len(ids), strings.Join(ids, ", "))
	}
	return nil
}

// onlyInstanceID returns the id of the single instance the mock holds.
func (e *accEnv) onlyInstanceID() string {
	e.t.Helper()
	in := e.srv.Instances()
	if len(in) != 1 {
		e.t.Fatalf("mock holds %d instances, want 1", len(in))
	}
	return in[0].ID
}

// expectError builds the pattern for an error that contains each fragment
// in order. Terraform wraps diagnostics at word boundaries, so a space in a
// fragment matches any run of white space.
func expectError(fragments ...string) *regexp.Regexp {
	quoted := make([]string, len(fragments))
	for i, f := range fragments {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(f), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// checkOnlyInstanceIs asserts that the live instances on the mock are
// exactly those in state: nothing orphaned, nothing missing.
func (e *accEnv) checkOnlyInstanceIs(s *terraform.State) error {
	inState := map[string]bool{}
	for _, rs := range s.RootModule().Resources {
		if rs.Type == "baidu_bcc_instance" {
			inState[rs.Primary.ID] = true
		}
	}
	live := map[string]bool{}
	for _, in := range e.srv.Instances() {
		if in.Status != statusDeleted && in.Status != statusRecycled {
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
