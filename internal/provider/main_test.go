package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain makes a plain `TF_ACC=1 go test ./...` find the Terraform CLI the
// same way `make test` does. Left to itself, terraform-plugin-testing would
// try to download Terraform when none is configured, which cannot work here
// and must never happen silently.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") != "" && os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		script, err := filepath.Abs("../../scripts/terraform-path.sh")
		if err == nil {
			cmd := exec.Command("bash", script)
			cmd.Stderr = os.Stderr
			out, runErr := cmd.Output()
			err = runErr
			if err == nil {
				os.Setenv("TF_ACC_TERRAFORM_PATH", strings.TrimSpace(string(out)))
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "TF_ACC is set but no Terraform CLI could be found or built (%v); set TF_ACC_TERRAFORM_PATH\n", err)
			os.Exit(1)
		}
	}
	if os.Getenv("CHECKPOINT_DISABLE") == "" {
		os.Setenv("CHECKPOINT_DISABLE", "1")
	}
	os.Exit(m.Run())
}
