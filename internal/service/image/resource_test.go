package image_test

import (
	"fmt"
	"strings"
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

// An image made from the instance waits through Creating (the instance shows
// ImageProcessing meanwhile, and its refresh is fine); a failed image is
// tainted; the 21st custom image is refused naming the quota; an image
// shared with other accounts is not deleted, with the way out.
func TestAccBCCImage_failuresQuotaAndSharing(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	img := func(name string) string {
		return acctest.WithInstance(e, fmt.Sprintf(`
resource "baidu_bcc_image" "golden" {
  name        = %q
  instance_id = baidu_bcc_instance.test.id
}
`, name))
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNothingLeft,
		Steps: []tfresource.TestStep{
			{
				PreConfig:   func() { e.Mock.FailNextImages(1) },
				Config:      img("golden"),
				ExpectError: acctest.ExpectError("Custom image did not become Available", "recorded in state", "CreateFailed", "tainted"),
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
					id, _ := acctest.StateAttr(s, "baidu_bcc_image.golden", "id")
					if im, _ := e.Mock.Image(id); im.Name != "renamed" {
						return fmt.Errorf("mock image %+v", im)
					}
					return nil
				},
			},
			{
				// Fill the quota outside Terraform, then ask for one more.
				PreConfig: func() { acctest.FillImageQuota(t, e) },
				Config: img("renamed") + `
resource "baidu_bcc_image" "one_too_many" {
  name        = "one-too-many"
  instance_id = baidu_bcc_instance.test.id
}
`,
				ExpectError: acctest.ExpectError("Custom image quota reached", "Image.ImageQuotaExceedLimit", "at most 20 custom images"),
			},
			{
				PreConfig: func() {
					for _, im := range e.Mock.Images() {
						if strings.HasPrefix(im.Name, "filler-") {
							e.Mock.DeleteImageOutOfBand(im.ID)
						}
					}
				},
				Config: img("renamed"),
			},
			{
				PreConfig: func() {
					for _, im := range e.Mock.Images() {
						if im.Name == "renamed" {
							e.Mock.ShareImageOutOfBand(im.ID)
						}
					}
				},
				Config:      img("renamed"),
				Destroy:     true,
				ExpectError: acctest.ExpectError("Custom image is shared with other accounts", "Image.ImageHasBeenSharedToOthers", "Stop sharing it"),
			},
			{
				// Unshared (the mock's out-of-band delete stands for the
				// user's fix); the final destroy goes through.
				PreConfig: func() {
					for _, im := range e.Mock.Images() {
						if im.Name == "renamed" {
							e.Mock.DeleteImageOutOfBand(im.ID)
						}
					}
				},
				Config: img("renamed"),
			},
		},
	})
}
