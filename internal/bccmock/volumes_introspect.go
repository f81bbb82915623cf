package bccmock

import (
	"maps"
	"slices"
	"time"
)

// Volume is a snapshot of one disk for tests: a CDS data disk or an
// instance's system disk.
type Volume struct {
	ID                 string
	Name               string
	Desc               string
	Type               string // VolumeTypeCds or VolumeTypeSystem
	Status             string // VolumeStatusRecycled while in the recycle bin
	SizeGB             int
	StorageType        string
	ZoneName           string
	PaymentTiming      string
	CreateTime         time.Time
	ExpireTime         time.Time // zero for postpaid
	SourceSnapshotID   string
	InstanceID         string // the instance it is attached to or on its way to; "" when detached
	Device             string
	Tags               map[string]string
	ClientToken        string
	DeleteWithInstance bool
	DeleteAutoSnapshot bool
	Recycled           bool
}

func (v *volume) public() Volume {
	out := Volume{
		ID: v.id, Name: v.name, Desc: v.desc, Type: VolumeTypeCds, Status: v.status, SizeGB: v.sizeGB,
		StorageType: v.storageType, ZoneName: v.zone, PaymentTiming: v.payment, CreateTime: v.createTime,
		ExpireTime: v.expireTime, SourceSnapshotID: v.sourceSnapshotID, InstanceID: v.instanceID, Device: v.device,
		Tags: map[string]string{}, ClientToken: v.clientToken, DeleteWithInstance: v.deleteWithInst,
		DeleteAutoSnapshot: v.deleteAutoSnap, Recycled: v.recycled,
	}
	if v.system {
		out.Type = VolumeTypeSystem
	}
	if v.recycled {
		out.Status = VolumeStatusRecycled
	}
	for _, t := range v.tags {
		out.Tags[t.TagKey] = t.TagValue
	}
	return out
}

// Volumes returns every disk the mock holds (system disks, and disks in the
// recycle bin, included), sorted by id, settled to now.
func (s *Server) Volumes() []Volume {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	out := []Volume{}
	for _, id := range slices.Sorted(maps.Keys(s.st.volumes)) {
		out = append(out, s.volumeLocked(id, now).public())
	}
	return out
}

// Volume returns one disk, if the mock holds it.
func (s *Server) Volume(id string) (Volume, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.volumeLocked(id, s.clock.Now())
	if v == nil {
		return Volume{}, false
	}
	return v.public(), true
}

// DetachVolumeOutOfBand detaches a data disk at once, as a change made in
// the console would: the disk is Available with no attachment, whatever
// the instance is doing. It reports false for an unknown, recycled or system
// disk, or one that is not attached.
func (s *Server) DetachVolumeOutOfBand(volumeID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.volumeLocked(volumeID, s.clock.Now())
	if v == nil || v.system || v.recycled || v.instanceID == "" {
		return false
	}
	v.op = opNone
	v.status = VolumeStatusAvailable
	v.instanceID, v.device = "", ""
	return true
}

// DeleteVolumeOutOfBand makes a data disk vanish at once, attached or not,
// without the release rules; its snapshots are kept. It reports false for
// an unknown or system disk.
func (s *Server) DeleteVolumeOutOfBand(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.volumeLocked(id, s.clock.Now())
	if v == nil || v.system {
		return false
	}
	delete(s.st.volumes, id)
	return true
}
