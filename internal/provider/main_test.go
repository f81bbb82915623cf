package provider

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain makes a plain `TF_ACC=1 go test ./...` find the CLI the same way
// `make test` does: Terraform or OpenTofu, chosen by TF_CLI
// (terraform|tofu; by default Terraform if found, else OpenTofu), through
// scripts/terraform-path.sh. Left to itself, terraform-plugin-testing would
// try to download Terraform when none is configured, which cannot work here
// and must never happen silently.
func TestMain(m *testing.M) {
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
		script, err := filepath.Abs("../../scripts/terraform-path.sh")
		if err != nil {
			return err
		}
		cmd := exec.Command("bash", script)
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
