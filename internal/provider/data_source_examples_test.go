package provider_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// The data source examples, applied unchanged against the mock like the
// other examples (see examples_test.go).
const (
	exampleInstanceDS  = "data-sources/baidu_bcc_instance/data-source.tf"
	exampleInstancesDS = "data-sources/baidu_bcc_instances/data-source.tf"
	exampleUnmanaged   = "data-sources/baidu_bcc_instances/unmanaged/main.tf"
)

// The instance data source example: the database server by the ID in its
// variable, the bastion by name.
func TestAccDataSourceExamples_bccInstance(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	db := e.CreateInstance(acctest.NamedInstanceRequest("db-1"))
	e.Mock.SetInstanceDeletionProtectionOutOfBand(db, true)
	bastion := acctest.NamedInstanceRequest("bastion")
	bastion.ZoneName = "cn-bj-d"
	e.CreateInstance(bastion)
	in, _ := e.Mock.Instance(db)
	cfg := acctest.ReadExample(t, acctest.ExampleProvider) + "\n" + acctest.ReadExample(t, exampleInstanceDS)
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{{
			Config:          cfg,
			ConfigVariables: config.Variables{"db_instance_id": config.StringVariable(db)},
			Check: acc.ComposeTestCheckFunc(
				acc.TestCheckOutput("db_endpoint", in.InternalIP+":5432"),
				acc.TestCheckOutput("db_deletion_protected", "true"),
				acc.TestCheckOutput("bastion_zone", "cn-bj-d"),
			),
		}},
	})
}

// The instances data source example: of the instances below, only web-1
// is a running production web server in cn-bj-d.
func TestAccDataSourceExamples_bccInstances(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	create := func(name, zone, env string) string {
		req := acctest.NamedInstanceRequest(name)
		req.ZoneName = zone
		req.Tags = []client.Tag{{TagKey: "env", TagValue: env}}
		return e.CreateInstance(req)
	}
	web1 := create("web-1", "cn-bj-d", "production")
	e.Mock.SetInstanceStatusOutOfBand(create("web-2", "cn-bj-d", "production"), "Stopped")
	create("web-3", "cn-bj-d", "staging")
	create("web-4", "cn-bj-a", "production")
	create("api-1", "cn-bj-d", "production")
	in, _ := e.Mock.Instance(web1)
	cfg := acctest.ReadExample(t, acctest.ExampleProvider) + "\n" + acctest.ReadExample(t, exampleInstancesDS)
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{{
			Config: cfg,
			Check: acc.ComposeTestCheckFunc(
				func(s *terraform.State) error {
					ids := s.RootModule().Outputs["web_ids"].Value
					ips := s.RootModule().Outputs["web_private_ips"].Value
					if fmt.Sprint(ids) != fmt.Sprint([]any{web1}) || fmt.Sprint(ips) != fmt.Sprint(map[string]any{"web-1": in.InternalIP}) {
						return fmt.Errorf("web_ids = %v, web_private_ips = %v; want only %s (web-1, %s)", ids, ips, web1, in.InternalIP)
					}
					return nil
				},
			),
		}},
	})
}

// importBlock is the text the drift-hunting example prints for one id.
func importBlock(id string) string {
	return fmt.Sprintf("import {\n  to = baidu_bcc_instance.%s\n  id = %q\n}\n", strings.ReplaceAll(id, "-", "_"), id)
}

// The drift-hunting example. Of the zone's instances, it prints import
// blocks for exactly those this configuration does not manage: not its own
// two (on the first apply they do not exist yet when the zone is read; on
// the second they are listed and subtracted), not one in another zone, not
// a released one. Then the printed blocks, with the minimal resource blocks
// that -generate-config-out would write more fully, adopt exactly those
// instances, and their destroy releases nothing else.
func TestAccDataSourceExamples_unmanaged(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{DeletedPhase: time.Hour})
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	inZone := func(name string) client.CreateInstanceBySpecRequest {
		req := acctest.NamedInstanceRequest(name)
		req.ZoneName = "cn-bj-d"
		return req
	}
	unmanaged := e.CreateInstances(inZone("legacy"), 2)
	stopped := e.CreateInstance(inZone("legacy-stopped"))
	e.Mock.SetInstanceStatusOutOfBand(stopped, "Stopped")
	unmanaged = acctest.SortedIDs(append(unmanaged, stopped)...)
	otherZone := e.CreateInstance(acctest.NamedInstanceRequest("elsewhere"))
	e.Release(e.CreateInstance(inZone("released")))

	var want strings.Builder
	for _, id := range unmanaged {
		want.WriteString(importBlock(id))
	}
	checkOutput := func(managedListed bool) acc.TestCheckFunc {
		return func(s *terraform.State) error {
			got, _ := s.RootModule().Outputs["import_blocks"].Value.(string)
			if got != want.String() {
				return fmt.Errorf("import_blocks =\n%s\nwant\n%s", got, want.String())
			}
			listed := s.RootModule().Resources["data.baidu_bcc_instances.zone"].Primary.Attributes["ids.#"]
			if wantListed := fmt.Sprint(len(unmanaged) + map[bool]int{true: 2}[managedListed]); listed != wantListed {
				return fmt.Errorf("the zone lists %s instances, want %s", listed, wantListed)
			}
			return nil
		}
	}
	cfg := acctest.ReadExample(t, acctest.ExampleProvider) + "\n" + acctest.ReadExample(t, exampleUnmanaged)
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{
			{Config: cfg, Check: checkOutput(false)},
			{Config: cfg, Check: checkOutput(true)},
		},
	})

	// Adopt them with the printed blocks.
	adopt := acctest.ReadExample(t, acctest.ExampleProvider) + "\n" + want.String()
	for _, id := range unmanaged {
		adopt += fmt.Sprintf(`
resource "baidu_bcc_instance" %q {
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-A4jJpFzi"
  availability_zone = "cn-bj-d"
}
`, strings.ReplaceAll(id, "-", "_"))
	}
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy: func(*terraform.State) error {
			gone := func(id string) bool {
				in, ok := e.Mock.Instance(id)
				return !ok || in.Status == bccmock.StatusDeleted || in.Status == bccmock.StatusRecycled
			}
			for _, id := range unmanaged {
				if !gone(id) {
					return fmt.Errorf("adopted instance %s was not released by the destroy", id)
				}
			}
			if gone(otherZone) {
				return fmt.Errorf("instance %s of another zone, never adopted, was released", otherZone)
			}
			return nil
		},
		Steps: []acc.TestStep{{
			Config: adopt,
			Check: func(s *terraform.State) error {
				var adopted []string
				for _, rs := range s.RootModule().Resources {
					adopted = append(adopted, rs.Primary.ID)
				}
				if !slices.Equal(acctest.SortedIDs(adopted...), unmanaged) {
					return fmt.Errorf("the import blocks adopted %v, want %v", adopted, unmanaged)
				}
				return nil
			},
		}},
	})
	if !regexp.MustCompile(`setsubtract\(data\.baidu_bcc_instances\.zone\.ids, \[for i in baidu_bcc_instance\.web : i\.id\]\)`).MatchString(acctest.ReadExample(t, exampleUnmanaged)) {
		t.Errorf("%s no longer subtracts the managed instances as the docs describe", exampleUnmanaged)
	}
}
