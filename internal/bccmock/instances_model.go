package bccmock

import (
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

// Instance statuses, as the BCC API spells them. There is no "Creating": a
// new instance reports Starting.
const (
	StatusStarting  = "Starting"
	StatusRunning   = "Running"
	StatusStopping  = "Stopping"
	StatusStopped   = "Stopped"
	StatusScaling   = "Scaling"
	StatusExpired   = "Expired"
	StatusDeleted   = "Deleted"
	StatusRecycled  = "Recycled"
	StatusError     = "Error"
	PaymentPrepaid  = "Prepaid"
	PaymentPostpaid = "Postpaid"
)

// knownStatuses are every status the BCC API documents; SetStatusOutOfBand
// accepts only these.
var knownStatuses = map[string]bool{
	"Starting": true, "Running": true, "Stopping": true, "Stopped": true, "Recycled": true,
	"Deleted": true, "Scaling": true, "Expired": true, "Error": true, "SnapshotProcessing": true,
	"ImageProcessing": true, "Recharging": true, "VolumeResizing": true, "BillingChanging": true,
	"ChangeSubnet": true, "ChangeVpc": true, "AttachingPort": true, "DetachingPort": true, "Moving": true,
}

// instance is the mock's record of one BCC instance. Its status is settled
// lazily from the clock: a pending transition (next, nextAt) takes effect the
// first time anyone looks at the instance after nextAt, so no goroutine has
// to tick.
type instance struct {
	seq          int
	id           string
	name         string
	desc         string
	hostname     string
	spec         string
	instanceType string
	cpu          int
	memGB        int
	imageID      string
	zoneName     string
	vpcID        string
	subnetID     string
	keypairID    string
	secGroupIDs  []string
	internalIP   string
	payment      string
	months       int
	createTime   time.Time
	expireTime   time.Time // zero for postpaid
	tags         []wireTag
	adminPass    string // decrypted, for tests
	clientToken  string
	userData     string
	rootDiskGB   int
	rootDiskType string
	volumeID     string
	deletionProt int

	status        string
	next          string // status after nextAt; "" when nothing is pending
	nextAt        time.Time
	pendingSpec   *parsedSpec // applied when a resize completes
	creatingUntil time.Time
	expiryApplied bool

	released    bool
	releasedAt  time.Time
	goneAt      time.Time
	releaseKind string // StatusDeleted or StatusRecycled
}

// settle applies whatever the clock says has happened since the last look.
func (in *instance) settle(now time.Time) {
	if in.released {
		return
	}
	if in.next != "" && !now.Before(in.nextAt) {
		in.status = in.next
		in.next = ""
		if in.pendingSpec != nil {
			in.applySpec(*in.pendingSpec)
			in.pendingSpec = nil
		}
	}
	if in.payment == PaymentPrepaid && !in.expiryApplied && !now.Before(in.expireTime) {
		in.expiryApplied = true
		in.status = StatusExpired
		in.next = ""
		in.pendingSpec = nil
	}
}

func (in *instance) applySpec(p parsedSpec) {
	in.spec, in.instanceType, in.cpu, in.memGB = p.spec, p.instanceType, p.cpu, p.memGB
}

// transition puts the instance into status now and into then after d.
func (in *instance) transition(now time.Time, status, then string, d time.Duration) {
	in.status = status
	in.next = then
	in.nextAt = now.Add(d)
}

func (in *instance) gone(now time.Time) bool {
	return in.released && !now.Before(in.goneAt)
}

func (in *instance) tagMap() map[string]string {
	m := make(map[string]string, len(in.tags))
	for _, t := range in.tags {
		m[t.TagKey] = t.TagValue
	}
	return m
}

func formatTime(t time.Time) string { return t.UTC().Format(bceauth.TimeFormat) }

func (in *instance) wire() wireInstance {
	w := wireInstance{
		ID:                 in.id,
		Name:               in.name,
		Hostname:           in.hostname,
		Desc:               in.desc,
		Status:             in.status,
		Spec:               in.spec,
		InstanceType:       in.instanceType,
		PaymentTiming:      in.payment,
		CreateTime:         formatTime(in.createTime),
		InternalIP:         in.internalIP,
		PublicIP:           "",
		CPUCount:           in.cpu,
		MemoryCapacityInGB: in.memGB,
		ImageID:            in.imageID,
		ZoneName:           in.zoneName,
		VpcID:              in.vpcID,
		SubnetID:           in.subnetID,
		KeypairID:          in.keypairID,
		PlacementPolicy:    "default",
		Tags:               append([]wireTag{}, in.tags...),
		DeletionProtection: in.deletionProt,
	}
	if in.released {
		w.Status = in.releaseKind
	}
	if !in.expireTime.IsZero() {
		s := formatTime(in.expireTime)
		w.ExpireTime = &s
	}
	return w
}

// lookupLocked returns the instance if it has not gone, settled to now.
// Instances whose Deleted phase is over are forgotten here.
func (s *Server) lookupLocked(id string, now time.Time) *instance {
	in := s.st.instances[id]
	if in == nil {
		return nil
	}
	if in.gone(now) {
		delete(s.st.instances, id)
		return nil
	}
	in.settle(now)
	return in
}

// liveLocked is lookupLocked for operations: a released instance, even one
// still showing Deleted, can no longer be acted on.
func (s *Server) liveLocked(id string, now time.Time) (*instance, *apiError) {
	in := s.lookupLocked(id, now)
	if in == nil || in.released {
		return nil, noSuchInstance(id)
	}
	return in, nil
}

// visibleLocked returns the instances that have not gone, in creation order,
// settled to now, and compacts the order list.
func (s *Server) visibleLocked(now time.Time) []*instance {
	kept := s.st.order[:0]
	for _, in := range s.st.order {
		if s.lookupLocked(in.id, now) == nil {
			continue
		}
		kept = append(kept, in)
	}
	for i := len(kept); i < len(s.st.order); i++ {
		s.st.order[i] = nil
	}
	s.st.order = kept
	return kept
}
