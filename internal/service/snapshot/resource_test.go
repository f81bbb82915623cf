package snapshot_test

import (
	"fmt"
	"net/http"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// systemSnapshot is the snapshot of the instance's system disk these tests make.
const systemSnapshot = "baidu_bcc_snapshot.system"

// A snapshot Baidu could not make is kept in state, tainted, and made again
// by the next apply; name, description and retention change in place; a
// destroy right after the create meets the 403 for a snapshot still being
// made and retries until it is gone.
func TestAccBCCSnapshot_failedCreateUpdateAndDeleteWhileCreating(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	snap := func(name, desc string) string {
		return acctest.WithInstance(e, fmt.Sprintf(`
resource "baidu_bcc_snapshot" "system" {
  name              = %q
  description       = %q
  instance_id       = baidu_bcc_instance.test.id
  retention_in_days = 30
}
`, name, desc))
	}
	var failedID string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNothingLeft,
		Steps: []tfresource.TestStep{
			{
				PreConfig:   func() { e.Mock.FailNextSnapshots(1) },
				Config:      snap("first", "one"),
				ExpectError: acctest.ExpectError("Snapshot did not become Available", "recorded in state", "CreatedFailed", "tainted"),
			},
			{
				PreConfig: func() {
					failed := e.Mock.Snapshots()
					if len(failed) != 1 || failed[0].Status != "CreatedFailed" {
						t.Fatalf("mock snapshots %+v, want the one that failed", failed)
					}
					failedID = failed[0].ID
				},
				Config: snap("first", "one"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(systemSnapshot, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(systemSnapshot, tfjsonpath.New("status"), knownvalue.StringExact("Available")),
					statecheck.ExpectKnownValue(systemSnapshot, tfjsonpath.New("create_method"), knownvalue.StringExact("MANUAL")),
					statecheck.ExpectKnownValue(systemSnapshot, tfjsonpath.New("size_in_gb"), knownvalue.Int64Exact(40)),
				},
				Check: func(s *terraform.State) error {
					if _, ok := e.Mock.Snapshot(failedID); ok {
						return fmt.Errorf("the failed snapshot %s was not deleted by the replacement", failedID)
					}
					return nil
				},
			},
			{
				PreConfig: e.Mock.ResetCounts,
				Config:    snap("renamed", "two"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(systemSnapshot, plancheck.ResourceActionUpdate)},
				},
				Check: func(s *terraform.State) error {
					if n := e.Mock.RequestCount(http.MethodPut, bccmock.RouteModifySnapshot); n != 1 {
						return fmt.Errorf("%d modify calls, want 1", n)
					}
					id, _ := acctest.StateAttr(s, systemSnapshot, "id")
					if sn, _ := e.Mock.Snapshot(id); sn.Name != "renamed" || sn.Desc != "two" || sn.RetentionInDays != 30 {
						return fmt.Errorf("mock snapshot %+v", sn)
					}
					return nil
				},
			},
			{ResourceName: systemSnapshot, ImportState: true, ImportStateVerify: true},
			{
				// A new snapshot, destroyed while Baidu is still making it:
				// the 403 is retried until the snapshot can go.
				Config: snap("renamed", "two") + `
resource "baidu_bcc_snapshot" "young" {
  name        = "young"
  instance_id = baidu_bcc_instance.test.id
  timeouts {
    create = "1s"
  }
}
`,
				ExpectError: acctest.ExpectError("Snapshot did not become Available", "timed out after 1s"),
			},
		},
	})
	if n := e.Mock.StatusCount(http.MethodDelete, bccmock.RouteDeleteSnapshot, http.StatusForbidden); n == 0 {
		t.Error("no delete met a snapshot still being made; the retry was not exercised")
	}
}
