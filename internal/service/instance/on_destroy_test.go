package instance_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// writeCalls counts the requests since the last ResetCounts that could
// change something on Baidu: everything but GETs and the batch read.
func writeCalls(e *acctest.Env) []string {
	var out []string
	for _, r := range e.Mock.Requests() {
		if r.Method != http.MethodGet && r.Route != bccmock.RouteListInstancesByIDs {
			out = append(out, r.Method+" "+r.Route)
		}
	}
	return out
}

func prepaidConfig(e *acctest.Env, onDestroy string) string {
	return acctest.InstanceConfig(e, `
  instance_spec  = "bcc.g5.c2m8"
  payment_timing = "Prepaid"
  reservation = {
    reservation_length = 1
  }
`+onDestroy)
}

// A prepaid instance created with the default refusal is switched to
// release_early by an apply that calls no API; a destroy then releases it
// through POST /v2/instance/delete, never DELETE. A release Baidu answers
// with the instance in failResources is an error with Baidu's words, and
// the instance stays in state and on the mock. With instanceRefundFlag
// false (the flag's other reading) the release still counts once the
// instance reads as gone.
func TestAccBCCInstance_releaseEarly(t *testing.T) {
	for name, cfg := range map[string]bccmock.Config{"refundTrue": {}, "refundFalse": {EarlyReleaseRefundFalse: true}} {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewEnv(t, cfg)
			early := prepaidConfig(e, `  on_destroy = { prepaid = "release_early" }`)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				CheckDestroy: func(s *terraform.State) error {
					if err := e.CheckNoInstances(s); err != nil {
						return err
					}
					if n := e.Mock.RequestCount(http.MethodDelete, bccmock.RouteReleaseInstance); n != 0 {
						return fmt.Errorf("%d DELETE /v2/instance/{id} calls, want 0", n)
					}
					if n := e.Mock.StatusCount(http.MethodPost, bccmock.RouteReleasePrepaidInstance, http.StatusOK); n != 2 {
						return fmt.Errorf("%d answered early releases, want 2 (the refused one and the release)", n)
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						Config: prepaidConfig(e, ""),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("on_destroy").AtMapKey("prepaid"), knownvalue.StringExact("refuse")),
						},
					},
					{
						PreConfig: e.Mock.ResetCounts,
						Config:    early,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("on_destroy").AtMapKey("prepaid"), knownvalue.StringExact("release_early")),
						},
						Check: func(*terraform.State) error {
							if w := writeCalls(e); len(w) != 0 {
								return fmt.Errorf("changing on_destroy made calls %v, want none", w)
							}
							return nil
						},
					},
					{
						PreConfig:   func() { e.Mock.FailNextEarlyReleases(1) },
						Config:      early,
						Destroy:     true,
						ExpectError: acctest.ExpectError("Failed to release BCC instance", "request id", "failResources", "stays in state"),
					},
					{
						Config: early,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						Check: func(*terraform.State) error {
							if n := len(e.LiveInstances()); n != 1 {
								return fmt.Errorf("mock holds %d live instances after the refused release, want 1", n)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// finalImageCheck is the CheckDestroy of final-image tests: no instance is
// left, and the final image is (see checkFinalImage).
func finalImageCheck(e *acctest.Env, name string, source *string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		if err := e.CheckNoInstances(s); err != nil {
			return err
		}
		return checkFinalImage(e, name, *source)
	}
}

// checkFinalImage asserts that exactly one custom image named name, made
// from instance source and Available, is on the mock.
func checkFinalImage(e *acctest.Env, name, source string) error {
	var found []bccmock.Image
	for _, im := range e.Mock.Images() {
		if im.Name == name && im.SourceInstanceID == source {
			found = append(found, im)
		}
	}
	if len(found) != 1 || found[0].Status != "Available" {
		return fmt.Errorf("images named %q of instance %s: %+v; want one, Available", name, source, found)
	}
	return nil
}

// A final image is made of the system disk before the release and kept:
// a quota refusal releases nothing; a destroy that times out while the
// image is being made leaves the instance, and the next destroy reuses
// that image instead of making a second one; the system disk's snapshot
// goes with the release as Baidu documents, the image stays.
func TestAccBCCInstance_finalImage(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	cfg := func(deleteTimeout string) string {
		return acctest.InstanceConfig(e, fmt.Sprintf(`
  instance_spec = "bcc.g5.c2m8"
  on_destroy = {
    final_image = "web-final"
  }
  timeouts {
    delete = %q
  }
`, deleteTimeout))
	}
	var source, snapshotID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(s *terraform.State) error {
			if err := finalImageCheck(e, "web-final", &source)(s); err != nil {
				return err
			}
			if _, ok := e.Mock.Snapshot(snapshotID); ok {
				return fmt.Errorf("system-disk snapshot %s survived the release", snapshotID)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg("20m"),
				Check: func(s *terraform.State) error {
					source, _ = acctest.StateAttr(s, acctest.InstanceAddress, "id")
					return nil
				},
			},
			{
				PreConfig:   func() { acctest.FillImageQuota(t, e) },
				Config:      cfg("20m"),
				Destroy:     true,
				ExpectError: acctest.ExpectError("Final image not made; the instance was not released", "web-final", "ImageQuotaExceedLimit", "Nothing was released"),
			},
			{
				// The mock's image takes 60s; a 30s delete timeout runs out
				// while it is made.
				PreConfig: func() {
					if n := len(e.LiveInstances()); n != 1 {
						t.Fatalf("mock holds %d live instances after the quota refusal, want 1", n)
					}
					for _, im := range e.Mock.Images() {
						if im.Type == "Custom" {
							e.Mock.DeleteImageOutOfBand(im.ID)
						}
					}
					sn, err := e.Conn().Client.CreateSnapshot(t.Context(), "tok-final-image-snap",
						client.CreateSnapshotRequest{VolumeID: source, SnapshotName: "before-release"})
					if err != nil {
						t.Fatal(err)
					}
					snapshotID = sn
					e.Mock.Advance(2 * time.Minute)
				},
				// A destroy uses the timeouts in state, so the shorter one
				// is applied first (with no API call).
				Config: cfg("30s"),
			},
			{
				Config:      cfg("30s"),
				Destroy:     true,
				ExpectError: acctest.ExpectError("Final image not made; the instance was not released", "web-final", "timed out"),
			},
			{
				// The next destroy (the test's own) reuses that image: the
				// CheckDestroy finds one image of that name.
				Config: cfg("20m"),
				Check: func(*terraform.State) error {
					if n := len(e.LiveInstances()); n != 1 {
						return fmt.Errorf("mock holds %d live instances after the timed-out destroy, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

const exampleOnDestroy = "resources/baidu_bcc_instance/on_destroy/main.tf"

// The on_destroy example, applied and destroyed as written: the prepaid
// instance leaves its final image and is released early, with no DELETE.
func TestAccExamples_onDestroy(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	var source string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(s *terraform.State) error {
			if err := finalImageCheck(e, "db-1-final", &source)(s); err != nil {
				return err
			}
			if n := e.Mock.RequestCount(http.MethodDelete, bccmock.RouteReleaseInstance); n != 0 {
				return fmt.Errorf("%d DELETE /v2/instance/{id} calls, want 0", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: e.ProviderBlock() + acctest.ReadExample(t, exampleOnDestroy),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("baidu_bcc_instance.db", tfjsonpath.New("on_destroy"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"prepaid": knownvalue.StringExact("release_early"), "final_image": knownvalue.StringExact("db-1-final"),
				})),
			},
			Check: func(s *terraform.State) error {
				source, _ = acctest.StateAttr(s, "baidu_bcc_instance.db", "id")
				return nil
			},
		}},
	})
}

// A replacement releases the old instance, so its final image is made
// first, of the old instance. The release meets the creating window after
// the image is made and is retried: one image, then the release.
func TestAccBCCInstance_finalImageOnReplacementInCreatingWindow(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{CreatingWindow: 10 * time.Minute}))
	cfg := func(image string) string {
		return e.ProviderBlock() + fmt.Sprintf(`
resource "baidu_bcc_instance" "test" {
  instance_spec     = "bcc.g5.c2m8"
  image_id          = %q
  availability_zone = "cn-bj-a"
  on_destroy = {
    final_image = "web-final"
  }
}
`, image)
	}
	var old string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config: cfg("m-acc0001"),
				Check: func(s *terraform.State) error {
					old, _ = acctest.StateAttr(s, acctest.InstanceAddress, "id")
					return nil
				},
			},
			{
				PreConfig: e.Mock.ResetCounts,
				Config:    cfg("m-acc0002"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(s *terraform.State) error {
					if err := checkFinalImage(e, "web-final", old); err != nil {
						return err
					}
					if n := e.Mock.StatusCount(http.MethodPost, bccmock.RouteCreateImage, http.StatusOK); n != 1 {
						return fmt.Errorf("%d images made by the replacement, want 1", n)
					}
					if n := e.Mock.StatusCount(http.MethodDelete, bccmock.RouteReleaseInstance, http.StatusForbidden); n == 0 {
						return fmt.Errorf("no release met the creating window; the retry after the image was not exercised")
					}
					if in, ok := e.Mock.Instance(old); ok && !in.Released {
						return fmt.Errorf("the old instance %s is %s after the replacement", old, in.Status)
					}
					return nil
				},
			},
		},
	})
}
