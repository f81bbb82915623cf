package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

const modulePath = "github.com/terraform-baidu/terraform-provider-baidu"

// repoRoot finds the module root from the working directory upwards, so
// `go run ./bench` works from the root and the script can call it anywhere.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.Contains(data, []byte("module "+modulePath+"\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("not inside the %s module: run from the repository (make bench)", modulePath)
		}
		dir = parent
	}
}

// binaries are the programs built for one run.
type binaries struct {
	Dir      string // holds the provider binary: the dev_overrides directory
	Provider string
	Mock     string
}

// build compiles the provider and the mock command into dir.
func build(ctx context.Context, root, dir string) (binaries, error) {
	b := binaries{
		Dir:      dir,
		Provider: filepath.Join(dir, "terraform-provider-baidu"),
		Mock:     filepath.Join(dir, "bccmock"),
	}
	for _, step := range []struct{ out, pkg string }{{b.Provider, "."}, {b.Mock, "./cmd/bccmock"}} {
		cmd := exec.CommandContext(ctx, "go", "build", "-ldflags", "-X main.version=bench", "-o", step.out, step.pkg)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return b, fmt.Errorf("go build %s: %w\n%s", step.pkg, err, out)
		}
	}
	return b, nil
}

// writeCLIConfig writes a Terraform CLI configuration whose dev_overrides
// send terraform-baidu/baidu to the binary just built, so no registry is
// asked and the user's ~/.terraformrc is neither read nor touched.
func writeCLIConfig(path, providerDir string) error {
	rc := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "terraform-baidu/baidu" = %q
  }
  direct {}
}
`, providerDir)
	return os.WriteFile(path, []byte(rc), 0o600)
}

func describeMachine(ctx context.Context, root, terraform string) machineInfo {
	m := machineInfo{
		CPUs: runtime.NumCPU(),
		OS:   runtime.GOOS + "/" + runtime.GOARCH,
		Go:   runtime.Version(),
	}
	if out, err := exec.CommandContext(ctx, "nproc").Output(); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(out))); err == nil {
			m.CPUs = n
		}
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
		_ = f.Close()
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		if kb, ok := procStatusKB(string(data), "MemTotal"); ok {
			m.MemoryGiB = float64(kb) / (1 << 20)
		}
	}
	if data, err := os.ReadFile("/etc/os-release"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
				m.OS = strings.Trim(v, `"`) + " (" + m.OS + ")"
			}
		}
	}
	if out, err := exec.CommandContext(ctx, terraform, "version", "-json").Output(); err == nil {
		var v struct {
			Version string `json:"terraform_version"`
		}
		if json.Unmarshal(out, &v) == nil && v.Version != "" {
			m.Terraform = "v" + v.Version
		}
	}
	cmd := exec.CommandContext(ctx, "git", "describe", "--always", "--dirty")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		m.Commit = strings.TrimSpace(string(out))
	}
	return m
}
