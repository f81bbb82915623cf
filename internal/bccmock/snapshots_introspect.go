package bccmock

import (
	"slices"
	"strings"
	"time"
)

// Snapshot is a snapshot of one disk snapshot for tests.
type Snapshot struct {
	ID              string
	Name            string
	Desc            string
	VolumeID        string // as given to the create: a volume id, or an instance id for a system disk
	DiskID          string // the disk copied (for a system disk, the instance's system volume)
	InstanceID      string // for a system-disk snapshot, the instance
	System          bool
	SizeGB          int
	Status          string
	CreateTime      time.Time
	RetentionInDays int // -1 keeps it for ever
	Tags            map[string]string
	ClientToken     string
}

func (sn *snapshot) public() Snapshot {
	out := Snapshot{
		ID: sn.id, Name: sn.name, Desc: sn.desc, VolumeID: sn.volumeID, DiskID: sn.diskID, InstanceID: sn.instanceID,
		System: sn.system, SizeGB: sn.sizeGB, Status: sn.status, CreateTime: sn.createTime, RetentionInDays: sn.retention,
		Tags: map[string]string{}, ClientToken: sn.clientToken,
	}
	for _, t := range sn.tags {
		out.Tags[t.TagKey] = t.TagValue
	}
	return out
}

// Snapshots returns every snapshot, sorted by id, settled to now.
func (s *Server) Snapshots() []Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Snapshot{}
	for _, sn := range s.snapshotsLocked(s.clock.Now()) {
		out = append(out, sn.public())
	}
	slices.SortFunc(out, func(a, b Snapshot) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Snapshot returns one snapshot, if it exists.
func (s *Server) Snapshot(id string) (Snapshot, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sn := s.snapshotLocked(id, s.clock.Now())
	if sn == nil {
		return Snapshot{}, false
	}
	return sn.public(), true
}

// DeleteSnapshotOutOfBand makes a snapshot vanish at once, whatever its
// status, as a deletion in the console would. It reports false for an
// unknown snapshot.
func (s *Server) DeleteSnapshotOutOfBand(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snapshotLocked(id, s.clock.Now()) == nil {
		return false
	}
	delete(s.st.snapshots, id)
	return true
}

// FailNextSnapshots makes the next n snapshots created end in status
// CreatedFailed instead of Available. Calls add up; n <= 0 cancels.
func (s *Server) FailNextSnapshots(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		s.st.failSnapshots = 0
		return
	}
	s.st.failSnapshots += n
}
