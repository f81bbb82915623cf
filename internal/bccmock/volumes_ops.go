package bccmock

import (
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Handlers for one volume: PUT /v2/volume/{id}?<action>, and its release.

type attachVolumeRequest struct {
	InstanceID         string `json:"instanceId"`
	DeleteWithInstance *bool  `json:"deleteWithInstance"`
	DeleteAutoSnapshot *bool  `json:"deleteAutoSnapshot"`
}

type attachVolumeResponse struct {
	VolumeAttachment wireAttachment `json:"volumeAttachment"`
	WarningList      []string       `json:"warningList"`
}

type resizeVolumeRequest struct {
	NewCdsSizeInGB int    `json:"newCdsSizeInGB"`
	NewVolumeType  string `json:"newVolumeType"`
	NewExtraIO     int    `json:"newExtraIO"`
}

type renameVolumeRequest struct {
	Name string `json:"name"`
}

type modifyVolumeRequest struct {
	CdsName            string `json:"cdsName"`
	Desc               string `json:"desc"`
	DeleteWithInstance *bool  `json:"deleteWithInstance"`
	DeleteAutoSnapshot *bool  `json:"deleteAutoSnapshot"`
}

// attachmentCallLocked reads what attach and detach share: the body
// {"instanceId",...}, which must name an instance, and the disk in the path.
func (s *Server) attachmentCallLocked(c *call) (attachVolumeRequest, *volume, *apiError) {
	var req attachVolumeRequest
	if aerr := s.decodeLogged(c.route, c.body, &req); aerr != nil {
		return req, nil, aerr
	}
	if req.InstanceID == "" {
		return req, nil, badBody("instanceId is required.")
	}
	v := s.apiVolumeLocked(c.id, c.now)
	if v == nil {
		return req, nil, noSuchVolume(c.id)
	}
	return req, v, nil
}

// attachVolumeLocked checks, in the order Baidu's table gives them: the
// disk is Available, the instance Running or Stopped, both in one zone.
func (s *Server) attachVolumeLocked(c *call) (int, any, *apiError) {
	req, v, aerr := s.attachmentCallLocked(c)
	if aerr != nil {
		return 0, nil, aerr
	}
	if v.status != VolumeStatusAvailable {
		return 0, nil, conflict(CodeDiskNotAvailable, "Volume status is not available, can not be attached to instance.")
	}
	in, aerr := s.liveLocked(req.InstanceID, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if !in.settledIn() {
		return 0, nil, conflict(CodeInstanceStatusCannotAttach, "Instance only when it is running or stopped state can mount to it.")
	}
	if v.zone != in.zoneName {
		return 0, nil, zoneMismatch(v.zone, in)
	}
	device, ok := s.freeDeviceLocked(in.id, c.now)
	if !ok {
		return 0, nil, conflict(CodeNoFreeDevice, "Instance %s has no free device name left (/dev/vdb-/dev/vdz).", in.id)
	}
	if req.DeleteWithInstance != nil {
		v.deleteWithInst = *req.DeleteWithInstance
	}
	if req.DeleteAutoSnapshot != nil {
		v.deleteAutoSnap = *req.DeleteAutoSnapshot
	}
	v.instanceID, v.device = in.id, device
	v.begin(c.now, opAttach, VolumeStatusAttaching, VolumeStatusInUse, s.cfg.AttachTime)
	v.settle(c.now)
	return http.StatusOK, attachVolumeResponse{
		VolumeAttachment: wireAttachment{VolumeID: v.id, InstanceID: in.id, Device: device, Serial: v.id},
		WarningList:      []string{},
	}, nil
}

// detachVolumeLocked answers Volume.DiskNotAttachedInstance before looking
// at the instance, so that detaching from an instance released since (which
// detached the disk) gets that code, as the official provider expects.
func (s *Server) detachVolumeLocked(c *call) (int, any, *apiError) {
	req, v, aerr := s.attachmentCallLocked(c)
	if aerr != nil {
		return 0, nil, aerr
	}
	if v.system {
		return 0, nil, newError(http.StatusForbidden, CodeSystemDiskCannotBeDetached, "System disk can not be detached.")
	}
	if v.attachedTo() != req.InstanceID {
		status := http.StatusBadRequest
		if s.cfg.DetachNotAttachedAs404 {
			status = http.StatusNotFound
		}
		return 0, nil, newError(status, CodeDiskNotAttachedInstance, "Volume is not mounted in this instance, please make sure and try again.")
	}
	if v.status != VolumeStatusInUse {
		return 0, nil, conflict(CodeDiskStatusCannotDetach, "Volume %s is %s; it can be detached only when InUse.", v.id, v.status)
	}
	in, aerr := s.liveLocked(req.InstanceID, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if !in.settledIn() {
		return 0, nil, conflict(CodeInstanceStatusCannotDetach, "Instance only when it is running or stopped state can detach volume.")
	}
	v.begin(c.now, opDetach, VolumeStatusDetaching, VolumeStatusAvailable, s.cfg.DetachTime)
	v.settle(c.now)
	return http.StatusOK, nil, nil
}

// resizeVolumeLocked grows a data disk (the size never shrinks) or changes
// its type. Baidu's documents disagree on the disk states that allow it;
// the mock allows Available and InUse.
func (s *Server) resizeVolumeLocked(c *call) (int, any, *apiError) {
	var req resizeVolumeRequest
	key, replay, done, aerr := s.tokenCallLocked(c, c.id, &req)
	if done {
		return replay.status, replay.body, aerr
	}
	if req.NewCdsSizeInGB == 0 && req.NewVolumeType == "" {
		return 0, nil, badBody("newCdsSizeInGB or newVolumeType is required.")
	}
	if req.NewVolumeType != "" && !slices.Contains(cdsStorageTypes, req.NewVolumeType) {
		return 0, nil, badBody("newVolumeType %q is not one of %s.", req.NewVolumeType, strings.Join(cdsStorageTypes, ", "))
	}
	v := s.apiVolumeLocked(c.id, c.now)
	if v == nil {
		return 0, nil, noSuchVolume(c.id)
	}
	if v.system {
		return 0, nil, newError(http.StatusForbidden, CodeSystemDiskCannotBeResized, "System disk can not be resized here.")
	}
	if v.status != VolumeStatusAvailable && v.status != VolumeStatusInUse {
		return 0, nil, conflict(CodeDiskStatusCannotResize, "Volume %s is %s; it can be resized only when Available or InUse.", v.id, v.status)
	}
	size := v.sizeGB
	if req.NewCdsSizeInGB != 0 {
		if req.NewCdsSizeInGB <= v.sizeGB || req.NewCdsSizeInGB > maxCdsSizeGB {
			return 0, nil, newError(http.StatusBadRequest, CodeInvalidDiskSize,
				"newCdsSizeInGB must be larger than the current %d GB and at most %d, got %d.", v.sizeGB, maxCdsSizeGB, req.NewCdsSizeInGB)
		}
		size = req.NewCdsSizeInGB
	}
	v.newSize, v.newType = size, req.NewVolumeType
	v.begin(c.now, opResize, VolumeStatusScaling, v.status, s.cfg.VolumeResizeTime)
	v.settle(c.now)
	resp := struct {
		WarningList []string `json:"warningList"`
	}{WarningList: []string{}}
	s.rememberLocked(key, c.body, resp)
	return http.StatusOK, resp, nil
}

func (s *Server) renameVolumeLocked(c *call) (int, any, *apiError) {
	var req renameVolumeRequest
	if aerr := s.decodeLogged(c.route, c.body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if !validName(req.Name) {
		return 0, nil, newError(http.StatusBadRequest, CodeDiskNameInvalid, "Volume name is invalid.")
	}
	v := s.apiVolumeLocked(c.id, c.now)
	if v == nil {
		return 0, nil, noSuchVolume(c.id)
	}
	v.name = req.Name
	return http.StatusOK, nil, nil
}

// modifyVolumeLocked is ?modify {"cdsName","desc"}: the two may not both be
// empty. Explicit deleteWithInstance/deleteAutoSnapshot overwrite.
func (s *Server) modifyVolumeLocked(c *call) (int, any, *apiError) {
	var req modifyVolumeRequest
	if aerr := s.decodeLogged(c.route, c.body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if req.CdsName == "" && req.Desc == "" {
		return 0, nil, badBody("cdsName and desc cannot both be empty.")
	}
	if req.CdsName != "" && !validName(req.CdsName) {
		return 0, nil, newError(http.StatusBadRequest, CodeDiskNameInvalid, "Volume name is invalid.")
	}
	if utf8.RuneCountInString(req.Desc) > maxDescLength {
		return 0, nil, badBody("desc is longer than %d characters.", maxDescLength)
	}
	v := s.apiVolumeLocked(c.id, c.now)
	if v == nil {
		return 0, nil, noSuchVolume(c.id)
	}
	if req.CdsName != "" {
		v.name = req.CdsName
	}
	if req.Desc != "" {
		v.desc = req.Desc
	}
	if req.DeleteWithInstance != nil {
		v.deleteWithInst = *req.DeleteWithInstance
	}
	if req.DeleteAutoSnapshot != nil {
		v.deleteAutoSnap = *req.DeleteAutoSnapshot
	}
	return http.StatusOK, nil, nil
}

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
