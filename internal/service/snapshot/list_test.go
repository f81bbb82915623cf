package snapshot_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
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

func snapshotList(name, body string) string {
	return fmt.Sprintf(`
list "baidu_bcc_snapshot" %q {
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

// snapshots, made outside Terraform: sys1 of a running instance's system
// disk, a1 of a live data disk, gone1 and gone2 of a data disk released
// since (Baidu keeps them).
type snapshots struct{ instance, volume, goneVolume, sys1, a1, gone1, gone2 string }

func makeSnapshots(t *testing.T, e *acctest.Env) snapshots {
	t.Helper()
	c := e.Conn().Client
	volume := func(name string) string {
		ids, err := c.CreateVolume(t.Context(), client.NewClientToken(), client.CreateVolumeRequest{
			CdsSizeInGB: 20, ZoneName: "cn-bj-a", Name: name, Billing: &client.Billing{PaymentTiming: client.PaymentPostpaid},
		})
		if err != nil {
			t.Fatal(err)
		}
		return ids[0]
	}
	snap := func(source, name, desc string) string {
		e.Mock.Advance(time.Minute)
		id, err := c.CreateSnapshot(t.Context(), client.NewClientToken(), client.CreateSnapshotRequest{VolumeID: source, SnapshotName: name, Desc: desc})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	s := snapshots{instance: acctest.CreateOutsideTerraform(t, e, acctest.NamedInstanceRequest("web-1"), ""), volume: volume("data-a"), goneVolume: volume("data-gone")}
	s.sys1, s.a1 = snap(s.instance, "sys-1", "before upgrade"), snap(s.volume, "a-1", "")
	s.gone1, s.gone2 = snap(s.goneVolume, "gone-1", "last state of data-gone"), snap(s.goneVolume, "gone-2", "")
	e.Mock.Advance(time.Minute)
	if err := c.ReleaseVolume(t.Context(), s.goneVolume); err != nil {
		t.Fatal(err)
	}
	if len(e.Mock.Snapshots()) != 4 {
		t.Fatalf("the mock holds %d snapshots, want 4", len(e.Mock.Snapshots()))
	}
	return s
}

// Every filter, each proved by a snapshot it alone excludes, under both
// answers Baidu may give for a snapshot whose disk is gone (its volumeId
// kept, or blank). volume_id and instance_id go to Baidu as volumeId;
// source_gone costs one paged listing of disks and one of instances.
func TestAccBCCSnapshotList_filters(t *testing.T) {
	acctest.SkipBelowCLI(t, "1.14.0") // terraform query
	for name, forget := range map[string]bool{"volumeIdKept": false, "volumeIdBlank": true} {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewEnv(t, bccmock.Config{SnapshotsForgetGoneVolumes: forget})
			s := makeSnapshots(t, e)
			query := e.ProviderBlock() +
				snapshotList("all", "") +
				snapshotList("volume", fmt.Sprintf(`volume_id = %q`, s.volume)) +
				snapshotList("instance", fmt.Sprintf(`instance_id = %q`, s.instance)) +
				snapshotList("regex", `name_regex = "^gone-"`) +
				snapshotList("gone", `source_gone = true`) +
				snapshotList("not_gone", `source_gone = false`) +
				strings.Replace(snapshotList("full", `name_regex = "^sys-1$"`), "provider = baidu", "provider = baidu\n  include_resource = true", 1)
			known := func(attr string, v knownvalue.Check) querycheck.KnownValueCheck {
				return querycheck.KnownValueCheck{Path: tfjsonpath.New(attr), KnownValue: v}
			}
			e.Mock.ResetCounts()
			tfresource.Test(t, tfresource.TestCase{
				TerraformVersionChecks:   queryCLI,
				ProtoV6ProviderFactories: e.Factories(),
				Steps: []tfresource.TestStep{{
					Query:  true,
					Config: query,
					QueryResultChecks: []querycheck.QueryResultCheck{
						querycheck.ExpectLength("baidu_bcc_snapshot.all", 4),
						querycheck.ExpectLength("baidu_bcc_snapshot.volume", 1),
						querycheck.ExpectIdentity("baidu_bcc_snapshot.volume", identityOf(s.a1)),
						querycheck.ExpectLength("baidu_bcc_snapshot.instance", 1),
						querycheck.ExpectIdentity("baidu_bcc_snapshot.instance", identityOf(s.sys1)),
						querycheck.ExpectLength("baidu_bcc_snapshot.regex", 2),
						querycheck.ExpectLength("baidu_bcc_snapshot.gone", 2),
						querycheck.ExpectIdentity("baidu_bcc_snapshot.gone", identityOf(s.gone1)),
						querycheck.ExpectIdentity("baidu_bcc_snapshot.gone", identityOf(s.gone2)),
						querycheck.ExpectLength("baidu_bcc_snapshot.not_gone", 2),
						querycheck.ExpectIdentity("baidu_bcc_snapshot.not_gone", identityOf(s.sys1)),
						querycheck.ExpectIdentity("baidu_bcc_snapshot.not_gone", identityOf(s.a1)),
						querycheck.ExpectResourceDisplayName("baidu_bcc_snapshot.all", queryfilter.ByResourceIdentity(identityOf(s.gone1)), knownvalue.StringExact("gone-1")),
						querycheck.ExpectResourceKnownValues("baidu_bcc_snapshot.full", queryfilter.ByResourceIdentity(identityOf(s.sys1)), []querycheck.KnownValueCheck{
							known("name", knownvalue.StringExact("sys-1")),
							known("description", knownvalue.StringExact("before upgrade")),
							known("instance_id", knownvalue.StringExact(s.instance)),
							known("volume_id", knownvalue.Null()),
							known("status", knownvalue.StringExact("Available")),
						}),
					},
				}},
			})
			checkSnapshotListCalls(t, e, s)
		})
	}
}

// checkSnapshotListCalls checks what reached Baidu: the source filters as
// volumeId, nothing of name_regex or source_gone, 1,000 a page, and for the
// two source_gone lists one listing of disks and one of instances each,
// never a read of one object.
func checkSnapshotListCalls(t *testing.T, e *acctest.Env, s snapshots) {
	t.Helper()
	var queries []string
	for _, r := range e.Mock.Requests() {
		if r.Route == bccmock.RouteListSnapshots {
			queries = append(queries, r.Query)
		}
	}
	for _, w := range []string{"volumeId=" + s.volume, "volumeId=" + s.instance} {
		if !slices.ContainsFunc(queries, func(q string) bool { return strings.Contains(q, w) }) {
			t.Errorf("no list call sent %s; calls: %q", w, queries)
		}
	}
	for _, q := range queries {
		keys, _ := url.ParseQuery(q)
		for k := range keys {
			if k != "maxKeys" && k != "marker" && k != "volumeId" {
				t.Errorf("a list call sent %s, which is not Baidu's to apply: ?%s", k, q)
			}
		}
		if keys.Get("maxKeys") != "1000" {
			t.Errorf("a list call did not ask for 1000 snapshots a page: ?%s", q)
		}
	}
	volumeLists := e.Mock.RequestCount(http.MethodGet, bccmock.RouteListVolumes)
	instanceLists := e.Mock.RequestCount(http.MethodGet, bccmock.RouteListInstances)
	single := e.Mock.RequestCount(http.MethodGet, bccmock.RouteGetVolume) + e.Mock.RequestCount(http.MethodGet, bccmock.RouteGetInstance) +
		e.Mock.RequestCount(http.MethodGet, bccmock.RouteGetSnapshot)
	t.Logf("%d snapshot lists, %d disk lists, %d instance lists, %d single reads", len(queries), volumeLists, instanceLists, single)
	if volumeLists != 2 || instanceLists != 2 || single != 0 {
		t.Errorf("source_gone took %d disk lists, %d instance lists and %d single reads for 2 lists; want 2, 2 and 0",
			volumeLists, instanceLists, single)
	}
	acctest.AssertOnlyReads(t, e)
}

// Bad filter values fail before any call, naming the attribute.
func TestAccBCCSnapshotList_badFilters(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	step := func(body string, fragments ...string) tfresource.TestStep {
		return tfresource.TestStep{Query: true, Config: e.ProviderBlock() + snapshotList("bad", body), ExpectError: acctest.ExpectError(fragments...)}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		TerraformVersionChecks:   queryCLI,
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []tfresource.TestStep{
			step(`volume_id = "i-YufwpQAe"`, `volume_id is "i-YufwpQAe"`, `a volume id is "v-"`),
			step(`instance_id = "v-IgJOjBWj"`, `instance_id is "v-IgJOjBWj"`, `an instance id is "i-"`),
			step("volume_id = \"v-IgJOjBWj\"\n    instance_id = \"i-YufwpQAe\"", "instance_id", "volume_id"),
			step(`name_regex = "("`, `name_regex is "("`, "missing closing )"),
		},
	})
	acctest.AssertNoRequests(t, e)
}

// The snapshots a released disk left behind, adopted: `terraform query`
// with source_gone = true and -generate-config-out, a plan that only
// imports them, the apply, and an empty plan; under both answers Baidu may
// give for their volumeId.
func TestAccBCCSnapshotList_generateConfig(t *testing.T) {
	acctest.SkipBelowCLI(t, "1.14.0") // terraform query
	for name, forget := range map[string]bool{"volumeIdKept": false, "volumeIdBlank": true} {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewEnv(t, bccmock.Config{SnapshotsForgetGoneVolumes: forget})
			cli := e.NewCLI(t)
			s := makeSnapshots(t, e)
			e.Mock.ResetCounts()
			generated := cli.GenerateAndImport(acctest.RequiredProviders+e.ProviderBlock(), `
list "baidu_bcc_snapshot" "orphans" {
  provider         = baidu
  include_resource = true
  config {
    source_gone = true
  }
}
`, 2)
			for _, id := range []string{s.gone1, s.gone2} {
				if !strings.Contains(generated, id) {
					t.Errorf("generated.tf does not import %s", id)
				}
			}
			acctest.AssertOnlyReads(t, e)
		})
	}
}
