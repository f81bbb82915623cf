package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/provider"
)

// ActionsVersion is the first Terraform with actions. OpenTofu has none;
// its versions (1.12 and before) are below it too.
var ActionsVersion = version.Must(version.NewVersion("1.14.0"))

// ActionCLIs are the CLIs that run action tests through plugin-testing.
var ActionCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(ActionsVersion)}

// SkipWithoutActions skips a test that runs the CLI itself (Invoke) when
// the CLI has no actions, with plugin-testing's words for a version-gated
// skip, which scripts/test.sh counts apart from other skips.
func SkipWithoutActions(t *testing.T) {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || cli == "" {
		t.Skip("acceptance test: set TF_ACC (and TF_ACC_TERRAFORM_PATH)")
	}
	out, err := exec.Command(cli, "version", "-json").Output()
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err != nil || json.Unmarshal(out, &v) != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	have, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatalf("CLI version %q: %v", v.Version, err)
	}
	if have.LessThan(ActionsVersion) || isOpenTofu(cli) {
		t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test", have, ActionsVersion)
	}
}

// Invoke runs `terraform apply -invoke=<address>` on config, the way a
// user invokes an action by hand, which plugin-testing has no step for. It
// serves the in-process provider (on the environment's clock) as
// plugin-testing does, through TF_REATTACH_PROVIDERS, in a fresh directory;
// config is written after a required_providers block naming it. It returns
// what the CLI printed, and an error when it failed.
func (e *Env) Invoke(t *testing.T, config, address string) (string, error) {
	t.Helper()
	return e.invoke(t, config, address, nil)
}

// InvokeInterrupted is Invoke sending the CLI an interrupt (Ctrl-C) once
// when is closed.
func (e *Env) InvokeInterrupted(t *testing.T, config, address string, when <-chan struct{}) (string, error) {
	t.Helper()
	return e.invoke(t, config, address, when)
}

func (e *Env) invoke(t *testing.T, config, address string, interrupt <-chan struct{}) (string, error) {
	t.Helper()
	SkipWithoutActions(t)
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	source := host + "/hashicorp/baidu"
	dir := t.TempDir()
	main := fmt.Sprintf("terraform {\n  required_providers {\n    baidu = { source = %q }\n  }\n}\n%s", source, config)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}

	reattach, stop := serveProvider(t, e, source)
	defer stop()
	env := append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	run := func(interrupt <-chan struct{}, args ...string) (string, error) {
		var out bytes.Buffer
		cmd := exec.CommandContext(t.Context(), os.Getenv("TF_ACC_TERRAFORM_PATH"), args...)
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, &out, &out
		if err := cmd.Start(); err != nil {
			return "", err
		}
		done := make(chan struct{})
		defer close(done)
		if interrupt != nil {
			go func() {
				select {
				case <-interrupt:
					_ = cmd.Process.Signal(os.Interrupt)
				case <-done:
				}
			}()
		}
		err := cmd.Wait()
		return out.String(), err
	}
	if out, err := run(nil, "init", "-no-color", "-input=false"); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}
	out, err := run(interrupt, "apply", "-auto-approve", "-no-color", "-input=false", "-invoke="+address)
	t.Logf("terraform apply -invoke=%s:\n%s", address, out)
	return out, err
}

// serveProvider serves the provider for e in debug mode and returns the
// TF_REATTACH_PROVIDERS value naming it under source, and how to stop it.
func serveProvider(t *testing.T, e *Env, source string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *goplugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	// The framework's server has the action calls; the interface naming
	// them is marked to be folded into ProviderServer later.
	inner, ok := providerserver.NewProtocol6(provider.NewOnClock("acctest", e.Clock)())().(tfprotov6.ProviderServerWithActions) //nolint:staticcheck
	if !ok {
		cancel()
		t.Fatal("the provider server serves no actions")
	}
	server := &invokeRecorder{ProviderServerWithActions: inner, env: e}
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve(source, func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
	}()
	var rc *goplugin.ReattachConfig
	select {
	case rc = <-configCh:
	case err := <-serveErr:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("the provider server did not start within 30 s")
	}
	type addr struct{ Network, String string }
	b, err := json.Marshal(map[string]any{source: map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": rc.Test,
		"Addr": addr{Network: rc.Addr.Network(), String: rc.Addr.String()},
	}})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	return string(b), func() {
		cancel()
		select {
		case <-closeCh:
		case <-time.After(10 * time.Second):
			t.Error("the provider server did not stop within 10 s")
		}
	}
}

// invokeRecorder keeps what each invocation ended with as the provider
// sent it. Terraform does not always show it: an apply interrupted while
// an action runs can end with "Apply complete!" and exit status 0 without
// the action's error, so a test of interruption checks the provider's own
// answer here.
type invokeRecorder struct {
	tfprotov6.ProviderServerWithActions //nolint:staticcheck // see serveProvider
	env                                 *Env
}

func (r *invokeRecorder) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	s, err := r.ProviderServerWithActions.InvokeAction(ctx, req)
	if err != nil || s == nil {
		return s, err
	}
	events := s.Events
	s.Events = func(yield func(tfprotov6.InvokeActionEvent) bool) {
		open := true
		// Every event is drawn, also after Terraform stopped listening, so
		// that the completion is recorded.
		for ev := range events {
			if c, ok := ev.Type.(tfprotov6.CompletedInvokeActionEventType); ok {
				r.env.recordInvocation(c.Diagnostics)
			}
			open = open && yield(ev)
		}
	}
	return s, nil
}

func (e *Env) recordInvocation(diags []*tfprotov6.Diagnostic) {
	var errs []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d.Summary+": "+d.Detail)
		}
	}
	e.invokeMu.Lock()
	defer e.invokeMu.Unlock()
	e.invocations = append(e.invocations, strings.Join(errs, "\n"))
}

// Invocations are how the actions invoked through Invoke ended, in order,
// as the provider answered: "" for success, else its error diagnostics.
func (e *Env) Invocations() []string {
	e.invokeMu.Lock()
	defer e.invokeMu.Unlock()
	return append([]string(nil), e.invocations...)
}
