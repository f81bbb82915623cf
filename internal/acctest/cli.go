package acctest

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/provider"
)

// CLI runs the Terraform CLI (TF_ACC_TERRAFORM_PATH) in a directory of its
// own, against the provider served in-process on the environment's clock
// and reached through TF_REATTACH_PROVIDERS: for the commands
// terraform-plugin-testing cannot drive, such as
// `terraform query -generate-config-out`. The directory's configuration
// names the provider by its registry address, as a user's does.
type CLI struct {
	t        *testing.T
	Dir      string
	bin      string
	reattach string
}

// NewCLI serves the provider until the test ends and returns a CLI bound
// to it, in an empty temporary directory. It skips the test when TF_ACC is
// unset, and fails it when TF_ACC_TERRAFORM_PATH is.
func (e *Env) NewCLI(t *testing.T) *CLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set; acctest.Main sets it when TF_ACC is")
	}
	server, err := providerserver.NewProtocol6WithError(provider.NewOnClock("acctest", e.Clock)())()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	go func() {
		_ = tf6server.Serve(provider.Address, func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, configCh, closeCh), tf6server.WithLoggingSink(t))
	}()
	cfg := <-configCh
	t.Cleanup(func() { cancel(); <-closeCh })

	// The shape Terraform reads from TF_REATTACH_PROVIDERS.
	type addr struct{ Network, String string }
	reattach, err := json.Marshal(map[string]any{provider.Address: map[string]any{
		"Protocol": string(cfg.Protocol), "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": true,
		"Addr": addr{cfg.Addr.Network(), cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return &CLI{t: t, Dir: t.TempDir(), bin: bin, reattach: string(reattach)}
}

// SkipBelowCLI skips the test when TF_ACC is unset, as plugin-testing
// does, and, with the message tfversion.SkipBelow gives (which
// scripts/test.sh counts as a version-gated skip), when the CLI in
// TF_ACC_TERRAFORM_PATH is older than minimum. OpenTofu reports its own
// version, below 1.14 today, and has no `query` command, so it is skipped
// the same way. Tests that run the CLI themselves, or run subtests, call it
// first.
func SkipBelowCLI(t *testing.T, minimum string) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	cmd := exec.Command(bin, "version", "-json")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+os.DevNull, "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if i := strings.IndexByte(string(out), '{'); i < 0 || json.Unmarshal(out[i:], &v) != nil {
		t.Fatalf("%s version -json answered %q", bin, out)
	}
	have, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	if have.LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test", v.Version, minimum)
	}
}

// Write puts a file into the CLI's directory.
func (c *CLI) Write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.Dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Read returns a file of the CLI's directory.
func (c *CLI) Read(name string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.Dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// Run runs the CLI with args and returns its combined output and error;
// no CLI configuration of the user's is read.
func (c *CLI) Run(args ...string) (string, error) {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+c.reattach, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TF_CLI_CONFIG_FILE="+os.DevNull, "TF_INPUT=0")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// MustRun is Run that fails the test on an error, with the output.
func (c *CLI) MustRun(args ...string) string {
	c.t.Helper()
	out, err := c.Run(args...)
	if err != nil {
		c.t.Fatalf("terraform %v: %v\n%s", args, err, out)
	}
	return out
}

// planCounts is the count line of `terraform plan`.
var planCounts = regexp.MustCompile(`Plan: (\d+) to import, (\d+) to add, (\d+) to change, (\d+) to destroy`)

// GenerateAndImport runs the query workflow a user runs to adopt what a
// configuration does not manage, and fails the test at the first step that
// goes wrong: mainTF (main.tf: the terraform block and the provider, as
// RequiredProviders and Env.ProviderBlock make them) and the query file
// (find.tfquery.hcl) are written, then `init`, `query -generate-config-out=generated.tf` (which
// must hold want import blocks), a `plan` that must only import want
// objects, `apply`, and a `plan -detailed-exitcode` that must show no
// changes. It returns the generated configuration, used as written.
func (c *CLI) GenerateAndImport(mainTF, query string, want int) string {
	c.t.Helper()
	c.Write("main.tf", mainTF)
	c.Write("find.tfquery.hcl", query)
	c.MustRun("init", "-no-color")
	out := c.MustRun("query", "-no-color", "-generate-config-out=generated.tf")
	generated := c.Read("generated.tf")
	c.t.Logf("terraform query:\n%s\ngenerated.tf:\n%s", out, generated)
	if n := strings.Count(generated, "import {"); n != want {
		c.t.Fatalf("generated.tf has %d import blocks, want %d", n, want)
	}
	out = c.MustRun("plan", "-no-color")
	m := planCounts.FindStringSubmatch(out)
	if m == nil || m[1] != strconv.Itoa(want) || m[2] != "0" || m[3] != "0" || m[4] != "0" {
		c.t.Fatalf("the plan of the generated configuration should only import %d objects:\n%s", want, out)
	}
	c.t.Logf("plan of the generated configuration: %s", m[0])
	c.MustRun("apply", "-no-color", "-auto-approve")
	out, err := c.Run("plan", "-no-color", "-detailed-exitcode")
	if err != nil || !strings.Contains(out, "No changes.") {
		c.t.Fatalf("the plan after importing the generated configuration is not empty (%v):\n%s", err, out)
	}
	return generated
}

// RequiredProviders is the terraform block a CLI directory's configuration
// needs: the provider under its registry address, which TF_REATTACH_PROVIDERS
// serves.
const RequiredProviders = `
terraform {
  required_providers {
    baidu = {
      source = "terraform-baidu/baidu"
    }
  }
}
`

// AssertOnlyReads fails the test when anything but a read reached the mock
// since its counts were last reset: listing and importing change nothing.
func AssertOnlyReads(t *testing.T, e *Env) {
	t.Helper()
	for _, r := range e.Mock.Requests() {
		if r.Method != http.MethodGet && r.Route != bccmock.RouteListInstancesByIDs {
			t.Errorf("a list or an import made a change on the API: %s %s", r.Method, r.Path)
		}
	}
}
