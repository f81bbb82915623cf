package bccmock

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Image route names.
const (
	RouteCreateImage = "CreateImage" // POST   /v2/image?clientToken=
	RouteListImages  = "ListImages"  // GET    /v2/image
	RouteGetImage    = "GetImage"    // GET    /v2/image/{id}
	RouteDeleteImage = "DeleteImage" // DELETE /v2/image/{id}
	RouteRenameImage = "RenameImage" // PUT    /v2/image/rename?clientToken=
)

const familyImages = "images"

// reservedImagePaths name operations under /v2/image/, with the one method
// served ("" for none).
var reservedImagePaths = map[string]string{"rename": http.MethodPut, "os": "", "import": ""}

var imageFamily = family{
	name:      familyImages,
	resources: []string{"image"},
	match:     matchImageRoute,
	handlers: map[string]handlerFunc{
		RouteCreateImage: (*Server).createImageLocked,
		RouteListImages:  (*Server).listImagesLocked,
		RouteGetImage:    (*Server).getImageLocked,
		RouteDeleteImage: (*Server).deleteImageLocked,
		RouteRenameImage: (*Server).renameImageLocked,
	},
}

func matchImageRoute(method string, segs []string, _ url.Values) (route, bool) {
	switch len(segs) {
	case 1:
		switch method {
		case http.MethodPost:
			return route{name: RouteCreateImage}, true
		case http.MethodGet:
			return route{name: RouteListImages}, true
		}
	case 2:
		id := segs[1]
		if m, reserved := reservedImagePaths[id]; reserved {
			if id == "rename" && method == m {
				return route{name: RouteRenameImage}, true
			}
			return route{}, false
		}
		switch method {
		case http.MethodGet:
			return route{name: RouteGetImage, id: id}, true
		case http.MethodDelete:
			return route{name: RouteDeleteImage, id: id}, true
		}
	}
	return route{}, false
}

type createImageRequest struct {
	ImageName  string `json:"imageName"`
	InstanceID string `json:"instanceId"`
	SnapshotID string `json:"snapshotId"`
	EncryptKey string `json:"encryptKey"`
	RelateCds  bool   `json:"relateCds"`
	Detection  bool   `json:"detection"`
}

type renameImageRequest struct {
	Name     string   `json:"name"`
	ImageID  string   `json:"imageId"`
	ImageIDs []string `json:"imageIds"`
}

type wireImage struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	CreateTime     string `json:"createTime"`
	OsArch         string `json:"osArch"`
	OsBuild        string `json:"osBuild"`
	OsName         string `json:"osName"`
	OsType         string `json:"osType"`
	OsVersion      string `json:"osVersion"`
	OsLang         string `json:"osLang"`
	SpecialVersion string `json:"specialVersion"`
	Type           string `json:"type"`
	Status         string `json:"status"`
	DiskSize       int    `json:"diskSize"`
	MinDiskGb      int    `json:"minDiskGb"`
	EphemeralSize  int    `json:"ephemeralSize"`
	Encrypted      bool   `json:"encrypted"`
	Package        bool   `json:"package"`
	Desc           string `json:"desc"`
	// Snapshots are the snapshots the image holds [SDK, gen]: for a custom
	// image, its system disk's, whose volumeId names the source instance.
	Snapshots []wireSnapshot `json:"snapshots,omitempty"`
}

type listImagesResponse struct {
	Marker      string      `json:"marker"`
	IsTruncated bool        `json:"isTruncated"`
	NextMarker  string      `json:"nextMarker,omitempty"`
	MaxKeys     int         `json:"maxKeys"`
	Images      []wireImage `json:"images"`
}

func imageNameInvalid() *apiError {
	return newError(http.StatusBadRequest, CodeImageNameInvalid, "Image name is invalid.")
}

// createImageLocked is POST /v2/image: from an instance (instanceId wins
// when both are given), which shows ImageProcessing meanwhile, or from an
// Available system-disk snapshot.
func (s *Server) createImageLocked(c *call) (int, any, *apiError) {
	var req createImageRequest
	key, replay, done, aerr := s.tokenCallLocked(c, "", &req)
	if done {
		return replay.status, replay.body, aerr
	}
	if !validName(req.ImageName) {
		return 0, nil, imageNameInvalid()
	}
	if req.InstanceID == "" && req.SnapshotID == "" {
		return 0, nil, newError(http.StatusBadRequest, CodeImageIDIsEmpty, "instanceId or snapshotId is required.")
	}
	if req.RelateCds {
		return 0, nil, newError(http.StatusForbidden, CodeAccessDenied, "relateCds needs an account on Baidu's whitelist.")
	}
	im := &image{name: req.ImageName, createTime: c.now, encrypted: req.EncryptKey != "", clientToken: key.token,
		status: ImageStatusCreating, readyAt: c.now.Add(s.cfg.ImageTime)}
	var source *instance
	if req.InstanceID != "" {
		in, aerr := s.liveLocked(req.InstanceID, c.now)
		if aerr != nil {
			return 0, nil, aerr
		}
		if !in.settledIn() {
			return 0, nil, conflict(CodeImageInstanceStatus, "Instance not in running or stopped status.")
		}
		source = in
		im.sourceInstanceID, im.sourceVolumeID, im.os, im.diskSizeGB = in.id, in.id, s.osOf(in.imageID), in.rootDiskGB
	} else {
		sn := s.snapshotLocked(req.SnapshotID, c.now)
		if sn == nil {
			return 0, nil, noSuchSnapshot(req.SnapshotID)
		}
		if !sn.system {
			return 0, nil, conflict(CodeImageSnapshotNotSystem, "Snapshot %s is not of a system disk; images are made only from system disk snapshots.", sn.id)
		}
		if sn.status != SnapshotStatusAvailable {
			return 0, nil, conflict(CodeImageSnapshotStatus, "Snapshot %s is %s; an image needs an Available snapshot.", sn.id, sn.status)
		}
		im.sourceSnapshotID, im.sourceVolumeID, im.os, im.diskSizeGB = sn.id, sn.instanceID, s.osOf(sn.imageID), sn.sizeGB
	}
	if s.customImageCount() >= maxCustomImages {
		return 0, nil, newError(http.StatusRequestEntityTooLarge, CodeImageQuotaExceedLimit, "Image number exceeds the limit.")
	}
	im.minDiskGB = max(im.os.minDiskGB, im.diskSizeGB)
	im.id, im.seq = s.st.newObjectID("m-", s.st.imageSeq)
	if s.st.failImages > 0 {
		s.st.failImages--
		im.fails = true
	}
	if source != nil {
		// Assumed: Baidu has an ImageProcessing status but does not say
		// image creation uses it. Showing it makes the provider prove it
		// waits through it.
		source.transition(c.now, StatusImageProcessing, source.status, s.cfg.ImageTime)
		source.settle(c.now)
	}
	im.settle(c.now)
	s.st.images[im.id] = im
	resp := struct {
		ImageID string `json:"imageId"`
	}{ImageID: im.id}
	s.rememberLocked(key, c.body, resp)
	return http.StatusOK, resp, nil
}

func (s *Server) getImageLocked(c *call) (int, any, *apiError) {
	im := s.imageLocked(c.id, c.now)
	if im == nil {
		return 0, nil, noSuchImage(c.id)
	}
	return http.StatusOK, struct {
		Image wireImage `json:"image"`
	}{s.wireImageLocked(im)}, nil
}

var imageTypes = []string{"All", "System", "Custom", "Integration", "Sharing", "GpuBccSystem", "GpuBccCustom",
	"FpgaBccSystem", "FpgaBccCustom", "BbcSystem", "BbcCustom", "EbcSystem", "EbcCustom"}

// listImagesLocked is GET /v2/image?imageType=&imageName=. imageType is All
// by default; imageName matches a substring and only with imageType=Custom,
// as Baidu documents (the mock refuses other combinations with 400, as
// Baidu's SDK does on the client side).
func (s *Server) listImagesLocked(c *call) (int, any, *apiError) {
	marker, maxKeys, aerr := pageParams(c.q)
	if aerr != nil {
		return 0, nil, aerr
	}
	typ, name := c.q.Get("imageType"), c.q.Get("imageName")
	if typ == "" {
		typ = "All"
	}
	if !slices.Contains(imageTypes, typ) {
		return 0, nil, badQuery("imageType %q is not one of %s.", typ, strings.Join(imageTypes, ", "))
	}
	if name != "" && typ != ImageTypeCustom {
		return 0, nil, badQuery("imageName can only be used with imageType=Custom.")
	}
	var matched []*image
	for _, im := range s.imagesLocked(c.now) {
		if (typ == "All" || typ == im.typ()) && strings.Contains(im.name, name) {
			matched = append(matched, im)
		}
	}
	page, next, aerr := pageBySeq(matched, func(im *image) int { return im.seq }, func(im *image) string { return im.id },
		s.st.imageSeq, marker, maxKeys, "an image")
	if aerr != nil {
		return 0, nil, aerr
	}
	resp := listImagesResponse{Marker: marker, MaxKeys: maxKeys, IsTruncated: next != "", NextMarker: next, Images: []wireImage{}}
	for _, im := range page {
		resp.Images = append(resp.Images, s.wireImageLocked(im))
	}
	return http.StatusOK, resp, nil
}

func (s *Server) deleteImageLocked(c *call) (int, any, *apiError) {
	im := s.imageLocked(c.id, c.now)
	switch {
	case im == nil:
		return 0, nil, noSuchImage(c.id)
	case im.system:
		return 0, nil, newError(http.StatusForbidden, CodeUnCustomImageCannotBeDeleted, "Only custom image can be deleted.")
	case im.status == ImageStatusCreating:
		return 0, nil, conflict(CodeCreatingImageCannotBeDeleted, "Cannot delete image when creating.")
	case im.shared:
		return 0, nil, conflict(CodeImageHasBeenShared, "Image has been shared to others.")
	}
	delete(s.st.images, c.id)
	return http.StatusOK, nil, nil
}

// renameImageLocked is PUT /v2/image/rename {"name","imageId"} or
// {"name","imageIds":[...]} (at most 100). Every image must exist and be
// custom, or nothing is renamed. clientToken is checked for form only:
// a rename is idempotent by nature.
func (s *Server) renameImageLocked(c *call) (int, any, *apiError) {
	if aerr := validClientToken(c.q.Get("clientToken")); aerr != nil {
		return 0, nil, aerr
	}
	var req renameImageRequest
	if aerr := s.decodeLogged(c.route, c.body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if !validName(req.Name) {
		return 0, nil, imageNameInvalid()
	}
	ids := slices.Clone(req.ImageIDs)
	if req.ImageID != "" {
		ids = append(ids, req.ImageID)
	}
	if len(ids) == 0 {
		return 0, nil, newError(http.StatusBadRequest, CodeBadRequest, "imageId or imageIds is required.")
	}
	if len(ids) > maxFilterValues {
		return 0, nil, newError(http.StatusBadRequest, CodeBadRequest, "imageIds lists %d images; at most %d are allowed.", len(ids), maxFilterValues)
	}
	var targets []*image
	for _, id := range ids {
		im := s.imageLocked(id, c.now)
		if im == nil {
			return 0, nil, noSuchImage(id)
		}
		if im.system {
			return 0, nil, newError(http.StatusBadRequest, CodeBadRequest, "Image %s is not a custom image; only custom images can be renamed.", id)
		}
		targets = append(targets, im)
	}
	for _, im := range targets {
		im.name = req.Name
	}
	return http.StatusOK, nil, nil
}
