package bccmock

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestImageFromInstance(t *testing.T) {
	h := newHarness(t, Config{ImageTime: 20 * time.Second, StopTime: 5 * time.Second})
	b := minimalCreate()
	b["imageId"], b["rootDiskSizeInGb"] = "m-acc0001", 50
	inst := h.create(b)
	expectOK(t, h.do(http.MethodPut, "/v2/instance/"+inst+"?stop", nil))
	h.clock.Advance(5 * time.Second)

	id := h.createImage("", map[string]any{"imageName": "web-image", "instanceId": inst, "relateCds": false, "encryptKey": ""})
	im, _ := h.imageDetail(id)
	if im.Type != ImageTypeCustom || im.Status != ImageStatusCreating || im.Name != "web-image" || im.OsName != "CentOS" ||
		im.OsVersion != "7.9" || im.OsType != "linux" || im.OsArch != "x86_64 (64bit)" || im.MinDiskGb != 50 || im.DiskSize != 50 ||
		im.CreateTime != "2025-03-14T09:26:58Z" || im.Encrypted {
		t.Fatalf("detail %+v", im)
	}
	// The instance is busy meanwhile, then back to its previous status.
	if s := h.status(inst); s != StatusImageProcessing {
		t.Fatalf("instance while imaging: %s", s)
	}
	expectError(t, h.do(http.MethodPut, "/v2/instance/"+inst+"?start", nil), 409, CodeStartForbidden)
	r := h.do(http.MethodPost, "/v2/image", map[string]any{"imageName": "again", "instanceId": inst})
	expectError(t, r, 409, CodeImageInstanceStatus)
	if r.message != "Instance not in running or stopped status." {
		t.Fatalf("message %q", r.message)
	}
	r = h.do(http.MethodDelete, "/v2/image/"+id, nil)
	expectError(t, r, 409, CodeCreatingImageCannotBeDeleted)
	if r.message != "Cannot delete image when creating." {
		t.Fatalf("message %q", r.message)
	}
	h.clock.Advance(20 * time.Second)
	if s := h.status(inst); s != StatusStopped {
		t.Fatalf("instance after imaging: %s", s)
	}
	if im, _ := h.imageDetail(id); im.Status != ImageStatusAvailable {
		t.Fatalf("image after ImageTime: %s", im.Status)
	}
	expectOK(t, h.do(http.MethodDelete, "/v2/image/"+id, nil))
	_, r = h.imageDetail(id)
	expectError(t, r, 404, CodeNoSuchObject)
	expectError(t, h.do(http.MethodDelete, "/v2/image/"+id, nil), 404, CodeNoSuchObject)
}

func TestImageFromSnapshot(t *testing.T) {
	h := newHarness(t, Config{SnapshotTime: time.Second})
	b := minimalCreate()
	b["imageId"] = "m-Win2022a"
	inst := h.create(b)
	sys := h.createSnapshot("", map[string]any{"volumeId": inst, "snapshotName": "sys"})
	vol := h.createVolume(postpaidVolume(10))
	cds := h.createSnapshot("", map[string]any{"volumeId": vol, "snapshotName": "cds"})

	expectError(t, h.do(http.MethodPost, "/v2/image", map[string]any{"imageName": "x", "snapshotId": sys}), 409, CodeImageSnapshotStatus)
	h.clock.Advance(time.Second)
	expectError(t, h.do(http.MethodPost, "/v2/image", map[string]any{"imageName": "x", "snapshotId": cds}), 409, CodeImageSnapshotNotSystem)
	expectError(t, h.do(http.MethodPost, "/v2/image", map[string]any{"imageName": "x", "snapshotId": "s-nothere1"}), 404, CodeNoSuchObject)
	id := h.createImage("", map[string]any{"imageName": "from-snap", "snapshotId": sys})
	im, _ := h.imageDetail(id)
	if im.OsType != "windows" || im.MinDiskGb != 40 || im.DiskSize != 40 {
		t.Fatalf("from a snapshot of a 40 GB Windows disk: %+v", im)
	}
	if got, _ := h.srv.Image(id); got.SourceSnapshotID != sys || got.SourceInstanceID != "" {
		t.Fatalf("introspection %+v", got)
	}
	// instanceId wins when both are given.
	both := h.createImage("", map[string]any{"imageName": "both", "snapshotId": cds, "instanceId": inst})
	if got, _ := h.srv.Image(both); got.SourceInstanceID != inst || got.SourceSnapshotID != "" {
		t.Fatalf("both ids %+v", got)
	}
}

func TestImageCreateErrors(t *testing.T) {
	h := newHarness(t, Config{BootTime: time.Minute})
	booting := h.create(minimalCreate())
	for _, tc := range []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"no name", map[string]any{"instanceId": booting}, 400, CodeImageNameInvalid},
		{"bad name", map[string]any{"imageName": "-x", "instanceId": booting}, 400, CodeImageNameInvalid},
		{"long name", map[string]any{"imageName": strings.Repeat("x", 66), "instanceId": booting}, 400, CodeImageNameInvalid},
		{"no id", map[string]any{"imageName": "x"}, 400, CodeImageIDIsEmpty},
		{"empty ids", map[string]any{"imageName": "x", "instanceId": "", "snapshotId": ""}, 400, CodeImageIDIsEmpty},
		{"relateCds", map[string]any{"imageName": "x", "instanceId": booting, "relateCds": true}, 403, CodeAccessDenied},
		{"unknown instance", map[string]any{"imageName": "x", "instanceId": "i-nothere1"}, 404, CodeNoSuchObject},
		{"booting instance", map[string]any{"imageName": "x", "instanceId": booting}, 409, CodeImageInstanceStatus},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectError(t, h.do(http.MethodPost, "/v2/image", tc.body), tc.status, tc.code)
		})
	}
	r := h.do(http.MethodPost, "/v2/image", map[string]any{"imageName": "1x", "instanceId": booting})
	if r.message != "Image name is invalid." {
		t.Fatalf("message %q", r.message)
	}
}

func TestImageQuotaIdempotencyAndFailures(t *testing.T) {
	h := newHarness(t, Config{ImageTime: time.Second})
	inst := h.create(minimalCreate())
	body := map[string]any{"imageName": "img", "instanceId": inst}
	first := h.createImage("?clientToken=img-1", body)
	h.clock.Advance(time.Second)
	if again := h.createImage("?clientToken=img-1", body); again != first {
		t.Fatalf("retry made %s, first %s", again, first)
	}
	expectError(t, h.do(http.MethodPost, "/v2/image?clientToken=img-1", map[string]any{"imageName": "other", "instanceId": inst}), 403, CodeIdempotentParameterMismatch)

	h.srv.FailNextImages(1)
	failed := h.createImage("", body)
	h.clock.Advance(time.Second)
	if im, _ := h.imageDetail(failed); im.Status != ImageStatusCreateFailed {
		t.Fatalf("failed image is %s", im.Status)
	}
	for range maxCustomImages - 2 {
		h.createImage("", body)
		h.clock.Advance(time.Second)
	}
	r := h.do(http.MethodPost, "/v2/image", body)
	expectError(t, r, 413, CodeImageQuotaExceedLimit)
	if r.message != "Image number exceeds the limit." {
		t.Fatalf("message %q", r.message)
	}
	// A failed image can be deleted, which frees a place.
	expectOK(t, h.do(http.MethodDelete, "/v2/image/"+failed, nil))
	h.createImage("", body)
}

func TestImageDeleteRules(t *testing.T) {
	h := newHarness(t, Config{})
	inst := h.create(minimalCreate())
	id := h.createImage("", map[string]any{"imageName": "img", "instanceId": inst})
	r := h.do(http.MethodDelete, "/v2/image/m-A4jJpFzi", nil)
	expectError(t, r, 403, CodeUnCustomImageCannotBeDeleted)
	if r.message != "Only custom image can be deleted." {
		t.Fatalf("message %q", r.message)
	}
	if !h.srv.ShareImageOutOfBand(id) || h.srv.ShareImageOutOfBand("m-A4jJpFzi") || h.srv.ShareImageOutOfBand("m-nothere1") {
		t.Fatal("ShareImageOutOfBand")
	}
	r = h.do(http.MethodDelete, "/v2/image/"+id, nil)
	expectError(t, r, 409, CodeImageHasBeenShared)
	if r.message != "Image has been shared to others." {
		t.Fatalf("message %q", r.message)
	}
	if !h.srv.DeleteImageOutOfBand(id) || h.srv.DeleteImageOutOfBand(id) || h.srv.DeleteImageOutOfBand("m-A4jJpFzi") {
		t.Fatal("DeleteImageOutOfBand")
	}
	_, r = h.imageDetail(id)
	expectError(t, r, 404, CodeNoSuchObject)
	if _, ok := h.srv.Image("m-A4jJpFzi"); !ok {
		t.Fatal("public image gone")
	}
}

func TestImageList(t *testing.T) {
	h := newHarness(t, Config{})
	inst := h.create(minimalCreate())
	a := h.createImage("", map[string]any{"imageName": "web-a", "instanceId": inst})
	b := h.createImage("", map[string]any{"imageName": "db-b", "instanceId": inst})
	system := []string{"m-A4jJpFzi", "m-acc0001", "m-acc0002", "m-Win2022a"}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", append(slices.Clone(system), a, b)},
		{"imageType=All", append(slices.Clone(system), a, b)},
		{"imageType=System", system},
		{"imageType=Custom", []string{a, b}},
		{"imageType=Custom&imageName=web", []string{a}},
		{"imageType=Custom&imageName=-", []string{a, b}},
		{"imageType=Sharing", nil},
	} {
		if got := h.listImageIDs(tc.query); !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.query, got, tc.want)
		}
	}
	var paged []string
	marker := ""
	for range 10 {
		r := h.do(http.MethodGet, "/v2/image?maxKeys=4&marker="+marker, nil)
		var p listImagesResponse
		r.decode(t, &p)
		for _, im := range p.Images {
			paged = append(paged, im.ID)
		}
		if !p.IsTruncated {
			break
		}
		marker = p.NextMarker
	}
	if len(paged) != 6 || paged[5] != b {
		t.Fatalf("paged %v", paged)
	}
	for _, bad := range []string{"imageName=web", "imageType=System&imageName=x", "imageType=custom", "imageType=Mine", "marker=m-nothere1"} {
		expectError(t, h.do(http.MethodGet, "/v2/image?"+bad, nil), 400, CodeInvalidHTTPRequest)
	}
	im, _ := h.imageDetail("m-A4jJpFzi")
	if im.Type != ImageTypeSystem || im.Status != ImageStatusAvailable || im.OsName != "Ubuntu" || im.MinDiskGb != 20 {
		t.Fatalf("public image %+v", im)
	}
}

func TestImageRename(t *testing.T) {
	h := newHarness(t, Config{})
	inst := h.create(minimalCreate())
	a := h.createImage("", map[string]any{"imageName": "a", "instanceId": inst})
	b := h.createImage("", map[string]any{"imageName": "b", "instanceId": inst})
	rename := func(body any) result { return h.do(http.MethodPut, "/v2/image/rename?clientToken=rn-1", body) }
	expectOK(t, rename(map[string]any{"name": "renamed", "imageId": a}))
	if im, _ := h.imageDetail(a); im.Name != "renamed" {
		t.Fatalf("after rename %+v", im)
	}
	expectOK(t, h.do(http.MethodPut, "/v2/image/rename", map[string]any{"name": "both", "imageIds": []string{a, b}}))
	if x, _ := h.imageDetail(a); x.Name != "both" {
		t.Fatalf("batch rename %+v", x)
	}
	if y, _ := h.imageDetail(b); y.Name != "both" {
		t.Fatalf("batch rename %+v", y)
	}
	expectError(t, rename(map[string]any{"name": "9", "imageId": a}), 400, CodeImageNameInvalid)
	expectError(t, rename(map[string]any{"name": "ok"}), 400, CodeBadRequest)
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("m-%08d", i)
	}
	expectError(t, rename(map[string]any{"name": "ok", "imageIds": many}), 400, CodeBadRequest)
	expectError(t, rename(map[string]any{"name": "ok", "imageIds": []string{b, "m-nothere1"}}), 404, CodeNoSuchObject)
	if y, _ := h.imageDetail(b); y.Name != "both" {
		t.Fatal("a refused batch renamed some images")
	}
	expectError(t, rename(map[string]any{"name": "ok", "imageId": "m-A4jJpFzi"}), 400, CodeBadRequest)
	expectError(t, h.do(http.MethodPost, "/v2/image/rename", map[string]any{"name": "x", "imageId": a}), 404, CodeInvalidURI)
	expectError(t, h.do(http.MethodGet, "/v2/image/rename", nil), 404, CodeInvalidURI)
	expectError(t, h.do(http.MethodPut, "/v2/image/"+a, nil), 404, CodeInvalidURI)
}

// A custom image names its source instance as the volumeId of the
// system-disk snapshot it lists, whether it was made from the instance or
// from a snapshot of it; with ImagesHideSources it lists none.
func TestImageSourceSnapshots(t *testing.T) {
	for _, hide := range []bool{false, true} {
		h := newHarness(t, Config{ImagesHideSources: hide})
		inst := h.create(minimalCreate())
		h.clock.Advance(time.Hour)
		sys := h.createSnapshot("", map[string]any{"volumeId": inst, "snapshotName": "sys"})
		h.clock.Advance(time.Hour)
		for _, body := range []map[string]any{{"imageName": "direct", "instanceId": inst}, {"imageName": "via-snap", "snapshotId": sys}} {
			im, _ := h.imageDetail(h.createImage("", body))
			h.clock.Advance(time.Hour)
			switch {
			case hide && len(im.Snapshots) != 0:
				t.Errorf("%v: hidden sources, but the image lists %+v", body, im.Snapshots)
			case !hide && (len(im.Snapshots) != 1 || im.Snapshots[0].VolumeID != inst):
				t.Errorf("%v: the image lists %+v, want one snapshot of %s", body, im.Snapshots, inst)
			}
		}
	}
}
