package main

import (
	"fmt"
	"strings"
	"time"
)

// verdict is how one figure compares with its target.
type verdict int

const (
	verdictInfo verdict = iota // no target
	verdictPass
	// verdictMiss misses the target without failing the run: a count
	// within smokeFactor of it in a -quick run, or a wall-clock figure in a
	// full run (timings are reported, never a gate).
	verdictMiss
	// verdictUnjudged is a wall-clock figure of a -quick run: printed with
	// its target, not compared with it.
	verdictUnjudged
	verdictFail
)

// smokeFactor is how far off its target a count may be before -quick fails.
// Batched call counts depend on when reads arrive, which a busy machine
// shifts, and the quick run's small state makes each extra call weigh more;
// the full run holds them to the target.
const smokeFactor = 3

// figure is one measured number and, unless Info, its target.
type figure struct {
	Name  string
	Value float64
	Shown string // Value as printed, with its unit
	// Limit is the target: Value <= Limit, or Value == Limit when Exact.
	Limit  float64
	Exact  bool
	Target string // the target as printed
	// Broken fails the figure whatever its value, with the reason (for
	// example an instance that was never read, which an average hides).
	Broken string
	Info   bool
	// Timing marks a figure measured on the wall clock (a lag, a wall time
	// against its ideal): it depends on the machine's speed and load, so
	// it never fails a run. A -quick run prints it unjudged; a full run
	// says whether it met its target.
	Timing bool
}

func (f figure) judge(quick bool) verdict {
	if f.Info {
		return verdictInfo
	}
	if f.Broken != "" {
		return verdictFail
	}
	if f.Timing && quick {
		return verdictUnjudged
	}
	ok := f.Value <= f.Limit
	if f.Exact {
		ok = f.Value == f.Limit
	}
	switch {
	case ok:
		return verdictPass
	case f.Timing:
		return verdictMiss
	case quick && f.Value <= smokeFactor*f.Limit:
		return verdictMiss
	default:
		return verdictFail
	}
}

func (v verdict) String() string {
	switch v {
	case verdictPass:
		return "pass"
	case verdictMiss:
		return "miss (not a gate)"
	case verdictUnjudged:
		return "not judged (wall clock)"
	case verdictFail:
		return "**FAIL**"
	default:
		return "info"
	}
}

// machineInfo describes where the benchmark ran.
type machineInfo struct {
	CPU       string
	CPUs      int
	MemoryGiB float64
	OS        string
	Go        string
	Terraform string
	Commit    string
}

// report is the whole result: what is printed and written to a file.
type report struct {
	Quick   bool
	Machine machineInfo
	Started time.Time
	Took    time.Duration
	Figures []figure
	// Sections are markdown paragraphs after the table: the scenarios,
	// how each figure is computed, and details worth keeping.
	Sections []string
	// scenarioFailed is set when a scenario could not finish (its
	// figures are marked failed); the scratch directory is then kept.
	scenarioFailed bool
}

// failed reports whether the run should exit non-zero: a scenario that did
// not finish, or a count (calls, calls per instance, refused releases per
// minute, memory) off its target in a full run or more than 3x off in a
// -quick run. Wall-clock figures never fail it.
func (r report) failed() bool {
	for _, f := range r.Figures {
		if f.judge(r.Quick) == verdictFail {
			return true
		}
	}
	return false
}

func (r report) markdown() string {
	var b strings.Builder
	mode := "full run"
	if r.Quick {
		mode = "-quick run (CI smoke test: every scenario must finish and every count be within 3x of its target; wall-clock figures are printed, not judged)"
	}
	fmt.Fprintf(&b, "# `make bench` results\n\n")
	fmt.Fprintf(&b, "%s, %s UTC, took %s.\n\n", mode, r.Started.UTC().Format("2006-01-02 15:04"), r.Took.Round(time.Second))
	fmt.Fprintf(&b, "| Machine | |\n|---|---|\n")
	fmt.Fprintf(&b, "| CPU | %s, %d cores (nproc) |\n", orDash(r.Machine.CPU), r.Machine.CPUs)
	fmt.Fprintf(&b, "| Memory | %.1f GiB |\n", r.Machine.MemoryGiB)
	fmt.Fprintf(&b, "| OS | %s |\n", orDash(r.Machine.OS))
	fmt.Fprintf(&b, "| Go | %s |\n", orDash(r.Machine.Go))
	fmt.Fprintf(&b, "| Terraform | %s |\n", orDash(r.Machine.Terraform))
	fmt.Fprintf(&b, "| Provider commit | %s |\n\n", orDash(r.Machine.Commit))

	fmt.Fprintf(&b, "| Figure | Value | Target | Result |\n|---|---|---|---|\n")
	for _, f := range r.Figures {
		target := f.Target
		if f.Info {
			target = "-"
		}
		result := f.judge(r.Quick).String()
		if f.Broken != "" {
			result += ": " + f.Broken
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", escapeCell(f.Name), escapeCell(f.Shown), escapeCell(target), escapeCell(result))
	}
	for _, s := range r.Sections {
		b.WriteString("\n")
		b.WriteString(strings.TrimRight(s, "\n"))
		b.WriteString("\n")
	}
	return b.String()
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// lagFigures are the median and max rows for one set of lags.
func lagFigures(name string, s summary, medianLimit, maxLimit time.Duration) []figure {
	broken := ""
	if s.N == 0 {
		broken = "no samples"
	}
	return []figure{
		{Name: name + ", median (n=" + fmt.Sprint(s.N) + ")", Value: s.Median.Seconds(), Shown: seconds(s.Median),
			Limit: medianLimit.Seconds(), Target: "<= " + seconds(medianLimit), Broken: broken, Timing: true},
		{Name: name + ", max", Value: s.Max.Seconds(), Shown: seconds(s.Max),
			Limit: maxLimit.Seconds(), Target: "<= " + seconds(maxLimit), Broken: broken, Timing: true},
	}
}

// ratioFigure compares a wall time with its ideal lower bound.
func ratioFigure(name string, wall, ideal time.Duration, limit float64) figure {
	f := figure{Name: name, Limit: limit, Target: fmt.Sprintf("<= %.1fx ideal", limit), Timing: true}
	if ideal <= 0 {
		f.Broken = "no ideal"
		return f
	}
	f.Value = wall.Seconds() / ideal.Seconds()
	f.Shown = fmt.Sprintf("%.1f s vs ideal %.1f s = %.2fx", wall.Seconds(), ideal.Seconds(), f.Value)
	return f
}
