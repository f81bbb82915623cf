package bccmock

import (
	"net/http"
	"net/url"
)

// Volume route names.
const (
	RouteCreateVolume        = "CreateVolume"        // POST   /v2/volume?clientToken=
	RouteListVolumes         = "ListVolumes"         // GET    /v2/volume
	RouteGetVolume           = "GetVolume"           // GET    /v2/volume/{id}
	RouteAttachVolume        = "AttachVolume"        // PUT    /v2/volume/{id}?attach
	RouteDetachVolume        = "DetachVolume"        // PUT    /v2/volume/{id}?detach
	RouteResizeVolume        = "ResizeVolume"        // PUT    /v2/volume/{id}?resize&clientToken=
	RouteRenameVolume        = "RenameVolume"        // PUT    /v2/volume/{id}?rename
	RouteModifyVolume        = "ModifyVolume"        // PUT    /v2/volume/{id}?modify
	RouteReleaseVolume       = "ReleaseVolume"       // DELETE /v2/volume/{id}
	RouteReleaseVolumeByPost = "ReleaseVolumeByPost" // POST   /v2/volume/{id}
)

const familyVolumes = "volumes"

var volumeActions = map[string]string{
	"attach": RouteAttachVolume,
	"detach": RouteDetachVolume,
	"resize": RouteResizeVolume,
	"rename": RouteRenameVolume,
	"modify": RouteModifyVolume,
}

// reservedVolumePaths name operations under /v2/volume/ that the mock does
// not serve; they must not be read as volume ids.
var reservedVolumePaths = map[string]bool{
	"deletePrepay": true, "autoRenew": true, "cancelAutoRenew": true, "modify": true,
	"modifyDeleteProtection": true, "progress": true,
}

var volumeFamily = family{
	name:      familyVolumes,
	resources: []string{"volume"},
	match:     matchVolumeRoute,
	handlers: map[string]handlerFunc{
		RouteCreateVolume:        (*Server).createVolumeLocked,
		RouteListVolumes:         (*Server).listVolumesLocked,
		RouteGetVolume:           (*Server).getVolumeLocked,
		RouteAttachVolume:        (*Server).attachVolumeLocked,
		RouteDetachVolume:        (*Server).detachVolumeLocked,
		RouteResizeVolume:        (*Server).resizeVolumeLocked,
		RouteRenameVolume:        (*Server).renameVolumeLocked,
		RouteModifyVolume:        (*Server).modifyVolumeLocked,
		RouteReleaseVolume:       (*Server).releaseVolumeLocked,
		RouteReleaseVolumeByPost: (*Server).releaseVolumeLocked,
	},
}

func matchVolumeRoute(method string, segs []string, q url.Values) (route, bool) {
	switch len(segs) {
	case 1:
		switch method {
		case http.MethodPost:
			return route{name: RouteCreateVolume}, true
		case http.MethodGet:
			return route{name: RouteListVolumes}, true
		}
	case 2:
		id := segs[1]
		if reservedVolumePaths[id] {
			return route{}, false
		}
		switch method {
		case http.MethodGet:
			return route{name: RouteGetVolume, id: id}, true
		case http.MethodPut:
			return withAction(familyVolumes, id, q, volumeActions), true
		case http.MethodDelete:
			return route{name: RouteReleaseVolume, id: id}, true
		case http.MethodPost:
			return route{name: RouteReleaseVolumeByPost, id: id}, true
		}
	}
	return route{}, false
}

type wireAttachment struct {
	VolumeID   string `json:"volumeId"`
	InstanceID string `json:"instanceId"`
	Device     string `json:"device"`
	Serial     string `json:"serial"`
}

// wireVolume is Baidu's VolumeModel. There is no top-level instanceId: the
// instance is in attachments, which holds 0 or 1 entry.
type wireVolume struct {
	ID                     string           `json:"id"`
	Name                   string           `json:"name"`
	DiskSizeInGB           int              `json:"diskSizeInGB"`
	Status                 string           `json:"status"`
	Type                   string           `json:"type"`
	StorageType            string           `json:"storageType"`
	PaymentTiming          string           `json:"paymentTiming"`
	CreateTime             string           `json:"createTime"`
	ExpireTime             *string          `json:"expireTime"`
	Desc                   string           `json:"desc"`
	ZoneName               string           `json:"zoneName"`
	RegionID               string           `json:"regionId"`
	IsSystemVolume         bool             `json:"isSystemVolume"`
	SourceSnapshotID       string           `json:"sourceSnapshotId"`
	SnapshotNum            string           `json:"snapshotNum"`
	Attachments            []wireAttachment `json:"attachments"`
	Tags                   []wireTag        `json:"tags"`
	AutoSnapshotPolicy     *struct{}        `json:"autoSnapshotPolicy"`
	EnableAutoRenew        bool             `json:"enableAutoRenew"`
	AutoRenewTime          int              `json:"autoRenewTime"`
	Encrypted              bool             `json:"encrypted"`
	EncryptKey             string           `json:"encryptKey"`
	ClusterID              string           `json:"clusterId"`
	EnableDeleteProtection bool             `json:"enableDeleteProtection"`
	DeleteWithInstance     bool             `json:"deleteWithInstance"`
	DeleteAutoSnapshot     bool             `json:"deleteAutoSnapshot"`
}

type getVolumeResponse struct {
	Volume wireVolume `json:"volume"`
}

type listVolumesResponse struct {
	Marker      string       `json:"marker"`
	IsTruncated bool         `json:"isTruncated"`
	NextMarker  string       `json:"nextMarker,omitempty"`
	MaxKeys     int          `json:"maxKeys"`
	Volumes     []wireVolume `json:"volumes"`
}

// getVolumeLocked is GET /v2/volume/{id}. A disk in the recycle bin is 404
// unless Config.RecycledVolumesVisible shows it with status Recycled.
func (s *Server) getVolumeLocked(c *call) (int, any, *apiError) {
	v := s.apiVolumeLocked(c.id, c.now)
	if v == nil {
		if rv := s.volumeLocked(c.id, c.now); rv != nil && rv.recycled && s.cfg.RecycledVolumesVisible {
			v = rv
		} else {
			return 0, nil, noSuchVolume(c.id)
		}
	}
	return http.StatusOK, getVolumeResponse{Volume: s.wireVolumeLocked(v, c.now)}, nil
}

// listVolumesLocked is GET /v2/volume: data disks and each instance's
// system disk, in creation order, with volume ids as markers. Filters:
// instanceId (the disks attached to it, system disk included), zoneName,
// usageFilter system|data, chargeFilter postpay|prepay, name (exact),
// volumeIds (comma list, which Baidu's SDK sends). clusterId matches
// nothing: the mock has no dedicated storage clusters.
func (s *Server) listVolumesLocked(c *call) (int, any, *apiError) {
	marker, maxKeys, aerr := pageParams(c.q)
	if aerr != nil {
		return 0, nil, aerr
	}
	usage, charge := c.q.Get("usageFilter"), c.q.Get("chargeFilter")
	if usage != "" && usage != "system" && usage != "data" {
		return 0, nil, badQuery("usageFilter must be system or data, got %q.", usage)
	}
	if charge != "" && charge != "postpay" && charge != "prepay" {
		return 0, nil, badQuery("chargeFilter must be postpay or prepay, got %q.", charge)
	}
	instanceID, zone, name, ids := c.q.Get("instanceId"), c.q.Get("zoneName"), c.q.Get("name"), splitList(c.q.Get("volumeIds"))
	var matched []*volume
	for _, v := range s.volumesLocked(c.now) {
		switch {
		case instanceID != "" && v.attachedTo() != instanceID,
			zone != "" && v.zone != zone,
			usage == "system" && !v.system, usage == "data" && v.system,
			charge == "postpay" && v.payment != PaymentPostpaid, charge == "prepay" && v.payment != PaymentPrepaid,
			name != "" && v.name != name, !inSet(ids, v.id), c.q.Get("clusterId") != "":
			continue
		}
		matched = append(matched, v)
	}
	page, next, aerr := pageBySeq(matched, func(v *volume) int { return v.seq }, func(v *volume) string { return v.id },
		s.st.volumeSeq, marker, maxKeys, "a volume")
	if aerr != nil {
		return 0, nil, aerr
	}
	resp := listVolumesResponse{Marker: marker, MaxKeys: maxKeys, Volumes: []wireVolume{}, IsTruncated: next != "", NextMarker: next}
	for _, v := range page {
		resp.Volumes = append(resp.Volumes, s.wireVolumeLocked(v, c.now))
	}
	return http.StatusOK, resp, nil
}
