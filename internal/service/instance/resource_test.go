package instance_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

func TestAccBCCInstance_basicAndImport(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 2 * time.Second})
	cfg := acctest.InstanceConfig(e, `
  instance_spec = "bcc.g5.c2m8"
  name          = "acc-basic"
  description   = "created by an acceptance test"
  tags          = { team = "platform", env = "test" }
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^i-[A-Za-z0-9]{8}$`))),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("status"), knownvalue.StringExact("Running")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("name"), knownvalue.StringExact("acc-basic")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("description"), knownvalue.StringExact("created by an acceptance test")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("payment_timing"), knownvalue.StringExact("Postpaid")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("cpu_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("memory_capacity_in_gb"), knownvalue.Int64Exact(8)),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("expire_time"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("public_ip"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("internal_ip"), knownvalue.StringRegexp(regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`))),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("root_disk_size_in_gb"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("root_disk_storage_type"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
						"team": knownvalue.StringExact("platform"), "env": knownvalue.StringExact("test"),
					})),
				},
				Check: func(*terraform.State) error {
					// The description is not part of the create API; it must
					// have reached the instance through modifyDesc.
					in, ok := e.Mock.Instance(e.OnlyInstanceID())
					if !ok || in.Desc != "created by an acceptance test" || in.Tags["team"] != "platform" {
						return fmt.Errorf("mock instance does not match the configuration: %+v", in)
					}
					return nil
				},
			},
			{
				ResourceName:      acctest.InstanceAddress,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// After the import round trip, the configuration plans empty.
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}

func TestAccBCCInstance_updateInPlace(t *testing.T) {
	// Scaling starts only after a delay, as Baidu's can: a provider that
	// read the instance right after the resize call would see the old spec.
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 20 * time.Second, ScaleDelay: 5 * time.Second, ScaleTime: 60 * time.Second})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config: acctest.InstanceConfig(e, `
  instance_spec = "bcc.g5.c2m8"
  name          = "acc-before"
  description   = "before"
  admin_pass    = "Before0rd!"
  tags          = { keep = "1", drop = "2", change = "old" }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(acctest.InstanceAddress, tfjsonpath.New("id")),
					statecheck.ExpectSensitiveValue(acctest.InstanceAddress, tfjsonpath.New("admin_pass")),
				},
				Check: e.CheckAdminPass("Before0rd!"),
			},
			{
				// Count only the update's calls.
				PreConfig: e.Mock.ResetCounts,
				Config: acctest.InstanceConfig(e, `
  instance_spec = "bcc.g5.c4m16"
  name          = "acc-after"
  description   = "after"
  admin_pass    = "After0rd!("
  tags          = { keep = "1", change = "new", add = "3" }
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(acctest.InstanceAddress, tfjsonpath.New("cpu_count")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(acctest.InstanceAddress, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("name"), knownvalue.StringExact("acc-after")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("description"), knownvalue.StringExact("after")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("instance_spec"), knownvalue.StringExact("bcc.g5.c4m16")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("cpu_count"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("memory_capacity_in_gb"), knownvalue.Int64Exact(16)),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("status"), knownvalue.StringExact("Running")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{
						"keep": knownvalue.StringExact("1"), "change": knownvalue.StringExact("new"), "add": knownvalue.StringExact("3"),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					e.CheckAdminPass("After0rd!("),
					func(*terraform.State) error {
						in, _ := e.Mock.Instance(e.OnlyInstanceID())
						want := map[string]string{"keep": "1", "change": "new", "add": "3"}
						if fmt.Sprint(in.Tags) != fmt.Sprint(want) {
							return fmt.Errorf("mock tags = %v, want %v", in.Tags, want)
						}
						if in.Spec != "bcc.g5.c4m16" || in.Name != "acc-after" || in.Desc != "after" {
							return fmt.Errorf("mock instance not updated: %+v", in)
						}
						// Only what changed is called: one each.
						for _, route := range []string{bccmock.RouteModifyInstanceAttribute, bccmock.RouteModifyInstanceDesc, bccmock.RouteChangeInstancePass,
							bccmock.RouteResizeInstanceBySpec, bccmock.RouteBindInstanceTags, bccmock.RouteUnbindInstanceTags} {
							if n := e.Mock.RequestCount("PUT", route); n != 1 {
								return fmt.Errorf("%s called %d times, want 1", route, n)
							}
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccBCCInstance_replaceOnImageChange(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config:            acctest.InstanceConfig(e, `instance_spec = "bcc.g5.c2m8"`),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(acctest.InstanceAddress, tfjsonpath.New("id"))},
			},
			{
				Config: e.ProviderBlock() + `
resource "baidu_bcc_instance" "test" {
  image_id          = "m-acc0002"
  availability_zone = "cn-bj-a"
  instance_spec     = "bcc.g5.c2m8"
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(acctest.InstanceAddress, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("image_id"), knownvalue.StringExact("m-acc0002")),
				},
			},
		},
	})
}

// maxReleaseAttempts is the most DELETE calls the retry schedule can make
// while release is refused for window: every delay at its shortest, plus
// the call that finally succeeds.
func maxReleaseAttempts(window time.Duration) int {
	elapsed, refused := time.Duration(0), 1 // the first call is at once
	for n := 0; ; n++ {
		shortest, _ := framework.DefaultSchedules().ReleaseRetry.Bounds(n)
		elapsed += shortest
		if elapsed >= window {
			return refused + 1
		}
		refused++
	}
}
