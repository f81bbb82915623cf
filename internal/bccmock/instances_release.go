package bccmock

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// releaseOptions are what a release route asks for besides the instance.
type releaseOptions struct {
	early   bool // POST /v2/instance/delete: a prepaid instance before expiry too
	recycle bool // bccRecycleFlag: into the recycle bin
	// related (relatedReleaseFlag) releases the instance's postpaid data
	// disks too (and its prepaid ones on early release); deleteCdsSnapshots
	// (deleteCdsSnapshotFlag) then deletes their snapshots. With
	// cdsAttributeActive each disk's own deleteWithInstance decides instead.
	related            bool
	deleteCdsSnapshots bool
	cdsAttributeActive bool
}

func optionsOf(req releaseRequest) releaseOptions {
	return releaseOptions{recycle: req.BccRecycleFlag, related: req.RelatedReleaseFlag,
		deleteCdsSnapshots: req.DeleteCdsSnapshotFlag, cdsAttributeActive: req.CdsAttributeActive}
}

// releaseLocked is DELETE /v2/instance/{id} and POST /v2/instance/{id}.
func (s *Server) releaseLocked(c *call) (int, any, *apiError) {
	var opts releaseOptions
	if c.route == RouteReleaseInstanceWithRelatedResources && len(strings.TrimSpace(string(c.body))) > 0 {
		var req releaseRequest
		if aerr := s.decodeLogged(c.route, c.body, &req); aerr != nil {
			return 0, nil, aerr
		}
		opts = optionsOf(req)
	}
	in, aerr := s.liveLocked(c.id, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if _, aerr := s.releaseInstanceLocked(in, c.now, opts); aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, nil, nil
}

// releasePrepaidLocked is POST /v2/instance/delete: it releases postpaid and
// prepaid instances alike, the latter before expiry (with a refund).
func (s *Server) releasePrepaidLocked(c *call) (int, any, *apiError) {
	var req releaseRequest
	if len(strings.TrimSpace(string(c.body))) > 0 {
		if aerr := s.decodeLogged(RouteReleasePrepaidInstance, c.body, &req); aerr != nil {
			return 0, nil, aerr
		}
	}
	id := req.InstanceID
	if id == "" {
		id = c.q.Get("instanceId")
	}
	if id == "" {
		return 0, nil, badBody("instanceId is required (in the body or the query).")
	}
	in, aerr := s.liveLocked(id, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	refund := in.payment == PaymentPrepaid && in.status != StatusExpired && !s.cfg.EarlyReleaseRefundFalse
	opts := optionsOf(req)
	opts.early = true
	if aerr := s.releasableLocked(in, c.now, opts); aerr != nil {
		return 0, nil, aerr
	}
	if s.st.failEarlyReleases > 0 {
		s.st.failEarlyReleases--
		return http.StatusOK, releasePrepaidResponse{
			FailResources: &releasedResources{InstanceID: id, InsnapIDs: []string{}, SnapshotIDs: []string{}, VolumeIDs: []string{}},
		}, nil
	}
	gone, aerr := s.releaseInstanceLocked(in, c.now, opts)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, releasePrepaidResponse{
		SuccessResources: &releasedResources{
			InstanceID:  id,
			InsnapIDs:   []string{},
			SnapshotIDs: gone.snapshotIDs,
			VolumeIDs:   gone.volumeIDs,
		},
		InstanceRefundFlag: refund,
	}, nil
}

// releaseInstanceLocked applies Baidu's release rules: never during the
// creating window; a prepaid instance only once it has expired unless early
// release is asked for. It then applies the release's consequences and
// reports what went with the instance.
//
// Deletion protection is checked first: it is a setting of the instance,
// not a passing state, so a client should hear about it before it starts
// waiting out the creating window.
func (s *Server) releaseInstanceLocked(in *instance, now time.Time, opts releaseOptions) (released, *apiError) {
	if aerr := s.releasableLocked(in, now, opts); aerr != nil {
		return released{}, aerr
	}
	gone := s.releaseConsequencesLocked(in, now, opts)
	in.released = true
	in.releasedAt = now
	in.goneAt = now.Add(s.cfg.DeletedPhase)
	in.releaseKind = StatusDeleted
	if opts.recycle {
		in.releaseKind = StatusRecycled
	}
	in.steps = nil
	return gone, nil
}

// releasableLocked is the refusal, if any, of a release of in now.
func (s *Server) releasableLocked(in *instance, now time.Time, opts releaseOptions) *apiError {
	if in.deletionProt == 1 {
		return newError(http.StatusForbidden, s.deletionProtectionCode(), "Instance can not release with DeletionProtection.")
	}
	if now.Before(in.creatingUntil) {
		return newError(http.StatusForbidden, CodeReleaseWhileCreating, "Instance can not release during creating.")
	}
	if in.payment == PaymentPrepaid && in.status != StatusExpired && !opts.early {
		return newError(http.StatusForbidden, CodeReleaseNotPrepay, "Instance can not release if prepay.")
	}
	return nil
}

// released lists what went with an instance.
type released struct {
	volumeIDs   []string // the system disk first
	snapshotIDs []string
}

// releaseConsequencesLocked does what Baidu documents a release does
// besides removing the instance: attached data disks are detached and kept
// (Available, no attachment), with their snapshots; the system disk's
// snapshots are deleted and the system disk goes; custom images made from
// the instance are kept. relatedReleaseFlag and cdsAttributeActive release
// data disks too (see releaseOptions). The same happens whether the
// instance goes to the recycle bin or not (assumed).
func (s *Server) releaseConsequencesLocked(in *instance, now time.Time, opts releaseOptions) released {
	gone := released{volumeIDs: []string{in.volumeID}, snapshotIDs: s.deleteSnapshotsOfLocked(in.volumeID, now)}
	delete(s.st.volumes, in.volumeID)
	for _, id := range slices.Sorted(maps.Keys(s.st.volumes)) {
		v := s.volumeLocked(id, now)
		if v.system || v.instanceID != in.id {
			continue
		}
		if releaseWithInstance(v, opts) {
			if opts.deleteCdsSnapshots {
				gone.snapshotIDs = append(gone.snapshotIDs, s.deleteSnapshotsOfLocked(v.id, now)...)
			}
			s.dropVolumeLocked(v, false, false, now)
			gone.volumeIDs = append(gone.volumeIDs, v.id)
			continue
		}
		detachForRelease(v)
	}
	return gone
}

func releaseWithInstance(v *volume, opts releaseOptions) bool {
	switch {
	case opts.cdsAttributeActive:
		return v.deleteWithInst && v.payment == PaymentPostpaid
	case opts.related:
		return v.payment == PaymentPostpaid || opts.early
	}
	return false
}

// detachForRelease leaves a data disk detached: Available, or still
// finishing a create or resize that will end Available.
func detachForRelease(v *volume) {
	v.instanceID, v.device = "", ""
	switch v.op {
	case opCreate, opResize:
		v.opThen = VolumeStatusAvailable
	default:
		v.op = opNone
		if v.status != VolumeStatusExpired {
			v.status = VolumeStatusAvailable
		}
	}
}

func (s *Server) deletionProtectionCode() string {
	if s.cfg.DeletionProtectionCode != "" {
		return s.cfg.DeletionProtectionCode
	}
	return CodeDeletionProtection
}

// modifyDeletionProtectionLocked is PUT /v2/instance/{id}/deletionProtection
// {"deletionProtection":0|1}. The value must be the JSON number 0 or 1;
// anything else is Baidu's documented 400 BadRequest. Setting 0 again is
// assumed to lift the protection (the facts explain why).
func (s *Server) modifyDeletionProtectionLocked(c *call) (int, any, *apiError) {
	var req deletionProtectionRequest
	if aerr := s.decodeLogged(RouteModifyDeletionProtection, c.body, &req); aerr != nil {
		return 0, nil, aerr
	}
	var v int
	switch strings.TrimSpace(string(req.DeletionProtection.raw)) {
	case "0":
		v = 0
	case "1":
		v = 1
	default:
		return 0, nil, newError(http.StatusBadRequest, CodeBadRequest, "invalid DeletionProtection value")
	}
	in, aerr := s.liveLocked(c.id, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	in.deletionProt = v
	return http.StatusOK, nil, nil
}
