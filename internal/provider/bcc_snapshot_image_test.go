package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

func instanceWith(e *accEnv, extra string) string {
	return e.providerBlock() + `
resource "baidu_bcc_instance" "test" {
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
}
` + extra
}

// A snapshot Baidu could not make is kept in state, tainted, and made again
// by the next apply; name, description and retention change in place; a
// destroy right after the create meets the 403 for a snapshot still being
// made and retries until it is gone.
func TestAccBCCSnapshot_failedCreateUpdateAndDeleteWhileCreating(t *testing.T) {
	e := newAccEnv(t, storageTimes(bccmock.Config{}))
	snap := func(name, desc string) string {
		return instanceWith(e, fmt.Sprintf(`
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
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNothingLeft,
		Steps: []tfresource.TestStep{
			{
				PreConfig:   func() { e.srv.FailNextSnapshots(1) },
				Config:      snap("first", "one"),
				ExpectError: expectError("Snapshot did not become Available", "recorded in state", "CreatedFailed", "tainted"),
			},
			{
				PreConfig: func() {
					failed := e.srv.Snapshots()
					if len(failed) != 1 || failed[0].Status != "CreatedFailed" {
						t.Fatalf("mock snapshots %+v, want the one that failed", failed)
					}
					failedID = failed[0].ID
				},
				Config: snap("first", "one"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testSystemSnapshot, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testSystemSnapshot, tfjsonpath.New("status"), knownvalue.StringExact("Available")),
					statecheck.ExpectKnownValue(testSystemSnapshot, tfjsonpath.New("create_method"), knownvalue.StringExact("MANUAL")),
					statecheck.ExpectKnownValue(testSystemSnapshot, tfjsonpath.New("size_in_gb"), knownvalue.Int64Exact(40)),
				},
				Check: func(s *terraform.State) error {
					if _, ok := e.srv.Snapshot(failedID); ok {
						return fmt.Errorf("the failed snapshot %s was not deleted by the replacement", failedID)
					}
					return nil
				},
			},
			{
				PreConfig: e.srv.ResetCounts,
				Config:    snap("renamed", "two"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testSystemSnapshot, plancheck.ResourceActionUpdate)},
				},
				Check: func(s *terraform.State) error {
					if n := e.srv.RequestCount(http.MethodPut, bccmock.RouteModifySnapshot); n != 1 {
						return fmt.Errorf("%d modify calls, want 1", n)
					}
					id, _ := stateAttr(s, testSystemSnapshot, "id")
					if sn, _ := e.srv.Snapshot(id); sn.Name != "renamed" || sn.Desc != "two" || sn.RetentionInDays != 30 {
						return fmt.Errorf("mock snapshot %+v", sn)
					}
					return nil
				},
			},
			{ResourceName: testSystemSnapshot, ImportState: true, ImportStateVerify: true},
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
				ExpectError: expectError("Snapshot did not become Available", "timed out after 1s"),
			},
		},
	})
	if n := e.srv.StatusCount(http.MethodDelete, bccmock.RouteDeleteSnapshot, http.StatusForbidden); n == 0 {
		t.Error("no delete met a snapshot still being made; the retry was not exercised")
	}
}

// An image made from the instance waits through Creating (the instance shows
// ImageProcessing meanwhile, and its refresh is fine); a failed image is
// tainted; the 21st custom image is refused naming the quota; an image
// shared with other accounts is not deleted, with the way out.
func TestAccBCCImage_failuresQuotaAndSharing(t *testing.T) {
	e := newAccEnv(t, storageTimes(bccmock.Config{}))
	img := func(name string) string {
		return instanceWith(e, fmt.Sprintf(`
resource "baidu_bcc_image" "golden" {
  name        = %q
  instance_id = baidu_bcc_instance.test.id
}
`, name))
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNothingLeft,
		Steps: []tfresource.TestStep{
			{
				PreConfig:   func() { e.srv.FailNextImages(1) },
				Config:      img("golden"),
				ExpectError: expectError("Custom image did not become Available", "recorded in state", "CreateFailed", "tainted"),
			},
			{
				Config: img("golden"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("baidu_bcc_image.golden", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("baidu_bcc_image.golden", tfjsonpath.New("status"), knownvalue.StringExact("Available")),
					statecheck.ExpectKnownValue("baidu_bcc_image.golden", tfjsonpath.New("os_type"), knownvalue.StringExact("linux")),
				},
			},
			{
				Config: img("renamed"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("baidu_bcc_image.golden", plancheck.ResourceActionUpdate)},
				},
				Check: func(s *terraform.State) error {
					id, _ := stateAttr(s, "baidu_bcc_image.golden", "id")
					if im, _ := e.srv.Image(id); im.Name != "renamed" {
						return fmt.Errorf("mock image %+v", im)
					}
					return nil
				},
			},
			{
				// Fill the quota outside Terraform, then ask for one more.
				PreConfig: func() { fillImageQuota(t, e) },
				Config: img("renamed") + `
resource "baidu_bcc_image" "one_too_many" {
  name        = "one-too-many"
  instance_id = baidu_bcc_instance.test.id
}
`,
				ExpectError: expectError("Custom image quota reached", "Image.ImageQuotaExceedLimit", "at most 20 custom images"),
			},
			{
				PreConfig: func() {
					for _, im := range e.srv.Images() {
						if strings.HasPrefix(im.Name, "filler-") {
							e.srv.DeleteImageOutOfBand(im.ID)
						}
					}
				},
				Config: img("renamed"),
			},
			{
				PreConfig: func() {
					for _, im := range e.srv.Images() {
						if im.Name == "renamed" {
							e.srv.ShareImageOutOfBand(im.ID)
						}
					}
				},
				Config:      img("renamed"),
				Destroy:     true,
				ExpectError: expectError("Custom image is shared with other accounts", "Image.ImageHasBeenSharedToOthers", "Stop sharing it"),
			},
			{
				// Unshared (the mock's out-of-band delete stands for the
				// user's fix); the final destroy goes through.
				PreConfig: func() {
					for _, im := range e.srv.Images() {
						if im.Name == "renamed" {
							e.srv.DeleteImageOutOfBand(im.ID)
						}
					}
				},
				Config: img("renamed"),
			},
		},
	})
}

// fillImageQuota makes custom images outside Terraform until the account
// holds 20.
func fillImageQuota(t *testing.T, e *accEnv) {
	t.Helper()
	c := e.conn()
	var source string
	for _, in := range e.liveInstances() {
		source = in.ID
	}
	custom := 0
	for _, im := range e.srv.Images() {
		if im.Type == "Custom" {
			custom++
		}
	}
	for n := custom; n < maxCustomImages; n++ {
		if _, err := c.Client.CreateImage(t.Context(), client.NewClientToken(), client.CreateImageRequest{ImageName: fmt.Sprintf("filler-%d", n), InstanceID: source}); err != nil {
			t.Fatal(err)
		}
		e.srv.Advance(2 * time.Minute) // the instance leaves ImageProcessing
	}
}

// The destroy plan warns what Baidu will take with the instance: both of its
// system-disk snapshots (one made outside Terraform) and the data disk it
// will detach. An instance with neither gets no warning.
func TestModifyPlanListsReleaseConsequences(t *testing.T) {
	e := newAccEnv(t, storageTimes(bccmock.Config{}))
	c := e.conn()
	ctx := context.Background()
	with := createOutsideTerraform(t, e, instanceRequest("cn-bj-a"), "")
	without := createOutsideTerraform(t, e, instanceRequest("cn-bj-a"), "")
	var snaps []string
	for _, name := range []string{"nightly", "made-in-the-console"} {
		id, err := c.Client.CreateSnapshot(ctx, client.NewClientToken(), client.CreateSnapshotRequest{VolumeID: with, SnapshotName: name})
		if err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, id)
	}
	vols, err := c.Client.CreateVolume(ctx, client.NewClientToken(), client.CreateVolumeRequest{CdsSizeInGB: 50, ZoneName: "cn-bj-a", Name: "data", Billing: &client.Billing{PaymentTiming: client.PaymentPostpaid}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Advance(time.Minute)
	if err := c.Client.AttachVolume(ctx, vols[0], with); err != nil {
		t.Fatal(err)
	}
	e.srv.Advance(time.Minute)

	r := &bccInstanceResource{ResourceBase: framework.ResourceBase{Data: framework.NewProviderData(c, nil, false, e.clock)}}
	e.srv.ResetCounts()
	plan := func(id string) []string {
		state := stateOf(t, bccInstanceModel{ID: types.StringValue(id), PaymentTiming: types.StringValue(client.PaymentPostpaid)})
		nullPlan := tfsdk.Plan{Schema: state.Schema, Raw: tftypes.NewValue(state.Schema.Type().TerraformType(ctx), nil)}
		resp := &resource.ModifyPlanResponse{Plan: nullPlan}
		r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: state, Plan: nullPlan}, resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("the destroy plan failed: %v", resp.Diagnostics)
		}
		var out []string
		for _, w := range resp.Diagnostics.Warnings() {
			out = append(out, w.Summary()+"\n"+w.Detail())
		}
		return out
	}
	warnings := plan(with)
	if len(warnings) != 1 {
		t.Fatalf("%d warnings for the instance with snapshots and a disk, want 1: %q", len(warnings), warnings)
	}
	for _, want := range append(snaps, vols[0], "nightly", "made-in-the-console", "deletes the 2 snapshots of its system disk",
		"whether or not Terraform manages them", "detaches and keeps 1 data disk") {
		if !strings.Contains(warnings[0], want) {
			t.Errorf("the warning does not mention %q:\n%s", want, warnings[0])
		}
	}
	// A replacement (a new image) releases the instance too. The framework
	// does not tell ModifyPlan about replacements; the warning must come
	// all the same.
	replaced := stateOf(t, bccInstanceModel{ID: types.StringValue(with), PaymentTiming: types.StringValue(client.PaymentPostpaid), ImageID: types.StringValue("m-acc0001")})
	newImage := stateOf(t, bccInstanceModel{ID: types.StringValue(with), PaymentTiming: types.StringValue(client.PaymentPostpaid), ImageID: types.StringValue("m-acc0002")})
	replacePlan := tfsdk.Plan{Schema: newImage.Schema, Raw: newImage.Raw}
	resp := &resource.ModifyPlanResponse{Plan: replacePlan}
	r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: replaced, Plan: replacePlan}, resp)
	if ws := resp.Diagnostics.Warnings(); len(ws) != 1 || !strings.Contains(ws[0].Detail(), "This plan will replace instance "+with) {
		t.Errorf("a replacement got warnings %v, want the one that says what the release takes", resp.Diagnostics)
	}
	if w := plan(without); len(w) != 0 {
		t.Errorf("an instance with no snapshots or disks got warnings: %q", w)
	}
	// The two plans shared one listing of the account's snapshots and disks.
	if s, v := e.srv.RequestCount(http.MethodGet, bccmock.RouteListSnapshots), e.srv.RequestCount(http.MethodGet, bccmock.RouteListVolumes); s != 1 || v != 1 {
		t.Errorf("%d snapshot and %d disk listings for two destroyed instances, want 1 and 1", s, v)
	}
}
