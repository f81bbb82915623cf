package bccmock

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Volume statuses and types, as the BCC API spells them.
const (
	VolumeStatusCreating  = "Creating"
	VolumeStatusAvailable = "Available"
	VolumeStatusAttaching = "Attaching"
	VolumeStatusInUse     = "InUse"
	VolumeStatusDetaching = "Detaching"
	VolumeStatusScaling   = "Scaling"
	VolumeStatusExpired   = "Expired"
	VolumeStatusError     = "Error"
	VolumeStatusRecycled  = "Recycled"
	VolumeTypeCds         = "Cds"
	VolumeTypeSystem      = "System"
)

// volumeOp is the operation a volume is in the middle of.
type volumeOp int

const (
	opNone volumeOp = iota
	opCreate
	opAttach
	opDetach
	opResize
)

// volume is the mock's record of one disk: a CDS data disk, or the system
// disk every instance has. Like an instance it settles lazily: a pending
// operation completes the first time anyone looks after opDone.
type volume struct {
	seq              int
	id               string
	name             string
	desc             string
	system           bool
	sizeGB           int
	storageType      string
	zone             string
	payment          string
	createTime       time.Time
	expireTime       time.Time // zero for postpaid
	sourceSnapshotID string
	tags             []wireTag
	clientToken      string
	deleteWithInst   bool
	deleteAutoSnap   bool

	status   string
	op       volumeOp
	opDone   time.Time
	opThen   string // status once op completes
	newSize  int    // resize target
	newType  string // resize target storage type, "" to keep
	expired  bool   // expiry applied
	recycled bool   // in the recycle bin: out of every normal view

	// instanceID and device name the instance the disk is attached to,
	// being attached to, or created for; "" when detached.
	instanceID string
	device     string
}

// settle applies whatever the clock says has happened since the last look.
func (v *volume) settle(now time.Time) {
	if v.op != opNone && !now.Before(v.opDone) {
		v.status = v.opThen
		switch v.op {
		case opDetach:
			v.instanceID, v.device = "", ""
		case opResize:
			v.sizeGB = v.newSize
			if v.newType != "" {
				v.storageType = v.newType
			}
		}
		v.op = opNone
	}
	// A prepaid data disk that runs out stops serving: it reports Expired
	// and is no longer attached (assumed; Baidu documents only the status).
	if !v.system && v.payment == PaymentPrepaid && !v.expired && !now.Before(v.expireTime) {
		v.expired = true
		v.status = VolumeStatusExpired
		v.op = opNone
		v.instanceID, v.device = "", ""
	}
}

// begin starts op: the disk is status now and then after d.
func (v *volume) begin(now time.Time, op volumeOp, status, then string, d time.Duration) {
	v.status, v.op, v.opThen, v.opDone = status, op, then, now.Add(d)
}

// attachedTo is the instance the disk shows in its attachments: none while
// it is still being created or attached.
func (v *volume) attachedTo() string {
	if v.status == VolumeStatusCreating || v.status == VolumeStatusAttaching {
		return ""
	}
	return v.instanceID
}

// regionOf turns a zone name (cn-bj-a) into its region (bj).
func regionOf(zone string) string {
	parts := strings.Split(zone, "-")
	if len(parts) == 3 {
		return parts[1]
	}
	return ""
}

func (s *Server) wireVolumeLocked(v *volume, now time.Time) wireVolume {
	w := wireVolume{
		ID:                 v.id,
		Name:               v.name,
		DiskSizeInGB:       v.sizeGB,
		Status:             v.status,
		Type:               VolumeTypeCds,
		StorageType:        v.storageType,
		PaymentTiming:      v.payment,
		CreateTime:         formatTime(v.createTime),
		Desc:               v.desc,
		ZoneName:           v.zone,
		RegionID:           regionOf(v.zone),
		IsSystemVolume:     v.system,
		SourceSnapshotID:   v.sourceSnapshotID,
		SnapshotNum:        strconv.Itoa(s.snapshotCountLocked(v.id, now)),
		Attachments:        []wireAttachment{},
		Tags:               append([]wireTag{}, v.tags...),
		DeleteWithInstance: v.deleteWithInst,
		DeleteAutoSnapshot: v.deleteAutoSnap,
	}
	if v.system {
		w.Type = VolumeTypeSystem
	}
	if v.recycled {
		w.Status = VolumeStatusRecycled
	}
	if inst := v.attachedTo(); inst != "" {
		w.Attachments = append(w.Attachments, wireAttachment{VolumeID: v.id, InstanceID: inst, Device: v.device, Serial: v.id})
	}
	if !v.expireTime.IsZero() {
		e := formatTime(v.expireTime)
		w.ExpireTime = &e
	}
	return w
}

// newSystemVolumeLocked gives a new instance its system disk.
func (s *Server) newSystemVolumeLocked(in *instance) {
	id, seq := s.st.newObjectID("v-", s.st.volumeSeq)
	in.volumeID = id
	s.st.volumes[id] = &volume{
		seq: seq, id: id, name: id, system: true, sizeGB: in.rootDiskGB, storageType: in.rootDiskType,
		zone: in.zoneName, payment: in.payment, createTime: in.createTime, expireTime: in.expireTime,
		tags: []wireTag{}, status: VolumeStatusInUse, instanceID: in.id, device: "/dev/vda",
	}
}

// volumeLocked returns a volume that has not been deleted, settled to now,
// recycled ones included. Introspection uses it.
func (s *Server) volumeLocked(id string, now time.Time) *volume {
	v := s.st.volumes[id]
	if v != nil {
		v.settle(now)
	}
	return v
}

// apiVolumeLocked is volumeLocked as the API sees it: a recycled disk is
// gone, and so is the system disk of an instance the API does not show yet.
func (s *Server) apiVolumeLocked(id string, now time.Time) *volume {
	v := s.volumeLocked(id, now)
	if v == nil || v.recycled {
		return nil
	}
	if v.system {
		if in := s.lookupLocked(v.instanceID, now); in == nil || !in.visible(now) {
			return nil
		}
	}
	return v
}

func noSuchVolume(id string) *apiError {
	return noSuchObject("volume", id)
}

func noSuchObject(kind, id string) *apiError {
	return newError(http.StatusNotFound, CodeNoSuchObject, "The %s %s does not exist.", kind, id)
}

// volumesLocked returns every volume the API shows, in creation order,
// settled to now.
func (s *Server) volumesLocked(now time.Time) []*volume {
	out := make([]*volume, 0, len(s.st.volumes))
	for id := range s.st.volumes {
		if v := s.apiVolumeLocked(id, now); v != nil {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b *volume) int { return a.seq - b.seq })
	return out
}

// instanceVolumeIDsLocked lists the disks attached to an instance (system
// disk first), for the volumeIds filter of GET /v2/instance.
func (s *Server) instanceVolumeIDsLocked(in *instance, now time.Time) []string {
	ids := []string{in.volumeID}
	for _, v := range s.st.volumes {
		if v.settle(now); !v.system && v.instanceID == in.id {
			ids = append(ids, v.id)
		}
	}
	return ids
}

// freeDeviceLocked picks the first of /dev/vdb, /dev/vdc, ... that no disk
// attached to the instance (or on its way) uses. The system disk is
// /dev/vda.
func (s *Server) freeDeviceLocked(instanceID string, now time.Time) (string, bool) {
	used := map[string]bool{}
	for _, v := range s.st.volumes {
		if v.settle(now); v.instanceID == instanceID {
			used[v.device] = true
		}
	}
	for c := 'b'; c <= 'z'; c++ {
		if d := fmt.Sprintf("/dev/vd%c", c); !used[d] {
			return d, true
		}
	}
	return "", false
}
