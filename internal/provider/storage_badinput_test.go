package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// Bad input to the storage resources fails at plan time, naming the
// attribute and the fix, before any API call.
func TestAccStorage_invalidArgumentsFailAtPlanTime(t *testing.T) {
	cases := []struct {
		name   string
		config string
		want   *regexp.Regexp
	}{
		{"volume without size or snapshot", `
resource "baidu_cds_volume" "x" {
  availability_zone = "cn-bj-a"
}`, acctest.ExpectError("Missing disk size", "size_in_gb", "snapshot_id")},
		{"prepaid volume", `
resource "baidu_cds_volume" "x" {
  availability_zone = "cn-bj-a"
  size_in_gb        = 20
  payment_timing    = "Prepaid"
}`, acctest.ExpectError("payment_timing", `only "Postpaid" is supported for disks`)},
		{"volume too small", `
resource "baidu_cds_volume" "x" {
  availability_zone = "cn-bj-a"
  size_in_gb        = 1
}`, acctest.ExpectError("size_in_gb", "between 5 and 32765")},
		{"unknown storage type", `
resource "baidu_cds_volume" "x" {
  availability_zone = "cn-bj-a"
  size_in_gb        = 20
  storage_type      = "floppy"
}`, acctest.ExpectError("storage_type", "hp1")},
		{"volume from an instance id", `
resource "baidu_cds_volume" "x" {
  availability_zone = "cn-bj-a"
  snapshot_id       = "i-abcdefgh"
}`, acctest.ExpectError("snapshot_id", `a snapshot id is "s-" followed by letters and digits`)},
		{"snapshot of both a volume and an instance", `
resource "baidu_bcc_snapshot" "x" {
  name        = "both"
  volume_id   = "v-abcdefgh"
  instance_id = "i-abcdefgh"
}`, acctest.ExpectError("volume_id", "instance_id")},
		{"snapshot of nothing", `
resource "baidu_bcc_snapshot" "x" {
  name = "neither"
}`, acctest.ExpectError("Missing snapshot source", "volume_id", "instance_id")},
		{"image of nothing", `
resource "baidu_bcc_image" "x" {
  name = "golden"
}`, acctest.ExpectError("Missing image source", "instance_id", "snapshot_id")},
		{"image of both an instance and a snapshot", `
resource "baidu_bcc_image" "x" {
  name        = "golden"
  instance_id = "i-abcdefgh"
  snapshot_id = "s-abcdefgh"
}`, acctest.ExpectError("instance_id", "snapshot_id")},
		{"snapshot name starting with a digit", `
resource "baidu_bcc_snapshot" "x" {
  name      = "1st"
  volume_id = "v-abcdefgh"
}`, acctest.ExpectError("name", "a snapshot name must be 1-65 characters, start with a letter")},
		{"snapshot retention out of range", `
resource "baidu_bcc_snapshot" "x" {
  name              = "kept"
  volume_id         = "v-abcdefgh"
  retention_in_days = 0
}`, acctest.ExpectError("retention_in_days", "between 1 and 10000")},
		{"image of both an instance and a snapshot", `
resource "baidu_bcc_image" "x" {
  name        = "both"
  instance_id = "i-abcdefgh"
  snapshot_id = "s-abcdefgh"
}`, acctest.ExpectError("instance_id", "snapshot_id")},
		{"image from a volume id", `
resource "baidu_bcc_image" "x" {
  name        = "golden"
  snapshot_id = "v-abcdefgh"
}`, acctest.ExpectError("snapshot_id", `a snapshot id is "s-"`)},
		{"attachment of a snapshot id", `
resource "baidu_cds_volume_attachment" "x" {
  volume_id   = "s-abcdefgh"
  instance_id = "i-abcdefgh"
}`, acctest.ExpectError("volume_id", `a volume id is "v-"`)},
		{"attachment to a volume id", `
resource "baidu_cds_volume_attachment" "x" {
  volume_id   = "v-abcdefgh"
  instance_id = "v-abcdefgh"
}`, acctest.ExpectError("instance_id", `an instance id is "i-"`)},
		{"empty final snapshot name", `
resource "baidu_cds_volume" "x" {
  availability_zone = "cn-bj-a"
  size_in_gb        = 20
  final_snapshot    = ""
}`, acctest.ExpectError("final_snapshot", "a snapshot name must be 1-65 characters")},
		{"empty final image name", `
resource "baidu_bcc_instance" "x" {
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
  on_destroy        = { final_image = "" }
}`, acctest.ExpectError("on_destroy.final_image", "an image name must be 1-65 characters")},
		{"unknown prepaid choice", `
resource "baidu_bcc_instance" "x" {
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
  on_destroy        = { prepaid = "force" }
}`, acctest.ExpectError("on_destroy.prepaid", `"refuse"`, `"release_early"`)},
	}
	e := acctest.NewEnv(t, bccmock.Config{})
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{Config: e.ProviderBlock() + c.config, PlanOnly: true, ExpectError: c.want}
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: e.Factories(), Steps: steps})
	if n := len(e.Mock.Requests()); n != 0 {
		t.Errorf("invalid arguments reached the API: %d requests", n)
	}
}
