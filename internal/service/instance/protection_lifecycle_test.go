package instance_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/service/instance"
)

// A protected instance made outside Terraform imports with
// deletion_protection = true, plans empty against a configuration that
// says so, and is then protected by the plan-time refusal.
func TestAccDeletionProtection_importProtected(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	id := acctest.CreateOutsideTerraform(t, e, client.CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-acc0001", ZoneName: "cn-bj-a", Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
	}, "")
	if err := e.Conn().Client.SetDeletionProtection(t.Context(), id, true); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config:             protectionConfig(e, "m-acc0001", protectOn),
				ResourceName:       acctest.InstanceAddress,
				ImportState:        true,
				ImportStateId:      id,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["deletion_protection"] != "true" {
						return fmt.Errorf("imported %d resources; deletion_protection = %q, want true", len(states), states[0].Attributes["deletion_protection"])
					}
					return nil
				},
			},
			{Config: protectionConfig(e, "m-acc0001", protectOn), PlanOnly: true},
			{
				Config:      protectionConfig(e, "m-acc0001", protectOn),
				Destroy:     true,
				ExpectError: acctest.ExpectError("BCC instance is protected from release", "This plan would destroy instance "+id, instance.ProtectionWayOut),
			},
			{Config: protectionConfig(e, "m-acc0001", protectOff), Check: checkMockProtection(e, 0)},
		},
	})
}

// A removed block with destroy = false forgets a protected instance: it is
// no destroy, so the plan-time refusal stays out of it, and Baidu keeps the
// instance, still protected.
func TestAccDeletionProtection_removedBlockForgets(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(*terraform.State) error {
			if n := releaseCalls(e.Mock); n != 0 {
				return fmt.Errorf("%d release calls; a removed block with destroy = false must not release", n)
			}
			return checkMockProtection(e, 1)(nil)
		},
		Steps: []resource.TestStep{
			{Config: protectionConfig(e, "m-acc0001", protectOn)},
			{
				Config: e.ProviderBlock() + `
removed {
  from = baidu_bcc_instance.test
  lifecycle {
    destroy = false
  }
}
`,
				Check: func(s *terraform.State) error {
					if n := len(s.RootModule().Resources); n != 0 {
						return fmt.Errorf("state still holds %d resources", n)
					}
					return nil
				},
			},
		},
	})
}

// When the protection cannot be set after the create, the create fails and
// the instance is recorded as it is: tainted and unprotected, so that the
// next apply may replace it (the refusal does not stand in the way), and
// the replacement is protected.
func TestAccDeletionProtection_createCannotProtect(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cfg := protectionConfig(e, "m-acc0001", protectOn)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { e.Mock.Script(bccmock.RouteModifyDeletionProtection, 1, http.StatusBadRequest, "BadRequest") },
				Config:      cfg,
				ExpectError: acctest.ExpectError("Could not protect the new BCC instance", "is NOT protected", "tainted", "terraform untaint"),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectProtection(true)},
				Check:             resource.ComposeTestCheckFunc(e.CheckOnlyInstanceIs, checkMockProtection(e, 1)),
			},
			{Config: protectionConfig(e, "m-acc0001", protectOff)},
		},
	})
}

// The protected example, as written: its instance is protected on Baidu,
// its destroy is refused at plan time, and once deletion_protection = false
// is applied the destroy works.
func TestAccDeletionProtection_example(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	const on = "deletion_protection = true"
	example := acctest.ReadExample(t, acctest.ExampleProtected)
	if !strings.Contains(example, on) {
		t.Fatalf("%s does not set %q", acctest.ExampleProtected, on)
	}
	cfg := acctest.ReadExample(t, acctest.ExampleProvider) + "\n" + example
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{Config: cfg, Check: checkMockProtection(e, 1)},
			{
				Config:      cfg,
				Destroy:     true,
				ExpectError: acctest.ExpectError("This plan would destroy instance i-", instance.ProtectionWayOut),
			},
			{Config: strings.Replace(cfg, on, "deletion_protection = false", 1), Check: checkMockProtection(e, 0)},
		},
	})
}
