package provider_test

import (
	"strings"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// The list resource examples, unchanged, run the way their docs say: with
// the provider example and the user's BAIDUCLOUD_* variables, `terraform
// query -generate-config-out` against objects made outside Terraform on the
// mock, some of which each example's filters leave out; the generated
// configuration then plans only imports, applies, and plans no change.
func TestAccListExamples(t *testing.T) {
	acctest.SkipBelowCLI(t, "1.14.0") // terraform query
	for _, tc := range []struct {
		name  string
		setUp func(t *testing.T, e *acctest.Env) (want []string, leftOut []string)
	}{
		{"baidu_bcc_instance", setUpInstances},
		{"baidu_cds_volume", setUpVolumes},
		{"baidu_bcc_snapshot", setUpSnapshots},
		{"baidu_bcc_image", setUpImages},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := acctest.NewEnv(t, bccmock.Config{})
			acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
			cli := e.NewCLI(t)
			want, leftOut := tc.setUp(t, e)
			e.Mock.ResetCounts()
			generated := cli.GenerateAndImport(acctest.ReadExample(t, acctest.ExampleProvider),
				acctest.ReadExample(t, "list-resources/"+tc.name+"/list-resource.tfquery.hcl"), len(want))
			for _, id := range want {
				if !strings.Contains(generated, id) {
					t.Errorf("the example does not import %s", id)
				}
			}
			for _, id := range leftOut {
				if strings.Contains(generated, id) {
					t.Errorf("the example imports %s, which its filters leave out", id)
				}
			}
			acctest.AssertOnlyReads(t, e)
		})
	}
}

func instanceWith(name, zone string, tags ...string) client.CreateInstanceBySpecRequest {
	req := acctest.NamedInstanceRequest(name)
	req.ZoneName = zone
	for i := 0; i < len(tags); i += 2 {
		req.Tags = append(req.Tags, client.Tag{TagKey: tags[i], TagValue: tags[i+1]})
	}
	return req
}

func setUpInstances(t *testing.T, e *acctest.Env) ([]string, []string) {
	web1 := acctest.CreateOutsideTerraform(t, e, instanceWith("web-1", "cn-bj-a", "team", "platform"), "")
	web2 := acctest.CreateOutsideTerraform(t, e, instanceWith("web-2", "cn-bj-a", "team", "platform"), "front end")
	other := acctest.CreateOutsideTerraform(t, e, instanceWith("web-3", "cn-bj-a", "team", "data"), "")
	db := acctest.CreateOutsideTerraform(t, e, instanceWith("db-1", "cn-bj-a", "team", "platform"), "")
	elsewhere := acctest.CreateOutsideTerraform(t, e, instanceWith("web-4", "cn-bj-d", "team", "platform"), "")
	return []string{web1, web2}, []string{other, db, elsewhere}
}

func createVolume(t *testing.T, e *acctest.Env, name, zone string) string {
	t.Helper()
	ids, err := e.Conn().Client.CreateVolume(t.Context(), client.NewClientToken(), client.CreateVolumeRequest{
		CdsSizeInGB: 20, ZoneName: zone, Name: name, Billing: &client.Billing{PaymentTiming: client.PaymentPostpaid},
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids[0]
}

func setUpVolumes(t *testing.T, e *acctest.Env) ([]string, []string) {
	inst := acctest.CreateOutsideTerraform(t, e, acctest.NamedInstanceRequest("web-1"), "")
	gone := acctest.CreateOutsideTerraform(t, e, acctest.NamedInstanceRequest("gone-1"), "")
	spare, left, used := createVolume(t, e, "spare", "cn-bj-a"), createVolume(t, e, "left", "cn-bj-a"), createVolume(t, e, "used", "cn-bj-a")
	elsewhere := createVolume(t, e, "elsewhere", "cn-bj-d")
	e.Mock.Advance(time.Minute)
	c := e.Conn().Client
	for vol, to := range map[string]string{left: gone, used: inst} {
		if err := c.AttachVolume(t.Context(), vol, to); err != nil {
			t.Fatal(err)
		}
	}
	e.Mock.Advance(time.Minute)
	e.Mock.DeleteInstanceOutOfBand(gone) // Baidu detaches left and keeps it
	return []string{spare, left}, []string{used, elsewhere}
}

func setUpSnapshots(t *testing.T, e *acctest.Env) ([]string, []string) {
	c := e.Conn().Client
	kept, gone := createVolume(t, e, "kept", "cn-bj-a"), createVolume(t, e, "gone", "cn-bj-a")
	e.Mock.Advance(time.Minute)
	snap := func(volume, name string) string {
		id, err := c.CreateSnapshot(t.Context(), client.NewClientToken(), client.CreateSnapshotRequest{VolumeID: volume, SnapshotName: name})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	live, orphan1, orphan2 := snap(kept, "live"), snap(gone, "orphan-1"), snap(gone, "orphan-2")
	e.Mock.Advance(time.Minute)
	if err := c.ReleaseVolume(t.Context(), gone); err != nil {
		t.Fatal(err)
	}
	return []string{orphan1, orphan2}, []string{live}
}

func setUpImages(t *testing.T, e *acctest.Env) ([]string, []string) {
	c := e.Conn().Client
	live := acctest.CreateOutsideTerraform(t, e, acctest.NamedInstanceRequest("web-1"), "")
	gone := acctest.CreateOutsideTerraform(t, e, acctest.NamedInstanceRequest("gone-1"), "")
	image := func(name, from string) string {
		e.Mock.Advance(time.Hour)
		id, err := c.CreateImage(t.Context(), client.NewClientToken(), client.CreateImageRequest{ImageName: name, InstanceID: from})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	kept, orphan := image("web-golden", live), image("gone-golden", gone)
	e.Mock.Advance(time.Hour)
	e.Mock.DeleteInstanceOutOfBand(gone) // Baidu keeps custom images
	return []string{orphan}, []string{kept}
}
