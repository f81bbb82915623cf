package bccmock

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Instance is a snapshot of one instance for tests. AdminPass is the
// decrypted password, so a test can check what the client sent.
type Instance struct {
	ID                  string
	Name                string
	Desc                string
	Hostname            string
	Status              string
	Spec                string
	InstanceType        string
	CPUCount            int
	MemoryGB            int
	ImageID             string
	ZoneName            string
	VpcID               string
	SubnetID            string
	KeypairID           string
	SecurityGroupIDs    []string
	InternalIP          string
	PaymentTiming       string
	ReservationMonths   int
	CreateTime          time.Time
	ExpireTime          time.Time // zero for postpaid
	CreatingUntil       time.Time // release is refused before this
	Tags                map[string]string
	AdminPass           string
	ClientToken         string
	UserData            string
	RootDiskSizeGB      int
	RootDiskStorageType string
	SystemVolumeID      string
	DeletionProtection  int
	Released            bool
	ReleasedAt          time.Time
}

func (in *instance) public() Instance {
	status := in.status
	if in.released {
		status = in.releaseKind
	}
	return Instance{
		ID: in.id, Name: in.name, Desc: in.desc, Hostname: in.hostname, Status: status,
		Spec: in.spec, InstanceType: in.instanceType, CPUCount: in.cpu, MemoryGB: in.memGB,
		ImageID: in.imageID, ZoneName: in.zoneName, VpcID: in.vpcID, SubnetID: in.subnetID,
		KeypairID: in.keypairID, SecurityGroupIDs: slices.Clone(in.secGroupIDs), InternalIP: in.internalIP,
		PaymentTiming: in.payment, ReservationMonths: in.months, CreateTime: in.createTime,
		ExpireTime: in.expireTime, CreatingUntil: in.creatingUntil, Tags: in.tagMap(),
		AdminPass: in.adminPass, ClientToken: in.clientToken, UserData: in.userData,
		RootDiskSizeGB: in.rootDiskGB, RootDiskStorageType: in.rootDiskType, SystemVolumeID: in.volumeID,
		DeletionProtection: in.deletionProt, Released: in.released, ReleasedAt: in.releasedAt,
	}
}

// Instances returns every instance that has not gone yet (released ones
// still in their Deleted phase included), sorted by id, settled to now.
func (s *Server) Instances() []Instance {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	var out []Instance
	for _, in := range s.presentLocked(now) {
		out = append(out, in.public())
	}
	slices.SortFunc(out, func(a, b Instance) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Instance returns one instance, if it has not gone.
func (s *Server) Instance(id string) (Instance, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.lookupLocked(id, s.clock.Now())
	if in == nil {
		return Instance{}, false
	}
	return in.public(), true
}

// mutateInstanceOutOfBand applies f to a live instance, as a change made outside
// Terraform (console, another tool) would. It reports false when the
// instance is unknown, released or gone.
func (s *Server) mutateInstanceOutOfBand(id string, f func(in *instance)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.lookupLocked(id, s.clock.Now())
	if in == nil || in.released {
		return false
	}
	f(in)
	return true
}

// DeleteInstanceOutOfBand makes an instance vanish at once, with no Deleted phase
// and no release rules, as if deleted outside Terraform.
func (s *Server) DeleteInstanceOutOfBand(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.lookupLocked(id, s.clock.Now())
	if in == nil {
		return false
	}
	if !in.released {
		s.releaseConsequencesLocked(in, s.clock.Now(), releaseOptions{})
	}
	delete(s.st.instances, id)
	return true
}

// RenameInstanceOutOfBand changes an instance's name.
func (s *Server) RenameInstanceOutOfBand(id, name string) bool {
	return s.mutateInstanceOutOfBand(id, func(in *instance) { in.name = name })
}

// SetInstanceDescOutOfBand changes an instance's description.
func (s *Server) SetInstanceDescOutOfBand(id, desc string) bool {
	return s.mutateInstanceOutOfBand(id, func(in *instance) { in.desc = desc })
}

// SetInstanceTagsOutOfBand replaces an instance's tags (sorted by key).
func (s *Server) SetInstanceTagsOutOfBand(id string, tags map[string]string) bool {
	return s.mutateInstanceOutOfBand(id, func(in *instance) {
		keys := make([]string, 0, len(tags))
		for k := range tags {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		in.tags = make([]wireTag, 0, len(keys))
		for _, k := range keys {
			in.tags = append(in.tags, wireTag{TagKey: k, TagValue: tags[k]})
		}
	})
}

// SetInstanceStatusOutOfBand forces an instance's status and cancels any pending
// transition. It reports false for an unknown instance or a status the BCC
// API does not define. Setting Deleted or Recycled does not release the
// instance; use DeleteInstanceOutOfBand for that.
func (s *Server) SetInstanceStatusOutOfBand(id, status string) bool {
	if !knownStatuses[status] {
		return false
	}
	return s.mutateInstanceOutOfBand(id, func(in *instance) {
		in.status = status
		in.steps = nil
	})
}

// SetInstanceSpecOutOfBand changes an instance's shape, as a resize made outside
// Terraform would. It reports false for an unknown instance or a spec that
// is not of the form bcc.<family>.c<N>m<M>.
func (s *Server) SetInstanceSpecOutOfBand(id, spec string) bool {
	shape, err := parseSpec(spec)
	if err != nil {
		return false
	}
	return s.mutateInstanceOutOfBand(id, func(in *instance) { in.applySpec(shape) })
}

// FailNextInstances makes the next n instances created end their boot in status
// Error instead of Running, as a create whose host failed would. Calls add
// up; n <= 0 cancels what is pending.
func (s *Server) FailNextInstances(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		s.st.failBoots = 0
		return
	}
	s.st.failBoots += n
}

// FailNextPasswordChanges makes the next n password changes (PUT
// ?changePass) that pass every check answer 200 with the instance in
// failedInstanceIdList, the way Baidu's SDK reports a change that did not
// happen, and leave the password as it was. Calls add up; n <= 0 cancels
// what is pending.
func (s *Server) FailNextPasswordChanges(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		s.st.failPassChanges = 0
		return
	}
	s.st.failPassChanges += n
}

// FailNextEarlyReleases makes the next n early releases (POST
// /v2/instance/delete) that pass every check answer 200 with the instance in
// failResources, as Baidu's SDK reports a release that did not happen, and
// leave the instance as it was. Calls add up; n <= 0 cancels what is
// pending.
func (s *Server) FailNextEarlyReleases(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		s.st.failEarlyReleases = 0
		return
	}
	s.st.failEarlyReleases += n
}

// SetInstanceDeletionProtectionOutOfBand turns an instance's deletion protection on
// or off, as the console would. It reports false for an unknown, released
// or gone instance.
func (s *Server) SetInstanceDeletionProtectionOutOfBand(id string, on bool) bool {
	return s.mutateInstanceOutOfBand(id, func(in *instance) {
		in.deletionProt = 0
		if on {
			in.deletionProt = 1
		}
	})
}

// ReleaseInstanceOutOfBand releases an instance as a release in the
// console would: exactly like DELETE /v2/instance/{id} (deletion
// protection, the creating window and the prepaid rule all apply, and so do
// the consequences for its disks and snapshots), except that an instance
// still hidden by VisibilityDelay can be released. A refusal is an *APIError.
func (s *Server) ReleaseInstanceOutOfBand(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	in := s.lookupLocked(id, now)
	if in == nil || in.released {
		e := noSuchInstance(id)
		return &APIError{Status: e.status, Code: e.code, Message: e.message}
	}
	if _, e := s.releaseInstanceLocked(in, now, releaseOptions{}); e != nil {
		return &APIError{Status: e.status, Code: e.code, Message: e.message}
	}
	return nil
}

// SeedInstance describes the instances SeedInstances makes; zero fields
// take the defaults of a create (spec bcc.g5.c2m8, image m-A4jJpFzi, zone
// cn-bj-a, postpaid).
type SeedInstance struct {
	Spec, ImageID, ZoneName, NamePrefix string
	Tags                                map[string]string
}

// SeedInstances puts n running instances (each with its system disk) into
// the mock at once, as if each had been created through the API and had
// booted, so that a test of listing at scale does not spend thousands of
// create calls and boots first. Names are NamePrefix followed by a
// five-digit index. It returns their ids in creation order.
func (s *Server) SeedInstances(n int, tmpl SeedInstance) ([]string, error) {
	spec := cmp.Or(tmpl.Spec, "bcc.g5.c2m8")
	shape, err := parseSpec(spec)
	if err != nil {
		return nil, err
	}
	zone := cmp.Or(tmpl.ZoneName, defaultZone)
	p := createPlan{
		shape: shape, payment: PaymentPostpaid, zone: zone, subnet: defaultSubnet(zone), count: 1,
		rootDiskGB: defaultRootDiskGB, rootDiskType: defaultRootDiskType,
		req: createRequest{Spec: spec, ImageID: cmp.Or(tmpl.ImageID, "m-A4jJpFzi")},
	}
	for _, k := range sortedKeys(tmpl.Tags) {
		p.req.Tags = append(p.req.Tags, wireTag{TagKey: k, TagValue: tmpl.Tags[k]})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	ids := make([]string, n)
	for i := range n {
		if tmpl.NamePrefix != "" {
			p.req.Name = fmt.Sprintf("%s%05d", tmpl.NamePrefix, i)
		}
		in := s.newInstanceLocked(p, "", now)
		in.visibleAt, in.creatingUntil = now, now
		in.transition(now, StatusRunning, StatusRunning, 0)
		ids[i] = in.id
	}
	return ids, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
