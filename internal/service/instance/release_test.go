package instance_test

import (
	"fmt"
	"net/http"
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
)

// The destroy meets Instance.ReleaseWhileCreating (the creating window
// outlasts the boot), backs off, and succeeds once the window closes; the
// number of DELETE calls stays within what the backoff schedule allows.
// On the wall clock, so the real schedule runs end to end.
func TestAccBCCInstance_releaseRetriesWhileCreating(t *testing.T) {
	const window = 6 * time.Second
	e := acctest.NewRealTimeEnv(t, bccmock.Config{CreatingWindow: window, DeletedPhase: 2 * time.Second})
	testReleaseRetries(t, e, window)
}

// The same on simulated time with a creating window of a quarter of an hour
// and a 30-second boot: the retry schedule holds over a long refusal, and
// the count of DELETE calls is exactly bounded by it.
func TestAccBCCInstance_releaseRetriesThroughLongCreatingWindow(t *testing.T) {
	const window = 15 * time.Minute
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 30 * time.Second, CreatingWindow: window, DeletedPhase: 5 * time.Second})
	testReleaseRetries(t, e, window)
}

func testReleaseRetries(t *testing.T, e *acctest.Env, window time.Duration) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(s *terraform.State) error {
			if err := e.CheckNoInstances(s); err != nil {
				return err
			}
			refused := e.Mock.StatusCount("DELETE", bccmock.RouteReleaseInstance, http.StatusForbidden)
			succeeded := e.Mock.StatusCount("DELETE", bccmock.RouteReleaseInstance, http.StatusOK)
			total := e.Mock.RequestCount("DELETE", bccmock.RouteReleaseInstance)
			if refused < 1 {
				return fmt.Errorf("the destroy never met ReleaseWhileCreating (%d DELETE calls); the test did not exercise the retry", total)
			}
			if succeeded != 1 {
				return fmt.Errorf("%d successful DELETE calls, want exactly 1", succeeded)
			}
			if limit := maxReleaseAttempts(window); total > limit {
				return fmt.Errorf("%d DELETE calls in a %s creating window; the backoff schedule allows at most %d", total, window, limit)
			}
			t.Logf("release: %d refused, %d succeeded (schedule limit %d)", refused, succeeded, maxReleaseAttempts(window))
			return nil
		},
		Steps: []resource.TestStep{
			{Config: acctest.InstanceConfig(e, `instance_spec = "bcc.g5.c2m8"`)},
		},
	})
}

// The creating window never closes within timeouts.delete: the destroy
// fails with the retryable diagnostic, and a later destroy, once Baidu has
// finished creating, succeeds.
func TestAccBCCInstance_releaseTimesOutWhileCreating(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{CreatingWindow: time.Hour})
	cfg := acctest.InstanceConfig(e, `
  instance_spec = "bcc.g5.c2m8"
  timeouts {
    delete = "4s"
  }
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				Config:  cfg,
				Destroy: true,
				ExpectError: acctest.ExpectError("BCC instance is still being created", "Instance.ReleaseWhileCreating",
					"stopped with", "of the delete timeout left, less than one retry interval",
					"This is retryable", "terraform destroy", "timeouts.delete", "Last request ID:"),
			},
			{
				// Baidu finishes creating; the instance is still managed and
				// the final destroy of the test case releases it.
				PreConfig: func() { e.Mock.Advance(2 * time.Hour) },
				Config:    cfg,
				Check: func(*terraform.State) error {
					if n := len(e.Mock.Instances()); n != 1 {
						return fmt.Errorf("mock holds %d instances after the failed destroy, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// A prepaid instance: the destroy fails at once with ReleaseNotPrepay (one
// DELETE, no retry) and an actionable message; once the mock's clock passes
// the expiry, the destroy succeeds.
func TestAccBCCInstance_prepaidRelease(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cfg := acctest.InstanceConfig(e, `
  instance_spec  = "bcc.g5.c2m8"
  payment_timing = "Prepaid"
  reservation = {
    reservation_length = 1
  }
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(s *terraform.State) error {
			if err := e.CheckNoInstances(s); err != nil {
				return err
			}
			if n := e.Mock.StatusCount("DELETE", bccmock.RouteReleaseInstance, http.StatusForbidden); n != 1 {
				return fmt.Errorf("%d refused DELETE calls, want exactly 1: ReleaseNotPrepay must not be retried", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("payment_timing"), knownvalue.StringExact("Prepaid")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("expire_time"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("reservation").AtMapKey("reservation_time_unit"), knownvalue.StringExact("Month")),
				},
			},
			{
				Config:  cfg,
				Destroy: true,
				ExpectError: acctest.ExpectError("Cannot release prepaid instance", "is prepaid and does not expire until 20",
					"Wait until after", `on_destroy = { prepaid = "release_early" }`, "Baidu Cloud console", "`removed` block",
					"lifecycle { destroy = false }", "terraform state rm", "Request ID:"),
			},
			{
				PreConfig: func() { e.Mock.Advance(40 * 24 * time.Hour) },
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("status"), knownvalue.StringExact("Expired")),
				},
			},
		},
	})
}

// An instance deleted outside Terraform shows up as a clean re-create in
// the next plan, never as an error.
func TestAccBCCInstance_driftDeletedOutside(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cfg := acctest.InstanceConfig(e, `instance_spec = "bcc.g5.c2m8"`)
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(acctest.InstanceAddress, tfjsonpath.New("id"))},
			},
			{
				PreConfig: func() {
					if !e.Mock.DeleteInstanceOutOfBand(e.OnlyInstanceID()) {
						t.Fatal("out-of-band delete failed")
					}
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionCreate)},
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(acctest.InstanceAddress, tfjsonpath.New("id"))},
			},
		},
	})
}

// A rename, description change or tag change made outside Terraform plans
// as an in-place update back to the configuration.
func TestAccBCCInstance_driftAttributes(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cfg := acctest.InstanceConfig(e, `
  instance_spec = "bcc.g5.c2m8"
  name          = "acc-drift"
  description   = "managed"
  tags          = { owner = "terraform" }
`)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(acctest.InstanceAddress, tfjsonpath.New("id"))}},
			{
				PreConfig: func() {
					id := e.OnlyInstanceID()
					e.Mock.RenameInstanceOutOfBand(id, "renamed-by-hand")
					e.Mock.SetInstanceDescOutOfBand(id, "edited in the console")
					e.Mock.SetInstanceTagsOutOfBand(id, map[string]string{"owner": "someone-else"})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(acctest.InstanceAddress, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("name"), knownvalue.StringExact("acc-drift")),
				},
				Check: func(*terraform.State) error {
					in, _ := e.Mock.Instance(e.OnlyInstanceID())
					if in.Name != "acc-drift" || in.Desc != "managed" || in.Tags["owner"] != "terraform" {
						return fmt.Errorf("drift not corrected on the mock: %+v", in)
					}
					return nil
				},
			},
		},
	})
}

// A wrong secret key fails with Baidu's signature error, and the key itself
// appears nowhere in the message.
func TestAccBCCInstance_wrongSecretKey(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config: e.ProviderBlockWithSecret("wrong-secret-key-0000000000000000") + `
resource "baidu_bcc_instance" "test" {
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
  instance_spec     = "bcc.g5.c2m8"
}
`,
				ExpectError: acctest.ExpectError("Failed to create BCC instance", "SignatureDoesNotMatch"),
			},
		},
	})
	if n := e.Mock.StatusCount("POST", bccmock.RouteCreateInstanceBySpec, http.StatusBadRequest); n != 1 {
		t.Errorf("%d create calls refused, want exactly 1 (a 400 is never retried)", n)
	}
}

// Invalid arguments fail at plan time, naming the argument, with no API call.
func TestAccBCCInstance_invalidArguments(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cases := []struct {
		body string
		want []string
	}{
		{`
  instance_spec  = "bcc.g5.c2m8"
  payment_timing = "Monthly"`, []string{"payment_timing", "value must be one of"}},
		{`
  instance_spec  = "bcc.g5.c2m8"
  payment_timing = "Prepaid"`, []string{"Missing reservation for a prepaid instance", "reservation_length"}},
		{`
  instance_spec = "bcc.g5.c2m8"
  reservation   = { reservation_length = 1 }`, []string{"Reservation set for a postpaid instance", "Remove the reservation"}},
		{`
  instance_spec  = "bcc.g5.c2m8"
  payment_timing = "Prepaid"
  reservation    = { reservation_length = 10 }`, []string{"reservation_length", "value must be one of"}},
		{`
  instance_spec = "bcc.g5.c2m8"
  name          = "1-starts-with-a-digit"`, []string{"name", "start with a letter"}},
		{`
  instance_spec        = "bcc.g5.c2m8"
  root_disk_size_in_gb = -5`, []string{"root_disk_size_in_gb", "between 20 and 2048"}},
		{`
  instance_spec = "g5.c2m8"`, []string{"instance_spec", "bcc.g5.c2m8"}},
		{`
  instance_spec = "bcc.g5.c2m8"
  tags          = { "" = "x" }`, []string{"tag key must be 1-65 characters"}},
		{`
  instance_spec = "bcc.g5.c2m8"
  admin_pass    = "short"`, []string{"admin_pass", "8-32 characters"}},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: acctest.InstanceConfig(e, c.body), PlanOnly: true, ExpectError: acctest.ExpectError(c.want...)})
	}
	steps = append(steps, resource.TestStep{
		Config:        acctest.InstanceConfig(e, `instance_spec = "bcc.g5.c2m8"`),
		ResourceName:  acctest.InstanceAddress,
		ImportState:   true,
		ImportStateId: "web-server-1",
		ExpectError:   acctest.ExpectError("Invalid import ID", "i-YufwpQAe"),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps:                    steps,
	})
	if n := len(e.Mock.Requests()); n != 0 {
		t.Errorf("invalid arguments reached the API: %d requests", n)
	}
}

// The create wait fails: the create timeout passes while the instance is
// still Starting. The instance is in state, tainted, and the next apply
// replaces it; the mock never holds an instance that state does not know.
func TestAccBCCInstance_createTimeoutLeavesTaintedInstance(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 6 * time.Second})
	testTaintedReplacement(t, e, "3s", nil,
		acctest.ExpectError("BCC instance did not become Running", "recorded in state", "timed out after 3s waiting for instance", "to become Running", "tainted"))
}

// The instance enters Error while the provider waits: the wait fails at
// once instead of running out the create timeout.
func TestAccBCCInstance_createEntersErrorLeavesTaintedInstance(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 3 * time.Second})
	breakFirstInstance := func() { e.Mock.FailNextInstances(1) }
	testTaintedReplacement(t, e, "10m", breakFirstInstance, acctest.ExpectError("BCC instance did not become Running", "recorded in state", "entered status Error", "tainted"))
}

func testTaintedReplacement(t *testing.T, e *acctest.Env, createTimeout string, before func(), want *regexp.Regexp) {
	t.Helper()
	cfg := func(timeout string) string {
		return acctest.InstanceConfig(e, fmt.Sprintf(`
  instance_spec = "bcc.g5.c2m8"
  timeouts {
    create = %q
  }
`, timeout))
	}
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				PreConfig:   before,
				Config:      cfg(createTimeout),
				ExpectError: want,
			},
			{
				PreConfig: func() { firstID = e.OnlyInstanceID() },
				Config:    cfg("2m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(acctest.InstanceAddress, tfjsonpath.New("id"))},
				Check: func(s *terraform.State) error {
					if err := e.CheckOnlyInstanceIs(s); err != nil {
						return err
					}
					if rs := s.RootModule().Resources[acctest.InstanceAddress]; rs == nil || rs.Primary.ID == firstID {
						return fmt.Errorf("tainted instance %s was not replaced", firstID)
					}
					return nil
				},
			},
		},
	})
}
