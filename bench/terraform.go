package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// What every benchmark instance looks like; the mock accepts any image id.
const (
	benchSpec  = "bcc.g5.c2m8"
	benchImage = "m-BenchImage"
	benchZone  = "cn-bj-a"
)

// providerHCL is the provider block: batched reads (the provider's default),
// or one GET per read, so that both can be measured side by side.
func providerHCL(batched bool) string {
	batching := ""
	if !batched {
		batching = "\n  batching {\n    enabled = false\n  }\n"
	}
	return `terraform {
  required_providers {
    baidu = { source = "terraform-baidu/baidu" }
  }
}

# access_key, secret_key and endpoints.bcc come from BAIDUCLOUD_* variables.
provider "baidu" {
  region = "bj"` + batching + `
}
`
}

// countConfig is n instances of one resource named name.
func countConfig(name, namePrefix string, n int, batched bool) string {
	return providerHCL(batched) + fmt.Sprintf(`
resource "baidu_bcc_instance" %q {
  count             = %d
  name              = "%s-${count.index}"
  instance_spec     = %q
  image_id          = %q
  availability_zone = %q
}
`, name, n, namePrefix, benchSpec, benchImage, benchZone)
}

// importedInstance is an instance created outside Terraform, to be imported.
type importedInstance struct {
	ID   string
	Name string
}

// importConfig declares one resource per instance with an import block, so
// a single apply brings them all into state with configuration that
// matches them exactly (no change planned).
func importConfig(name string, instances []importedInstance) string {
	var b strings.Builder
	b.WriteString(providerHCL(true))
	for i, in := range instances {
		fmt.Fprintf(&b, `
import {
  to = baidu_bcc_instance.%s_%03d
  id = %q
}

resource "baidu_bcc_instance" "%s_%03d" {
  name              = %q
  instance_spec     = %q
  image_id          = %q
  availability_zone = %q
}
`, name, i, in.ID, name, i, in.Name, benchSpec, benchImage, benchZone)
	}
	return b.String()
}

// terraformEnv is the environment of every Terraform command: the caller's,
// minus anything that would change Terraform's or the provider's behaviour
// (TF_*, BAIDUCLOUD_*), plus the benchmark's own CLI configuration and the
// mock's endpoint and demo keys.
func terraformEnv(base []string, cliConfig, endpoint string) []string {
	var env []string
	for _, kv := range base {
		if strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "BAIDUCLOUD_") || strings.HasPrefix(kv, "CHECKPOINT_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"BAIDUCLOUD_ACCESS_KEY="+bccmock.DemoAccessKey,
		"BAIDUCLOUD_SECRET_KEY="+bccmock.DemoSecretKey,
		"BAIDUCLOUD_BCC_ENDPOINT="+endpoint,
	)
}

// workspace is one Terraform working directory talking to one mock.
type workspace struct {
	Dir         string
	terraform   string
	cliConfig   string
	providerExe string
	endpoint    string
	runs        int
}

// tfRun is one finished Terraform command.
type tfRun struct {
	Args       []string
	Start, End time.Time
	ExitCode   int
	OutputPath string
	Output     string
	// PeakRSS is the largest VmHWM of the provider processes started for
	// the command, in bytes; Processes is how many there were.
	PeakRSS   int64
	Processes int
	// ProviderCPU is the provider processes' CPU time; TotalCPU is
	// Terraform's including the providers it waited for (wait4 counts
	// reaped descendants), so the difference is Terraform's own.
	ProviderCPU, TotalCPU time.Duration
}

func (r tfRun) Wall() time.Duration { return r.End.Sub(r.Start) }

func (w *workspace) writeConfig(hcl string) error {
	return os.WriteFile(filepath.Join(w.Dir, "main.tf"), []byte(hcl), 0o600)
}

// run runs one Terraform command in the workspace, sampling the provider's
// memory meanwhile. A non-zero exit is not an error here; see mustRun.
func (w *workspace) run(ctx context.Context, args ...string) (tfRun, error) {
	w.runs++
	out := filepath.Join(w.Dir, fmt.Sprintf("%02d-%s.log", w.runs, args[0]))
	f, err := os.Create(out)
	if err != nil {
		return tfRun{}, err
	}
	defer func() { _ = f.Close() }() // Terraform's output is also kept in memory; the file is for inspection
	cmd := exec.CommandContext(ctx, w.terraform, args...)
	cmd.Dir = w.Dir
	cmd.Env = terraformEnv(os.Environ(), w.cliConfig, w.endpoint)
	cmd.Stdout, cmd.Stderr = f, f
	// On Ctrl-C, let Terraform stop its providers and save state.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = time.Minute

	r := tfRun{Args: args, OutputPath: out}
	sampler := startRSSSampler(w.providerExe, 25*time.Millisecond)
	r.Start = time.Now()
	err = cmd.Run()
	r.End = time.Now()
	seen := sampler.Stop()
	r.PeakRSS, r.Processes, r.ProviderCPU = seen.PeakRSS, seen.Processes, seen.CPU
	if cmd.ProcessState != nil {
		r.TotalCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	data, _ := os.ReadFile(out)
	r.Output = string(data)
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && ctx.Err() == nil:
		r.ExitCode = exit.ExitCode()
	default:
		return r, fmt.Errorf("terraform %s: %w", strings.Join(args, " "), err)
	}
	return r, nil
}

// mustRun is run, failing on a non-zero exit or when the output lacks want.
func (w *workspace) mustRun(ctx context.Context, want string, args ...string) (tfRun, error) {
	r, err := w.run(ctx, args...)
	if err != nil {
		return r, err
	}
	if r.ExitCode != 0 || !strings.Contains(r.Output, want) {
		return r, fmt.Errorf("terraform %s exited %d without %q; output (%s) ends:\n%s",
			strings.Join(args, " "), r.ExitCode, want, r.OutputPath, tail(r.Output, 3000))
	}
	return r, nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// tfArgs are the flags of every non-interactive Terraform command here.
func tfArgs(cmd string, parallelism int, extra ...string) []string {
	args := []string{cmd, "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", parallelism)}
	if cmd == "apply" || cmd == "destroy" {
		args = append(args, "-auto-approve")
	}
	return append(args, extra...)
}

// destroyRecorded runs a terraform destroy that must report want, with the
// mock's request records cleared before and saved after, so they hold
// exactly the destroy's calls.
func (w *workspace) destroyRecorded(ctx context.Context, mock *mockProc, want string, args ...string) (tfRun, []bccmock.RequestRecord, error) {
	if err := mock.resetRequests(ctx); err != nil {
		return tfRun{}, nil, err
	}
	run, err := w.mustRun(ctx, want, args...)
	if err != nil {
		return run, nil, err
	}
	recs, err := mock.savedRecords(ctx, w.Dir, "destroy-records.json")
	return run, recs, err
}
