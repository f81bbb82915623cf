package bccmock

import (
	"net/http"
	"strings"
	"time"
)

type releaseVolumeRequest struct {
	AutoSnapshot       string `json:"autoSnapshot"`
	ManualSnapshot     string `json:"manualSnapshot"`
	Recycle            string `json:"recycle"`
	CdsAttributeActive bool   `json:"cdsAttributeActive"`
}

// releaseVolumeLocked is DELETE /v2/volume/{id} (the disk is deleted) and
// POST /v2/volume/{id} (recycle defaults to "on": the disk goes to the
// recycle bin and leaves every normal view). Snapshots are kept unless the
// POST says manualSnapshot "on"; the mock takes no automatic snapshots, so
// autoSnapshot and cdsAttributeActive change nothing.
func (s *Server) releaseVolumeLocked(c *call) (int, any, *apiError) {
	recycle, manual := false, false
	if c.route == RouteReleaseVolumeByPost {
		var req releaseVolumeRequest
		if len(strings.TrimSpace(string(c.body))) > 0 {
			if aerr := s.decodeLogged(c.route, c.body, &req); aerr != nil {
				return 0, nil, aerr
			}
		}
		var aerr *apiError
		if recycle, aerr = onOff("recycle", req.Recycle, true); aerr != nil {
			return 0, nil, aerr
		}
		if manual, aerr = onOff("manualSnapshot", req.ManualSnapshot, false); aerr != nil {
			return 0, nil, aerr
		}
		if _, aerr = onOff("autoSnapshot", req.AutoSnapshot, false); aerr != nil {
			return 0, nil, aerr
		}
	}
	v := s.apiVolumeLocked(c.id, c.now)
	if v == nil {
		return 0, nil, noSuchVolume(c.id)
	}
	if v.system {
		return 0, nil, newError(http.StatusForbidden, CodeSystemDiskCannotBeDeleted, "System disk can not be deleted.")
	}
	switch v.status {
	case VolumeStatusAvailable, VolumeStatusExpired, VolumeStatusError:
	default:
		return 0, nil, conflict(CodeDiskStatusCannotBeDeleted, "Volume in current status can not be deleted.")
	}
	if v.payment == PaymentPrepaid && !v.expired {
		return 0, nil, newError(http.StatusForbidden, CodeVolumeReleaseNotPrepay,
			"Volume %s is Prepaid and has not expired; it can be released only with its instance or once expired.", v.id)
	}
	s.dropVolumeLocked(v, recycle, manual, c.now)
	return http.StatusOK, nil, nil
}

// dropVolumeLocked removes a data disk from the API: into the recycle bin
// or deleted outright, with its snapshots when deleteSnapshots is set.
func (s *Server) dropVolumeLocked(v *volume, recycle, deleteSnapshots bool, now time.Time) {
	if deleteSnapshots {
		s.deleteSnapshotsOfLocked(v.id, now)
	}
	v.op = opNone
	v.instanceID, v.device = "", ""
	if recycle {
		v.recycled = true
		return
	}
	delete(s.st.volumes, v.id)
}
