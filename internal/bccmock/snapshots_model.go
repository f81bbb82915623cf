package bccmock

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Snapshot statuses, as the BCC API spells them ("CreatedFailed" sic).
const (
	SnapshotStatusCreating      = "Creating"
	SnapshotStatusAvailable     = "Available"
	SnapshotStatusCreatedFailed = "CreatedFailed"
)

// snapshot is the mock's record of one disk snapshot. It settles lazily
// like instances and volumes.
type snapshot struct {
	seq         int
	id          string
	name        string
	desc        string
	volumeID    string // exactly as the create gave it: a v- id, or an i- id for a system disk
	diskID      string // the disk it copies
	instanceID  string // for a system-disk snapshot, the instance; else ""
	system      bool
	imageID     string // the source instance's image, for an image made from the snapshot
	sizeGB      int
	createTime  time.Time
	retention   int // days; -1 keeps it for ever
	tags        []wireTag
	clientToken string

	status  string
	readyAt time.Time
	fails   bool // ends in CreatedFailed
}

func (sn *snapshot) settle(now time.Time) {
	if sn.status == SnapshotStatusCreating && !now.Before(sn.readyAt) {
		sn.status = SnapshotStatusAvailable
		if sn.fails {
			sn.status = SnapshotStatusCreatedFailed
		}
	}
}

// expiresAt is when retentionInDays runs out; zero for ever.
func (sn *snapshot) expiresAt() time.Time {
	if sn.retention <= 0 {
		return time.Time{}
	}
	return sn.createTime.AddDate(0, 0, sn.retention)
}

// snapshotLocked returns a snapshot that exists at now, settled. One whose
// retention has run out is deleted here, as Baidu deletes it then.
func (s *Server) snapshotLocked(id string, now time.Time) *snapshot {
	sn := s.st.snapshots[id]
	if sn == nil {
		return nil
	}
	if e := sn.expiresAt(); !e.IsZero() && !now.Before(e) {
		delete(s.st.snapshots, id)
		return nil
	}
	sn.settle(now)
	return sn
}

// snapshotsLocked returns every snapshot in creation order, settled.
func (s *Server) snapshotsLocked(now time.Time) []*snapshot {
	out := make([]*snapshot, 0, len(s.st.snapshots))
	for _, id := range slices.Collect(maps.Keys(s.st.snapshots)) {
		if sn := s.snapshotLocked(id, now); sn != nil {
			out = append(out, sn)
		}
	}
	slices.SortFunc(out, func(a, b *snapshot) int { return a.seq - b.seq })
	return out
}

func noSuchSnapshot(id string) *apiError { return noSuchObject("snapshot", id) }

// snapshotCountLocked is a disk's snapshotNum.
func (s *Server) snapshotCountLocked(diskID string, now time.Time) int {
	n := 0
	for _, sn := range s.snapshotsLocked(now) {
		if sn.diskID == diskID {
			n++
		}
	}
	return n
}

// deleteSnapshotsOfLocked deletes every snapshot of a disk, whatever its
// status, as a release that takes the snapshots along does.
func (s *Server) deleteSnapshotsOfLocked(diskID string, _ time.Time) []string {
	var ids []string
	for id, sn := range s.st.snapshots {
		if sn.diskID == diskID {
			ids = append(ids, id)
			delete(s.st.snapshots, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// volumeSourceSnapshotLocked checks a snapshot a new disk is made from and
// returns its size. Baidu refuses system-disk snapshots here; the codes
// for that and for a snapshot not yet Available are invented.
func (s *Server) volumeSourceSnapshotLocked(id string, now time.Time) (int, *apiError) {
	sn := s.snapshotLocked(id, now)
	if sn == nil {
		return 0, noSuchSnapshot(id)
	}
	if sn.system {
		return 0, newError(http.StatusBadRequest, CodeSystemSnapshotNotAllowed,
			"Snapshot %s is of a system disk; a CDS disk cannot be created from it.", id)
	}
	if sn.status != SnapshotStatusAvailable {
		return 0, conflict(CodeSnapshotNotAvailable, "Snapshot %s is %s; a disk can be created only from an Available snapshot.", id, sn.status)
	}
	return sn.sizeGB, nil
}

func (s *Server) wireSnapshotLocked(sn *snapshot) wireSnapshot {
	w := wireSnapshot{
		ID: sn.id, Name: sn.name, SizeInGB: sn.sizeGB, CreateTime: formatTime(sn.createTime), Status: sn.status,
		CreateMethod: "MANUAL", VolumeID: sn.volumeID, Desc: sn.desc, Tags: append([]wireTag{}, sn.tags...),
	}
	if s.cfg.SnapshotsForgetGoneVolumes && s.snapshotSourceGoneLocked(sn) {
		w.VolumeID = ""
	}
	if e := sn.expiresAt(); !e.IsZero() {
		f := formatTime(e)
		w.ExpireTime = &f
	}
	return w
}

// snapshotSourceGoneLocked reports whether the disk or instance a snapshot
// was taken of is gone for the API.
func (s *Server) snapshotSourceGoneLocked(sn *snapshot) bool {
	now := s.clock.Now()
	if strings.HasPrefix(sn.volumeID, "i-") {
		in := s.lookupLocked(sn.volumeID, now)
		return in == nil || in.released
	}
	return s.apiVolumeLocked(sn.volumeID, now) == nil
}
