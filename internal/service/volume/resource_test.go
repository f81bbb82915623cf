package volume_test

import (
	"fmt"
	"net/http"
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

func volumeConfig(e *acctest.Env, body string) string {
	return e.ProviderBlock() + fmt.Sprintf(`
resource "baidu_cds_volume" "data" {
  availability_zone = "cn-bj-a"
%s
}
`, body)
}

// A disk is created (waiting through Creating), renamed, described and
// grown in place with one call each, imported, and released.
func TestAccCDSVolume_lifecycleAndImport(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: volumeConfig(e, `
  name         = "data-1"
  size_in_gb   = 50
  storage_type = "enhanced_ssd_pl1"
  tags         = { team = "platform" }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(acctest.VolumeAddress, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(acctest.VolumeAddress, tfjsonpath.New("status"), knownvalue.StringExact("Available")),
					statecheck.ExpectKnownValue(acctest.VolumeAddress, tfjsonpath.New("type"), knownvalue.StringExact("Cds")),
					statecheck.ExpectKnownValue(acctest.VolumeAddress, tfjsonpath.New("size_in_gb"), knownvalue.Int64Exact(50)),
					statecheck.ExpectKnownValue(acctest.VolumeAddress, tfjsonpath.New("payment_timing"), knownvalue.StringExact("Postpaid")),
					statecheck.ExpectKnownValue(acctest.VolumeAddress, tfjsonpath.New("attached_instance_id"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(acctest.VolumeAddress, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("platform")})),
				},
			},
			{
				PreConfig: e.Mock.ResetCounts,
				Config: volumeConfig(e, `
  name         = "data-renamed"
  description  = "grown"
  size_in_gb   = 80
  storage_type = "enhanced_ssd_pl1"
  tags         = { team = "platform" }
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.VolumeAddress, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(acctest.VolumeAddress, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(acctest.VolumeAddress, tfjsonpath.New("size_in_gb"), knownvalue.Int64Exact(80)),
					statecheck.ExpectKnownValue(acctest.VolumeAddress, tfjsonpath.New("name"), knownvalue.StringExact("data-renamed")),
				},
				Check: func(*terraform.State) error {
					for _, route := range []string{bccmock.RouteRenameVolume, bccmock.RouteModifyVolume, bccmock.RouteResizeVolume} {
						if n := e.Mock.RequestCount("PUT", route); n != 1 {
							return fmt.Errorf("%d %s calls, want 1", n, route)
						}
					}
					vs := e.Mock.Volumes()
					if len(vs) != 1 || vs[0].SizeGB != 80 || vs[0].Name != "data-renamed" || vs[0].Desc != "grown" {
						return fmt.Errorf("mock volume %+v", vs)
					}
					return nil
				},
			},
			{ResourceName: acctest.VolumeAddress, ImportState: true, ImportStateVerify: true},
		},
	})
}

// A disk attached outside Terraform is not released, nor detached behind
// the user's back: the destroy fails naming the instance and the way out,
// and succeeds once the disk is detached.
func TestAccCDSVolume_deleteOfDiskAttachedOutsideTerraform(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	cfg := volumeConfig(e, `size_in_gb = 20`)
	var instanceID, volumeID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					var err error
					volumeID, err = acctest.StateAttr(s, acctest.VolumeAddress, "id")
					return err
				},
			},
			{
				PreConfig: func() {
					instanceID = acctest.CreateOutsideTerraform(t, e, acctest.InstanceRequest("cn-bj-a"), "")
					if err := e.Conn().Client.AttachVolume(t.Context(), volumeID, instanceID); err != nil {
						t.Fatal(err)
					}
					e.Mock.Advance(time.Minute)
				},
				Config:      cfg,
				Destroy:     true,
				ExpectError: acctest.ExpectError("CDS volume is attached to an instance", "is attached to instance", "does not detach a disk on its own", "terraform import baidu_cds_volume_attachment"),
			},
			{
				PreConfig: func() {
					if v, ok := e.Mock.Volume(volumeID); !ok || v.InstanceID != instanceID {
						t.Errorf("the refused destroy changed the disk: %+v", v)
					}
					e.Mock.DetachVolumeOutOfBand(volumeID)
					e.Mock.DeleteInstanceOutOfBand(instanceID)
				},
				Config: cfg,
			},
		},
	})
}

// A smaller disk is refused at plan time, after the refresh and before any
// change is made; a disk in another zone than the instance is refused by
// Baidu at apply, and the error says why.
func TestAccStorage_shrinkAndZoneMismatch(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	vol := func(size int) string { return volumeConfig(e, fmt.Sprintf("size_in_gb = %d", size)) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNothingLeft,
		Steps: []resource.TestStep{
			{Config: vol(50)},
			{
				PreConfig:   e.Mock.ResetCounts,
				Config:      vol(40),
				PlanOnly:    true,
				ExpectError: acctest.ExpectError("CDS disks only grow", "size_in_gb is 40 GB, smaller than the disk's 50 GB", "Keep size_in_gb at 50 or more"),
			},
			{
				PreConfig: func() {
					for _, r := range e.Mock.Requests() {
						if r.Method != http.MethodGet {
							t.Errorf("the refused shrink made a %s %s call", r.Method, r.Route)
						}
					}
				},
				Config: e.ProviderBlock() + `
resource "baidu_bcc_instance" "test" {
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
}

resource "baidu_cds_volume" "data" {
  availability_zone = "cn-bj-b"
  size_in_gb        = 50
}

resource "baidu_cds_volume_attachment" "data" {
  volume_id   = baidu_cds_volume.data.id
  instance_id = baidu_bcc_instance.test.id
}
`,
				ExpectError: acctest.ExpectError("Baidu refused to attach the CDS volume", "HTTP 403", "same availability zone"),
			},
		},
	})
}
