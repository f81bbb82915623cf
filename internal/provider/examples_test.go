package provider

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-testing/config"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

// The examples under examples/ are what users paste, and what docs/ shows.
// These tests apply them, unchanged, against the in-process mock: the only
// things a test supplies are what a user supplies too (credentials and the
// endpoint in BAIDUCLOUD_* variables, values of declared variables), and
// for the mock example, the port the mock happens to listen on.

const (
	examplesRoot = "../../examples"
	docsRoot     = "../../docs"

	exampleProvider     = "provider/provider.tf"
	exampleSTSProvider  = "provider/sts/provider.tf"
	exampleMockProvider = "provider/mock/provider.tf"
	exampleBatching     = "provider/batching/provider.tf"
	exampleResource     = "resources/baidu_bcc_instance/resource.tf"
	exampleImportCmd    = "resources/baidu_bcc_instance/import.sh"
	exampleAdopt        = "resources/baidu_bcc_instance/import/main.tf"
	exampleRemoved      = "resources/baidu_bcc_instance/prepaid/removed.tf"

	// The mock example's endpoint; the test swaps in the real port.
	mockExampleEndpoint = "http://127.0.0.1:8080"
)

// notReadBackOnImport are the arguments the docs say Baidu does not return,
// so that they are null after an import.
var notReadBackOnImport = []string{"admin_pass", "admin_pass_wo_version", "reservation", "security_groups", "user_data"}

func readExample(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examplesRoot, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("example %s: %v", rel, err)
	}
	return string(b)
}

// useExampleEnvironment sets the environment a user of the examples would
// have, pointed at e's mock. It makes the test non-parallel (t.Setenv).
func useExampleEnvironment(t *testing.T, e *accEnv, accessKey, secretKey string) {
	t.Setenv(envAccessKey, accessKey)
	t.Setenv(envSecretKey, secretKey)
	t.Setenv(envSessionToken, "")
	t.Setenv(envRegion, "")
	t.Setenv(envBCCEndpoint, e.url)
	// The examples name the provider by its registry source,
	// terraform-baidu/baidu; serve the in-process provider under it.
	t.Setenv(acc.EnvTfAccProviderNamespace, "terraform-baidu")
}

// importCommand parses import.sh: the one `terraform import ADDRESS ID`
// line it holds.
func importCommand(t *testing.T) (address, id string) {
	t.Helper()
	return importCommandOf(t, exampleImportCmd)
}

// importCommandOf parses an import.sh: the one `terraform import ADDRESS ID`
// line it holds.
func importCommandOf(t *testing.T, rel string) (address, id string) {
	t.Helper()
	var found [][]string
	sc := bufio.NewScanner(strings.NewReader(readExample(t, rel)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		found = append(found, strings.Fields(line))
	}
	if len(found) != 1 || len(found[0]) != 4 || found[0][0] != "terraform" || found[0][1] != "import" {
		t.Fatalf("%s should hold one `terraform import ADDRESS ID` command, got %q", rel, found)
	}
	return found[0][2], found[0][3]
}

func TestAccExamples_terraformFmt(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to check the examples with terraform fmt")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set; scripts/terraform-path.sh prints the Terraform CLI to use")
	}
	var files []string
	err := filepath.WalkDir(examplesRoot, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".tf") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 6 {
		t.Fatalf("found only %d .tf files under %s: %v", len(files), examplesRoot, files)
	}
	cmd := exec.Command(tf, "fmt", "-check", "-diff", "-recursive", examplesRoot)
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("terraform fmt -check found unformatted examples (run `make fmt`):\n%s", out)
	}
	t.Logf("%d example files are terraform fmt clean", len(files))
}

// The provider example plus the resource example, exactly as documented:
// both instances are created as configured, both import cleanly except for
// the arguments the docs say cannot be read back, and the prepaid one is
// released once its term has passed on the mock's clock.
func TestAccExamples_providerAndResource(t *testing.T) {
	e := newAccEnv(t, bccmock.Config{BootTime: time.Second})
	useExampleEnvironment(t, e, testAccessKey, testSecretKey)
	cfg := readExample(t, exampleProvider) + "\n" + readExample(t, exampleResource)

	importAddress, importID := importCommand(t)
	if !validate.IsInstanceID(importID) {
		t.Errorf("the ID in %s, %q, is not one the provider's import accepts", exampleImportCmd, importID)
	}
	const web, db = "baidu_bcc_instance.web", "baidu_bcc_instance.db"
	if importAddress != web {
		t.Errorf("%s imports %s; the resource example defines %s", exampleImportCmd, importAddress, web)
	}

	ignoreOnImport := append(slices.Clone(notReadBackOnImport), "timeouts")
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNoInstances,
		Steps: []acc.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(web, tfjsonpath.New("status"), knownvalue.StringExact("Running")),
					statecheck.ExpectKnownValue(web, tfjsonpath.New("payment_timing"), knownvalue.StringExact("Postpaid")),
					statecheck.ExpectKnownValue(web, tfjsonpath.New("cpu_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(web, tfjsonpath.New("root_disk_size_in_gb"), knownvalue.Int64Exact(40)),
					statecheck.ExpectKnownValue(web, tfjsonpath.New("timeouts").AtMapKey("delete"), knownvalue.StringExact("30m")),
					statecheck.ExpectKnownValue(db, tfjsonpath.New("payment_timing"), knownvalue.StringExact("Prepaid")),
					statecheck.ExpectKnownValue(db, tfjsonpath.New("memory_capacity_in_gb"), knownvalue.Int64Exact(32)),
					statecheck.ExpectKnownValue(db, tfjsonpath.New("root_disk_storage_type"), knownvalue.StringExact("enhanced_ssd_pl1")),
				},
				Check: acc.ComposeTestCheckFunc(
					e.checkOnlyInstanceIs,
					func(s *terraform.State) error {
						in, ok := e.srv.Instance(s.RootModule().Resources[web].Primary.ID)
						if !ok {
							return fmt.Errorf("the mock has no instance for %s", web)
						}
						if !slices.Equal(in.SecurityGroupIDs, []string{"g-8tkz4qhdsg5e"}) || in.KeypairID != "k-3uvz6z3n" ||
							in.SubnetID != "sbn-ky7tukpfp5h8" || in.ZoneName != "cn-bj-d" || in.Tags["env"] != "production" {
							return fmt.Errorf("the web instance on the mock does not match the example: %+v", in)
						}
						return checkPrepaidTerm(e, s.RootModule().Resources[db].Primary.ID, 12)
					},
				),
			},
			{
				// import.sh, with the ID of the instance the first step made.
				ResourceName:            importAddress,
				ImportState:             true,
				ImportStateIdFunc:       idOf(importAddress),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: ignoreOnImport,
				ImportStateCheck:        checkNotReadBack("security_groups"),
			},
			{
				ResourceName:            db,
				ImportState:             true,
				ImportStateIdFunc:       idOf(db),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: ignoreOnImport,
				ImportStateCheck:        checkNotReadBack("reservation"),
			},
			{
				// Pass the prepaid term, so that the final destroy can
				// release the prepaid instance.
				PreConfig: func() { e.srv.Advance(400 * 24 * time.Hour) },
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(db, tfjsonpath.New("status"), knownvalue.StringExact("Expired")),
				},
			},
		},
	})
}

// checkPrepaidTerm checks that the instance expires the given number of
// months after its creation.
func checkPrepaidTerm(e *accEnv, id string, months int) error {
	in, ok := e.srv.Instance(id)
	if !ok {
		return fmt.Errorf("the mock has no instance %s", id)
	}
	if in.PaymentTiming != bccmock.PaymentPrepaid {
		return fmt.Errorf("instance %s is %s, want Prepaid", id, in.PaymentTiming)
	}
	if want := in.CreateTime.AddDate(0, months, 0); !in.ExpireTime.Equal(want) {
		return fmt.Errorf("instance %s expires at %s, want %d months after its creation (%s)", id, in.ExpireTime, months, want)
	}
	return nil
}

// importIDLike builds the import ID of address in the shape of the sample
// an import.sh shows: the resource's id, and when the sample adds the
// source after a colon (an image's instance), that source from state.
func importIDLike(address, sample string) acc.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return "", fmt.Errorf("%s is not in state", address)
		}
		id := rs.Primary.ID
		if _, suffix, ok := strings.Cut(sample, ":"); ok && !strings.Contains(id, ":") {
			attr := "instance_id"
			if strings.HasPrefix(suffix, "s-") {
				attr = "snapshot_id"
			}
			id += ":" + rs.Primary.Attributes[attr]
		}
		return id, nil
	}
}

func idOf(address string) acc.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return "", fmt.Errorf("%s is not in state", address)
		}
		return rs.Primary.ID, nil
	}
}

// checkNotReadBack checks that after an import the arguments the docs list
// as not returned by Baidu are empty, including the one the example sets
// (so the list is not just a guess), and the timeouts are unset.
func checkNotReadBack(setInExample string) acc.ImportStateCheckFunc {
	return func(states []*terraform.InstanceState) error {
		if len(states) != 1 {
			return fmt.Errorf("import returned %d resources, want 1", len(states))
		}
		attrs := states[0].Attributes
		if !slices.Contains(notReadBackOnImport, setInExample) {
			return fmt.Errorf("%s is not one of the arguments documented as not read back", setInExample)
		}
		empty := append(slices.Clone(notReadBackOnImport), "timeouts")
		for name, value := range attrs {
			for _, arg := range empty {
				if (name == arg || strings.HasPrefix(name, arg+".")) && value != "" && value != "0" {
					return fmt.Errorf("after import %s = %q; the docs say it is empty after an import", name, value)
				}
			}
		}
		for _, name := range []string{"root_disk_size_in_gb", "root_disk_storage_type", "payment_timing", "keypair_id", "subnet_id"} {
			if attrs[name] == "" {
				return fmt.Errorf("after import %s is empty; the docs say it is read back", name)
			}
		}
		return nil
	}
}

// An instance created outside Terraform, imported into the adoption
// example: with its ignore_changes the plan is empty; without it, the plan
// replaces the instance, which is why the docs recommend it.
func TestAccExamples_importWithIgnoreChanges(t *testing.T) {
	e := newAccEnv(t, bccmock.Config{})
	useExampleEnvironment(t, e, testAccessKey, testSecretKey)
	id := createOutsideTerraform(t, e, client.CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-A4jJpFzi", ZoneName: "cn-bj-d", Name: "web-1",
		SubnetID: "sbn-ky7tukpfp5h8", SecurityGroupIDs: []string{"g-8tkz4qhdsg5e"}, KeypairID: "k-3uvz6z3n",
		RootDiskSizeInGb: 40, RootDiskStorageType: "cloud_hp1",
		Tags:    []client.Tag{{TagKey: "app", TagValue: "shop"}, {TagKey: "env", TagValue: "production"}},
		Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
	}, "nginx front end")

	adopt := readExample(t, exampleProvider) + "\n" + readExample(t, exampleAdopt)
	lifecycle := regexp.MustCompile(`(?s)\n  lifecycle \{.*?\n  \}\n`)
	if !lifecycle.MatchString(adopt) {
		t.Fatalf("%s has no lifecycle block", exampleAdopt)
	}
	withoutIgnore := lifecycle.ReplaceAllString(adopt, "\n")
	const web = "baidu_bcc_instance.web"

	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNoInstances,
		Steps: []acc.TestStep{
			{
				Config:             adopt,
				ResourceName:       web,
				ImportState:        true,
				ImportStateId:      id,
				ImportStatePersist: true,
			},
			{
				Config:   adopt,
				PlanOnly: true,
			},
			{
				Config:             withoutIgnore,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(web, plancheck.ResourceActionReplace)},
				},
			},
		},
	})
}

// createOutsideTerraform creates an instance through the API, as the
// console would, and waits until it runs.
func createOutsideTerraform(t *testing.T, e *accEnv, req client.CreateInstanceBySpecRequest, desc string) string {
	t.Helper()
	c := e.conn()
	ctx, cancel := c.Clock.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	res, err := c.Client.CreateInstanceBySpec(ctx, client.NewClientToken(), req)
	if err != nil || len(res.InstanceIDs) != 1 {
		t.Fatalf("create outside Terraform: %v %v", res, err)
	}
	id := res.InstanceIDs[0]
	if _, err := waitInstanceRunning(ctx, c, id, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := c.Client.UpdateInstanceDesc(ctx, id, desc); err != nil {
		t.Fatal(err)
	}
	return id
}

// The STS example, with the resource of the adoption example: every request
// carries the session token (the mock refuses STS keys without it).
func TestAccExamples_stsProvider(t *testing.T) {
	const ak, sk, token = "sts-example-ak", "sts-example-sk-5b0e41c7a9d2f386", "sts-example-session-token-e19c"
	e := newAccEnv(t, bccmock.Config{Credentials: []bccmock.Credential{{AccessKey: ak, SecretKey: sk, SessionToken: token}}})
	// Only the endpoint comes from the environment; the keys come from
	// the example's variables.
	useExampleEnvironment(t, e, "", "")
	cfg := readExample(t, exampleSTSProvider) + "\n" + readExample(t, exampleAdopt)

	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNoInstances,
		Steps: []acc.TestStep{
			{
				Config: cfg,
				ConfigVariables: config.Variables{
					"sts_access_key":    config.StringVariable(ak),
					"sts_secret_key":    config.StringVariable(sk),
					"sts_session_token": config.StringVariable(token),
				},
				Check: e.checkOnlyInstanceIs,
			},
			{
				// The same keys without the token: the mock refuses them,
				// so the first step's success did depend on the token.
				Config: cfg,
				ConfigVariables: config.Variables{
					"sts_access_key":    config.StringVariable(ak),
					"sts_secret_key":    config.StringVariable(sk),
					"sts_session_token": config.StringVariable(""),
				},
				ExpectError: expectError("InvalidAccessKeyId", "x-bce-security-token"),
			},
			{
				// Back to the token, so that the final destroy can sign.
				Config: cfg,
				ConfigVariables: config.Variables{
					"sts_access_key":    config.StringVariable(ak),
					"sts_secret_key":    config.StringVariable(sk),
					"sts_session_token": config.StringVariable(token),
				},
			},
		},
	})
}

// The batching example, with the resource of the adoption example: the
// refresh reads the instance through a batch call, not a GET.
func TestAccExamples_batchingProvider(t *testing.T) {
	e := newAccEnv(t, bccmock.Config{})
	useExampleEnvironment(t, e, testAccessKey, testSecretKey)
	cfg := readExample(t, exampleBatching) + "\n" + readExample(t, exampleAdopt)
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNoInstances,
		Steps: []acc.TestStep{
			{Config: cfg, Check: e.checkOnlyInstanceIs},
			{
				PreConfig: e.srv.ResetCounts,
				Config:    cfg,
				PlanOnly:  true,
				Check: func(*terraform.State) error {
					if gets, batches := reads(e.srv); gets != 0 || batches != 1 {
						return fmt.Errorf("the refresh made %d GETs and %d batch calls, want 0 and 1", gets, batches)
					}
					return nil
				},
			},
		},
	})
}

// The mock example: its demo keys are the ones the mock command accepts
// by default, and with the real port in place of 8080 it works as written.
func TestAccExamples_mockProvider(t *testing.T) {
	e := newAccEnv(t, bccmock.Config{Credentials: []bccmock.Credential{{AccessKey: bccmock.DemoAccessKey, SecretKey: bccmock.DemoSecretKey}}})
	// Nothing from the environment: the example must carry everything.
	useExampleEnvironment(t, e, "", "")
	t.Setenv(envBCCEndpoint, "")

	mock := readExample(t, exampleMockProvider)
	for _, want := range []string{mockExampleEndpoint, bccmock.DemoAccessKey, bccmock.DemoSecretKey} {
		if !strings.Contains(mock, fmt.Sprintf("%q", want)) {
			t.Fatalf("%s does not contain %q", exampleMockProvider, want)
		}
	}
	mock = strings.Replace(mock, mockExampleEndpoint, e.url, 1)
	cfg := mock + "\n" + readExample(t, exampleAdopt)

	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNoInstances,
		Steps: []acc.TestStep{
			{Config: cfg, Check: e.checkOnlyInstanceIs},
		},
	})
}

// The removed block of the prepaid "ways out": Terraform forgets the
// instance without a release call, and Baidu keeps it.
func TestAccExamples_removedPrepaid(t *testing.T) {
	e := newAccEnv(t, bccmock.Config{})
	useExampleEnvironment(t, e, testAccessKey, testSecretKey)
	provider := readExample(t, exampleProvider)
	prepaid := `
resource "baidu_bcc_instance" "db" {
  instance_spec     = "bcc.g5.c8m32"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"
  payment_timing    = "Prepaid"
  reservation = {
    reservation_length = 12
  }
}
`
	var id string
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			in, ok := e.srv.Instance(id)
			if !ok || in.Status != statusRunning {
				return fmt.Errorf("after the removed block the prepaid instance should still run on the mock, got %+v", in)
			}
			if n := e.srv.RequestCount("DELETE", bccmock.RouteReleaseInstance); n != 0 {
				return fmt.Errorf("%d release calls; a removed block with destroy = false must not release", n)
			}
			return nil
		},
		Steps: []acc.TestStep{
			{
				Config: provider + prepaid,
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources["baidu_bcc_instance.db"].Primary.ID
					return nil
				},
			},
			{
				Config: provider + "\n" + readExample(t, exampleRemoved),
				Check: func(s *terraform.State) error {
					if len(s.RootModule().Resources) != 0 {
						return fmt.Errorf("state still holds %d resources", len(s.RootModule().Resources))
					}
					return nil
				},
			},
		},
	})
}

// Every Terraform snippet in docs/ is one of the example files, so every
// snippet a reader copies is covered by the tests above.
func TestDocsSnippetsAreTestedExamples(t *testing.T) {
	examples := map[string]string{}
	err := filepath.WalkDir(examplesRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return err
		}
		b, err := os.ReadFile(path)
		examples[strings.TrimSpace(string(b))] = path
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fence := regexp.MustCompile("(?m)^( *)```(terraform|hcl|tf)\n((?s:.*?))\n *```$")
	snippets := 0
	for _, page := range docPages(t) {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fence.FindAllStringSubmatch(string(b), -1) {
			snippets++
			indent, body := m[1], m[3]
			lines := strings.Split(body, "\n")
			for i, l := range lines {
				lines[i] = strings.TrimPrefix(l, indent)
			}
			snippet := strings.TrimSpace(strings.Join(lines, "\n"))
			if _, ok := examples[snippet]; !ok {
				t.Errorf("%s has a %s snippet that is not an example file under examples/ (and so is not tested):\n%s", page, m[2], snippet)
			}
		}
	}
	if snippets < 5 {
		t.Errorf("found %d Terraform snippets in docs/; the docs should show the provider, STS, mock, resource, removed and import examples", snippets)
	}
}

func docPages(t *testing.T) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(docsRoot, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			pages = append(pages, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatalf("no pages under %s; run make docs", docsRoot)
	}
	return pages
}

func readDoc(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(docsRoot, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("%v (run make docs)", err)
	}
	return string(b)
}

// The docs name exactly the environment variables the provider reads.
func TestDocsNameTheProvidersEnvironmentVariables(t *testing.T) {
	known := []string{envAccessKey, envSecretKey, envSessionToken, envRegion, envBCCEndpoint}
	mentioned := regexp.MustCompile(`BAIDUCLOUD_[A-Z0-9_]+`)
	for _, page := range docPages(t) {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range mentioned.FindAllString(string(b), -1) {
			if !slices.Contains(known, name) {
				t.Errorf("%s mentions %s, which the provider does not read", page, name)
			}
		}
	}
	index := readDoc(t, "index.md")
	for _, name := range known {
		if !strings.Contains(index, "`"+name+"`") {
			t.Errorf("docs/index.md does not document %s", name)
		}
	}
}

// The list of arguments that force replacement in the resource docs is the
// one the schema's plan modifiers say, and every other argument is one the
// docs say is updated in place.
func TestDocsListTheArgumentsThatForceReplacement(t *testing.T) {
	ctx := t.Context()
	resp := &resource.SchemaResponse{}
	NewBCCInstanceResource().Schema(ctx, resource.SchemaRequest{}, resp)

	replaceDescs := map[string]bool{
		stringplanmodifier.RequiresReplace().Description(ctx): true,
		int64planmodifier.RequiresReplace().Description(ctx):  true,
		setplanmodifier.RequiresReplace().Description(ctx):    true,
		objectplanmodifier.RequiresReplace().Description(ctx): true,
	}
	var forceNew, inPlace []string
	for name, a := range resp.Schema.Attributes {
		if !a.IsRequired() && !a.IsOptional() {
			continue // read-only
		}
		var descs []string
		switch a := a.(type) {
		case schema.StringAttribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		case schema.Int64Attribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		case schema.SetAttribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		case schema.SingleNestedAttribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		case schema.MapAttribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		case schema.BoolAttribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		default:
			t.Fatalf("attribute %s has type %T, which this test does not inspect", name, a)
		}
		if slices.ContainsFunc(descs, func(d string) bool { return replaceDescs[d] }) {
			forceNew = append(forceNew, name)
		} else {
			inPlace = append(inPlace, name)
		}
	}
	sort.Strings(forceNew)
	sort.Strings(inPlace)

	doc := readDoc(t, "resources/bcc_instance.md")
	section := regexp.MustCompile("(?s)\n## Arguments that force replacement\n(.*?)\n## ").FindStringSubmatch(doc)
	if section == nil {
		t.Fatal("docs/resources/bcc_instance.md has no section 'Arguments that force replacement'")
	}
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^\\* `([a-z_]+)`$").FindAllStringSubmatch(section[1], -1) {
		documented = append(documented, m[1])
	}
	if !slices.Equal(documented, forceNew) {
		t.Errorf("the docs list %v as forcing replacement; the schema says %v", documented, forceNew)
	}
	// The docs' opening says which arguments are updated in place.
	wantInPlace := []string{"admin_pass", "admin_pass_wo", "admin_pass_wo_version", "deletion_protection", "description", "instance_spec", "name", "on_destroy", "tags"}
	if !slices.Equal(inPlace, wantInPlace) {
		t.Errorf("arguments updated in place are %v; the docs say %v", inPlace, wantInPlace)
	}
	for _, name := range wantInPlace {
		if !strings.Contains(doc, "`"+name+"`") {
			t.Errorf("the docs do not mention %s", name)
		}
	}
}

// The figures the docs quote about timeouts and release retries are the
// code's, so a change of schedule or default shows up here.
func TestDocsQuoteTheReleaseScheduleAndTimeouts(t *testing.T) {
	doc := readDoc(t, "resources/bcc_instance.md")
	seconds := func(d time.Duration) string { return fmt.Sprintf("%.3g s", d.Seconds()) }
	sched := framework.DefaultSchedules()
	statusPollSchedule, releaseRetrySchedule := sched.StatusPoll, sched.ReleaseRetry
	want := []string{
		fmt.Sprintf("| `create` | %g minutes |", defaultCreateTimeout.Minutes()),
		fmt.Sprintf("| `update` | %g minutes |", defaultUpdateTimeout.Minutes()),
		fmt.Sprintf("| `delete` | %g minutes |", defaultDeleteTimeout.Minutes()),
		fmt.Sprintf("default %g minutes", defaultDeleteTimeout.Minutes()),
		"polling every " + seconds(sched.SharedPoll.Initial) + " on a beat",
		"after about " + seconds(statusPollSchedule.Initial),
		"at most " + seconds(statusPollSchedule.Max),
		client.CodeReleaseWhileCreating,
		client.CodeReleaseNotPrepay,
	}
	first, _ := releaseRetrySchedule.Bounds(0)
	shortest, longest := releaseRetrySchedule.Bounds(100)
	if releaseRetrySchedule.Initial == releaseRetrySchedule.Max {
		// A flat schedule: every wait lies in [shortest, longest].
		want = append(want,
			"waiting "+seconds(shortest)+" to "+seconds(longest)+" between attempts",
			fmt.Sprintf("at most %d attempts a minute", int(time.Minute/shortest)+1),
			"at most about "+seconds(longest)+" after Baidu would allow it")
	} else {
		want = append(want,
			"about "+seconds(first)+" before the second attempt",
			"at most "+seconds(longest)+" between later attempts",
			fmt.Sprintf("by up to %g %%", math.Round(releaseRetrySchedule.Jitter*100)))
	}
	flat := strings.Join(strings.Fields(doc), " ")
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("docs/resources/bcc_instance.md does not say %q; update templates/resources/bcc_instance.md.tmpl and run make docs", w)
		}
	}
}

// modifierDescriptions lists the descriptions of one attribute's plan
// modifiers, whatever the attribute's type.
func modifierDescriptions[M interface{ Description(context.Context) string }](ctx context.Context, mods []M) []string {
	descs := make([]string, len(mods))
	for i, m := range mods {
		descs[i] = m.Description(ctx)
	}
	return descs
}

// The storage examples together, with a web server like the instance
// example's: everything is made as written, and each resource imports with
// the command its import.sh shows (with the real id) into exactly the state
// the apply made, no argument ignored (only status and attachment, which
// the apply read before the attachment was made), so the configuration
// plans empty after an import; then the whole stack is destroyed.
func TestAccExamples_storage(t *testing.T) {
	e := newAccEnv(t, storageTimes(bccmock.Config{}))
	useExampleEnvironment(t, e, testAccessKey, testSecretKey)
	cfg := readExample(t, exampleProvider) + `
resource "baidu_bcc_instance" "web" {
  name              = "web-1"
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"
}
` + readExample(t, "resources/baidu_cds_volume/resource.tf") +
		readExample(t, "resources/baidu_cds_volume_attachment/resource.tf") +
		readExample(t, "resources/baidu_bcc_snapshot/resource.tf") +
		readExample(t, "resources/baidu_bcc_image/resource.tf")

	steps := []acc.TestStep{{
		Config: cfg,
		Check: func(s *terraform.State) error {
			web, _ := stateAttr(s, "baidu_bcc_instance.web", "id")
			vol, _ := stateAttr(s, "baidu_cds_volume.data", "id")
			if v, ok := e.srv.Volume(vol); !ok || v.InstanceID != web || v.SizeGB != 100 || v.StorageType != "enhanced_ssd_pl1" {
				return fmt.Errorf("the example disk on the mock: %+v", v)
			}
			if n := len(e.srv.Snapshots()); n != 2 {
				return fmt.Errorf("%d snapshots on the mock, want the example's 2", n)
			}
			if n := len(e.srv.Images()); n < 2 {
				return fmt.Errorf("%d images on the mock, want the example's 2", n)
			}
			return nil
		},
	}}
	for _, example := range []struct{ dir, address string }{
		{"baidu_cds_volume", "baidu_cds_volume.data"},
		{"baidu_cds_volume_attachment", "baidu_cds_volume_attachment.data"},
		{"baidu_bcc_snapshot", "baidu_bcc_snapshot.data"},
		{"baidu_bcc_image", "baidu_bcc_image.golden"},
	} {
		address, sampleID := importCommandOf(t, "resources/"+example.dir+"/import.sh")
		if address != example.address {
			t.Errorf("%s imports %s; the example defines %s", example.dir, address, example.address)
		}
		steps = append(steps, acc.TestStep{
			Config:                  cfg,
			ResourceName:            address,
			ImportState:             true,
			ImportStateIdFunc:       importIDLike(address, sampleID),
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"status", "attached_instance_id"},
		})
	}
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNothingLeft,
		Steps:                    steps,
	})
}
