package bccmock

import (
	"testing"
	"time"

	sdkmodel "github.com/baidubce/bce-sdk-go/model"
	"github.com/baidubce/bce-sdk-go/services/bcc/api"
)

// sdkInstance creates a Running instance through the SDK.
func sdkInstance(t *testing.T, h *harness, cliArgs *api.CreateInstanceBySpecArgs) string {
	t.Helper()
	cli := sdkClient(t, h, testCred, nil)
	if cliArgs == nil {
		cliArgs = &api.CreateInstanceBySpecArgs{ImageId: "m-A4jJpFzi", Spec: "bcc.g5.c2m8", Billing: api.Billing{PaymentTiming: api.PaymentTimingPostPaid}}
	}
	created, err := cli.CreateInstanceBySpec(cliArgs)
	if err != nil {
		t.Fatalf("CreateInstanceBySpec: %v", err)
	}
	return created.InstanceIds[0]
}

func TestSDKVolumeRoundTrip(t *testing.T) {
	h := newHarness(t, Config{VolumeCreateTime: 5 * time.Second, AttachTime: 3 * time.Second, DetachTime: 3 * time.Second, VolumeResizeTime: 4 * time.Second})
	cli := sdkClient(t, h, testCred, nil)
	inst := sdkInstance(t, h, nil)

	created, err := cli.CreateCDSVolume(&api.CreateCDSVolumeArgs{
		Name: "sdk-disk", Description: "from the sdk", CdsSizeInGB: 40, StorageType: api.StorageTypeCloudHP1,
		Billing: &api.Billing{PaymentTiming: api.PaymentTimingPostPaid}, ClientToken: "sdk-vol-1",
		Tags: []sdkmodel.TagModel{{TagKey: "env", TagValue: "sdk"}},
	})
	if err != nil {
		t.Fatalf("CreateCDSVolume: %v", err)
	}
	if len(created.VolumeIds) != 1 {
		t.Fatalf("create %+v", created)
	}
	id := created.VolumeIds[0]
	again, err := cli.CreateCDSVolume(&api.CreateCDSVolumeArgs{
		Name: "sdk-disk", Description: "from the sdk", CdsSizeInGB: 40, StorageType: api.StorageTypeCloudHP1,
		Billing: &api.Billing{PaymentTiming: api.PaymentTimingPostPaid}, ClientToken: "sdk-vol-1",
		Tags: []sdkmodel.TagModel{{TagKey: "env", TagValue: "sdk"}},
	})
	if err != nil || again.VolumeIds[0] != id {
		t.Fatalf("idempotent retry %+v %v", again, err)
	}

	got, err := cli.GetCDSVolumeDetail(id)
	if err != nil {
		t.Fatalf("GetCDSVolumeDetail: %v", err)
	}
	v := got.Volume
	if v.Id != id || v.Name != "sdk-disk" || v.Desc != "from the sdk" || v.DiskSizeInGB != 40 || v.Status != api.VolumeStatusCREATING ||
		v.Type != api.VolumeTypeCDS || v.StorageType != api.StorageTypeCloudHP1 || v.SnapshotNum != "0" || v.ZoneName != "cn-bj-a" ||
		len(v.Tags) != 1 || v.Tags[0].TagValue != "sdk" || v.IsSystemVolume {
		t.Fatalf("detail %+v", v)
	}
	h.clock.Advance(5 * time.Second)

	att, err := cli.AttachCDSVolume(id, &api.AttachVolumeArgs{InstanceId: inst})
	if err != nil {
		t.Fatalf("AttachCDSVolume: %v", err)
	}
	if att.VolumeAttachment == nil || att.VolumeAttachment.Device != "/dev/vdb" || att.VolumeAttachment.InstanceId != inst {
		t.Fatalf("attach %+v", att)
	}
	_, err = cli.AttachCDSVolume(id, &api.AttachVolumeArgs{InstanceId: inst})
	if se := serviceError(t, err); se.StatusCode != 409 || se.Code != CodeDiskNotAvailable {
		t.Fatalf("second attach %+v", se)
	}
	h.clock.Advance(3 * time.Second)

	list, err := cli.ListCDSVolume(&api.ListCDSVolumeArgs{InstanceId: inst})
	if err != nil {
		t.Fatalf("ListCDSVolume: %v", err)
	}
	if len(list.Volumes) != 2 || list.Volumes[0].Type != api.VolumeTypeSYSTEM || list.Volumes[1].Id != id ||
		list.Volumes[1].Status != api.VolumeStatusINUSE || len(list.Volumes[1].Attachments) != 1 ||
		list.Volumes[1].Attachments[0].InstanceId != inst || list.MaxKeys != 1000 || list.IsTruncated {
		t.Fatalf("list %+v", list)
	}

	resized, err := cli.ResizeCDSVolume(id, &api.ResizeCSDVolumeArgs{NewCdsSizeInGB: 80, ClientToken: "sdk-resize-1"})
	if err != nil || resized.WarningList == nil {
		t.Fatalf("ResizeCDSVolume: %+v %v", resized, err)
	}
	_, err = cli.ResizeCDSVolume(id, &api.ResizeCSDVolumeArgs{NewCdsSizeInGB: 20})
	if se := serviceError(t, err); se.StatusCode != 409 {
		t.Fatalf("resize while scaling %+v", se)
	}
	h.clock.Advance(4 * time.Second)
	if err := cli.RenameCDSVolume(id, &api.RenameCSDVolumeArgs{Name: "sdk-renamed"}); err != nil {
		t.Fatalf("RenameCDSVolume: %v", err)
	}
	if err := cli.ModifyCDSVolume(id, &api.ModifyCSDVolumeArgs{Desc: "modified"}); err != nil {
		t.Fatalf("ModifyCDSVolume: %v", err)
	}
	got, _ = cli.GetCDSVolumeDetail(id)
	if got.Volume.DiskSizeInGB != 80 || got.Volume.Name != "sdk-renamed" || got.Volume.Desc != "modified" || got.Volume.Status != api.VolumeStatusINUSE {
		t.Fatalf("after resize and rename %+v", got.Volume)
	}
	if se := serviceError(t, cli.DeleteCDSVolume(id)); se.StatusCode != 409 || se.Code != CodeDiskStatusCannotBeDeleted {
		t.Fatalf("delete of an attached disk %+v", se)
	}

	if err := cli.DetachCDSVolume(id, &api.DetachVolumeArgs{InstanceId: inst}); err != nil {
		t.Fatalf("DetachCDSVolume: %v", err)
	}
	h.clock.Advance(3 * time.Second)
	if se := serviceError(t, cli.DetachCDSVolume(id, &api.DetachVolumeArgs{InstanceId: inst})); se.StatusCode != 400 || se.Code != CodeDiskNotAttachedInstance {
		t.Fatalf("second detach %+v", se)
	}
	if err := cli.DeleteCDSVolume(id); err != nil {
		t.Fatalf("DeleteCDSVolume: %v", err)
	}
	_, err = cli.GetCDSVolumeDetail(id)
	if se := serviceError(t, err); se.StatusCode != 404 || se.Code != CodeNoSuchObject {
		t.Fatalf("detail after delete %+v", se)
	}

	// The POST release, into the recycle bin by default.
	other, err := cli.CreateCDSVolume(&api.CreateCDSVolumeArgs{CdsSizeInGB: 10, Billing: &api.Billing{PaymentTiming: api.PaymentTimingPostPaid}})
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(5 * time.Second)
	if err := cli.DeleteCDSVolumeNew(other.VolumeIds[0], &api.DeleteCDSVolumeArgs{}); err != nil {
		t.Fatalf("DeleteCDSVolumeNew: %v", err)
	}
	if snap, _ := h.srv.Volume(other.VolumeIds[0]); !snap.Recycled {
		t.Fatalf("after POST release %+v", snap)
	}
}
