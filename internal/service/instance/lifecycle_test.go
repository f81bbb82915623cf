package instance_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// An instance stopped outside Terraform is resized. Baidu documents Scaling
// then Running, and does not say whether a stopped instance comes back
// Stopped: the resize ends when the instance shows the new spec in either
// settled status, within seconds of simulated time, not at the update
// timeout. The mock starts Scaling only after a delay, so a provider that
// read the instance right after the resize call would see the old spec and
// report an inconsistent result.
func TestAccBCCInstance_resizeStoppedInstance(t *testing.T) {
	for _, tc := range []struct {
		name       string
		keeps      bool
		wantStatus string
	}{
		{"endsRunning", false, bccmock.StatusRunning},
		{"staysStopped", true, bccmock.StatusStopped},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const scaleDelay, scaleTime = 5 * time.Second, 30 * time.Second
			e := acctest.NewEnv(t, bccmock.Config{BootTime: 20 * time.Second, StopTime: 10 * time.Second,
				ScaleDelay: scaleDelay, ScaleTime: scaleTime, ResizeKeepsStatus: tc.keeps})
			cfg := func(spec string) string {
				return acctest.InstanceConfig(e, fmt.Sprintf("instance_spec = %q\n  timeouts {\n    update = \"3m\"\n  }", spec))
			}
			var resizeStart time.Time
			tfresource.ParallelTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckNoInstances,
				Steps: []tfresource.TestStep{
					{Config: cfg("bcc.g5.c2m8")},
					{
						PreConfig: func() {
							if !e.Mock.SetInstanceStatusOutOfBand(e.OnlyInstanceID(), bccmock.StatusStopped) {
								t.Fatal("could not stop the instance out of band")
							}
							resizeStart = e.Clock.Now()
						},
						Config: cfg("bcc.g5.c4m16"),
						ConfigPlanChecks: tfresource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("status"), knownvalue.StringExact(tc.wantStatus)),
							statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("instance_spec"), knownvalue.StringExact("bcc.g5.c4m16")),
							statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("cpu_count"), knownvalue.Int64Exact(4)),
							statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("memory_capacity_in_gb"), knownvalue.Int64Exact(16)),
						},
						Check: func(*terraform.State) error {
							in, _ := e.Mock.Instance(e.OnlyInstanceID())
							if in.Status != tc.wantStatus || in.Spec != "bcc.g5.c4m16" {
								return fmt.Errorf("mock instance is %s with %s, want %s with bcc.g5.c4m16", in.Status, in.Spec, tc.wantStatus)
							}
							// Simulated time: the resize itself, plus less
							// than a minute of polling, refresh and plan. A
							// wait for the wrong status runs to the 3m timeout.
							if took := e.Clock.Now().Sub(resizeStart); took > scaleDelay+scaleTime+time.Minute {
								return fmt.Errorf("the resize took %s of simulated time; the mock finished it after %s", took, scaleDelay+scaleTime)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// Right after a create, Baidu's API may answer "not found" for a while: the
// create wait takes that as "not visible yet" within the grace period.
func TestAccBCCInstance_createToleratesBriefInvisibility(t *testing.T) {
	grace := framework.DefaultSchedules().VisibilityGrace
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 20 * time.Second, VisibilityDelay: grace / 2})
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []tfresource.TestStep{{
			Config: acctest.InstanceConfig(e, `instance_spec = "bcc.g5.c2m8"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("status"), knownvalue.StringExact(bccmock.StatusRunning)),
			},
			Check: func(*terraform.State) error {
				if n := e.Mock.StatusCount(http.MethodGet, bccmock.RouteGetInstance, http.StatusNotFound); n == 0 {
					return fmt.Errorf("no read met the invisible instance; the test did not exercise the grace period")
				}
				return nil
			},
		}},
	})
}

// Beyond the grace period, not found is final: the create fails, the
// instance is in state (tainted), and the message says what happened.
func TestAccBCCInstance_createInvisibleBeyondGraceIsTainted(t *testing.T) {
	grace := framework.DefaultSchedules().VisibilityGrace
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 20 * time.Second, VisibilityDelay: 4 * grace})
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []tfresource.TestStep{
			{
				Config:      acctest.InstanceConfig(e, `instance_spec = "bcc.g5.c2m8"`),
				ExpectError: acctest.ExpectError("BCC instance did not become Running", "recorded in state", "not found", "NoSuchObject", "tainted"),
			},
			{
				// The instance shows up later. It is in state, tainted, so
				// the plan replaces it (every create on this mock is
				// invisible too long, so the test stops at the plan; the
				// final destroy releases the instance).
				PreConfig:          func() { e.Mock.Advance(4 * grace) },
				Config:             acctest.InstanceConfig(e, `instance_spec = "bcc.g5.c2m8"`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionDestroyBeforeCreate),
						e.OnlyInstanceIsInPlan(),
					},
				},
			},
		},
	})
}

// Steps after the instance is Running that fail (a key without volume
// permissions, a refused description update) warn instead of tainting a
// healthy instance: the apply succeeds, the next plan shows the description
// as an in-place update, and the next refresh fills in the system disk.
func TestAccBCCInstance_postCreateFailuresDoNotTaint(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 20 * time.Second})
	cfg := acctest.InstanceConfig(e, `
  instance_spec = "bcc.g5.c2m8"
  description   = "set after create"
`)
	var firstID string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []tfresource.TestStep{
			{
				PreConfig: func() {
					e.Mock.Script(bccmock.RouteModifyInstanceDesc, 1, http.StatusForbidden, "AccessDenied")
					e.Mock.Script(bccmock.RouteListVolumes, 1, http.StatusForbidden, "AccessDenied")
				},
				Config:             cfg,
				ExpectNonEmptyPlan: true, // the refresh finds the description still to be set
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("root_disk_size_in_gb"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					firstID = e.OnlyInstanceID()
					if in, _ := e.Mock.Instance(firstID); in.Desc != "" {
						return fmt.Errorf("the refused description reached the instance: %q", in.Desc)
					}
					return nil
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("description"), knownvalue.StringExact("set after create")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("root_disk_size_in_gb"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					if rs := s.RootModule().Resources[acctest.InstanceAddress]; rs == nil || rs.Primary.ID != firstID {
						return fmt.Errorf("the instance was replaced; a post-create warning must not taint it")
					}
					return nil
				},
			},
		},
	})
}

// A create whose every attempt was processed but whose answer never came
// back: the instance may exist without being in state, so the error names
// the client token and the name to find it by. Here it does exist, with
// exactly that token.
func TestAccBCCInstance_createWithoutAnswerNamesTheOrphan(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	const retries = 2
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []tfresource.TestStep{{
			PreConfig: func() { e.Mock.DropAfterProcessing(bccmock.RouteCreateInstanceBySpec, retries+1) },
			Config: e.ProviderBlockWith(fmt.Sprintf("  max_retries = %d", retries)) + `
resource "baidu_bcc_instance" "test" {
  name              = "orphan-candidate"
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
}
`,
			ExpectError: acctest.ExpectError("Failed to create BCC instance", "Baidu may have created the BCC instance anyway",
				`named "orphan-candidate"`, "zone cn-bj-a", "client token tf-", "import it"),
		}, {
			// The orphan exists, once (every retry carried the same token);
			// clean it up as the user would.
			PreConfig: func() {
				ins := e.Mock.Instances()
				if len(ins) != 1 || ins[0].Name != "orphan-candidate" || !strings.HasPrefix(ins[0].ClientToken, "tf-") {
					t.Fatalf("mock holds %+v, want the one orphan", ins)
				}
				e.Mock.DeleteInstanceOutOfBand(ins[0].ID)
			},
			Config:   e.ProviderBlock(),
			PlanOnly: true,
		}},
	})
}
