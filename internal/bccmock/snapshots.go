package bccmock

import (
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Snapshot route names.
const (
	RouteCreateSnapshot = "CreateSnapshot" // POST   /v2/snapshot?clientToken=
	RouteListSnapshots  = "ListSnapshots"  // GET    /v2/snapshot
	RouteGetSnapshot    = "GetSnapshot"    // GET    /v2/snapshot/{id}
	RouteDeleteSnapshot = "DeleteSnapshot" // DELETE /v2/snapshot/{id}
	RouteModifySnapshot = "ModifySnapshot" // PUT    /v2/snapshot/{id}?modifyAttribute
)

const familySnapshots = "snapshots"

var snapshotActions = map[string]string{"modifyAttribute": RouteModifySnapshot}

// reservedSnapshotPaths name operations under /v2/snapshot/ that the mock
// does not serve (snapshot chains, instance snapshots).
var reservedSnapshotPaths = map[string]bool{"chain": true, "insnap": true}

var snapshotFamily = family{
	name:      familySnapshots,
	resources: []string{"snapshot"},
	match:     matchSnapshotRoute,
	handlers: map[string]handlerFunc{
		RouteCreateSnapshot: (*Server).createSnapshotLocked,
		RouteListSnapshots:  (*Server).listSnapshotsLocked,
		RouteGetSnapshot:    (*Server).getSnapshotLocked,
		RouteDeleteSnapshot: (*Server).deleteSnapshotLocked,
		RouteModifySnapshot: (*Server).modifySnapshotLocked,
	},
}

func matchSnapshotRoute(method string, segs []string, q url.Values) (route, bool) {
	switch len(segs) {
	case 1:
		switch method {
		case http.MethodPost:
			return route{name: RouteCreateSnapshot}, true
		case http.MethodGet:
			return route{name: RouteListSnapshots}, true
		}
	case 2:
		id := segs[1]
		if reservedSnapshotPaths[id] {
			return route{}, false
		}
		switch method {
		case http.MethodGet:
			return route{name: RouteGetSnapshot, id: id}, true
		case http.MethodDelete:
			return route{name: RouteDeleteSnapshot, id: id}, true
		case http.MethodPut:
			return withAction(familySnapshots, id, q, snapshotActions), true
		}
	}
	return route{}, false
}

type createSnapshotRequest struct {
	VolumeID        string    `json:"volumeId"`
	SnapshotName    string    `json:"snapshotName"`
	Desc            string    `json:"desc"`
	Tags            []wireTag `json:"tags"`
	RetentionInDays int       `json:"retentionInDays"`
}

type modifySnapshotRequest struct {
	SnapshotName    string `json:"snapshotName"`
	Desc            string `json:"desc"`
	RetentionInDays int    `json:"retentionInDays"`
}

type wireSnapshot struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	SizeInGB     int       `json:"sizeInGB"`
	CreateTime   string    `json:"createTime"`
	Status       string    `json:"status"`
	CreateMethod string    `json:"createMethod"`
	VolumeID     string    `json:"volumeId"`
	Desc         string    `json:"desc"`
	ExpireTime   *string   `json:"expireTime"`
	Package      bool      `json:"package"`
	TemplateID   string    `json:"templateId"`
	InsnapID     string    `json:"insnapId"`
	Encrypted    bool      `json:"encrypted"`
	Tags         []wireTag `json:"tags"`
}

type listSnapshotsResponse struct {
	Marker      string         `json:"marker"`
	IsTruncated bool           `json:"isTruncated"`
	NextMarker  string         `json:"nextMarker,omitempty"`
	MaxKeys     int            `json:"maxKeys"`
	Snapshots   []wireSnapshot `json:"snapshots"`
}

const maxRetentionDays = 10000

// retentionOf checks retentionInDays: 1-10000, or -1 for ever; 0 is absent.
func retentionOf(days int) (int, *apiError) {
	switch {
	case days == 0 || days == -1:
		return -1, nil
	case days >= 1 && days <= maxRetentionDays:
		return days, nil
	}
	return 0, badBody("retentionInDays must be between 1 and %d, or -1 to keep the snapshot for ever; got %d.", maxRetentionDays, days)
}

// createSnapshotLocked is POST /v2/snapshot. volumeId is a disk id, or an
// instance id meaning that instance's system disk; it is kept exactly as
// given. The codes for a disk or instance in the wrong state are invented.
func (s *Server) createSnapshotLocked(c *call) (int, any, *apiError) {
	var req createSnapshotRequest
	key, replay, done, aerr := s.tokenCallLocked(c, "", &req)
	if done {
		return replay.status, replay.body, aerr
	}
	if req.VolumeID == "" {
		return 0, nil, badBody("volumeId is required (a volume id, or an instance id for its system disk).")
	}
	if !validName(req.SnapshotName) {
		return 0, nil, badBody("snapshotName is required: 1-65 characters, starting with a letter; letters, digits, Chinese and \"-_ /.\".")
	}
	if utf8.RuneCountInString(req.Desc) > maxDescLength {
		return 0, nil, badBody("desc is longer than %d characters.", maxDescLength)
	}
	retention, aerr := retentionOf(req.RetentionInDays)
	if aerr != nil {
		return 0, nil, aerr
	}
	if aerr := validateTags(req.Tags, "tags"); aerr != nil {
		return 0, nil, aerr
	}
	disk, inst, aerr := s.snapshotSourceLocked(req.VolumeID, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	id, seq := s.st.newObjectID("s-", s.st.snapshotSeq)
	sn := &snapshot{
		seq: seq, id: id, name: req.SnapshotName, desc: req.Desc, volumeID: req.VolumeID, diskID: disk.id,
		system: disk.system, sizeGB: disk.sizeGB, createTime: c.now, retention: retention,
		tags: append([]wireTag{}, req.Tags...), clientToken: key.token,
		status: SnapshotStatusCreating, readyAt: c.now.Add(s.cfg.SnapshotTime),
	}
	if inst != nil {
		sn.instanceID, sn.imageID = inst.id, inst.imageID
	}
	if s.st.failSnapshots > 0 {
		s.st.failSnapshots--
		sn.fails = true
	}
	sn.settle(c.now)
	s.st.snapshots[id] = sn
	resp := struct {
		SnapshotID string `json:"snapshotId"`
	}{SnapshotID: id}
	s.rememberLocked(key, c.body, resp)
	return http.StatusOK, resp, nil
}

// snapshotSourceLocked finds the disk a snapshot copies, and for a system
// disk its instance, and checks their states: a CDS disk InUse or
// Available, a system disk's instance Running or Stopped.
func (s *Server) snapshotSourceLocked(volumeID string, now time.Time) (*volume, *instance, *apiError) {
	if strings.HasPrefix(volumeID, "i-") {
		in, aerr := s.liveLocked(volumeID, now)
		if aerr != nil {
			return nil, nil, aerr
		}
		if !in.settledIn() {
			return nil, nil, conflict(CodeSnapshotInstanceStatus, "Instance %s is %s; a system disk snapshot needs it Running or Stopped.", in.id, in.status)
		}
		return s.volumeLocked(in.volumeID, now), in, nil
	}
	v := s.apiVolumeLocked(volumeID, now)
	if v == nil {
		return nil, nil, noSuchVolume(volumeID)
	}
	if v.system {
		in, aerr := s.liveLocked(v.instanceID, now)
		if aerr != nil {
			return nil, nil, aerr
		}
		if !in.settledIn() {
			return nil, nil, conflict(CodeSnapshotInstanceStatus, "Instance %s is %s; a system disk snapshot needs it Running or Stopped.", in.id, in.status)
		}
		return v, in, nil
	}
	if v.status != VolumeStatusInUse && v.status != VolumeStatusAvailable {
		return nil, nil, conflict(CodeSnapshotVolumeStatus, "Volume %s is %s; a snapshot needs it InUse or Available.", v.id, v.status)
	}
	return v, nil, nil
}

func (s *Server) getSnapshotLocked(c *call) (int, any, *apiError) {
	sn := s.snapshotLocked(c.id, c.now)
	if sn == nil {
		return 0, nil, noSuchSnapshot(c.id)
	}
	return http.StatusOK, struct {
		Snapshot wireSnapshot `json:"snapshot"`
	}{s.wireSnapshotLocked(sn)}, nil
}

// listSnapshotsLocked is GET /v2/snapshot: system-disk and CDS snapshots in
// creation order, volumeId matching the id the create was given.
func (s *Server) listSnapshotsLocked(c *call) (int, any, *apiError) {
	marker, maxKeys, aerr := pageParams(c.q)
	if aerr != nil {
		return 0, nil, aerr
	}
	volumeID := c.q.Get("volumeId")
	var matched []*snapshot
	for _, sn := range s.snapshotsLocked(c.now) {
		if volumeID == "" || sn.volumeID == volumeID {
			matched = append(matched, sn)
		}
	}
	page, next, aerr := pageBySeq(matched, func(sn *snapshot) int { return sn.seq }, func(sn *snapshot) string { return sn.id },
		s.st.snapshotSeq, marker, maxKeys, "a snapshot")
	if aerr != nil {
		return 0, nil, aerr
	}
	resp := listSnapshotsResponse{Marker: marker, MaxKeys: maxKeys, IsTruncated: next != "", NextMarker: next, Snapshots: []wireSnapshot{}}
	for _, sn := range page {
		resp.Snapshots = append(resp.Snapshots, s.wireSnapshotLocked(sn))
	}
	return http.StatusOK, resp, nil
}

// deleteSnapshotLocked refuses a snapshot still Creating with 403, as Baidu
// documents, under an invented code.
func (s *Server) deleteSnapshotLocked(c *call) (int, any, *apiError) {
	sn := s.snapshotLocked(c.id, c.now)
	if sn == nil {
		return 0, nil, noSuchSnapshot(c.id)
	}
	if sn.status != SnapshotStatusAvailable && sn.status != SnapshotStatusCreatedFailed {
		return 0, nil, newError(http.StatusForbidden, CodeSnapshotStatusCannotDelete,
			"Snapshot %s is %s; only an Available or CreatedFailed snapshot can be deleted.", c.id, sn.status)
	}
	delete(s.st.snapshots, c.id)
	return http.StatusOK, nil, nil
}

func (s *Server) modifySnapshotLocked(c *call) (int, any, *apiError) {
	var req modifySnapshotRequest
	if aerr := s.decodeLogged(c.route, c.body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if req.SnapshotName == "" && req.Desc == "" && req.RetentionInDays == 0 {
		return 0, nil, badBody("give at least one of snapshotName, desc and retentionInDays.")
	}
	if req.SnapshotName != "" && !validName(req.SnapshotName) {
		return 0, nil, badBody("snapshotName %q is invalid: 1-65 characters, starting with a letter; letters, digits, Chinese and \"-_ /.\".", req.SnapshotName)
	}
	if utf8.RuneCountInString(req.Desc) > maxDescLength {
		return 0, nil, badBody("desc is longer than %d characters.", maxDescLength)
	}
	retention, aerr := retentionOf(req.RetentionInDays)
	if aerr != nil {
		return 0, nil, aerr
	}
	sn := s.snapshotLocked(c.id, c.now)
	if sn == nil {
		return 0, nil, noSuchSnapshot(c.id)
	}
	if req.SnapshotName != "" {
		sn.name = req.SnapshotName
	}
	if req.Desc != "" {
		sn.desc = req.Desc
	}
	if req.RetentionInDays != 0 {
		sn.retention = retention
	}
	return http.StatusOK, nil, nil
}
