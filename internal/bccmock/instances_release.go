package bccmock

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// releaseLocked is DELETE /v2/instance/{id} and POST /v2/instance/{id}.
func (s *Server) releaseLocked(route, id string, body []byte, now time.Time) (int, any, *apiError) {
	recycle := false
	if route == RouteReleaseInstanceWithRelatedResources && len(strings.TrimSpace(string(body))) > 0 {
		var req releaseRequest
		if aerr := s.decodeLogged(route, body, &req); aerr != nil {
			return 0, nil, aerr
		}
		recycle = req.BccRecycleFlag
	}
	in, aerr := s.liveLocked(id, now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := s.releaseInstanceLocked(in, now, false, recycle); aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, nil, nil
}

// releasePrepaidLocked is POST /v2/instance/delete: it releases postpaid and
// prepaid instances alike, the latter before expiry (with a refund).
func (s *Server) releasePrepaidLocked(q url.Values, body []byte, now time.Time) (int, any, *apiError) {
	var req releaseRequest
	if len(strings.TrimSpace(string(body))) > 0 {
		if aerr := s.decodeLogged(RouteReleasePrepaidInstance, body, &req); aerr != nil {
			return 0, nil, aerr
		}
	}
	id := req.InstanceID
	if id == "" {
		id = q.Get("instanceId")
	}
	if id == "" {
		return 0, nil, badBody("instanceId is required (in the body or the query).")
	}
	in, aerr := s.liveLocked(id, now)
	if aerr != nil {
		return 0, nil, aerr
	}
	refund := in.payment == PaymentPrepaid && in.status != StatusExpired
	if aerr := s.releaseInstanceLocked(in, now, true, false); aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, releasePrepaidResponse{
		SuccessResources: &releasedResources{
			InstanceID:  id,
			InsnapIDs:   []string{},
			SnapshotIDs: []string{},
			VolumeIDs:   []string{in.volumeID},
		},
		InstanceRefundFlag: refund,
	}, nil
}

// releaseInstanceLocked applies Baidu's release rules: never during the
// creating window; a prepaid instance only once it has expired unless early
// release is asked for.
//
// Deletion protection is checked first: it is a setting of the instance,
// not a passing state, so a client should hear about it before it starts
// waiting out the creating window.
func (s *Server) releaseInstanceLocked(in *instance, now time.Time, early, recycle bool) *apiError {
	if in.deletionProt == 1 {
		return newError(http.StatusForbidden, s.deletionProtectionCode(), "Instance can not release with DeletionProtection.")
	}
	if now.Before(in.creatingUntil) {
		return newError(http.StatusForbidden, CodeReleaseWhileCreating, "Instance can not release during creating.")
	}
	if in.payment == PaymentPrepaid && in.status != StatusExpired && !early {
		return newError(http.StatusForbidden, CodeReleaseNotPrepay, "Instance can not release if prepay.")
	}
	s.releaseConsequencesLocked(in, now)
	in.released = true
	in.releasedAt = now
	in.goneAt = now.Add(s.cfg.DeletedPhase)
	in.releaseKind = StatusDeleted
	if recycle {
		in.releaseKind = StatusRecycled
	}
	in.steps = nil
	return nil
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
func (s *Server) modifyDeletionProtectionLocked(id string, body []byte, now time.Time) (int, any, *apiError) {
	var req deletionProtectionRequest
	if aerr := s.decodeLogged(RouteModifyDeletionProtection, body, &req); aerr != nil {
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
	in, aerr := s.liveLocked(id, now)
	if aerr != nil {
		return 0, nil, aerr
	}
	in.deletionProt = v
	return http.StatusOK, nil, nil
}

// releaseConsequencesLocked does to an instance's disks what its release
// does: the system disk goes with it.
func (s *Server) releaseConsequencesLocked(in *instance, _ time.Time) {
	delete(s.st.volumes, in.volumeID)
}
