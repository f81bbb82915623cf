package bccmock

import (
	"net/http"
	"net/url"
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
		RouteCreateInstanceBySpec: func(s *Server, c *call) (int, any, *apiError) {
			return s.createLocked(c.route, c.cred, c.q, c.body, c.now)
		},
		RouteCreateInstance: func(s *Server, c *call) (int, any, *apiError) {
			return s.createLocked(c.route, c.cred, c.q, c.body, c.now)
		},
		RouteListInstances: func(s *Server, c *call) (int, any, *apiError) { return s.listInstancesLocked(c.q, c.now) },
		RouteGetInstance:   func(s *Server, c *call) (int, any, *apiError) { return s.getInstanceLocked(c.id, c.now) },
		RouteModifyInstanceAttribute: func(s *Server, c *call) (int, any, *apiError) {
			return s.modifyAttributeLocked(c.id, c.body, c.now)
		},
		RouteModifyInstanceDesc: func(s *Server, c *call) (int, any, *apiError) {
			return s.modifyDescLocked(c.id, c.body, c.now)
		},
		RouteChangeInstancePass: func(s *Server, c *call) (int, any, *apiError) {
			return s.changePassLocked(c.id, c.cred, c.body, c.now)
		},
		RouteStartInstance: func(s *Server, c *call) (int, any, *apiError) { return s.startLocked(c.id, c.now) },
		RouteStopInstance:  func(s *Server, c *call) (int, any, *apiError) { return s.stopLocked(c.id, c.body, c.now) },
		RouteResizeInstanceBySpec: func(s *Server, c *call) (int, any, *apiError) {
			return s.resizeLocked(c.id, c.q, c.body, c.now)
		},
		RouteBindInstanceTags: func(s *Server, c *call) (int, any, *apiError) {
			return s.changeTagsLocked(c.route, c.id, c.body, c.now)
		},
		RouteUnbindInstanceTags: func(s *Server, c *call) (int, any, *apiError) {
			return s.changeTagsLocked(c.route, c.id, c.body, c.now)
		},
		RouteReleaseInstance: func(s *Server, c *call) (int, any, *apiError) {
			return s.releaseLocked(c.route, c.id, c.body, c.now)
		},
		RouteReleaseInstanceWithRelatedResources: func(s *Server, c *call) (int, any, *apiError) {
			return s.releaseLocked(c.route, c.id, c.body, c.now)
		},
		RouteReleasePrepaidInstance: func(s *Server, c *call) (int, any, *apiError) {
			return s.releasePrepaidLocked(c.q, c.body, c.now)
		},
		RouteListInstancesByIDs: func(s *Server, c *call) (int, any, *apiError) {
			return s.listByIDsLocked(c.q, c.body, c.now)
		},
		RouteModifyDeletionProtection: func(s *Server, c *call) (int, any, *apiError) {
			return s.modifyDeletionProtectionLocked(c.id, c.body, c.now)
		},
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
