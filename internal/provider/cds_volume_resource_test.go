package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

func volumeConfig(e *accEnv, body string) string {
	return e.providerBlock() + fmt.Sprintf(`
resource "baidu_cds_volume" "data" {
  availability_zone = "cn-bj-a"
%s
}
`, body)
}

// A disk is created (waiting through Creating), renamed, described and
// grown in place with one call each, imported, and released.
func TestAccCDSVolume_lifecycleAndImport(t *testing.T) {
	e := newAccEnv(t, storageTimes(bccmock.Config{}))
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: volumeConfig(e, `
  name         = "data-1"
  size_in_gb   = 50
  storage_type = "enhanced_ssd_pl1"
  tags         = { team = "platform" }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testVolume, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testVolume, tfjsonpath.New("status"), knownvalue.StringExact("Available")),
					statecheck.ExpectKnownValue(testVolume, tfjsonpath.New("type"), knownvalue.StringExact("Cds")),
					statecheck.ExpectKnownValue(testVolume, tfjsonpath.New("size_in_gb"), knownvalue.Int64Exact(50)),
					statecheck.ExpectKnownValue(testVolume, tfjsonpath.New("payment_timing"), knownvalue.StringExact("Postpaid")),
					statecheck.ExpectKnownValue(testVolume, tfjsonpath.New("attached_instance_id"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(testVolume, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("platform")})),
				},
			},
			{
				PreConfig: e.srv.ResetCounts,
				Config: volumeConfig(e, `
  name         = "data-renamed"
  description  = "grown"
  size_in_gb   = 80
  storage_type = "enhanced_ssd_pl1"
  tags         = { team = "platform" }
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testVolume, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testVolume, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testVolume, tfjsonpath.New("size_in_gb"), knownvalue.Int64Exact(80)),
					statecheck.ExpectKnownValue(testVolume, tfjsonpath.New("name"), knownvalue.StringExact("data-renamed")),
				},
				Check: func(*terraform.State) error {
					for _, route := range []string{bccmock.RouteRenameVolume, bccmock.RouteModifyVolume, bccmock.RouteResizeVolume} {
						if n := e.srv.RequestCount("PUT", route); n != 1 {
							return fmt.Errorf("%d %s calls, want 1", n, route)
						}
					}
					vs := e.srv.Volumes()
					if len(vs) != 1 || vs[0].SizeGB != 80 || vs[0].Name != "data-renamed" || vs[0].Desc != "grown" {
						return fmt.Errorf("mock volume %+v", vs)
					}
					return nil
				},
			},
			{ResourceName: testVolume, ImportState: true, ImportStateVerify: true},
		},
	})
}

// A disk attached outside Terraform is not released, nor detached behind
// the user's back: the destroy fails naming the instance and the way out,
// and succeeds once the disk is detached.
func TestAccCDSVolume_deleteOfDiskAttachedOutsideTerraform(t *testing.T) {
	e := newAccEnv(t, storageTimes(bccmock.Config{}))
	cfg := volumeConfig(e, `size_in_gb = 20`)
	var instanceID, volumeID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					var err error
					volumeID, err = stateAttr(s, testVolume, "id")
					return err
				},
			},
			{
				PreConfig: func() {
					instanceID = createOutsideTerraform(t, e, instanceRequest("cn-bj-a"), "")
					if err := e.conn().Client.AttachVolume(t.Context(), volumeID, instanceID); err != nil {
						t.Fatal(err)
					}
					e.srv.Advance(time.Minute)
				},
				Config:      cfg,
				Destroy:     true,
				ExpectError: expectError("CDS volume is attached to an instance", "is attached to instance", "does not detach a disk on its own", "terraform import baidu_cds_volume_attachment"),
			},
			{
				PreConfig: func() {
					if v, ok := e.srv.Volume(volumeID); !ok || v.InstanceID != instanceID {
						t.Errorf("the refused destroy changed the disk: %+v", v)
					}
					e.srv.DetachVolumeOutOfBand(volumeID)
					e.srv.DeleteInstanceOutOfBand(instanceID)
				},
				Config: cfg,
			},
		},
	})
}
