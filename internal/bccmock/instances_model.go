package bccmock

import (
	"fmt"
	"regexp"
	"strconv"
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

// knownStatuses are every status the BCC API documents; SetInstanceStatusOutOfBand
// accepts only these.
var knownStatuses = map[string]bool{
	"Starting": true, "Running": true, "Stopping": true, "Stopped": true, "Recycled": true,
	"Deleted": true, "Scaling": true, "Expired": true, "Error": true, "SnapshotProcessing": true,
	"ImageProcessing": true, "Recharging": true, "VolumeResizing": true, "BillingChanging": true,
	"ChangeSubnet": true, "ChangeVpc": true, "AttachingPort": true, "DetachingPort": true, "Moving": true,
}

// instance is the mock's record of one BCC instance. Its status is settled
// lazily from the clock: pending steps take effect, in order, the first time
// anyone looks at the instance after their time, so no goroutine has to
// tick.
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
	steps         []instanceStep // pending, in time order
	creatingUntil time.Time
	visibleAt     time.Time // the API does not show the instance before this
	expiryApplied bool

	released    bool
	releasedAt  time.Time
	goneAt      time.Time
	releaseKind string // StatusDeleted or StatusRecycled
}

// instanceStep is a change the clock will make: at at, the status becomes
// status and, when set, spec takes effect.
type instanceStep struct {
	at     time.Time
	status string
	spec   *parsedSpec
}

// settle applies whatever the clock says has happened since the last look.
// Expiry of a prepaid instance wins over any step due at or after it.
func (in *instance) settle(now time.Time) {
	if in.released {
		return
	}
	prepaid := in.payment == PaymentPrepaid && !in.expiryApplied
	for len(in.steps) > 0 && !now.Before(in.steps[0].at) {
		st := in.steps[0]
		if prepaid && !st.at.Before(in.expireTime) {
			break
		}
		in.status = st.status
		if st.spec != nil {
			in.applySpec(*st.spec)
		}
		in.steps = in.steps[1:]
	}
	if prepaid && !now.Before(in.expireTime) {
		in.expiryApplied = true
		in.status = StatusExpired
		in.steps = nil
	}
}

// resizing reports whether a resize was accepted and has not completed,
// even while the instance still shows its previous status (ScaleDelay).
func (in *instance) resizing() bool {
	for _, st := range in.steps {
		if st.spec != nil {
			return true
		}
	}
	return false
}

// settledIn reports whether the instance is Running or Stopped with nothing
// pending: the states in which Baidu accepts operations that change it.
func (in *instance) settledIn() bool {
	return (in.status == StatusRunning || in.status == StatusStopped) && len(in.steps) == 0
}

// visible reports whether the API shows the instance at now: right after a
// create Baidu's reads can lag (Config.VisibilityDelay).
func (in *instance) visible(now time.Time) bool {
	return !now.Before(in.visibleAt)
}

func (in *instance) applySpec(p parsedSpec) {
	in.spec, in.instanceType, in.cpu, in.memGB = p.spec, p.instanceType, p.cpu, p.memGB
}

// transition puts the instance into status now and into then after d.
func (in *instance) transition(now time.Time, status, then string, d time.Duration) {
	in.status = status
	in.steps = []instanceStep{{at: now.Add(d), status: then}}
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

// apiLookupLocked is lookupLocked as the API sees it: an instance still in
// its VisibilityDelay does not exist yet. Introspection uses lookupLocked.
func (s *Server) apiLookupLocked(id string, now time.Time) *instance {
	in := s.lookupLocked(id, now)
	if in == nil || !in.visible(now) {
		return nil
	}
	return in
}

// liveLocked is apiLookupLocked for operations: a released instance, even
// one still showing Deleted, can no longer be acted on.
func (s *Server) liveLocked(id string, now time.Time) (*instance, *apiError) {
	in := s.apiLookupLocked(id, now)
	if in == nil || in.released {
		return nil, noSuchInstance(id)
	}
	return in, nil
}

// presentLocked returns the instances that have not gone, in creation order,
// settled to now, and compacts the order list.
func (s *Server) presentLocked(now time.Time) []*instance {
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

// parsedSpec is an instance shape: the spec string and what it implies.
type parsedSpec struct {
	spec         string
	family       string
	instanceType string
	cpu          int
	memGB        int
}

// specPattern is bcc.<family>.c<cpus>m<memoryGB>, optionally followed by an
// accelerator suffix such as ".1xV100".
var specPattern = regexp.MustCompile(`^bcc\.([a-z][a-z0-9]*)\.c([0-9]+)m([0-9]+)(\.[A-Za-z0-9]+)?$`)

const (
	maxCPU   = 512
	maxMemGB = 8192
)

func parseSpec(spec string) (parsedSpec, error) {
	m := specPattern.FindStringSubmatch(spec)
	if m == nil {
		return parsedSpec{}, fmt.Errorf("spec %q is not a BCC spec of the form bcc.<family>.c<cpus>m<memoryGB> (for example bcc.g5.c2m8)", spec)
	}
	cpu, errC := strconv.Atoi(m[2])
	mem, errM := strconv.Atoi(m[3])
	if errC != nil || errM != nil || cpu < 1 || cpu > maxCPU || mem < 1 || mem > maxMemGB {
		return parsedSpec{}, fmt.Errorf("spec %q asks for %s vCPUs and %s GB: want 1-%d vCPUs and 1-%d GB", spec, m[2], m[3], maxCPU, maxMemGB)
	}
	return parsedSpec{spec: spec, family: m[1], instanceType: instanceTypeOf(m[1]), cpu: cpu, memGB: mem}, nil
}

// instanceTypeOf approximates the legacy instanceType Baidu reports beside a
// spec: "N" and the family's generation (g5 -> N5).
func instanceTypeOf(family string) string {
	i := len(family)
	for i > 0 && family[i-1] >= '0' && family[i-1] <= '9' {
		i--
	}
	if i == len(family) {
		return "N1"
	}
	return "N" + family[i:]
}

// specOfInstanceType does the reverse for the old create API.
func specOfInstanceType(instanceType string, cpu, mem int) string {
	gen := strings.TrimLeftFunc(instanceType, func(r rune) bool { return r < '0' || r > '9' })
	if gen == "" || strings.IndexFunc(gen, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		gen = "1"
	}
	return fmt.Sprintf("bcc.g%s.c%dm%d", gen, cpu, mem)
}
