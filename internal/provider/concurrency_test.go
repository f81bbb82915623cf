package provider_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// createGate is an http.Handler wrapper that holds every create call until
// want of them are open at once, then lets them all through. It tells
// concurrency from sequencing without timing anything: if the operations
// ran fewer than want at a time, the last creates would never arrive, and
// only the guard (a minute) would open the gate, with the test failed.
type createGate struct {
	next  http.Handler
	want  int
	guard time.Duration

	mu      sync.Mutex
	waiting int
	peak    int
	open    chan struct{}
	timer   *time.Timer
}

func newCreateGate(next http.Handler, want int) *createGate {
	return &createGate{next: next, want: want, guard: time.Minute, open: make(chan struct{})}
}

func (g *createGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.URL.Path == "/v2/instanceBySpec" {
		g.mu.Lock()
		g.waiting++
		g.peak = max(g.peak, g.waiting)
		switch {
		case g.waiting == g.want:
			close(g.open)
		case g.timer == nil:
			g.timer = time.AfterFunc(g.guard, func() { g.release() })
		}
		open := g.open
		g.mu.Unlock()
		<-open
		g.mu.Lock()
		g.waiting--
		g.mu.Unlock()
	}
	g.next.ServeHTTP(w, r)
}

func (g *createGate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-g.open:
	default:
		close(g.open)
	}
}

func (g *createGate) maxWaiting() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.peak
}

// Concurrency: 20 instances applied and destroyed at -parallelism=20, so
// that 20 resource operations share the provider's one client at once. Run
// under -race (make test does), this is what shows the shared client, its
// connection pool and the provider's data are safe for concurrent use.
//
// plugin-testing drives Terraform through terraform-exec, which always
// passes -parallelism=10 on the command line (and a flag given there beats
// TF_CLI_ARGS_apply). The test therefore points TF_ACC_TERRAFORM_PATH at a
// small shell wrapper that rewrites that one flag and runs the real CLI.
// t.Setenv rules out t.Parallel, so this test runs on its own, before the
// parallel ones.
func TestAccConcurrency_twentyInstancesAtParallelism20(t *testing.T) {
	const n = 20
	if os.Getenv(resource.EnvTfAcc) != "" { // otherwise resource.Test skips
		t.Setenv("TF_ACC_TERRAFORM_PATH", terraformWithParallelism(t, n))
	}
	var gate *createGate
	e := acctest.NewWrappedEnv(t, bccmock.Config{BootTime: 20 * time.Second}, func(h http.Handler) http.Handler {
		gate = newCreateGate(h, n)
		return gate
	})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{
				Config: e.ProviderBlock() + fleetResources(n, "parallel"),
				Check: resource.ComposeTestCheckFunc(
					checkFleet(e, n),
					func(s *terraform.State) error {
						if ids := stateIDs(s); len(ids) != n {
							return fmt.Errorf("state holds %d instances, want %d", len(ids), n)
						}
						return checkNames(e, "parallel", n)
					},
				),
			},
		},
		CheckDestroy: e.CheckNoInstances,
	})

	// At the default -parallelism of 10 no more than 10 creates can be
	// open at once; all 20 at the gate together proves the operations
	// really ran together.
	if peak := gate.maxWaiting(); peak != n {
		t.Errorf("at most %d creates were open at once, want %d; -parallelism=%d did not take effect", peak, n, n)
	}
	_, total := faultTally(e.Mock)
	t.Logf("concurrency: %d instances, %d requests, %d creates open at once", n, total, gate.maxWaiting())
}

// terraformWithParallelism writes a wrapper around the Terraform CLI named by
// TF_ACC_TERRAFORM_PATH that replaces any -parallelism=N argument by
// -parallelism=n, and returns its path.
func terraformWithParallelism(t *testing.T, n int) string {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set; run the acceptance tests with make test")
	}
	script := fmt.Sprintf(`#!/bin/sh
for arg do
  shift
  case "$arg" in
    -parallelism=*) set -- "$@" -parallelism=%d ;;
    *) set -- "$@" "$arg" ;;
  esac
done
exec %s "$@"
`, n, shellQuote(cli))
	path := filepath.Join(t.TempDir(), "terraform")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
