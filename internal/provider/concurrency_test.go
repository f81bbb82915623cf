package provider

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

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// inFlight is an http.Handler wrapper that measures how many requests the
// server was answering at the same time.
type inFlight struct {
	next http.Handler

	mu      sync.Mutex
	current int
	peak    int
}

func (f *inFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.current++
	f.peak = max(f.peak, f.current)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.current--
		f.mu.Unlock()
	}()
	f.next.ServeHTTP(w, r)
}

func (f *inFlight) maxSeen() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.peak
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
	var counter *inFlight
	// A little latency keeps each request open long enough for the
	// parallel ones to overlap on the wire.
	e := newWrappedAccEnv(t, bccmock.Config{Latency: 50 * time.Millisecond}, func(h http.Handler) http.Handler {
		counter = &inFlight{next: h}
		return counter
	})

	started := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.providerBlock() + fleetResources(n, "parallel"),
				Check: resource.ComposeTestCheckFunc(
					e.checkFleet(n),
					func(s *terraform.State) error {
						if ids := stateIDs(s); len(ids) != n {
							return fmt.Errorf("state holds %d instances, want %d", len(ids), n)
						}
						return checkNames(e, "parallel", n)
					},
				),
			},
		},
		CheckDestroy: e.checkNoInstances,
	})

	// At the default -parallelism of 10 no more than 10 calls can be in
	// flight; more proves the 20 operations really ran together.
	peak := counter.maxSeen()
	if peak <= 10 {
		t.Errorf("at most %d requests were in flight at once; -parallelism=%d did not take effect", peak, n)
	}
	_, total := faultTally(e.srv)
	t.Logf("concurrency: %d instances, %d requests, up to %d in flight at once, wall time %s",
		n, total, peak, time.Since(started).Round(100*time.Millisecond))
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
