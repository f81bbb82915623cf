package bccmock

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Instance route names, as used by RequestCount, Script, DropAfterProcessing
// and the request records.
const (
	RouteCreateInstanceBySpec                = "CreateInstanceBySpec"                // POST   /v2/instanceBySpec
	RouteCreateInstance                      = "CreateInstance"                      // POST   /v2/instance
	RouteListInstances                       = "ListInstances"                       // GET    /v2/instance
	RouteGetInstance                         = "GetInstance"                         // GET    /v2/instance/{id}
	RouteModifyInstanceAttribute             = "ModifyInstanceAttribute"             // PUT    /v2/instance/{id}?modifyAttribute
	RouteModifyInstanceDesc                  = "ModifyInstanceDesc"                  // PUT    /v2/instance/{id}?modifyDesc
	RouteChangeInstancePass                  = "ChangeInstancePass"                  // PUT    /v2/instance/{id}?changePass
	RouteStartInstance                       = "StartInstance"                       // PUT    /v2/instance/{id}?start
	RouteStopInstance                        = "StopInstance"                        // PUT    /v2/instance/{id}?stop
	RouteRebootInstance                      = "RebootInstance"                      // PUT    /v2/instance/{id}?reboot (SDK-only)
	RouteResizeInstanceBySpec                = "ResizeInstanceBySpec"                // PUT    /v2/instanceBySpec/{id}?resize
	RouteBindInstanceTags                    = "BindInstanceTags"                    // PUT    /v2/instance/{id}/tag?bind
	RouteUnbindInstanceTags                  = "UnbindInstanceTags"                  // PUT    /v2/instance/{id}/tag?unbind
	RouteReleaseInstance                     = "ReleaseInstance"                     // DELETE /v2/instance/{id}
	RouteReleaseInstanceWithRelatedResources = "ReleaseInstanceWithRelatedResources" // POST   /v2/instance/{id}
	RouteReleasePrepaidInstance              = "ReleasePrepaidInstance"              // POST   /v2/instance/delete
	RouteListInstancesByIDs                  = "ListInstancesByIDs"                  // POST   /v2/instance/listByInstanceId
	RouteModifyDeletionProtection            = "ModifyDeletionProtection"            // PUT    /v2/instance/{id}/deletionProtection
)

const familyInstances = "instances"

var (
	instanceActions = map[string]string{
		"modifyAttribute": RouteModifyInstanceAttribute,
		"modifyDesc":      RouteModifyInstanceDesc,
		"changePass":      RouteChangeInstancePass,
		"start":           RouteStartInstance,
		"stop":            RouteStopInstance,
		"reboot":          RouteRebootInstance,
	}
	tagActions    = map[string]string{"bind": RouteBindInstanceTags, "unbind": RouteUnbindInstanceTags}
	resizeActions = map[string]string{"resize": RouteResizeInstanceBySpec}
)

// reservedInstancePaths are the words after /v2/instance/ that name an
// operation rather than an instance, with the route each serves ("" for an
// operation the mock does not offer). Any other method on them is an
// unknown route: "instance listByInstanceId does not exist" would read as a
// vanished instance to a client.
var reservedInstancePaths = map[string]string{
	"delete":           RouteReleasePrepaidInstance,
	"listByInstanceId": RouteListInstancesByIDs,
	"batchDelete":      "",
	"batchAction":      "",
	"noCharge":         "",
}

var instanceFamily = family{
	name:      familyInstances,
	resources: []string{"instance", "instanceBySpec"},
	match:     matchInstanceRoute,
	handlers: map[string]handlerFunc{
		RouteCreateInstanceBySpec:                (*Server).createLocked,
		RouteCreateInstance:                      (*Server).createLocked,
		RouteListInstances:                       (*Server).listInstancesLocked,
		RouteGetInstance:                         (*Server).getInstanceLocked,
		RouteModifyInstanceAttribute:             (*Server).modifyAttributeLocked,
		RouteModifyInstanceDesc:                  (*Server).modifyDescLocked,
		RouteChangeInstancePass:                  (*Server).changePassLocked,
		RouteStartInstance:                       (*Server).startLocked,
		RouteStopInstance:                        (*Server).stopLocked,
		RouteRebootInstance:                      (*Server).rebootLocked,
		RouteResizeInstanceBySpec:                (*Server).resizeLocked,
		RouteBindInstanceTags:                    (*Server).changeTagsLocked,
		RouteUnbindInstanceTags:                  (*Server).changeTagsLocked,
		RouteReleaseInstance:                     (*Server).releaseLocked,
		RouteReleaseInstanceWithRelatedResources: (*Server).releaseLocked,
		RouteReleasePrepaidInstance:              (*Server).releasePrepaidLocked,
		RouteListInstancesByIDs:                  (*Server).listByIDsLocked,
		RouteModifyDeletionProtection:            (*Server).modifyDeletionProtectionLocked,
	},
}

func matchInstanceRoute(method string, segs []string, q url.Values) (route, bool) {
	if segs[0] == "instanceBySpec" {
		switch {
		case len(segs) == 1 && method == http.MethodPost:
			return route{name: RouteCreateInstanceBySpec}, true
		case len(segs) == 2 && method == http.MethodPut:
			return withAction(familyInstances, segs[1], q, resizeActions), true
		}
		return route{}, false
	}
	switch len(segs) {
	case 1:
		switch method {
		case http.MethodPost:
			return route{name: RouteCreateInstance}, true
		case http.MethodGet:
			return route{name: RouteListInstances}, true
		}
	case 2:
		id := segs[1]
		if name, reserved := reservedInstancePaths[id]; reserved {
			if name == "" || method != http.MethodPost {
				return route{}, false
			}
			return route{name: name}, true
		}
		switch method {
		case http.MethodGet:
			return route{name: RouteGetInstance, id: id}, true
		case http.MethodDelete:
			return route{name: RouteReleaseInstance, id: id}, true
		case http.MethodPost:
			return route{name: RouteReleaseInstanceWithRelatedResources, id: id}, true
		case http.MethodPut:
			return withAction(familyInstances, id, q, instanceActions), true
		}
	case 3:
		if segs[2] == "tag" && method == http.MethodPut {
			return withAction(familyInstances, segs[1], q, tagActions), true
		}
		if segs[2] == "deletionProtection" && method == http.MethodPut {
			return route{name: RouteModifyDeletionProtection, id: segs[1]}, true
		}
	}
	return route{}, false
}

// Handlers for one instance. Create, lists and release have files of their
// own.

func (s *Server) getInstanceLocked(c *call) (int, any, *apiError) {
	in := s.apiLookupLocked(c.id, c.now)
	if in == nil {
		return 0, nil, noSuchInstance(c.id)
	}
	return http.StatusOK, getInstanceResponse{Instance: in.wire()}, nil
}

func (s *Server) modifyAttributeLocked(c *call) (int, any, *apiError) {
	var req modifyAttributeRequest
	if aerr := s.decodeLogged(RouteModifyInstanceAttribute, c.body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		return 0, nil, badBody("name is required and must not be empty.")
	}
	if utf8.RuneCountInString(*req.Name) > maxNameLength {
		return 0, nil, badBody("name is longer than %d characters.", maxNameLength)
	}
	in, aerr := s.liveLocked(c.id, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	in.name = *req.Name
	return http.StatusOK, nil, nil
}

func (s *Server) modifyDescLocked(c *call) (int, any, *apiError) {
	var req modifyDescRequest
	if aerr := s.decodeLogged(RouteModifyInstanceDesc, c.body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if req.Desc == nil {
		return 0, nil, badBody("desc is required (an empty string clears it).")
	}
	if utf8.RuneCountInString(*req.Desc) > maxDescLength {
		return 0, nil, badBody("desc is longer than %d characters.", maxDescLength)
	}
	in, aerr := s.liveLocked(c.id, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	in.desc = *req.Desc
	return http.StatusOK, nil, nil
}

func (s *Server) changePassLocked(c *call) (int, any, *apiError) {
	var req changePassRequest
	if aerr := s.decodeLogged(RouteChangeInstancePass, c.body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if req.AdminPass == "" {
		return 0, nil, badBody("adminPass is required.")
	}
	plain, aerr := decryptAdminPass(req.AdminPass, c.cred)
	if aerr != nil {
		return 0, nil, aerr
	}
	in, aerr := s.liveLocked(c.id, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if !in.settledIn() {
		return 0, nil, conflict(CodeChangePassForbidden,
			"Instance %s is %s; its password can be changed only when it is Running or Stopped.", c.id, in.status)
	}
	// Unlike the other actions, changePass answers with a body: Baidu's
	// SDK decodes {"requestId","failedInstanceIdList"} and fails on an
	// empty one, while Baidu's page documents none. The request id is
	// filled in by ServeHTTP. FailNextPasswordChanges makes it a failure
	// the SDK's way: 200, this instance listed, the password unchanged.
	if s.st.failPassChanges > 0 {
		s.st.failPassChanges--
		return http.StatusOK, &changePassResponse{FailedInstanceIDs: []string{in.id}}, nil
	}
	in.adminPass = plain
	return http.StatusOK, &changePassResponse{FailedInstanceIDs: []string{}}, nil
}

func (s *Server) startLocked(c *call) (int, any, *apiError) {
	in, aerr := s.liveLocked(c.id, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	switch {
	case in.status == StatusExpired:
		return 0, nil, conflict(CodeStartExpired, "Instance %s has expired and cannot be started; renew it first.", c.id)
	case c.now.Before(in.creatingUntil):
		return 0, nil, conflict(CodeStartWhenCreating, "Instance %s is still being created.", c.id)
	case in.resizing():
		return 0, nil, conflict(CodeStartForbidden, "Instance %s is being resized.", c.id)
	case in.status != StatusStopped:
		return 0, nil, conflict(CodeStartForbidden, "Instance %s is %s; only a Stopped instance can be started.", c.id, in.status)
	}
	in.transition(c.now, StatusStarting, StatusRunning, s.cfg.BootTime)
	return http.StatusOK, nil, nil
}

func (s *Server) stopLocked(c *call) (int, any, *apiError) {
	// The body ({"forceStop":...}) is optional; when present it must be JSON.
	if len(strings.TrimSpace(string(c.body))) > 0 {
		var req stopRequest
		if aerr := s.decodeLogged(RouteStopInstance, c.body, &req); aerr != nil {
			return 0, nil, aerr
		}
	}
	in, aerr := s.liveLocked(c.id, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if in.resizing() {
		return 0, nil, conflict(CodeStopForbidden, "Instance %s is being resized.", c.id)
	}
	if in.status != StatusRunning {
		return 0, nil, conflict(CodeStopForbidden, "Instance %s is %s; only a Running instance can be stopped.", c.id, in.status)
	}
	in.transition(c.now, StatusStopping, StatusStopped, s.cfg.StopTime)
	return http.StatusOK, nil, nil
}

// rebootLocked is the SDK's reboot (see doc.go): a Running instance shows
// Starting for BootTime, then Running again; any other state is refused
// as a stop is.
func (s *Server) rebootLocked(c *call) (int, any, *apiError) {
	if len(strings.TrimSpace(string(c.body))) > 0 {
		var req stopRequest
		if aerr := s.decodeLogged(RouteRebootInstance, c.body, &req); aerr != nil {
			return 0, nil, aerr
		}
	}
	in, aerr := s.liveLocked(c.id, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	switch {
	case c.now.Before(in.creatingUntil):
		return 0, nil, conflict(CodeRebootForbidden, "Instance %s is still being created.", c.id)
	case in.resizing():
		return 0, nil, conflict(CodeRebootForbidden, "Instance %s is being resized.", c.id)
	case in.status != StatusRunning:
		return 0, nil, conflict(CodeRebootForbidden, "Instance %s is %s; only a Running instance can be rebooted.", c.id, in.status)
	}
	in.transition(c.now, StatusStarting, StatusRunning, s.cfg.BootTime)
	// The SDK decodes a BatchOperationResp from the answer; the request id
	// is filled in by ServeHTTP.
	return http.StatusOK, &changePassResponse{FailedInstanceIDs: []string{}}, nil
}

func (s *Server) resizeLocked(c *call) (int, any, *apiError) {
	var req resizeRequest
	key, replay, done, aerr := s.tokenCallLocked(c, c.id, &req)
	if done {
		return replay.status, replay.body, aerr
	}
	if req.Spec == "" {
		return 0, nil, badBody("spec is required (for example bcc.g5.c4m16).")
	}
	shape, err := parseSpec(req.Spec)
	if err != nil {
		return 0, nil, badBody("%v.", err)
	}
	in, aerr := s.liveLocked(c.id, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if in.resizing() {
		return 0, nil, conflict(CodeResizeForbidden, "Instance %s is already being resized.", c.id)
	}
	if !in.settledIn() {
		return 0, nil, conflict(CodeResizeForbidden, "Instance %s is %s; it can be resized only when Running or Stopped.", c.id, in.status)
	}
	// For ScaleDelay the instance keeps showing its previous status and
	// spec, as Baidu's can right after the call: a client that takes the
	// first Running it reads for the end of the resize is caught.
	// Baidu documents Scaling then Running; ResizeKeepsStatus tries
	// clients against the undocumented other reading for a Stopped one.
	end := StatusRunning
	if s.cfg.ResizeKeepsStatus {
		end = in.status
	}
	scalingAt := c.now.Add(s.cfg.ScaleDelay)
	in.steps = []instanceStep{{at: scalingAt, status: StatusScaling}, {at: scalingAt.Add(s.cfg.ScaleTime), status: end, spec: &shape}}
	in.settle(c.now)
	s.rememberLocked(key, c.body, nil)
	return http.StatusOK, nil, nil
}

func (s *Server) changeTagsLocked(c *call) (int, any, *apiError) {
	var req changeTagsRequest
	if aerr := s.decodeLogged(c.route, c.body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if len(req.ChangeTags) == 0 {
		return 0, nil, badBody("changeTags must list at least one tag.")
	}
	if aerr := validateTags(req.ChangeTags, "changeTags"); aerr != nil {
		return 0, nil, aerr
	}
	in, aerr := s.liveLocked(c.id, c.now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if c.route == RouteBindInstanceTags {
		for _, t := range req.ChangeTags {
			replaced := false
			for i := range in.tags {
				if in.tags[i].TagKey == t.TagKey {
					in.tags[i].TagValue = t.TagValue
					replaced = true
				}
			}
			if !replaced {
				in.tags = append(in.tags, t)
			}
		}
		return http.StatusOK, nil, nil
	}
	// Unbinding removes a tag only when both key and value match.
	kept := in.tags[:0]
	for _, have := range in.tags {
		drop := false
		for _, t := range req.ChangeTags {
			if t.TagKey == have.TagKey && t.TagValue == have.TagValue {
				drop = true
			}
		}
		if !drop {
			kept = append(kept, have)
		}
	}
	in.tags = kept
	return http.StatusOK, nil, nil
}
