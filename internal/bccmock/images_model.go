package bccmock

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// Image statuses and types, as the BCC API spells them ("CreateFailed",
// unlike the snapshots' "CreatedFailed").
const (
	ImageStatusCreating     = "Creating"
	ImageStatusAvailable    = "Available"
	ImageStatusCreateFailed = "CreateFailed"
	ImageTypeSystem         = "System"
	ImageTypeCustom         = "Custom"
	// StatusImageProcessing is what an instance shows while an image is
	// made from it.
	StatusImageProcessing = "ImageProcessing"
)

// maxCustomImages is Baidu's quota of custom images per account and region.
const maxCustomImages = 20

// osInfo is what an image says about its operating system.
type osInfo struct {
	osType, osName, osVersion, osArch, osBuild, osLang string
	minDiskGB                                          int
}

// systemImage is one entry of the mock's fixed public image catalog.
type systemImage struct {
	id, name string
	created  time.Time
	os       osInfo
}

// systemImages are the public images the mock lists. Instance create does
// not check its imageId against them; they exist so that image lists and
// deletes have System images to show and refuse, and so that a custom
// image knows its OS. The ids are those the repository's tests and
// examples use.
var systemImages = []systemImage{
	{"m-A4jJpFzi", "Ubuntu 22.04 LTS amd64 (64bit)", time.Date(2023, 6, 12, 0, 0, 0, 0, time.UTC),
		osInfo{"linux", "Ubuntu", "22.04 LTS", "x86_64 (64bit)", "2023061200", "ENG", 20}},
	{"m-acc0001", "CentOS 7.9 x86_64 (64bit)", time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC),
		osInfo{"linux", "CentOS", "7.9", "x86_64 (64bit)", "2022030100", "ENG", 20}},
	{"m-acc0002", "Debian 12.5.0 amd64 (64bit)", time.Date(2024, 2, 20, 0, 0, 0, 0, time.UTC),
		osInfo{"linux", "Debian", "12.5.0", "x86_64 (64bit)", "2024022000", "ENG", 20}},
	{"m-Win2022a", "Windows Server 2022 Datacenter (64bit)", time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC),
		osInfo{"windows", "Windows Server", "2022 Datacenter", "x86_64 (64bit)", "2023090100", "CHS", 40}},
}

// osOf is the OS of an instance made from imageID: a catalog entry, or,
// for an image the catalog does not know (the mock accepts any imageId on
// create), the first entry's (assumed).
func (s *Server) osOf(imageID string) osInfo {
	if im := s.st.images[imageID]; im != nil {
		return im.os
	}
	return systemImages[0].os
}

// image is the mock's record of one image, public or custom.
type image struct {
	seq              int
	id               string
	name             string
	system           bool
	os               osInfo
	minDiskGB        int
	diskSizeGB       int
	createTime       time.Time
	sourceInstanceID string
	sourceSnapshotID string
	// sourceVolumeID is the instance whose system disk the image copies,
	// directly or through a snapshot of it.
	sourceVolumeID string
	encrypted      bool
	shared         bool
	clientToken    string

	status  string
	readyAt time.Time
	fails   bool // ends in CreateFailed
}

func (im *image) settle(now time.Time) {
	if im.status == ImageStatusCreating && !now.Before(im.readyAt) {
		im.status = ImageStatusAvailable
		if im.fails {
			im.status = ImageStatusCreateFailed
		}
	}
}

func (im *image) typ() string {
	if im.system {
		return ImageTypeSystem
	}
	return ImageTypeCustom
}

func (st *state) seedSystemImages() {
	for _, si := range systemImages {
		st.seq++
		st.imageSeq[si.id] = st.seq
		st.images[si.id] = &image{seq: st.seq, id: si.id, name: si.name, system: true, os: si.os,
			minDiskGB: si.os.minDiskGB, createTime: si.created, status: ImageStatusAvailable}
	}
}

func (s *Server) imageLocked(id string, now time.Time) *image {
	im := s.st.images[id]
	if im != nil {
		im.settle(now)
	}
	return im
}

// imagesLocked returns every image in creation order (the catalog first),
// settled to now.
func (s *Server) imagesLocked(now time.Time) []*image {
	out := make([]*image, 0, len(s.st.images))
	for _, id := range slices.Collect(maps.Keys(s.st.images)) {
		out = append(out, s.imageLocked(id, now))
	}
	slices.SortFunc(out, func(a, b *image) int { return a.seq - b.seq })
	return out
}

func (s *Server) customImageCount() int {
	n := 0
	for _, im := range s.st.images {
		if !im.system {
			n++
		}
	}
	return n
}

func noSuchImage(id string) *apiError { return noSuchObject("image", id) }

func (s *Server) wireImageLocked(im *image) wireImage {
	w := wireImage{
		ID: im.id, Name: im.name, CreateTime: formatTime(im.createTime), OsArch: im.os.osArch, OsBuild: im.os.osBuild,
		OsName: im.os.osName, OsType: im.os.osType, OsVersion: im.os.osVersion, OsLang: im.os.osLang,
		Type: im.typ(), Status: im.status, DiskSize: im.diskSizeGB, MinDiskGb: im.minDiskGB, Encrypted: im.encrypted,
	}
	if !im.system && im.sourceVolumeID != "" && !s.cfg.ImagesHideSources {
		// The image's system-disk snapshot, named as the snapshot API
		// names one: volumeId is the instance id. Its id is derived from
		// the image's (invented).
		w.Snapshots = []wireSnapshot{{
			ID: "s-" + strings.TrimPrefix(im.id, "m-"), Name: im.name, SizeInGB: im.diskSizeGB, CreateTime: formatTime(im.createTime),
			Status: SnapshotStatusAvailable, CreateMethod: "MANUAL", VolumeID: im.sourceVolumeID, Tags: []wireTag{},
		}}
	}
	return w
}
