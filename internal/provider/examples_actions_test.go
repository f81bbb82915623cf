package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// The action examples, applied unchanged (Terraform 1.14+): the power
// example stops its instance once it is made; the image and snapshot
// examples make one image or snapshot before an update, named for it.

func TestAccExamples_actionPower(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	cfg := acctest.ReadExample(t, acctest.ExampleProvider) + acctest.ReadExample(t, "actions/baidu_bcc_instance_power/action.tf")
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.ActionCLIs,
		CheckDestroy:             e.CheckNoInstances,
		Steps: []acc.TestStep{{
			Config: cfg,
			Check: func(s *terraform.State) error {
				id, _ := acctest.StateAttr(s, "baidu_bcc_instance.builder", "id")
				if in, _ := e.Mock.Instance(id); in.Status != bccmock.StatusStopped {
					return fmt.Errorf("the builder is %s after the apply, want Stopped", in.Status)
				}
				return nil
			},
		}},
	})
}

func TestAccExamples_actionImageCreate(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	cfg := acctest.ReadExample(t, acctest.ExampleProvider) + acctest.ReadExample(t, "actions/baidu_bcc_image_create/action.tf")
	images := func(name string) (n int) {
		for _, im := range e.Mock.Images() {
			if im.Type == "Custom" && im.Name == name && im.Status == "Available" {
				n++
			}
		}
		return n
	}
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.ActionCLIs,
		CheckDestroy:             e.CheckNoInstances,
		Steps: []acc.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					if n := images("app-1-before-2026.12"); n != 0 {
						return fmt.Errorf("%d images after the create, want none: the trigger is before_update", n)
					}
					return nil
				},
			},
			{
				Config:          cfg,
				ConfigVariables: config.Variables{"release": config.StringVariable("2027.01")},
				Check: func(*terraform.State) error {
					if n := images("app-1-before-2027.01"); n != 1 {
						return fmt.Errorf("%d images app-1-before-2027.01 after the update, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccExamples_actionSnapshotCreate(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	cfg := acctest.ReadExample(t, acctest.ExampleProvider) + acctest.ReadExample(t, "actions/baidu_cds_snapshot_create/action.tf")
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.ActionCLIs,
		CheckDestroy: func(*terraform.State) error {
			if v := e.Mock.Volumes(); len(v) != 0 {
				return fmt.Errorf("the mock still holds %d volumes", len(v))
			}
			return nil
		},
		Steps: []acc.TestStep{
			{Config: cfg},
			{
				Config:          cfg,
				ConfigVariables: config.Variables{"schema_version": config.IntegerVariable(42)},
				Check: func(s *terraform.State) error {
					vol, _ := acctest.StateAttr(s, "baidu_cds_volume.db", "id")
					var n int
					for _, sn := range e.Mock.Snapshots() {
						if sn.VolumeID == vol && sn.Name == "db-data-before-schema-42" && sn.Status == "Available" {
							n++
						}
					}
					if n != 1 || len(e.Mock.Snapshots()) != 1 {
						return fmt.Errorf("%d snapshots db-data-before-schema-42 of %s (of %d), want the one", n, vol, len(e.Mock.Snapshots()))
					}
					return nil
				},
			},
		},
	})
}
