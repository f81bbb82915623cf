package bccmock

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
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

func (in *instance) volume() wireVolume {
	v := wireVolume{
		ID:             in.volumeID,
		Name:           in.volumeID,
		Type:           "System",
		StorageType:    in.rootDiskType,
		DiskSizeInGB:   in.rootDiskGB,
		Status:         "InUse",
		InstanceID:     in.id,
		IsSystemVolume: true,
		ZoneName:       in.zoneName,
		PaymentTiming:  in.payment,
		CreateTime:     formatTime(in.createTime),
		Attachments:    []wireAttachment{{VolumeID: in.volumeID, InstanceID: in.id, Device: "/dev/vda", Serial: in.volumeID}},
		Tags:           []wireTag{},
	}
	if !in.expireTime.IsZero() {
		s := formatTime(in.expireTime)
		v.ExpireTime = &s
	}
	return v
}

// idemKey names one clientToken use. Every configured key belongs to the
// same simulated account, so the access key is not part of it.
type idemKey struct {
	route string
	token string
	// target is the instance id for resize; "" for create.
	target string
}

type idemEntry struct {
	fingerprint string
	status      int
	body        any
}

// state is everything the mock remembers. Guarded by Server.mu.
type state struct {
	instances map[string]*instance
	order     []*instance    // creation order, compacted as instances go
	seqOf     map[string]int // every id ever issued, for list markers
	seq       int
	idem      map[idemKey]idemEntry
	nextIP    int
	ids       *rand.Rand
	vpcID     string
}

func newState(seed int64) state {
	st := state{
		instances: map[string]*instance{},
		seqOf:     map[string]int{},
		idem:      map[idemKey]idemEntry{},
		ids:       rand.New(rand.NewPCG(uint64(seed), 0x1d5)),
	}
	st.vpcID = "vpc-" + st.randomString(12, lowerAlnum)
	return st
}

const (
	alnum      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	hexDigits  = "0123456789abcdef"
)

func (st *state) randomString(n int, alphabet string) string {
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[st.ids.IntN(len(alphabet))])
	}
	return b.String()
}

// newInstanceID returns "i-" and 8 alphanumerics, never reused.
func (st *state) newInstanceID() string {
	for {
		id := "i-" + st.randomString(8, alnum)
		if _, used := st.seqOf[id]; !used {
			return id
		}
	}
}

// newInternalIP hands out 192.168.x.y addresses in order, skipping .0, .1
// and .255 of each /24.
func (st *state) newInternalIP() string {
	for {
		n := st.nextIP
		st.nextIP++
		x, y := (n/256)%256, n%256
		if y < 2 || y == 255 {
			continue
		}
		return fmt.Sprintf("192.168.%d.%d", x, y)
	}
}

// defaultSubnet is the stable default subnet id of a zone.
func defaultSubnet(zone string) string {
	h := fnv.New64a()
	h.Write([]byte(zone))
	r := rand.New(rand.NewPCG(h.Sum64(), 0x5b7))
	var b strings.Builder
	b.WriteString("sbn-")
	for range 12 {
		b.WriteByte(lowerAlnum[r.IntN(len(lowerAlnum))])
	}
	return b.String()
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
