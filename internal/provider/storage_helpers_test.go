package provider

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// storageTimes are mock timings that make every storage transition take
// time, as Baidu's do, so that a provider that does not wait is caught. On
// the simulated clock they cost nothing.
func storageTimes(cfg bccmock.Config) bccmock.Config {
	if cfg.BootTime == 0 {
		cfg.BootTime = 30 * time.Second
	}
	cfg.VolumeCreateTime = 20 * time.Second
	cfg.AttachTime = 10 * time.Second
	cfg.DetachTime = 10 * time.Second
	cfg.VolumeResizeTime = 30 * time.Second
	cfg.SnapshotTime = 40 * time.Second
	cfg.ImageTime = 60 * time.Second
	return cfg
}

const (
	testVolume     = "baidu_cds_volume.data"
	testAttachment = "baidu_cds_volume_attachment.data"
)

// stackConfig is an instance with one data disk attached; extra is appended.
func stackConfig(e *accEnv, extra string) string {
	return e.providerBlock() + `
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

// checkNothingLeft is the CheckDestroy of storage tests: no live instance,
// data disk, snapshot or custom image is left on the mock.
func (e *accEnv) checkNothingLeft(s *terraform.State) error {
	if err := e.checkNoInstances(s); err != nil {
		return err
	}
	var left []string
	for _, v := range e.srv.Volumes() {
		left = append(left, "volume "+v.ID+" ("+v.Status+")")
	}
	for _, sn := range e.srv.Snapshots() {
		left = append(left, "snapshot "+sn.ID)
	}
	for _, im := range e.srv.Images() {
		if im.Type == "Custom" {
			left = append(left, "image "+im.ID)
		}
	}
	if len(left) > 0 {
		return fmt.Errorf("the mock still holds %s", strings.Join(left, ", "))
	}
	return nil
}

// stateAttr reads one attribute of a resource in state.
func stateAttr(s *terraform.State, address, attr string) (string, error) {
	rs := s.RootModule().Resources[address]
	if rs == nil {
		return "", fmt.Errorf("%s is not in state", address)
	}
	return rs.Primary.Attributes[attr], nil
}

// instanceRequest is a postpaid instance for creating outside Terraform.
func instanceRequest(zone string) client.CreateInstanceBySpecRequest {
	return client.CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-acc0001", ZoneName: zone, PurchaseCount: 1,
		Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
	}
}
