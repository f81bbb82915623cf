package provider_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// Baidu has no call that clears a description of a disk or a snapshot, so
// "" over a non-empty one fails at plan time with no request, removing the
// attribute keeps what Baidu holds (an empty plan, and a known value beside
// another change), and a new description is set in place.
func TestAccStorage_descriptionCannotBeCleared(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	named := func(name, attr string) string {
		return acctest.WithInstance(e, fmt.Sprintf(`
resource "baidu_cds_volume" "data" {
  name              = %[1]q
  availability_zone = "cn-bj-a"
  size_in_gb        = 50
  %[2]s
}

resource "baidu_bcc_snapshot" "system" {
  name        = %[1]q
  instance_id = baidu_bcc_instance.test.id
  %[2]s
}
`, name, attr))
	}
	config := func(attr string) string { return named("nightly", attr) }
	modifyCalls := func() int {
		return e.Mock.RequestCount(http.MethodPut, bccmock.RouteModifyVolume) + e.Mock.RequestCount(http.MethodPut, bccmock.RouteModifySnapshot)
	}
	mockDescriptions := func(volume, snapshot string) func(*terraform.State) error {
		return func(*terraform.State) error {
			var vs []bccmock.Volume
			for _, v := range e.Mock.Volumes() {
				if v.Type == bccmock.VolumeTypeCds {
					vs = append(vs, v)
				}
			}
			ss := e.Mock.Snapshots()
			if len(vs) != 1 || vs[0].Desc != volume || len(ss) != 1 || ss[0].Desc != snapshot {
				return fmt.Errorf("mock volumes %+v, snapshots %+v; want descriptions %q and %q", vs, ss, volume, snapshot)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: config(`description = "logs"`),
				Check:  mockDescriptions("logs", "logs"),
			},
			{
				PreConfig:   e.Mock.ResetCounts,
				Config:      config(`description = ""`),
				ExpectError: acctest.ExpectError("Baidu cannot clear a description", `the disk's description is "logs"`, "remove the attribute"),
			},
			{
				PreConfig: func() {
					if n := modifyCalls(); n != 0 {
						t.Fatalf("%d modify calls for a refused plan, want 0", n)
					}
				},
				Config: config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: mockDescriptions("logs", "logs"),
			},
			{
				// With another change, the description is planned as kept,
				// not as "(known after apply)".
				Config: named("weekly", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(acctest.VolumeAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(acctest.VolumeAddress, tfjsonpath.New("description"), knownvalue.StringExact("logs")),
						plancheck.ExpectKnownValue(testSystemSnapshot, tfjsonpath.New("description"), knownvalue.StringExact("logs")),
					},
				},
				Check: mockDescriptions("logs", "logs"),
			},
			{
				Config: named("weekly", `description = "rotated"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(acctest.VolumeAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(testSystemSnapshot, plancheck.ResourceActionUpdate),
					},
				},
				Check: mockDescriptions("rotated", "rotated"),
			},
		},
	})
}
