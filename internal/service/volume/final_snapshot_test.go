package volume_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// A final snapshot is made before the disk is deleted, and outlives it. A
// snapshot Baidu fails to make is followed by another; a destroy that times
// out while that one is made deletes nothing, and the next destroy reuses
// it instead of making a third. Changing final_snapshot or the timeouts
// calls nothing that writes.
func TestAccCDSVolume_finalSnapshot(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	cfg := func(deleteTimeout string) string {
		return volumeConfig(e, fmt.Sprintf(`
  size_in_gb     = 50
  final_snapshot = "data-final"
  timeouts {
    delete = %q
  }
`, deleteTimeout))
	}
	var volumeID string
	snapshotsOf := func() (available, failed int) {
		for _, sn := range e.Mock.Snapshots() {
			if sn.Name != "data-final" || sn.VolumeID != volumeID {
				continue
			}
			switch sn.Status {
			case "Available":
				available++
			case "CreatedFailed":
				failed++
			}
		}
		return available, failed
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(*terraform.State) error {
			if _, ok := e.Mock.Volume(volumeID); ok {
				return fmt.Errorf("volume %s is still on the mock", volumeID)
			}
			if available, failed := snapshotsOf(); available != 1 || failed != 1 {
				return fmt.Errorf("snapshots data-final of %s: %d Available, %d CreatedFailed; want 1 and 1", volumeID, available, failed)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// Snapshots take 40s on this mock: in 60s the first one fails
				// and the second is still being made.
				Config: cfg("60s"),
				Check: func(s *terraform.State) error {
					volumeID, _ = acctest.StateAttr(s, acctest.VolumeAddress, "id")
					return nil
				},
			},
			{
				PreConfig:   func() { e.Mock.FailNextSnapshots(1) },
				Config:      cfg("60s"),
				Destroy:     true,
				ExpectError: acctest.ExpectError("Final snapshot not made; the disk was not deleted", "data-final", "timed out"),
			},
			{
				PreConfig: func() {
					if _, ok := e.Mock.Volume(volumeID); !ok {
						t.Fatalf("volume %s was deleted although its final snapshot was not made", volumeID)
					}
					e.Mock.ResetCounts()
				},
				Config: cfg("20m"),
				Check: func(*terraform.State) error {
					if n := e.Mock.RequestCount(http.MethodPost, bccmock.RouteCreateSnapshot) + e.Mock.RequestCount(http.MethodPut, bccmock.RouteModifyVolume); n != 0 {
						return fmt.Errorf("changing the timeouts made %d calls that write, want 0", n)
					}
					return nil
				},
			},
		},
	})
}
