package acctest

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// The addresses of the stack StackConfig declares.
const (
	VolumeAddress     = "baidu_cds_volume.data"
	AttachmentAddress = "baidu_cds_volume_attachment.data"
)

// StackConfig is an instance with one data disk attached; extra is appended.
func StackConfig(e *Env, extra string) string {
	return e.ProviderBlock() + `
resource "baidu_bcc_instance" "test" {
  name              = "stack-web"
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
}

resource "baidu_cds_volume" "data" {
  name              = "stack-data"
  availability_zone = "cn-bj-a"
  size_in_gb        = 50
}

resource "baidu_cds_volume_attachment" "data" {
  volume_id   = baidu_cds_volume.data.id
  instance_id = baidu_bcc_instance.test.id
}
` + extra
}

// CheckNothingLeft is the CheckDestroy of storage tests: no live instance,
// data disk, snapshot or custom image is left on the mock.
func (e *Env) CheckNothingLeft(s *terraform.State) error {
	if err := e.CheckNoInstances(s); err != nil {
		return err
	}
	var left []string
	for _, v := range e.Mock.Volumes() {
		left = append(left, "volume "+v.ID+" ("+v.Status+")")
	}
	for _, sn := range e.Mock.Snapshots() {
		left = append(left, "snapshot "+sn.ID)
	}
	for _, im := range e.Mock.Images() {
		if im.Type == "Custom" {
			left = append(left, "image "+im.ID)
		}
	}
	if len(left) > 0 {
		return fmt.Errorf("the mock still holds %s", strings.Join(left, ", "))
	}
	return nil
}

// StateAttr reads one attribute of a resource in state.
func StateAttr(s *terraform.State, address, attr string) (string, error) {
	rs := s.RootModule().Resources[address]
	if rs == nil {
		return "", fmt.Errorf("%s is not in state", address)
	}
	return rs.Primary.Attributes[attr], nil
}
