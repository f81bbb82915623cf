package bccmock

import (
	"net/http"
	"net/url"
	"slices"
	"time"
)

// Volume route names.
const (
	RouteListVolumes = "ListVolumes" // GET    /v2/volume
)

const familyVolumes = "volumes"

var volumeFamily = family{
	name:      familyVolumes,
	resources: []string{"volume"},
	match:     matchVolumeRoute,
	handlers: map[string]handlerFunc{
		RouteListVolumes: func(s *Server, c *call) (int, any, *apiError) { return s.listVolumesLocked(c.q, c.now) },
	},
}

func matchVolumeRoute(method string, segs []string, q url.Values) (route, bool) {
	if len(segs) == 1 && method == http.MethodGet {
		return route{name: RouteListVolumes}, true
	}
	return route{}, false
}

type wireAttachment struct {
	VolumeID   string `json:"volumeId"`
	InstanceID string `json:"instanceId"`
	Device     string `json:"device"`
	Serial     string `json:"serial"`
}

type wireVolume struct {
	ID             string           `json:"id"`
	Name           string           `json:"name"`
	Type           string           `json:"type"`
	StorageType    string           `json:"storageType"`
	DiskSizeInGB   int              `json:"diskSizeInGB"`
	Status         string           `json:"status"`
	InstanceID     string           `json:"instanceId"`
	IsSystemVolume bool             `json:"isSystemVolume"`
	ZoneName       string           `json:"zoneName"`
	PaymentTiming  string           `json:"paymentTiming"`
	CreateTime     string           `json:"createTime"`
	ExpireTime     *string          `json:"expireTime"`
	Attachments    []wireAttachment `json:"attachments"`
	Tags           []wireTag        `json:"tags"`
}

type listVolumesResponse struct {
	Marker      string       `json:"marker"`
	IsTruncated bool         `json:"isTruncated"`
	NextMarker  string       `json:"nextMarker"`
	MaxKeys     int          `json:"maxKeys"`
	Volumes     []wireVolume `json:"volumes"`
}

// volume is an instance's system disk as GET /v2/volume shows it.
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

// listVolumesLocked is GET /v2/volume: the mock has one System volume per
// instance, so other clients that read the system disk find it. Paging uses
// volume ids as markers.
func (s *Server) listVolumesLocked(q url.Values, now time.Time) (int, any, *apiError) {
	marker, maxKeys, aerr := pageParams(q)
	if aerr != nil {
		return 0, nil, aerr
	}
	instanceID, zone := q.Get("instanceId"), q.Get("zoneName")
	var vols []wireVolume
	for _, in := range s.presentLocked(now) {
		if in.released || !in.visible(now) || (instanceID != "" && in.id != instanceID) || (zone != "" && in.zoneName != zone) {
			continue
		}
		vols = append(vols, in.volume())
	}
	start := 0
	if marker != "" {
		start = slices.IndexFunc(vols, func(v wireVolume) bool { return v.ID == marker })
		if start < 0 {
			return 0, nil, badQuery("marker %q does not name a volume.", marker)
		}
	}
	end := min(start+maxKeys, len(vols))
	resp := listVolumesResponse{Marker: marker, MaxKeys: maxKeys, Volumes: vols[start:end]}
	if resp.Volumes == nil {
		resp.Volumes = []wireVolume{}
	}
	if end < len(vols) {
		resp.IsTruncated = true
		resp.NextMarker = vols[end].ID
	}
	return http.StatusOK, resp, nil
}

// instanceVolumeIDsLocked lists the disks attached to an instance, for the
// volumeIds filter of GET /v2/instance.
func (s *Server) instanceVolumeIDsLocked(in *instance) []string {
	return []string{in.volumeID}
}
