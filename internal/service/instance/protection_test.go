package instance_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/service/instance"
)

// protectionConfig is the test instance with the given image and
// deletion_protection; protect nil leaves the argument out (its default).
func protectionConfig(e *acctest.Env, image string, protect *bool) string {
	arg := ""
	if protect != nil {
		arg = fmt.Sprintf("deletion_protection = %t", *protect)
	}
	return e.ProviderBlock() + fmt.Sprintf(`
resource "baidu_bcc_instance" "test" {
  image_id          = %q
  availability_zone = "cn-bj-a"
  instance_spec     = "bcc.g5.c2m8"
  %s
}
`, image, arg)
}

var (
	protectOn  = func() *bool { v := true; return &v }()
	protectOff = func() *bool { v := false; return &v }()
)

// checkMockProtection checks the flag on the mock's only live instance.
func checkMockProtection(e *acctest.Env, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		in, ok := e.Mock.Instance(onlyLiveInstanceID(e))
		if !ok || in.DeletionProtection != want {
			return fmt.Errorf("the mock's instance has deletionProtection %d, want %d", in.DeletionProtection, want)
		}
		return nil
	}
}

// onlyLiveInstanceID is onlyInstanceID leaving out released instances.
func onlyLiveInstanceID(e *acctest.Env) string {
	e.T.Helper()
	var ids []string
	for _, in := range e.Mock.Instances() {
		if in.Status != bccmock.StatusDeleted && in.Status != bccmock.StatusRecycled {
			ids = append(ids, in.ID)
		}
	}
	if len(ids) != 1 {
		e.T.Fatalf("mock holds %d live instances (%v), want 1", len(ids), ids)
	}
	return ids[0]
}

// releaseCalls counts the calls on every manual release route.
func releaseCalls(srv *bccmock.Server) int {
	return srv.RequestCount("", bccmock.RouteReleaseInstance) + srv.RequestCount("", bccmock.RouteReleaseInstanceWithRelatedResources) +
		srv.RequestCount("", bccmock.RouteReleasePrepaidInstance)
}

// afterPlan runs f between the plan and the apply of a step, as a change
// made in the console while a saved plan waits to be applied.
type afterPlan func()

func (f afterPlan) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

func expectProtection(v bool) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("deletion_protection"), knownvalue.Bool(v))
}

// Protection set at create, then a destroy and a replacement planned while
// the state says protected: both plans fail, naming the instance and the way
// out, and nothing is released or created. Unprotecting is an in-place
// update, after which the destroy works.
func TestAccDeletionProtection_planRefusesDestroyAndReplacement(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(s *terraform.State) error {
			if err := e.CheckNoInstances(s); err != nil {
				return err
			}
			if n := e.Mock.RequestCount("POST", bccmock.RouteCreateInstanceBySpec); n != 1 {
				return fmt.Errorf("%d creates, want 1: the refused replacement must create nothing", n)
			}
			if n := releaseCalls(e.Mock); n != 1 {
				return fmt.Errorf("%d release calls, want 1 (the final destroy): the refused plans must release nothing", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:            protectionConfig(e, "m-acc0001", protectOn),
				ConfigStateChecks: []statecheck.StateCheck{expectProtection(true)},
				Check: resource.ComposeTestCheckFunc(checkMockProtection(e, 1), func(s *terraform.State) error {
					id = s.RootModule().Resources[acctest.InstanceAddress].Primary.ID
					if n := e.Mock.RequestCount("PUT", bccmock.RouteModifyDeletionProtection); n != 1 {
						return fmt.Errorf("%d deletionProtection calls during the create, want 1", n)
					}
					return nil
				}),
			},
			{
				Config:      protectionConfig(e, "m-acc0001", protectOn),
				Destroy:     true,
				ExpectError: acctest.ExpectError("BCC instance is protected from release", "would destroy instance i-", "Nothing has been released", instance.ProtectionWayOut),
			},
			{
				// Removing the resource from the configuration is a destroy.
				Config:      e.ProviderBlock(),
				ExpectError: acctest.ExpectError("BCC instance is protected from release", "would destroy instance i-", instance.ProtectionWayOut),
			},
			{
				Config: protectionConfig(e, "m-acc0002", protectOn),
				ExpectError: acctest.ExpectError("BCC instance is protected from release", "would replace instance i-", "image_id",
					instance.ProtectionWayOut, "on its own"),
			},
			{
				// Turning protection off in the same plan as the replacement
				// is still refused: the state decides.
				Config:      protectionConfig(e, "m-acc0002", protectOff),
				ExpectError: acctest.ExpectError("BCC instance is protected from release", "would replace instance i-", instance.ProtectionWayOut),
			},
			{
				Config: protectionConfig(e, "m-acc0001", protectOff),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectProtection(false)},
				Check: resource.ComposeTestCheckFunc(checkMockProtection(e, 0), func(s *terraform.State) error {
					if got := s.RootModule().Resources[acctest.InstanceAddress].Primary.ID; got != id {
						return fmt.Errorf("the instance is %s, want %s: unprotecting must be in place", got, id)
					}
					return nil
				}),
			},
			{
				// An unprotected instance: plan -destroy and the destroy work.
				Config:  protectionConfig(e, "m-acc0001", protectOff),
				Destroy: true,
			},
		},
	})
}

// Protection turned on in the console. A refresh shows it as an in-place
// update back to the configuration. A destroy planned before it was turned
// on fails at apply, at once (one refused release, no retry), with Baidu's
// code, the way out, the note that it was turned on outside Terraform, and
// the request id. Baidu's code for the refusal is not documented: with a
// code the provider does not know, the instance's own flag tells.
func TestAccDeletionProtection_turnedOnOutsideTerraform(t *testing.T) {
	for _, code := range []string{"", "AccessDenied"} {
		want := code
		if want == "" {
			want = bccmock.CodeDeletionProtection
		}
		t.Run(want, func(t *testing.T) {
			e := acctest.NewEnv(t, bccmock.Config{DeletionProtectionCode: code})
			cfg := protectionConfig(e, "m-acc0001", nil)
			setOutOfBand := func(on bool) func() {
				return func() {
					if !e.Mock.SetInstanceDeletionProtectionOutOfBand(e.OnlyInstanceID(), on) {
						t.Fatal("out-of-band change of deletion protection failed")
					}
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy: func(s *terraform.State) error {
					if err := e.CheckNoInstances(s); err != nil {
						return err
					}
					if n := e.Mock.StatusCount("DELETE", bccmock.RouteReleaseInstance, http.StatusForbidden); n != 1 {
						return fmt.Errorf("%d refused releases, want exactly 1: the refusal must not be retried", n)
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						Config:            cfg,
						ConfigStateChecks: []statecheck.StateCheck{expectProtection(false)},
						Check:             checkMockProtection(e, 0),
					},
					{
						PreConfig:          setOutOfBand(true),
						Config:             cfg,
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate),
								plancheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("deletion_protection"), knownvalue.Bool(false)),
							},
						},
					},
					{
						// Off again, so that the destroy is planned; on
						// again once it is, before it is applied.
						PreConfig: setOutOfBand(false),
						Config:    cfg,
						Destroy:   true,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionDestroy),
								afterPlan(setOutOfBand(true)),
							},
						},
						ExpectError: acctest.ExpectError("BCC instance is protected from release", "Baidu refused to release instance i-",
							"HTTP 403 "+want, "stays in state", "turned on outside Terraform", "in-place update",
							instance.ProtectionWayOut, "Request ID: "),
					},
					{
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{expectProtection(false)},
						Check:             checkMockProtection(e, 0),
					},
				},
			})
		})
	}
}

// A 403 on the release of an instance that is not protected is a plain
// failure, not the protection refusal: the instance's flag decides.
func TestAccDeletionProtection_otherForbiddenIsAPlainFailure(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cfg := protectionConfig(e, "m-acc0001", nil)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:   func() { e.Mock.Script(bccmock.RouteReleaseInstance, 1, http.StatusForbidden, "AccessDenied") },
				Config:      cfg,
				Destroy:     true,
				ExpectError: acctest.ExpectError("Failed to release BCC instance", "HTTP 403 AccessDenied", "stays in state"),
			},
		},
	})
}

// With -refresh=false the state decides: protection lifted in the console
// since the last refresh does not let a destroy plan through.
func TestAccDeletionProtection_refreshFalseTrustsState(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{Config: protectionConfig(e, "m-acc0001", protectOn), Check: checkMockProtection(e, 1)},
			{
				PreConfig: func() {
					if !e.Mock.SetInstanceDeletionProtectionOutOfBand(e.OnlyInstanceID(), false) {
						t.Fatal("out-of-band change failed")
					}
				},
				Config:      protectionConfig(e, "m-acc0001", protectOn),
				Destroy:     true,
				ExpectError: acctest.ExpectError("BCC instance is protected from release", "This plan would destroy", instance.ProtectionWayOut),
			},
			{Config: protectionConfig(e, "m-acc0001", protectOff), Check: checkMockProtection(e, 0)},
		},
	})
}
