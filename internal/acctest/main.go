package acctest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Main is the TestMain of every package with acceptance tests. It makes a
// plain `TF_ACC=1 go test ./...` find the CLI the same way `make test`
// does: Terraform or OpenTofu, chosen by TF_CLI (terraform|tofu; by default
// Terraform if found, else OpenTofu), through scripts/terraform-path.sh.
// Left to itself, terraform-plugin-testing would try to download Terraform
// when none is configured, which cannot work here and must never happen
// silently.
func Main(m *testing.M) {
	// A TF_CLI_CONFIG_FILE naming a missing file makes OpenTofu print a
	// warning on stdout, in front of the JSON that plugin-testing reads, and
	// Terraform print one into every test's output. The tests need no CLI
	// configuration.
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f != "" {
		if _, err := os.Stat(f); err != nil {
			os.Unsetenv("TF_CLI_CONFIG_FILE")
		}
	}
	if os.Getenv("CHECKPOINT_DISABLE") == "" {
		os.Setenv("CHECKPOINT_DISABLE", "1")
	}
	if os.Getenv("TF_ACC") != "" {
		if err := setUpCLI(); err != nil {
			fmt.Fprintf(os.Stderr, "TF_ACC is set but %v\n", err)
			os.Exit(1)
		}
		if err := takeTurn(); err != nil {
			fmt.Fprintf(os.Stderr, "TF_ACC is set but the acceptance tests could not take their turn: %v\n", err)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

// setUpCLI sets TF_ACC_TERRAFORM_PATH, when unset, to the CLI that
// scripts/terraform-path.sh picks, and TF_ACC_PROVIDER_HOST, when unset, to
// the registry host that CLI resolves provider sources to: plugin-testing
// writes `source = "<host>/hashicorp/baidu"` into each test configuration
// and serves the in-process provider under that address. Under OpenTofu the
// host is registry.opentofu.org, so the tests see the address an OpenTofu
// user's configuration resolves to. Nothing is downloaded from either.
func setUpCLI() error {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		root, err := RepoRoot()
		if err != nil {
			return err
		}
		cmd := exec.Command("bash", filepath.Join(root, "scripts", "terraform-path.sh"))
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("no Terraform or OpenTofu CLI could be found or built (%v); set TF_ACC_TERRAFORM_PATH or TOFU_PATH, or TF_CLI=terraform|tofu", err)
		}
		cli = strings.TrimSpace(string(out))
		os.Setenv("TF_ACC_TERRAFORM_PATH", cli)
	}
	if os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
		host := "registry.terraform.io"
		if isOpenTofu(cli) {
			host = "registry.opentofu.org"
		}
		os.Setenv("TF_ACC_PROVIDER_HOST", host)
	}
	return nil
}

// isOpenTofu tells whether cli says it is OpenTofu.
func isOpenTofu(cli string) bool {
	out, _ := exec.Command(cli, "version").Output()
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "OpenTofu v") {
			return true
		}
	}
	return false
}

// RepoRoot is the repository's root: the nearest directory above the
// working directory (a test's package directory) that holds go.mod. Tests
// find scripts/, examples/ and docs/ from it, wherever their package sits.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory, so the repository root is unknown")
		}
		dir = parent
	}
}

// RepoPath is a path under the repository's root, such as "examples"; it
// fails the test when the root cannot be found.
func RepoPath(t testing.TB, rel string) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, filepath.FromSlash(rel))
}
