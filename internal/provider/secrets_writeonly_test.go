package provider_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

const (
	exampleWriteOnly = "resources/baidu_bcc_instance/write_only/main.tf"

	// autoTFVars is the file plugin-testing writes ConfigVariables to: the
	// test's input, and the one place the password is meant to be.
	autoTFVars = "terraform-plugin-testing.auto.tfvars.json"
)

// artifacts keeps, per kind, the text of what Terraform showed and saved
// during a test, to be searched for secrets afterwards.
type artifacts struct {
	mu    sync.Mutex
	texts map[string][]string
}

func (a *artifacts) add(kind, text string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.texts == nil {
		a.texts = map[string][]string{}
	}
	a.texts[kind] = append(a.texts[kind], text)
}

// recordPlan keeps the plan of a step as `terraform show -json` renders
// the saved plan file, and that file itself, unpacked, from the working
// directories under root (the test's TF_ACC_TEMP_DIR).
type recordPlan struct {
	a    *artifacts
	root string
}

func (r recordPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	b, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	r.a.add("plan (terraform show -json)", string(b))
	found := 0
	resp.Error = filepath.WalkDir(r.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() != "tfplan" || !d.Type().IsRegular() {
			return err
		}
		text, err := unpackPlanFile(path)
		found++
		r.a.add("saved plan file", text)
		return err
	})
	if resp.Error == nil && found == 0 {
		resp.Error = fmt.Errorf("no saved plan file under %s", r.root)
	}
}

// recordState keeps the state after a step, as `terraform show -json`
// renders it.
type recordState struct{ a *artifacts }

func (r recordState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	b, err := json.Marshal(req.State)
	resp.Error = err
	r.a.add("state (terraform show -json)", string(b))
}

// unpackPlanFile returns the contents of every entry of a saved plan file
// (a zip archive: the plan, the prior state, the configuration), so that
// compression cannot hide a secret from the search.
func unpackPlanFile(path string) (string, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return "", fmt.Errorf("saved plan %s: %w", path, err)
	}
	defer zr.Close()
	var all bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return "", err
		}
		_, err = io.Copy(&all, rc)
		rc.Close()
		if err != nil {
			return "", err
		}
	}
	return all.String(), nil
}

// workingDirFiles reads every file the test's Terraform runs left under
// root: state files and their backups, saved plan files (unpacked), the
// configuration and lock files, by kind. The variables file is returned
// apart: it holds the password because the test put it there.
func workingDirFiles(t *testing.T, root string) (byKind map[string][]string, tfvars []string) {
	t.Helper()
	byKind = map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		var text string
		if d.Name() == "tfplan" {
			text, err = unpackPlanFile(path)
		} else {
			var b []byte
			b, err = os.ReadFile(path)
			text = string(b)
		}
		switch {
		case err != nil:
			return err
		case d.Name() == autoTFVars:
			tfvars = append(tfvars, text)
		case d.Name() == "tfplan":
			byKind["saved plan file"] = append(byKind["saved plan file"], text)
		case strings.Contains(d.Name(), "tfstate"):
			byKind["state file"] = append(byKind["state file"], text)
		default:
			byKind["other working directory file"] = append(byKind["other working directory file"], text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return byKind, tfvars
}

// The write-only password, through the ephemeral-variable example: create,
// a change of the password alone (nothing happens), a change of the version
// (planned in place; a server that echoes the request; then done), and the
// destroy, with TF_LOG=TRACE and every working directory kept. Both
// passwords, plain and as encrypted on the wire, and the secret key appear
// in no state file or state, no saved plan file or its `terraform show
// -json`, not the TRACE log, and no diagnostic or plan output; the mock
// received each password. Runs on its own (t.Setenv), like the other
// secrets test.
func TestAccSecrets_writeOnlyPasswordNeverStored(t *testing.T) {
	const (
		firstPass  = "Wr1teOnly!first"
		secondPass = "Wr1teOnly@second"
		app        = "baidu_bcc_instance.app"
	)
	logDir, workRoot := t.TempDir(), t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logDir, "%s.log"))
	t.Setenv("TF_ACC_LOG_PATH", "")
	t.Setenv("TF_LOG_SDK_HELPER_RESOURCE", "OFF") // it logs the test's own input; see TestAccSecrets_neverInLogsDiagnosticsOrPlan
	t.Setenv("TF_LOG_PROVIDER_BAIDU_BCE", "TRACE")
	// Every working directory stays, each step's copied as it ended, so
	// that every state and plan file Terraform wrote can be searched.
	t.Setenv("TF_ACC_TEMP_DIR", workRoot)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")

	var spy *wireSpy
	e := acctest.NewWrappedEnv(t, bccmock.Config{}, func(h http.Handler) http.Handler {
		spy = &wireSpy{next: h}
		return spy
	})
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	example := acctest.ReadExample(t, exampleWriteOnly)
	const v1 = "admin_pass_wo_version = 1"
	if !strings.Contains(example, v1) {
		t.Fatalf("%s does not set %q", exampleWriteOnly, v1)
	}
	cfg := acctest.ReadExample(t, acctest.ExampleProvider) + "\n" + example
	cfgV2 := strings.Replace(cfg, v1, "admin_pass_wo_version = 2", 1)
	pass := func(p string) config.Variables { return config.Variables{"admin_pass": config.StringVariable(p)} }

	var (
		seen                   artifacts
		expected               string
		planShown, echoReached bool
	)
	errorCheck := func(err error) error {
		text := err.Error()
		switch expected {
		case "plan":
			if !strings.Contains(text, "admin_pass_wo_version") || !acctest.ExpectError("1 -> 2").MatchString(text) {
				return fmt.Errorf("the plan output does not show the version change:\n%s", text)
			}
			planShown = true
		case "echo":
			for _, want := range []string{"Failed to change BCC instance admin password", "HTTP 400", echoRequestID, "***"} {
				if !strings.Contains(text, want) {
					return fmt.Errorf("the echoed error does not mention %q:\n%s", want, text)
				}
			}
			echoReached = true
		default:
			return err
		}
		seen.add("diagnostics and plan output", text)
		expected = ""
		return nil
	}
	record := recordPlan{a: &seen, root: workRoot}
	nullWO := statecheck.ExpectKnownValue(app, tfjsonpath.New("admin_pass_wo"), knownvalue.Null())
	passChanges := func() int { return e.Mock.RequestCount("PUT", bccmock.RouteChangeInstancePass) }

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.WriteOnlyCLIs,
		ErrorCheck:               errorCheck,
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config:          cfg,
				ConfigVariables: pass(firstPass),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{record, plancheck.ExpectKnownValue(app, tfjsonpath.New("admin_pass_wo"), knownvalue.Null())},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					recordState{&seen}, nullWO,
					statecheck.ExpectKnownValue(app, tfjsonpath.New("admin_pass"), knownvalue.Null()),
					statecheck.ExpectKnownValue(app, tfjsonpath.New("admin_pass_wo_version"), knownvalue.Int64Exact(1)),
				},
				Check: e.CheckAdminPass(firstPass),
			},
			{
				// A new password without a new version: nothing to do.
				Config:          cfg,
				ConfigVariables: pass(secondPass),
				PlanOnly:        true,
			},
			{
				PreConfig: func() {
					if n := passChanges(); n != 0 {
						t.Errorf("%d password changes before the version changed, want 0", n)
					}
					expected = "plan"
				},
				Config:          cfgV2,
				ConfigVariables: pass(secondPass),
				PlanOnly:        true,
			},
			{
				PreConfig:       func() { expected = "echo"; spy.armEcho() },
				Config:          cfgV2,
				ConfigVariables: pass(secondPass),
			},
			{
				// The failed change left version 1 in state, so the
				// change is planned again, in place.
				Config:          cfgV2,
				ConfigVariables: pass(secondPass),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{record, plancheck.ExpectResourceAction(app, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					recordState{&seen}, nullWO,
					statecheck.ExpectKnownValue(app, tfjsonpath.New("admin_pass_wo_version"), knownvalue.Int64Exact(2)),
				},
				Check: resource.ComposeTestCheckFunc(e.CheckAdminPass(secondPass), func(*terraform.State) error {
					// The echoed change never reached the mock.
					if n := passChanges(); n != 1 {
						return fmt.Errorf("%d password changes reached the mock, want 1", n)
					}
					return nil
				}),
			},
		},
	})
	if !planShown || !echoReached {
		t.Fatalf("a failing step did not fail as planned (plan shown %v, echo reached %v)", planShown, echoReached)
	}

	files, tfvars := workingDirFiles(t, workRoot)
	for _, kind := range []string{"state file", "saved plan file"} {
		if len(files[kind]) == 0 {
			t.Fatalf("no %s found under %s; the search would prove nothing", kind, workRoot)
		}
	}
	// The control: the variables file holds both passwords, so a search
	// of these files does find a password where there is one.
	if joined := strings.Join(tfvars, "\n"); !strings.Contains(joined, firstPass) || !strings.Contains(joined, secondPass) {
		t.Fatalf("the %s files (%d) do not hold the passwords; the search of the working directories is not searching them", autoTFVars, len(tfvars))
	}
	logText := readLogs(t, logDir)
	for _, want := range []string{"bce_operation=CreateInstanceBySpec", "bce_operation=ChangeAdminPass", "sdk.framework:"} {
		if !strings.Contains(logText, want) {
			t.Errorf("the TRACE log (%d bytes) has no %q; it does not capture the provider's requests", len(logText), want)
		}
	}

	secrets := map[string]string{"secret key": acctest.SecretKey, "first password": firstPass, "second password": secondPass}
	for name, plain := range map[string]string{"first": firstPass, "second": secondPass} {
		enc, err := bceauth.EncryptPassword(plain, acctest.SecretKey)
		if err != nil {
			t.Fatal(err)
		}
		secrets["encrypted "+name+" password"] = enc
	}
	places := map[string][]string{"TRACE log": {logText}}
	for kind, texts := range seen.texts {
		places[kind] = texts
	}
	for kind, texts := range files {
		places[kind+" (working directories)"] = texts
	}
	searched := 0
	for where, texts := range places {
		for _, text := range texts {
			searched++
			for name, secret := range secrets {
				if strings.Contains(text, secret) {
					t.Errorf("a %s contains the %s", where, name)
				}
			}
		}
	}
	if !t.Failed() {
		t.Logf("write-only password: %d secrets searched in %d texts (%d state files, %d saved plan files, %d plans and %d states as shown by terraform show -json, %d diagnostics, a %d-byte TRACE log): none found",
			len(secrets), searched, len(files["state file"]), len(files["saved plan file"])+len(seen.texts["saved plan file"]),
			len(seen.texts["plan (terraform show -json)"]), len(seen.texts["state (terraform show -json)"]),
			len(seen.texts["diagnostics and plan output"]), len(logText))
	}
}
