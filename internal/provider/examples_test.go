package provider_test

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/provider"
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
	e := acctest.NewEnv(t, bccmock.Config{BootTime: time.Second})
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	cfg := acctest.ReadExample(t, acctest.ExampleProvider) + "\n" + acctest.ReadExample(t, exampleResource)

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
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
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
					e.CheckOnlyInstanceIs,
					func(s *terraform.State) error {
						in, ok := e.Mock.Instance(s.RootModule().Resources[web].Primary.ID)
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
				PreConfig: func() { e.Mock.Advance(400 * 24 * time.Hour) },
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
func checkPrepaidTerm(e *acctest.Env, id string, months int) error {
	in, ok := e.Mock.Instance(id)
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

// The STS example, with the resource of the adoption example: every request
// carries the session token (the mock refuses STS keys without it).
func TestAccExamples_stsProvider(t *testing.T) {
	const ak, sk, token = "sts-example-ak", "sts-example-sk-5b0e41c7a9d2f386", "sts-example-session-token-e19c"
	e := acctest.NewEnv(t, bccmock.Config{Credentials: []bccmock.Credential{{AccessKey: ak, SecretKey: sk, SessionToken: token}}})
	// Only the endpoint comes from the environment; the keys come from
	// the example's variables.
	acctest.UseExampleEnvironment(t, e, "", "")
	cfg := acctest.ReadExample(t, exampleSTSProvider) + "\n" + acctest.ReadExample(t, exampleAdopt)

	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []acc.TestStep{
			{
				Config: cfg,
				ConfigVariables: config.Variables{
					"sts_access_key":    config.StringVariable(ak),
					"sts_secret_key":    config.StringVariable(sk),
					"sts_session_token": config.StringVariable(token),
				},
				Check: e.CheckOnlyInstanceIs,
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
				ExpectError: acctest.ExpectError("InvalidAccessKeyId", "x-bce-security-token"),
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
	e := acctest.NewEnv(t, bccmock.Config{})
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	cfg := acctest.ReadExample(t, exampleBatching) + "\n" + acctest.ReadExample(t, exampleAdopt)
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []acc.TestStep{
			{Config: cfg, Check: e.CheckOnlyInstanceIs},
			{
				PreConfig: e.Mock.ResetCounts,
				Config:    cfg,
				PlanOnly:  true,
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{acctest.CheckAfterPlan(func() error {
					if gets, batches := acctest.InstanceReads(e.Mock); gets != 0 || batches != 1 {
						return fmt.Errorf("the refresh made %d GETs and %d batch calls, want 0 and 1", gets, batches)
					}
					return nil
				})}},
			},
		},
	})
}

// The mock example: its demo keys are the ones the mock command accepts
// by default, and with the real port in place of 8080 it works as written.
func TestAccExamples_mockProvider(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{Credentials: []bccmock.Credential{{AccessKey: bccmock.DemoAccessKey, SecretKey: bccmock.DemoSecretKey}}})
	// Nothing from the environment: the example must carry everything.
	acctest.UseExampleEnvironment(t, e, "", "")
	t.Setenv(provider.EnvBCCEndpoint, "")

	mock := acctest.ReadExample(t, exampleMockProvider)
	for _, want := range []string{mockExampleEndpoint, bccmock.DemoAccessKey, bccmock.DemoSecretKey} {
		if !strings.Contains(mock, fmt.Sprintf("%q", want)) {
			t.Fatalf("%s does not contain %q", exampleMockProvider, want)
		}
	}
	mock = strings.Replace(mock, mockExampleEndpoint, e.URL, 1)
	cfg := mock + "\n" + acctest.ReadExample(t, exampleAdopt)

	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []acc.TestStep{
			{Config: cfg, Check: e.CheckOnlyInstanceIs},
		},
	})
}

// The removed block of the prepaid "ways out": Terraform forgets the
// instance without a release call, and Baidu keeps it.
func TestAccExamples_removedPrepaid(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	provider := acctest.ReadExample(t, acctest.ExampleProvider)
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
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(*terraform.State) error {
			in, ok := e.Mock.Instance(id)
			if !ok || in.Status != bccmock.StatusRunning {
				return fmt.Errorf("after the removed block the prepaid instance should still run on the mock, got %+v", in)
			}
			if n := e.Mock.RequestCount("DELETE", bccmock.RouteReleaseInstance); n != 0 {
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
				Config: provider + "\n" + acctest.ReadExample(t, exampleRemoved),
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

// The storage examples together, with a web server like the instance
// example's: everything is made as written, and each resource imports with
// the command its import.sh shows (with the real id) into exactly the state
// the apply made, no argument ignored (only status and attachment, which
// the apply read before the attachment was made), so the configuration
// plans empty after an import; then the whole stack is destroyed.
func TestAccExamples_storage(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	cfg := acctest.ReadExample(t, acctest.ExampleProvider) + `
resource "baidu_bcc_instance" "web" {
  name              = "web-1"
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"
}
` + acctest.ReadExample(t, "resources/baidu_cds_volume/resource.tf") +
		acctest.ReadExample(t, "resources/baidu_cds_volume_attachment/resource.tf") +
		acctest.ReadExample(t, "resources/baidu_bcc_snapshot/resource.tf") +
		acctest.ReadExample(t, "resources/baidu_bcc_image/resource.tf")

	steps := []acc.TestStep{{
		Config: cfg,
		Check: func(s *terraform.State) error {
			web, _ := acctest.StateAttr(s, "baidu_bcc_instance.web", "id")
			vol, _ := acctest.StateAttr(s, "baidu_cds_volume.data", "id")
			if v, ok := e.Mock.Volume(vol); !ok || v.InstanceID != web || v.SizeGB != 100 || v.StorageType != "enhanced_ssd_pl1" {
				return fmt.Errorf("the example disk on the mock: %+v", v)
			}
			if n := len(e.Mock.Snapshots()); n != 2 {
				return fmt.Errorf("%d snapshots on the mock, want the example's 2", n)
			}
			if n := len(e.Mock.Images()); n < 2 {
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
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNothingLeft,
		Steps:                    steps,
	})
}
