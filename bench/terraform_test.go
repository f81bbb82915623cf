package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestTerraformEnv(t *testing.T) {
	env := terraformEnv([]string{
		"PATH=/usr/bin", "HOME=/home/u", "TF_LOG=TRACE", "TF_CLI_CONFIG_FILE=/home/u/.terraformrc",
		"BAIDUCLOUD_SECRET_KEY=real-secret", "BAIDUCLOUD_REGION=gz", "CHECKPOINT_DISABLE=",
	}, "/tmp/rc", "http://127.0.0.1:4242")
	for _, want := range []string{
		"PATH=/usr/bin", "HOME=/home/u", "TF_CLI_CONFIG_FILE=/tmp/rc", "CHECKPOINT_DISABLE=1",
		"BAIDUCLOUD_BCC_ENDPOINT=http://127.0.0.1:4242", "BAIDUCLOUD_ACCESS_KEY=mock-access-key",
	} {
		if !slices.Contains(env, want) {
			t.Errorf("env lacks %s: %v", want, env)
		}
	}
	for _, gone := range []string{"TF_LOG=TRACE", "TF_CLI_CONFIG_FILE=/home/u/.terraformrc", "BAIDUCLOUD_SECRET_KEY=real-secret", "BAIDUCLOUD_REGION=gz"} {
		if slices.Contains(env, gone) {
			t.Errorf("env keeps the caller's %s", gone)
		}
	}
}

func TestImportConfigPairsEachIDWithItsResource(t *testing.T) {
	hcl := importConfig("rel", []importedInstance{{ID: "i-AAAA1111", Name: "release-lag-0"}, {ID: "i-BBBB2222", Name: "release-lag-1"}})
	blocks := regexp.MustCompile(`(?s)import \{\s*to = baidu_bcc_instance\.(\w+)\s*id = "([^"]+)"\s*\}\s*resource "baidu_bcc_instance" "(\w+)" \{\s*name\s*= "([^"]+)"`).FindAllStringSubmatch(hcl, -1)
	if len(blocks) != 2 {
		t.Fatalf("found %d import+resource pairs, want 2:\n%s", len(blocks), hcl)
	}
	for i, want := range [][]string{{"rel_000", "i-AAAA1111", "release-lag-0"}, {"rel_001", "i-BBBB2222", "release-lag-1"}} {
		b := blocks[i]
		if b[1] != want[0] || b[3] != want[0] || b[2] != want[1] || b[4] != want[2] {
			t.Errorf("pair %d: to=%s id=%s resource=%s name=%s; want %v", i, b[1], b[2], b[3], b[4], want)
		}
	}
	if !strings.HasPrefix(hcl, providerHCL(true)) {
		t.Error("the configuration does not start with the provider block")
	}
}

func TestCountConfigAndArgs(t *testing.T) {
	hcl := countConfig("scale", "scale", 100, true)
	if strings.Contains(hcl, "batching") || !strings.Contains(countConfig("scale", "scale", 1, false), "enabled = false") {
		t.Error("batching is on by default and off only when asked")
	}
	for _, want := range []string{`resource "baidu_bcc_instance" "scale"`, "count             = 100", `name              = "scale-${count.index}"`} {
		if !strings.Contains(hcl, want) {
			t.Errorf("config lacks %q:\n%s", want, hcl)
		}
	}
	if got := tfArgs("destroy", 10); !slices.Equal(got, []string{"destroy", "-input=false", "-no-color", "-parallelism=10", "-auto-approve"}) {
		t.Errorf("destroy args %v", got)
	}
	if got := tfArgs("plan", 10, "-detailed-exitcode"); slices.Contains(got, "-auto-approve") || got[len(got)-1] != "-detailed-exitcode" {
		t.Errorf("plan args %v", got)
	}
}
