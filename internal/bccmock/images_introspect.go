package bccmock

import (
	"slices"
	"strings"
	"time"
)

// Image is a snapshot of one image for tests.
type Image struct {
	ID               string
	Name             string
	Type             string // ImageTypeSystem or ImageTypeCustom
	Status           string
	OsType           string
	OsName           string
	OsVersion        string
	OsArch           string
	MinDiskGB        int
	CreateTime       time.Time
	SourceInstanceID string
	SourceSnapshotID string
	Shared           bool
	ClientToken      string
}

func (im *image) public() Image {
	return Image{
		ID: im.id, Name: im.name, Type: im.typ(), Status: im.status, OsType: im.os.osType, OsName: im.os.osName,
		OsVersion: im.os.osVersion, OsArch: im.os.osArch, MinDiskGB: im.minDiskGB, CreateTime: im.createTime,
		SourceInstanceID: im.sourceInstanceID, SourceSnapshotID: im.sourceSnapshotID, Shared: im.shared, ClientToken: im.clientToken,
	}
}

// Images returns every image, the public catalog included, sorted by id,
// settled to now.
func (s *Server) Images() []Image {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Image{}
	for _, im := range s.imagesLocked(s.clock.Now()) {
		out = append(out, im.public())
	}
	slices.SortFunc(out, func(a, b Image) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Image returns one image, if it exists.
func (s *Server) Image(id string) (Image, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	im := s.imageLocked(id, s.clock.Now())
	if im == nil {
		return Image{}, false
	}
	return im.public(), true
}

// mutateImageOutOfBand applies f to a custom image; false for an unknown or
// public one.
func (s *Server) mutateImageOutOfBand(id string, f func(*image)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	im := s.imageLocked(id, s.clock.Now())
	if im == nil || im.system {
		return false
	}
	f(im)
	return true
}

// ShareImageOutOfBand marks a custom image as shared with other accounts,
// as sharing it in the console would, so that deleting it answers 409
// Image.ImageHasBeenSharedToOthers.
func (s *Server) ShareImageOutOfBand(id string) bool {
	return s.mutateImageOutOfBand(id, func(im *image) { im.shared = true })
}

// DeleteImageOutOfBand makes a custom image vanish at once, whatever its
// status. It reports false for an unknown or public image.
func (s *Server) DeleteImageOutOfBand(id string) bool {
	return s.mutateImageOutOfBand(id, func(im *image) { delete(s.st.images, im.id) })
}

// FailNextImages makes the next n custom images created end in status
// CreateFailed instead of Available. Calls add up; n <= 0 cancels.
func (s *Server) FailNextImages(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		s.st.failImages = 0
		return
	}
	s.st.failImages += n
}
