package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

const (
	identitySnapshot = "baidu_bcc_snapshot.data"
	identityImage    = "baidu_bcc_image.golden"
)

// identityStack is an instance with a data disk attached, a snapshot of
// that disk and an image of the instance; the image names its source only
// when imageSource is set.
func identityStack(e *acctest.Env, imageSource bool) string {
	source := ""
	if imageSource {
		source = "  instance_id = baidu_bcc_instance.test.id\n"
	}
	return acctest.StackConfig(e, `
resource "baidu_bcc_snapshot" "data" {
  name      = "data-snap"
  volume_id = baidu_cds_volume.data.id
}

resource "baidu_bcc_image" "golden" {
  name        = "golden"
`+source+`}
`)
}

func expectRegionIdentity(address, prefix string) statecheck.StateCheck {
	return statecheck.ExpectIdentity(address, map[string]knownvalue.Check{
		"id":     knownvalue.StringRegexp(regexp.MustCompile(`^` + prefix + `-[A-Za-z0-9]+$`)),
		"region": knownvalue.StringExact("bj"),
	})
}

// Every resource records its identity on create, and an import block that
// names it by identity adopts it with an empty plan. The image is the one
// exception Baidu forces: it does not report an image's source, so an
// imported image whose configuration names its instance is recorded by an
// in-place update with no API call, never replaced.
func TestAccIdentity_importEveryResourceByIdentity(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	importByIdentity := func(address string) resource.TestStep {
		return resource.TestStep{ResourceName: address, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.IdentityCLIs,
		CheckDestroy:             e.CheckNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: identityStack(e, true),
				ConfigStateChecks: []statecheck.StateCheck{
					expectRegionIdentity(acctest.InstanceAddress, "i"),
					expectRegionIdentity(acctest.VolumeAddress, "v"),
					expectRegionIdentity(identitySnapshot, "s"),
					expectRegionIdentity(identityImage, "m"),
					statecheck.ExpectIdentity(acctest.AttachmentAddress, map[string]knownvalue.Check{
						"volume_id":   knownvalue.StringRegexp(regexp.MustCompile(`^v-`)),
						"instance_id": knownvalue.StringRegexp(regexp.MustCompile(`^i-`)),
						"region":      knownvalue.StringExact("bj"),
					}),
				},
			},
			importByIdentity(acctest.InstanceAddress),
			importByIdentity(acctest.VolumeAddress),
			importByIdentity(acctest.AttachmentAddress),
			importByIdentity(identitySnapshot),
			{
				Config:          identityStack(e, false),
				ResourceName:    identityImage,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				PreConfig:          e.Mock.ResetCounts,
				Config:             identityStack(e, true),
				ResourceName:       identityImage,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithResourceIdentity,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(identityImage, plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
}

// An identity naming another region than the provider's is refused before
// any call: the provider reaches one region only.
func TestAccIdentity_anotherRegionIsRefused(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cases := map[string]string{
		"instance": `
import {
  to       = baidu_bcc_instance.adopted
  identity = { id = "i-abcdefgh", region = "gz" }
}
resource "baidu_bcc_instance" "adopted" {
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
  instance_spec     = "bcc.g5.c2m8"
}
`,
		"attachment": `
import {
  to       = baidu_cds_volume_attachment.adopted
  identity = { volume_id = "v-abcdefgh", instance_id = "i-abcdefgh", region = "gz" }
}
resource "baidu_cds_volume_attachment" "adopted" {
  volume_id   = "v-abcdefgh"
  instance_id = "i-abcdefgh"
}
`,
	}
	for name, cfg := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				TerraformVersionChecks:   acctest.IdentityCLIs,
				Steps: []resource.TestStep{{
					PreConfig:   e.Mock.ResetCounts,
					Config:      e.ProviderBlock() + cfg,
					PlanOnly:    true,
					ExpectError: acctest.ExpectError("Identity names another region", `region "gz"`, `configured for region "bj"`, "alias"),
				}},
			})
			acctest.AssertNoRequests(t, e)
		})
	}
}
