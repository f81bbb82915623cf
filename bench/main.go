// Command bench measures how fast and how frugally the provider drives the
// BCC API, against the physical limit: it builds the provider and the mock
// command, runs real Terraform against the mock on loopback with real time,
// reads the mock's request log and instance times, and prints a markdown
// table of figures with their targets (also written to
// bench/results/latest.md, or quick.md with -quick).
//
//	go run ./bench          # full run, about 8 minutes on 2 cores
//	go run ./bench -quick   # smaller N and windows, under 2 minutes
//
// A run exits 1 when a scenario does not finish or a count (calls, calls per
// instance, refused releases per minute, memory) misses its target; a -quick
// run, meant as a CI smoke test on busy machines, only when a count is more
// than 3x off. Wall-clock figures (lags, wall time against the ideal) depend
// on the machine's speed and load: they are reported, as ratios, and never
// fail a run. Exit status 2 means the benchmark itself could not run.
// See scripts/bench.sh (make bench, make bench-quick).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// params are the sizes and timings of one run.
type params struct {
	Latency      time.Duration // mock latency for every scenario
	DeletedPhase time.Duration

	// Lag scenarios: LagN instances whose readiness (Running, or end of
	// the creating window) is spread evenly over LagSpread.
	LagN      int
	LagSpread time.Duration
	// LagLead is how much longer than LagSpread the creating window of
	// the release-lag instances is: time for the import after the last
	// create (and for the create-lag scenario, which runs meanwhile).
	LagLead time.Duration
	// DestroyHeadStart is how long before the first creating window ends
	// the release-lag destroy is launched: Terraform's start-up and the
	// refresh of the LagN instances, measured at about 3 s for 50.
	DestroyHeadStart time.Duration

	ScaleN, ScaleP         int
	ScaleBoot, ScaleWindow time.Duration

	RefreshN, RefreshP int
	// LoadSizes are the state sizes of the refresh-load scenario (none:
	// not run).
	LoadSizes []int
}

var (
	fullParams = params{
		Latency: 50 * time.Millisecond, DeletedPhase: 2 * time.Second,
		LagN: 50, LagSpread: 60 * time.Second, LagLead: 20 * time.Second, DestroyHeadStart: 3 * time.Second,
		ScaleN: 100, ScaleP: 10, ScaleBoot: 20 * time.Second, ScaleWindow: 25 * time.Second,
		RefreshN: 500, RefreshP: 10,
		LoadSizes: []int{200, 500},
	}
	quickParams = params{
		Latency: 50 * time.Millisecond, DeletedPhase: 2 * time.Second,
		LagN: 10, LagSpread: 15 * time.Second, LagLead: 10 * time.Second, DestroyHeadStart: 1500 * time.Millisecond,
		// The creating window outlasts the boot by more than in the full
		// run, so that the destroy's ideal is seconds of real waiting and
		// not only Terraform's fixed cost for 20 instances.
		ScaleN: 20, ScaleP: 10, ScaleBoot: 6 * time.Second, ScaleWindow: 12 * time.Second,
		RefreshN: 100, RefreshP: 10,
	}
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	quick := fs.Bool("quick", false, "small run for CI: smaller N and shorter windows; fails only when a scenario does not finish or a count is more than 3x off its target (wall-clock figures are printed, not judged)")
	terraform := fs.String("terraform", os.Getenv("TF_ACC_TERRAFORM_PATH"), "absolute path of the Terraform CLI (scripts/bench.sh passes scripts/terraform-path.sh's answer)")
	out := fs.String("out", "", "result file (default bench/results/latest.md, or bench/results/quick.md with -quick)")
	keep := fs.Bool("keep", false, "keep the temporary directory (Terraform logs, mock logs, state, request records) for inspection; it is also kept when a scenario fails")
	only := fs.String("only", "", "run only these scenarios, comma-separated: release-lag, create-lag, scale, refresh, refresh-load (no result file is written unless -out is given)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *terraform == "" || !filepath.IsAbs(*terraform) {
		fmt.Fprintln(os.Stderr, "bench: give the Terraform CLI's absolute path with -terraform (or TF_ACC_TERRAFORM_PATH); make bench does this")
		return 2
	}
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 2
	}
	resultFile := *out
	if resultFile == "" && *only == "" { // a partial run must not replace a full result
		name := "latest.md"
		if *quick {
			name = "quick.md"
		}
		resultFile = filepath.Join(root, "bench", "results", name)
	}
	p := fullParams
	if *quick {
		p = quickParams
	}

	b := &bench{p: p, quick: *quick, root: root, terraform: *terraform, started: time.Now()}
	if *only != "" {
		b.only = map[string]bool{}
		for _, name := range strings.Split(*only, ",") {
			name = strings.TrimSpace(name)
			if !slices.Contains(scenarioNames, name) {
				fmt.Fprintf(os.Stderr, "bench: -only: unknown scenario %q (known: %s)\n", name, strings.Join(scenarioNames, ", "))
				return 2
			}
			b.only[name] = true
		}
	}
	tmp, err := os.MkdirTemp("", "baidu-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 2
	}
	b.tmp = tmp
	rep, err := b.runAll(ctx)
	if *keep || err != nil || rep.scenarioFailed {
		fmt.Fprintln(os.Stderr, "bench: kept", tmp)
	} else {
		_ = os.RemoveAll(tmp)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 2
	}
	md := rep.markdown()
	fmt.Print("\n" + md)
	if resultFile != "" {
		// One error for both steps: a failure of either must be reported.
		writeErr := os.MkdirAll(filepath.Dir(resultFile), 0o755)
		if writeErr == nil {
			writeErr = os.WriteFile(resultFile, []byte(md), 0o644)
		}
		if err := writeErr; err != nil {
			fmt.Fprintln(os.Stderr, "bench: writing the result file:", err)
			return 2
		}
		fmt.Fprintln(os.Stderr, "bench: wrote", resultFile)
	}
	if ctx.Err() != nil {
		return 2
	}
	if rep.failed() {
		if *quick {
			fmt.Fprintln(os.Stderr, "bench: FAIL: a figure is more than 3x off its target")
		} else {
			fmt.Fprintln(os.Stderr, "bench: FAIL: a figure misses its target")
		}
		return 1
	}
	return 0
}

// bench is one run: its parameters, binaries and scratch directory.
type bench struct {
	p         params
	quick     bool
	root      string
	tmp       string
	terraform string
	cliConfig string
	bins      binaries
	started   time.Time
	only      map[string]bool // nil: every scenario
}

var scenarioNames = []string{"release-lag", "create-lag", "scale", "refresh", "refresh-load"}

// variantName names a scenario's run with batching on (the provider's
// default) or off ("-off"); both run in every benchmark, side by side.
func variantName(scenario string, batched bool) string {
	if batched {
		return scenario
	}
	return scenario + "-off"
}

func (b *bench) wants(name string) bool { return b.only == nil || b.only[name] }

// errSkipped marks a scenario left out with -only.
var errSkipped = errors.New("not run (-only)")

// stopMock stops a scenario's mock and says so if it did not exit cleanly:
// the figures stand, but a mock that crashed is worth a look.
func (b *bench) stopMock(m *mockProc) {
	if err := m.Stop(); err != nil {
		b.logf("the mock did not stop cleanly: %v", err)
	}
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%6.1fs] %s\n", time.Since(b.started).Seconds(), fmt.Sprintf(format, args...))
}

func (b *bench) startMock(ctx context.Context, name string, s mockSettings) (*mockProc, error) {
	return startMock(ctx, b.bins.Mock, filepath.Join(b.tmp, name+"-mock.log"), s)
}

func (b *bench) newWorkspace(name string, mock *mockProc) (*workspace, error) {
	dir := filepath.Join(b.tmp, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &workspace{Dir: dir, terraform: b.terraform, cliConfig: b.cliConfig, providerExe: b.bins.Provider, endpoint: mock.URL}, nil
}

// runAll builds, runs every scenario and assembles the report. A scenario
// that fails does not stop the others: its figures are marked failed.
func (b *bench) runAll(ctx context.Context) (report, error) {
	b.logf("building the provider and the mock into %s", b.tmp)
	var err error
	if b.bins, err = build(ctx, b.root, filepath.Join(b.tmp, "bin")); err != nil {
		return report{}, err
	}
	b.cliConfig = filepath.Join(b.tmp, "terraformrc")
	if err := writeCLIConfig(b.cliConfig, b.bins.Dir); err != nil {
		return report{}, err
	}
	machine := describeMachine(ctx, b.root, b.terraform)
	measureStart := time.Now()

	// The two lag scenarios spend most of their time waiting, so they
	// overlap: the create-lag apply runs while the release-lag instances
	// are being created, one every LagSpread/(LagN-1); the release-lag
	// import and destroy start once the create-lag scenario is done.
	var r results
	gate := make(chan struct{})
	go func() {
		defer close(gate)
		r.createErr, r.createOffErr = errSkipped, errSkipped
		if b.wants("create-lag") {
			r.create, r.createErr = b.createLagScenario(ctx, true)
			b.logDone("create-lag", r.createErr)
		}
	}()
	r.releaseErr = errSkipped
	if b.wants("release-lag") {
		r.release, r.releaseErr = b.releaseLagScenario(ctx, gate)
		b.logDone("release-lag", r.releaseErr)
	}
	<-gate
	// The same with batching off, on its own: the release-lag windows
	// leave no room for a second create-lag run beside them.
	if ctx.Err() == nil && b.wants("create-lag") {
		r.createOff, r.createOffErr = b.createLagScenario(ctx, false)
		b.logDone("create-lag-off", r.createOffErr)
	}
	r.scaleErr, r.scaleOffErr, r.refreshErr = errSkipped, errSkipped, errSkipped
	if ctx.Err() == nil && b.wants("scale") {
		r.scale, r.scaleErr = b.scaleScenario(ctx, true)
		b.logDone("scale", r.scaleErr)
		if ctx.Err() == nil {
			r.scaleOff, r.scaleOffErr = b.scaleScenario(ctx, false)
			b.logDone("scale-off", r.scaleOffErr)
		}
	}
	if ctx.Err() == nil && b.wants("refresh") {
		r.refresh, r.refreshErr = b.refreshScenario(ctx)
		b.logDone("refresh", r.refreshErr)
	}
	r.loadErr = errSkipped
	if ctx.Err() == nil && b.wants("refresh-load") && len(b.p.LoadSizes) > 0 {
		r.load, r.loadErr = b.refreshLoadScenario(ctx)
		b.logDone("refresh-load", r.loadErr)
	}
	if ctx.Err() != nil {
		return report{}, ctx.Err()
	}
	rep := report{Quick: b.quick, Machine: machine, Started: b.started, Took: time.Since(b.started)}
	for _, err := range []error{r.createErr, r.createOffErr, r.releaseErr, r.scaleErr, r.scaleOffErr, r.refreshErr, r.loadErr} {
		if err != nil && !errors.Is(err, errSkipped) {
			rep.scenarioFailed = true
		}
	}
	rep.Figures = buildFigures(b.p, r)
	rep.Sections = buildSections(b.p, r, time.Since(measureStart))
	return rep, nil
}

func (b *bench) logDone(name string, err error) {
	if err != nil {
		b.logf("%s: FAILED: %v", name, err)
		return
	}
	b.logf("%s: done", name)
}
