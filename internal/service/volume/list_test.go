package volume_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

var queryCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

func volumeList(name, body string) string {
	return fmt.Sprintf(`
list "baidu_cds_volume" %q {
  provider = baidu
  config {
%s
  }
}
`, name, body)
}

func identityOf(id string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"id": knownvalue.StringExact(id), "region": knownvalue.StringExact("bj")}
}

// disks is what a release leaves behind, made outside Terraform: data-a
// attached to a running instance, data-b never attached, data-c in
// another zone, and left-1, which was attached to an instance that has
// been released since, so Baidu detached it and kept it.
type disks struct{ instance, dataA, dataB, dataC, left1 string }

func makeDisks(t *testing.T, e *acctest.Env) disks {
	t.Helper()
	c := e.Conn().Client
	create := func(name, zone, desc string, tags ...client.Tag) string {
		ids, err := c.CreateVolume(t.Context(), client.NewClientToken(), client.CreateVolumeRequest{
			CdsSizeInGB: 50, ZoneName: zone, Name: name, Description: desc, Tags: tags,
			Billing: &client.Billing{PaymentTiming: client.PaymentPostpaid},
		})
		if err != nil {
			t.Fatal(err)
		}
		return ids[0]
	}
	blue := client.Tag{TagKey: "team", TagValue: "blue"}
	d := disks{
		instance: acctest.CreateOutsideTerraform(t, e, acctest.NamedInstanceRequest("web-1"), ""),
		dataA:    create("data-a", "cn-bj-a", "", blue),
		dataB:    create("data-b", "cn-bj-a", "scratch", blue),
		dataC:    create("data-c", "cn-bj-d", ""),
		left1:    create("left-1", "cn-bj-a", "logs of gone-1", client.Tag{TagKey: "env", TagValue: "prod"}),
	}
	gone := acctest.CreateOutsideTerraform(t, e, acctest.NamedInstanceRequest("gone-1"), "")
	e.Mock.Advance(time.Minute)
	for vol, inst := range map[string]string{d.dataA: d.instance, d.left1: gone} {
		if err := c.AttachVolume(t.Context(), vol, inst); err != nil {
			t.Fatal(err)
		}
	}
	e.Mock.Advance(time.Minute)
	if !e.Mock.DeleteInstanceOutOfBand(gone) {
		t.Fatalf("could not release %s", gone)
	}
	e.Mock.Advance(time.Minute)
	if v, _ := e.Mock.Volume(d.left1); v.Status != client.VolumeStatusAvailable {
		t.Fatalf("left-1 is %s after its instance was released, want Available", v.Status)
	}
	return d
}

// Every filter, each proved by a disk it alone excludes; system disks are
// never listed. zone, instance_id and payment_timing go to Baidu, with
// usageFilter=data; status, tags, name_regex and attached do not.
func TestAccCDSVolumeList_filters(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	d := makeDisks(t, e)
	query := e.ProviderBlock() +
		volumeList("all", "") +
		volumeList("zone", `availability_zone = "cn-bj-d"`) +
		volumeList("detached", `attached = false`) +
		volumeList("attached", `attached = true`) +
		volumeList("instance", fmt.Sprintf(`instance_id = %q`, d.instance)) +
		volumeList("in_use", `status = "InUse"`) +
		volumeList("tags", `tags = { team = "blue" }`) +
		volumeList("regex", `name_regex = "^left-"`) +
		volumeList("postpaid", `payment_timing = "Postpaid"`) +
		volumeList("prepaid", `payment_timing = "Prepaid"`) +
		volumeList("left_behind", `
    availability_zone = "cn-bj-a"
    attached          = false
    name_regex        = "-1$"`) +
		strings.Replace(volumeList("full", `name_regex = "^data-b$"`), "provider = baidu", "provider = baidu\n  include_resource = true", 1)

	byID := queryfilter.ByResourceIdentity(identityOf(d.dataB))
	known := func(attr string, v knownvalue.Check) querycheck.KnownValueCheck {
		return querycheck.KnownValueCheck{Path: tfjsonpath.New(attr), KnownValue: v}
	}
	e.Mock.ResetCounts()
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   queryCLI,
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{{
			Query:  true,
			Config: query,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("baidu_cds_volume.all", 4),
				querycheck.ExpectLength("baidu_cds_volume.zone", 1),
				querycheck.ExpectIdentity("baidu_cds_volume.zone", identityOf(d.dataC)),
				querycheck.ExpectLength("baidu_cds_volume.detached", 3),
				querycheck.ExpectIdentity("baidu_cds_volume.detached", identityOf(d.left1)),
				querycheck.ExpectIdentity("baidu_cds_volume.detached", identityOf(d.dataB)),
				querycheck.ExpectIdentity("baidu_cds_volume.detached", identityOf(d.dataC)),
				querycheck.ExpectLength("baidu_cds_volume.attached", 1),
				querycheck.ExpectIdentity("baidu_cds_volume.attached", identityOf(d.dataA)),
				querycheck.ExpectLength("baidu_cds_volume.instance", 1),
				querycheck.ExpectIdentity("baidu_cds_volume.instance", identityOf(d.dataA)),
				querycheck.ExpectLength("baidu_cds_volume.in_use", 1),
				querycheck.ExpectLength("baidu_cds_volume.tags", 2),
				querycheck.ExpectLength("baidu_cds_volume.regex", 1),
				querycheck.ExpectIdentity("baidu_cds_volume.regex", identityOf(d.left1)),
				querycheck.ExpectLength("baidu_cds_volume.postpaid", 4),
				querycheck.ExpectLength("baidu_cds_volume.prepaid", 0),
				querycheck.ExpectLength("baidu_cds_volume.left_behind", 1),
				querycheck.ExpectIdentity("baidu_cds_volume.left_behind", identityOf(d.left1)),
				querycheck.ExpectResourceDisplayName("baidu_cds_volume.all", byID, knownvalue.StringExact("data-b")),
				querycheck.ExpectResourceKnownValues("baidu_cds_volume.full", byID, []querycheck.KnownValueCheck{
					known("id", knownvalue.StringExact(d.dataB)),
					known("name", knownvalue.StringExact("data-b")),
					known("description", knownvalue.StringExact("scratch")),
					known("availability_zone", knownvalue.StringExact("cn-bj-a")),
					known("size_in_gb", knownvalue.Int64Exact(50)),
					known("status", knownvalue.StringExact("Available")),
					known("attached_instance_id", knownvalue.StringExact("")),
					known("tags", knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("blue")})),
					known("final_snapshot", knownvalue.Null()),
				}),
			},
		}},
	})
	var queries []string
	for _, r := range e.Mock.Requests() {
		if r.Route == bccmock.RouteListVolumes {
			queries = append(queries, r.Query)
		}
	}
	for _, w := range []string{"zoneName=cn-bj-d", "instanceId=" + d.instance, "chargeFilter=postpay", "chargeFilter=prepay"} {
		if !slices.ContainsFunc(queries, func(q string) bool { return strings.Contains(q, w) }) {
			t.Errorf("no list call sent %s; calls: %q", w, queries)
		}
	}
	for _, q := range queries {
		if !strings.Contains(q, "usageFilter=data") || !strings.Contains(q, "maxKeys=1000") {
			t.Errorf("a list call did not ask for data disks, 1000 a page: ?%s", q)
		}
		// status, tags, name_regex and attached are the provider's to apply.
		keys, _ := url.ParseQuery(q)
		for k := range keys {
			if !slices.Contains([]string{"maxKeys", "marker", "usageFilter", "zoneName", "instanceId", "chargeFilter"}, k) {
				t.Errorf("a list call sent %s, which is not Baidu's to apply: ?%s", k, q)
			}
		}
	}
	acctest.AssertOnlyReads(t, e)
}

// Bad filter values fail before any call, naming the attribute.
func TestAccCDSVolumeList_badFilters(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	step := func(body string, fragments ...string) acc.TestStep {
		return acc.TestStep{Query: true, Config: e.ProviderBlock() + volumeList("bad", body), ExpectError: acctest.ExpectError(fragments...)}
	}
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   queryCLI,
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{
			step(`status = "inuse"`, "status", "InUse"),
			step(`availability_zone = "bj-a"`, `availability_zone is "bj-a"`, "cn-bj-a"),
			step(`instance_id = "v-IgJOjBWj"`, `instance_id is "v-IgJOjBWj"`, `an instance id is "i-"`),
			step(`payment_timing = "postpay"`, "payment_timing", "Postpaid"),
			step(`name_regex = "("`, `name_regex is "("`, "missing closing )"),
		},
	})
	acctest.AssertNoRequests(t, e)
}

// The disks a release left behind, adopted: `terraform query` with
// attached = false and -generate-config-out, a plan that only imports
// them, the apply, and an empty plan.
func TestAccCDSVolumeList_generateConfig(t *testing.T) {
	acctest.SkipBelowCLI(t, "1.14.0") // terraform query
	e := acctest.NewEnv(t, bccmock.Config{})
	cli := e.NewCLI(t)
	d := makeDisks(t, e)
	e.Mock.ResetCounts()
	generated := cli.GenerateAndImport(acctest.RequiredProviders+e.ProviderBlock(), `
list "baidu_cds_volume" "left_behind" {
  provider         = baidu
  include_resource = true
  config {
    availability_zone = "cn-bj-a"
    attached          = false
  }
}
`, 2)
	for _, id := range []string{d.dataB, d.left1} {
		if !strings.Contains(generated, id) {
			t.Errorf("generated.tf does not import %s", id)
		}
	}
	acctest.AssertOnlyReads(t, e)
}
