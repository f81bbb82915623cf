package bccmock

import (
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/services/bcc/api"
)

func TestSDKSnapshotRoundTrip(t *testing.T) {
	h := newHarness(t, Config{SnapshotTime: 10 * time.Second})
	cli := sdkClient(t, h, testCred, nil)
	inst := sdkInstance(t, h, nil)
	vol, err := cli.CreateCDSVolume(&api.CreateCDSVolumeArgs{CdsSizeInGB: 20, Billing: &api.Billing{PaymentTiming: api.PaymentTimingPostPaid}})
	if err != nil {
		t.Fatal(err)
	}

	cds, err := cli.CreateSnapshot(&api.CreateSnapshotArgs{VolumeId: vol.VolumeIds[0], SnapshotName: "sdk-cds", Description: "cds", ClientToken: "sdk-snap-1"})
	if err != nil {
		t.Fatalf("CreateSnapshot: %v", err)
	}
	again, err := cli.CreateSnapshot(&api.CreateSnapshotArgs{VolumeId: vol.VolumeIds[0], SnapshotName: "sdk-cds", Description: "cds", ClientToken: "sdk-snap-1"})
	if err != nil || again.SnapshotId != cds.SnapshotId {
		t.Fatalf("idempotent retry %+v %v", again, err)
	}
	sys, err := cli.CreateSnapshot(&api.CreateSnapshotArgs{VolumeId: inst, SnapshotName: "sdk-sys", RetentionInDays: 7})
	if err != nil {
		t.Fatalf("CreateSnapshot of the system disk: %v", err)
	}

	got, err := cli.GetSnapshotDetail(cds.SnapshotId)
	if err != nil {
		t.Fatalf("GetSnapshotDetail: %v", err)
	}
	if sn := got.Snapshot; sn.Id != cds.SnapshotId || sn.Name != "sdk-cds" || sn.Description != "cds" || sn.SizeInGB != 20 ||
		sn.Status != api.SnapshotStatusCreating || sn.CreateMethod != "MANUAL" || sn.VolumeId != vol.VolumeIds[0] {
		t.Fatalf("detail %+v", sn)
	}
	if se := serviceError(t, cli.DeleteSnapshot(cds.SnapshotId)); se.StatusCode != 403 {
		t.Fatalf("delete while creating %+v", se)
	}
	h.clock.Advance(10 * time.Second)

	// The SDK never sends volumeId (a known SDK bug), so it lists them all.
	list, err := cli.ListSnapshot(&api.ListSnapshotArgs{VolumeId: inst})
	if err != nil {
		t.Fatalf("ListSnapshot: %v", err)
	}
	if len(list.Snapshots) != 2 || list.Snapshots[0].Id != cds.SnapshotId || list.Snapshots[1].VolumeId != inst ||
		list.Snapshots[1].Status != api.SnapshotStatusAvailable || list.Snapshots[1].ExpireTime != "2025-03-21T09:26:53Z" || list.MaxKeys != 1000 {
		t.Fatalf("list %+v", list)
	}
	page, err := cli.ListSnapshot(&api.ListSnapshotArgs{MaxKeys: 1})
	if err != nil || len(page.Snapshots) != 1 || !page.IsTruncated || page.NextMarker != sys.SnapshotId {
		t.Fatalf("first page %+v %v", page, err)
	}

	if err := cli.ModifySnapshotAttribute(cds.SnapshotId, &api.ModifySnapshotAttributeArgs{SnapshotName: "sdk-renamed", Desc: "d2"}); err != nil {
		t.Fatalf("ModifySnapshotAttribute: %v", err)
	}
	if got, _ := cli.GetSnapshotDetail(cds.SnapshotId); got.Snapshot.Name != "sdk-renamed" || got.Snapshot.Description != "d2" {
		t.Fatalf("after modify %+v", got.Snapshot)
	}
	if err := cli.DeleteSnapshot(cds.SnapshotId); err != nil {
		t.Fatalf("DeleteSnapshot: %v", err)
	}
	_, err = cli.GetSnapshotDetail(cds.SnapshotId)
	if se := serviceError(t, err); se.StatusCode != 404 || se.Code != CodeNoSuchObject {
		t.Fatalf("detail after delete %+v", se)
	}
}
