package provider_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// Baidu's Release Instance page: "the mounted CDS disk is detached
// automatically and kept; the snapshot based on this CDS disk is retained;
// the snapshot based on the original system disk is deleted automatically,
// while the custom image based on the original system disk is retained."
// Each sentence is a test here: after a release, the next plan is exactly
// right (re-create what went, leave alone what stayed) and never an error.

const (
	testDataSnapshot   = "baidu_bcc_snapshot.data"
	testSystemSnapshot = "baidu_bcc_snapshot.system"
	testImageKept      = "baidu_bcc_image.kept"
	testImageFollows   = "baidu_bcc_image.follows"
)

// consequencesConfig is the stack: instance, data disk and attachment, a
// snapshot of each disk, and two custom images of the instance, one that
// ignores its source's replacement and one that follows it.
func consequencesConfig(e *acctest.Env) string {
	return acctest.StackConfig(e, `
resource "baidu_bcc_snapshot" "data" {
  name      = "data-nightly"
  volume_id = baidu_cds_volume.data.id
}

resource "baidu_bcc_snapshot" "system" {
  name        = "system-nightly"
  instance_id = baidu_bcc_instance.test.id
}

resource "baidu_bcc_image" "kept" {
  name        = "golden"
  instance_id = baidu_bcc_instance.test.id
  lifecycle {
    ignore_changes = [instance_id]
  }
}

resource "baidu_bcc_image" "follows" {
  name        = "follows-its-instance"
  instance_id = baidu_bcc_instance.test.id
}
`)
}

// The plan every release of the instance must produce, whoever released it.
func afterReleasePlan(instanceAction plancheck.ResourceActionType) []plancheck.PlanCheck {
	return []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(acctest.InstanceAddress, instanceAction),
		plancheck.ExpectResourceAction(acctest.AttachmentAddress, plancheck.ResourceActionCreate),     // detached by Baidu: attach again
		plancheck.ExpectResourceAction(acctest.VolumeAddress, plancheck.ResourceActionNoop),           // kept
		plancheck.ExpectResourceAction(testDataSnapshot, plancheck.ResourceActionNoop),                // kept
		plancheck.ExpectResourceAction(testSystemSnapshot, plancheck.ResourceActionCreate),            // deleted by Baidu: make it again
		plancheck.ExpectResourceAction(testImageKept, plancheck.ResourceActionNoop),                   // kept, source ignored
		plancheck.ExpectResourceAction(testImageFollows, plancheck.ResourceActionDestroyBeforeCreate), // kept, but its source changed
	}
}

// Released outside Terraform (the console, another pipeline).
func TestAccReleaseConsequences_releasedOutsideTerraform(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	cfg := consequencesConfig(e)
	var oldInstance, oldSystemSnapshot, dataSnapshot, volume string
	sameVolume := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{sameVolume.AddStateValue(acctest.VolumeAddress, tfjsonpath.New("id"))},
				Check: func(s *terraform.State) error {
					var err error
					for _, v := range []struct {
						dst          *string
						address, key string
					}{{&oldInstance, acctest.InstanceAddress, "id"}, {&oldSystemSnapshot, testSystemSnapshot, "id"}, {&dataSnapshot, testDataSnapshot, "id"}, {&volume, acctest.VolumeAddress, "id"}} {
						if *v.dst, err = acctest.StateAttr(s, v.address, v.key); err != nil {
							return err
						}
					}
					if att, _ := acctest.StateAttr(s, acctest.VolumeAddress, "attached_instance_id"); att != oldInstance {
						// The volume was read before the attachment was made;
						// the next refresh shows it. Only the mock is checked here.
						if v, _ := e.Mock.Volume(volume); v.InstanceID != oldInstance {
							return fmt.Errorf("volume %s is not attached to %s on the mock: %+v", volume, oldInstance, v)
						}
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					if err := e.Mock.ReleaseInstanceOutOfBand(oldInstance); err != nil {
						t.Fatal(err)
					}
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPostRefresh: afterReleasePlan(plancheck.ResourceActionCreate)},
			},
			{
				Config:            cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: afterReleasePlan(plancheck.ResourceActionCreate)},
				ConfigStateChecks: []statecheck.StateCheck{sameVolume.AddStateValue(acctest.VolumeAddress, tfjsonpath.New("id"))},
				Check:             checkConverged(e, &oldInstance, &oldSystemSnapshot, &dataSnapshot, &volume),
			},
			// The next plan is empty.
			{Config: cfg, PlanOnly: true},
		},
	})
}

// Replaced by Terraform (terraform apply -replace, here a taint): the same
// consequences, the same plan, and the volume is never touched.
func TestAccReleaseConsequences_instanceReplaced(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	cfg := consequencesConfig(e)
	var oldInstance, oldSystemSnapshot, dataSnapshot, volume string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					oldInstance, _ = acctest.StateAttr(s, acctest.InstanceAddress, "id")
					oldSystemSnapshot, _ = acctest.StateAttr(s, testSystemSnapshot, "id")
					dataSnapshot, _ = acctest.StateAttr(s, testDataSnapshot, "id")
					volume, _ = acctest.StateAttr(s, acctest.VolumeAddress, "id")
					return nil
				},
			},
			{
				PreConfig: e.Mock.ResetCounts,
				Taint:     []string{acctest.InstanceAddress},
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction(acctest.AttachmentAddress, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction(acctest.VolumeAddress, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(testDataSnapshot, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(testSystemSnapshot, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction(testImageKept, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(testImageFollows, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(s *terraform.State) error {
					for _, route := range []string{bccmock.RouteReleaseVolume, bccmock.RouteResizeVolume, bccmock.RouteRenameVolume, bccmock.RouteModifyVolume} {
						if n := e.Mock.RequestCount("", route) + e.Mock.RequestCount(http.MethodDelete, route) + e.Mock.RequestCount(http.MethodPut, route); n != 0 {
							return fmt.Errorf("the replacement touched the volume: %d %s calls", n, route)
						}
					}
					return checkConverged(e, &oldInstance, &oldSystemSnapshot, &dataSnapshot, &volume)(s)
				},
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}

// checkConverged checks the mock after the apply that follows a release:
// the kept volume is attached to the new instance, the kept data snapshot
// and images are still there, the old system snapshot is gone and a new
// one is of the new instance.
func checkConverged(e *acctest.Env, oldInstance, oldSystemSnapshot, dataSnapshot, volume *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		newInstance, err := acctest.StateAttr(s, acctest.InstanceAddress, "id")
		if err != nil {
			return err
		}
		if newInstance == *oldInstance {
			return fmt.Errorf("the instance %s was not replaced", newInstance)
		}
		if v, ok := e.Mock.Volume(*volume); !ok || v.InstanceID != newInstance || v.Status != "InUse" {
			return fmt.Errorf("the kept volume %s is not attached to the new instance %s: %+v", *volume, newInstance, v)
		}
		if _, ok := e.Mock.Snapshot(*dataSnapshot); !ok {
			return fmt.Errorf("the data-disk snapshot %s did not survive the release", *dataSnapshot)
		}
		if _, ok := e.Mock.Snapshot(*oldSystemSnapshot); ok {
			return fmt.Errorf("the old system-disk snapshot %s survived the release", *oldSystemSnapshot)
		}
		newSystemSnapshot, _ := acctest.StateAttr(s, testSystemSnapshot, "id")
		if sn, ok := e.Mock.Snapshot(newSystemSnapshot); !ok || sn.VolumeID != newInstance {
			return fmt.Errorf("the system-disk snapshot %s is not of the new instance: %+v", newSystemSnapshot, sn)
		}
		kept, _ := acctest.StateAttr(s, testImageKept, "id")
		if _, ok := e.Mock.Image(kept); !ok {
			return fmt.Errorf("the custom image %s did not survive the release", kept)
		}
		return nil
	}
}

// The whole stack, two disks, in one terraform destroy, with the instance
// still in its creating window: no error, in dependency order, and the mock
// holds nothing afterwards.
func TestAccReleaseConsequences_wholeStackDestroyedInCreatingWindow(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{CreatingWindow: 10 * time.Minute, DeletedPhase: 5 * time.Second}))
	cfg := consequencesConfig(e) + `
resource "baidu_cds_volume" "logs" {
  name              = "stack-logs"
  availability_zone = "cn-bj-a"
  size_in_gb        = 20
}

resource "baidu_cds_volume_attachment" "logs" {
  volume_id   = baidu_cds_volume.logs.id
  instance_id = baidu_bcc_instance.test.id
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(s *terraform.State) error {
			if err := e.CheckNothingLeft(s); err != nil {
				return err
			}
			return checkDestroyOrder(e)
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					if in := e.Mock.Instances(); len(in) != 1 || !e.Mock.Now().Before(in[0].CreatingUntil) {
						return fmt.Errorf("the destroy would not meet the creating window: %+v", in)
					}
					e.Mock.ResetCounts()
					return nil
				},
			},
		},
	})
}

// checkDestroyOrder reads the destroy's requests: every disk was detached
// before it was released, and the instance was released (successfully)
// only after its snapshots, images and attachments were gone.
func checkDestroyOrder(e *acctest.Env) error {
	var detached []string
	instanceReleasedAt := -1
	for i, r := range e.Mock.Requests() {
		switch {
		case r.Route == bccmock.RouteDetachVolume && r.Status == http.StatusOK:
			detached = append(detached, r.ResourceID)
		case r.Route == bccmock.RouteReleaseVolume && r.Status == http.StatusOK:
			if !slices.Contains(detached, r.ResourceID) {
				return fmt.Errorf("volume %s was released before it was detached", r.ResourceID)
			}
		case r.Route == bccmock.RouteReleaseInstance && r.Status == http.StatusOK:
			instanceReleasedAt = i
		case instanceReleasedAt >= 0 && (r.Route == bccmock.RouteDeleteSnapshot || r.Route == bccmock.RouteDeleteImage || r.Route == bccmock.RouteDetachVolume):
			return fmt.Errorf("%s %s came after the instance was released", r.Route, r.ResourceID)
		}
	}
	if instanceReleasedAt < 0 || len(detached) != 2 {
		return fmt.Errorf("the destroy released the instance at request %d and detached %d disks, want a release and 2", instanceReleasedAt, len(detached))
	}
	if n := e.Mock.StatusCount(http.MethodDelete, bccmock.RouteReleaseInstance, http.StatusForbidden); n == 0 {
		return fmt.Errorf("the destroy never met the creating window; the test did not exercise it")
	}
	return nil
}
