package bccmock

import (
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/services/bcc/api"
)

func TestSDKImageRoundTrip(t *testing.T) {
	h := newHarness(t, Config{ImageTime: 15 * time.Second, SnapshotTime: time.Second})
	cli := sdkClient(t, h, testCred, nil)
	inst := sdkInstance(t, h, nil)

	created, err := cli.CreateImage(&api.CreateImageArgs{ImageName: "sdk-image", InstanceId: inst, ClientToken: "sdk-img-1"})
	if err != nil {
		t.Fatalf("CreateImage: %v", err)
	}
	again, err := cli.CreateImage(&api.CreateImageArgs{ImageName: "sdk-image", InstanceId: inst, ClientToken: "sdk-img-1"})
	if err != nil || again.ImageId != created.ImageId {
		t.Fatalf("idempotent retry %+v %v", again, err)
	}
	detail, err := cli.GetInstanceDetail(inst)
	if err != nil || detail.Instance.Status != api.InstanceStatusImageProcessing {
		t.Fatalf("instance while imaging %+v %v", detail, err)
	}
	got, err := cli.GetImageDetail(created.ImageId)
	if err != nil {
		t.Fatalf("GetImageDetail: %v", err)
	}
	if im := got.Image; im.Id != created.ImageId || im.Name != "sdk-image" || im.Type != api.ImageTypeCustom ||
		im.Status != api.ImageStatusCreating || im.OsName != "Ubuntu" || im.MinDiskGb != 40 {
		t.Fatalf("detail %+v", im)
	}
	if se := serviceError(t, cli.DeleteImage(created.ImageId)); se.StatusCode != 409 || se.Code != CodeCreatingImageCannotBeDeleted {
		t.Fatalf("delete while creating %+v", se)
	}
	h.clock.Advance(15 * time.Second)

	// From a system-disk snapshot too.
	snap, err := cli.CreateSnapshot(&api.CreateSnapshotArgs{VolumeId: inst, SnapshotName: "sdk-sys"})
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Second)
	fromSnap, err := cli.CreateImage(&api.CreateImageArgs{ImageName: "sdk-from-snap", SnapshotId: snap.SnapshotId})
	if err != nil {
		t.Fatalf("CreateImage from a snapshot: %v", err)
	}

	list, err := cli.ListImage(&api.ListImageArgs{ImageType: string(api.ImageTypeCustom), ImageName: "sdk"})
	if err != nil {
		t.Fatalf("ListImage: %v", err)
	}
	if len(list.Images) != 2 || list.Images[0].Id != created.ImageId || list.Images[1].Id != fromSnap.ImageId || list.MaxKeys != 1000 {
		t.Fatalf("list %+v", list)
	}
	all, err := cli.ListImage(&api.ListImageArgs{})
	if err != nil || len(all.Images) != len(systemImages)+2 || all.Images[0].Type != api.ImageTypeSystem {
		t.Fatalf("all images %+v %v", all, err)
	}

	if err := cli.RenameImage(&api.RenameImageArgs{Name: "sdk-renamed", ImageId: created.ImageId}); err != nil {
		t.Fatalf("RenameImage: %v", err)
	}
	if got, _ := cli.GetImageDetail(created.ImageId); got.Image.Name != "sdk-renamed" || got.Image.Status != api.ImageStatusAvailable {
		t.Fatalf("after rename %+v", got.Image)
	}
	if se := serviceError(t, cli.DeleteImage("m-A4jJpFzi")); se.StatusCode != 403 || se.Code != CodeUnCustomImageCannotBeDeleted {
		t.Fatalf("delete of a public image %+v", se)
	}
	if err := cli.DeleteImage(created.ImageId); err != nil {
		t.Fatalf("DeleteImage: %v", err)
	}
	_, err = cli.GetImageDetail(created.ImageId)
	if se := serviceError(t, err); se.StatusCode != 404 || se.Code != CodeNoSuchObject {
		t.Fatalf("detail after delete %+v", se)
	}
}
