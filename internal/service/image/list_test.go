package image_test

import (
	"fmt"
	"net/http"
	"net/url"
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

func imageList(name, body string) string {
	return fmt.Sprintf(`
list "baidu_bcc_image" %q {
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

// images, made outside Terraform: web from a running instance, gone from
// an instance released since, and goneSnap from a snapshot of that
// instance's system disk (Baidu keeps custom images, and deletes the
// snapshot, with the instance).
type images struct{ web, gone, goneSnap string }

func makeImages(t *testing.T, e *acctest.Env) images {
	t.Helper()
	c := e.Conn().Client
	live := acctest.CreateOutsideTerraform(t, e, acctest.NamedInstanceRequest("web-1"), "")
	released := acctest.CreateOutsideTerraform(t, e, acctest.NamedInstanceRequest("gone-1"), "")
	image := func(req client.CreateImageRequest) string {
		e.Mock.Advance(time.Hour) // the instance leaves ImageProcessing, the snapshot is Available
		id, err := c.CreateImage(t.Context(), client.NewClientToken(), req)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	snap, err := c.CreateSnapshot(t.Context(), client.NewClientToken(), client.CreateSnapshotRequest{VolumeID: released, SnapshotName: "sys"})
	if err != nil {
		t.Fatal(err)
	}
	im := images{
		web:      image(client.CreateImageRequest{ImageName: "web-golden", InstanceID: live}),
		gone:     image(client.CreateImageRequest{ImageName: "gone-golden", InstanceID: released}),
		goneSnap: image(client.CreateImageRequest{ImageName: "gone-snap", SnapshotID: snap}),
	}
	e.Mock.Advance(time.Hour)
	if !e.Mock.DeleteInstanceOutOfBand(released) {
		t.Fatalf("could not release %s", released)
	}
	return im
}

// Every filter, each proved by an image it alone excludes, under both
// answers Baidu may give (images that name their source in "snapshots",
// and images that name none, which source_gone then leaves out either
// way). Only custom images are listed; imageType and imageName go to
// Baidu; source_gone costs one paged instance listing per list.
func TestAccBCCImageList_filters(t *testing.T) {
	acctest.SkipBelowCLI(t, "1.14.0") // terraform query
	for name, hide := range map[string]bool{"sourcesNamed": false, "sourcesHidden": true} {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewEnv(t, bccmock.Config{ImagesHideSources: hide})
			im := makeImages(t, e)
			gone, kept := 2, 1
			if hide {
				gone, kept = 0, 0
			}
			query := e.ProviderBlock() +
				imageList("all", "") +
				imageList("contains", `name_contains = "golden"`) +
				imageList("regex", `name_regex = "^gone-"`) +
				imageList("available", `status = "Available"`) +
				imageList("creating", `status = "Creating"`) +
				imageList("gone", `source_gone = true`) +
				imageList("kept", `source_gone = false`) +
				strings.Replace(imageList("full", `name_regex = "^web-"`), "provider = baidu", "provider = baidu\n  include_resource = true", 1)
			checks := []querycheck.QueryResultCheck{
				querycheck.ExpectLength("baidu_bcc_image.all", 3),
				querycheck.ExpectLength("baidu_bcc_image.contains", 2),
				querycheck.ExpectIdentity("baidu_bcc_image.contains", identityOf(im.web)),
				querycheck.ExpectIdentity("baidu_bcc_image.contains", identityOf(im.gone)),
				querycheck.ExpectLength("baidu_bcc_image.regex", 2),
				querycheck.ExpectLength("baidu_bcc_image.available", 3),
				querycheck.ExpectLength("baidu_bcc_image.creating", 0),
				querycheck.ExpectLength("baidu_bcc_image.gone", gone),
				querycheck.ExpectLength("baidu_bcc_image.kept", kept),
				querycheck.ExpectResourceDisplayName("baidu_bcc_image.all", queryfilter.ByResourceIdentity(identityOf(im.goneSnap)), knownvalue.StringExact("gone-snap")),
				querycheck.ExpectResourceKnownValues("baidu_bcc_image.full", queryfilter.ByResourceIdentity(identityOf(im.web)), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("web-golden")},
					{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("Available")},
					{Path: tfjsonpath.New("instance_id"), KnownValue: knownvalue.Null()},
				}),
			}
			if !hide {
				checks = append(checks,
					querycheck.ExpectIdentity("baidu_bcc_image.gone", identityOf(im.gone)),
					querycheck.ExpectIdentity("baidu_bcc_image.gone", identityOf(im.goneSnap)),
					querycheck.ExpectIdentity("baidu_bcc_image.kept", identityOf(im.web)))
			}
			e.Mock.ResetCounts()
			tfresource.Test(t, tfresource.TestCase{
				TerraformVersionChecks:   queryCLI,
				ProtoV6ProviderFactories: e.Factories(),
				Steps:                    []tfresource.TestStep{{Query: true, Config: query, QueryResultChecks: checks}},
			})
			checkImageListCalls(t, e)
		})
	}
}

// checkImageListCalls checks what reached Baidu: every image list asks for
// custom images, 1,000 a page, with imageName where name_contains was set
// and nothing of the provider's filters; the two source_gone lists cost one
// instance listing each, and no image or instance is read one by one.
func checkImageListCalls(t *testing.T, e *acctest.Env) {
	t.Helper()
	named := 0
	for _, r := range e.Mock.Requests() {
		if r.Route != bccmock.RouteListImages {
			continue
		}
		keys, _ := url.ParseQuery(r.Query)
		if keys.Get("imageType") != "Custom" || keys.Get("maxKeys") != "1000" {
			t.Errorf("an image list did not ask for custom images, 1000 a page: ?%s", r.Query)
		}
		for k := range keys {
			if k != "imageType" && k != "maxKeys" && k != "marker" && k != "imageName" {
				t.Errorf("an image list sent %s, which is not Baidu's to apply: ?%s", k, r.Query)
			}
		}
		if keys.Get("imageName") == "golden" {
			named++
		}
	}
	instanceLists := e.Mock.RequestCount(http.MethodGet, bccmock.RouteListInstances)
	single := e.Mock.RequestCount(http.MethodGet, bccmock.RouteGetImage) + e.Mock.RequestCount(http.MethodGet, bccmock.RouteGetInstance)
	t.Logf("%d instance lists, %d single reads", instanceLists, single)
	if named != 1 || instanceLists != 2 || single != 0 {
		t.Errorf("%d lists sent imageName, source_gone took %d instance lists and %d single reads; want 1, 2 and 0", named, instanceLists, single)
	}
	acctest.AssertOnlyReads(t, e)
}

// Bad filter values fail before any call, naming the attribute.
func TestAccBCCImageList_badFilters(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	step := func(body string, fragments ...string) tfresource.TestStep {
		return tfresource.TestStep{Query: true, Config: e.ProviderBlock() + imageList("bad", body), ExpectError: acctest.ExpectError(fragments...)}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		TerraformVersionChecks:   queryCLI,
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []tfresource.TestStep{
			step(`status = "available"`, "status", "Available"),
			step(`name_regex = "web-(?=1)"`, `name_regex is "web-(?=1)"`, "RE2"),
			step(`name_contains = ""`, "name_contains", "length"),
		},
	})
	acctest.AssertNoRequests(t, e)
}

// The images of released instances, adopted: `terraform query` with
// source_gone = true and -generate-config-out, a plan that only imports
// them, the apply, and an empty plan.
func TestAccBCCImageList_generateConfig(t *testing.T) {
	acctest.SkipBelowCLI(t, "1.14.0") // terraform query
	e := acctest.NewEnv(t, bccmock.Config{})
	cli := e.NewCLI(t)
	im := makeImages(t, e)
	e.Mock.ResetCounts()
	generated := cli.GenerateAndImport(acctest.RequiredProviders+e.ProviderBlock(), `
list "baidu_bcc_image" "orphans" {
  provider         = baidu
  include_resource = true
  config {
    source_gone = true
  }
}
`, 2)
	for _, id := range []string{im.gone, im.goneSnap} {
		if !strings.Contains(generated, id) {
			t.Errorf("generated.tf does not import %s", id)
		}
	}
	acctest.AssertOnlyReads(t, e)
}
