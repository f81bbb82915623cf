package provider_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// A plan of 25 instances at Terraform's default -parallelism of 10 reads
// its first round of 10 in one batch call (with a gather window long enough
// that every read of the round joins it), and the other 15 from one listing
// of the region's instances: two calls, and no single GET at all.
func TestAccBatching_refreshIsBatched(t *testing.T) {
	const n = 25
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 20 * time.Second})
	// The long window is only for the plan: every read of a round of 10
	// joins the batch, whatever the machine's speed.
	slowWindow := e.ProviderBlockWith("  batching {\n    send_after = \"1s\"\n  }") + fleetResources(n, "batched")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{Config: e.ProviderBlock() + fleetResources(n, "batched"), Check: checkFleet(e, n)},
			{
				PreConfig: e.Mock.ResetCounts,
				Config:    slowWindow,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{acctest.CheckAfterPlan(func() error {
					gets, batches := acctest.InstanceReads(e.Mock)
					lists := e.Mock.RequestCount(http.MethodGet, bccmock.RouteListInstances)
					if gets != 0 {
						return fmt.Errorf("%d single GETs in a batched refresh of instances that all exist", gets)
					}
					if batches != 1 || lists != 1 {
						return fmt.Errorf("%d batch calls and %d listings for %d instances at -parallelism=10, want 1 and 1", batches, lists, n)
					}
					t.Logf("refresh of %d instances: %d batch calls, %d listings, %d GETs", n, batches, lists, gets)
					return nil
				})}},
			},
			// Back to the default window for the destroy.
			{Config: e.ProviderBlock() + fleetResources(n, "batched"), PlanOnly: true},
		},
	})
}

// batching.enabled = false gives the behaviour without batching exactly:
// one GET /v2/instance/{id} per read and no batch call.
func TestAccBatching_disabledMakesOneGetPerRead(t *testing.T) {
	const n = 5
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 20 * time.Second})
	cfg := e.ProviderBlockWith("  batching {\n    enabled = false\n  }") + fleetResources(n, "unbatched")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					if _, batches := acctest.InstanceReads(e.Mock); batches != 0 {
						return fmt.Errorf("%d batch calls with batching off", batches)
					}
					return checkFleet(e, n)(s)
				},
			},
			{
				PreConfig: e.Mock.ResetCounts,
				Config:    cfg,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{acctest.CheckAfterPlan(func() error {
					if gets, batches := acctest.InstanceReads(e.Mock); gets != n || batches != 0 {
						return fmt.Errorf("refresh of %d made %d GETs and %d batch calls, want %d and 0", n, gets, batches, n)
					}
					return nil
				})}},
			},
		},
	})
}

// Absence is never guessed from a batch: an instance deleted outside
// Terraform is missing from the batch answer (the mock's default) or fails
// the whole batch (Config.ListByIDUnknownFails); either way it is read on
// its own, found gone by Baidu's own answer, and re-created, while the
// others are untouched.
func TestAccBatching_missingInstanceIsConfirmedOnItsOwn(t *testing.T) {
	for name, unknownFails := range map[string]bool{"left out of the answer": false, "failing the whole batch": true} {
		t.Run(name, func(t *testing.T) {
			const n = 4
			e := acctest.NewEnv(t, bccmock.Config{BootTime: 20 * time.Second, ListByIDUnknownFails: unknownFails})
			cfg := e.ProviderBlock() + fleetResources(n, "confirm")
			var gone string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckNoInstances,
				Steps: []resource.TestStep{
					{Config: cfg, Check: checkFleet(e, n)},
					{
						PreConfig: func() {
							for _, in := range e.LiveInstances() {
								if in.Name == "confirm-0" {
									gone = in.ID
								}
							}
							e.Mock.DeleteInstanceOutOfBand(gone)
							e.Mock.ResetCounts()
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("baidu_bcc_instance.test[0]", plancheck.ResourceActionCreate)},
						},
						Check: func(s *terraform.State) error {
							if e.Mock.StatusCount(http.MethodGet, bccmock.RouteGetInstance, http.StatusNotFound) == 0 {
								return fmt.Errorf("the missing instance %s was not confirmed with a read of its own", gone)
							}
							return checkFleet(e, n)(s)
						},
					},
				},
			})
		})
	}
}

// Bad answers to the batch call (cut JSON, an HTML page, a 404 that is not
// Baidu's) fall back to single reads: the refresh is right, only dearer.
func TestAccBatching_badBatchAnswersFallBack(t *testing.T) {
	rewrites := map[string]func(int, http.Header, []byte) (int, []byte){
		"cut JSON": truncateJSON,
		"HTML 502": htmlPage(http.StatusBadGateway),
		"404 InvalidURI": func(int, http.Header, []byte) (int, []byte) {
			return http.StatusNotFound, []byte(`{"code":"InvalidURI"}`)
		},
	}
	for name, rewrite := range rewrites {
		t.Run(name, func(t *testing.T) {
			const n = 3
			var c *corrupter
			e := acctest.NewWrappedEnv(t, bccmock.Config{BootTime: 20 * time.Second}, func(h http.Handler) http.Handler {
				c = &corrupter{next: h}
				return c
			})
			cfg := e.ProviderBlockWith("  max_retries = 1") + fleetResources(n, "fallback")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy:             e.CheckNoInstances,
				Steps: []resource.TestStep{
					{Config: cfg, Check: checkFleet(e, n)},
					{
						PreConfig: func() {
							e.Mock.ResetCounts()
							c.add(1<<30, isBatchRead, rewrite)
						},
						Config:   cfg, // plan-only: the state must be unchanged
						PlanOnly: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{acctest.CheckAfterPlan(func() error {
							if gets, _ := acctest.InstanceReads(e.Mock); gets != n {
								return fmt.Errorf("%d single reads after failed batches, want one per instance (%d)", gets, n)
							}
							return nil
						})}},
					},
					{PreConfig: c.stop, Config: cfg, PlanOnly: true},
				},
			})
		})
	}
}
