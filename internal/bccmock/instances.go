package bccmock

import (
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Handlers for one instance. Each runs with s.mu held and returns the status
// and body of a success, or an error.

func (s *Server) getInstanceLocked(id string, now time.Time) (int, any, *apiError) {
	in := s.apiLookupLocked(id, now)
	if in == nil {
		return 0, nil, noSuchInstance(id)
	}
	return http.StatusOK, getInstanceResponse{Instance: in.wire()}, nil
}

func (s *Server) modifyAttributeLocked(id string, body []byte, now time.Time) (int, any, *apiError) {
	var req modifyAttributeRequest
	if aerr := s.decodeLogged(RouteModifyInstanceAttribute, body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		return 0, nil, badBody("name is required and must not be empty.")
	}
	if utf8.RuneCountInString(*req.Name) > maxNameLength {
		return 0, nil, badBody("name is longer than %d characters.", maxNameLength)
	}
	in, aerr := s.liveLocked(id, now)
	if aerr != nil {
		return 0, nil, aerr
	}
	in.name = *req.Name
	return http.StatusOK, nil, nil
}

func (s *Server) modifyDescLocked(id string, body []byte, now time.Time) (int, any, *apiError) {
	var req modifyDescRequest
	if aerr := s.decodeLogged(RouteModifyInstanceDesc, body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if req.Desc == nil {
		return 0, nil, badBody("desc is required (an empty string clears it).")
	}
	if utf8.RuneCountInString(*req.Desc) > maxDescLength {
		return 0, nil, badBody("desc is longer than %d characters.", maxDescLength)
	}
	in, aerr := s.liveLocked(id, now)
	if aerr != nil {
		return 0, nil, aerr
	}
	in.desc = *req.Desc
	return http.StatusOK, nil, nil
}

func (s *Server) changePassLocked(id string, cred Credential, body []byte, now time.Time) (int, any, *apiError) {
	var req changePassRequest
	if aerr := s.decodeLogged(RouteChangeInstancePass, body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if req.AdminPass == "" {
		return 0, nil, badBody("adminPass is required.")
	}
	plain, aerr := decryptAdminPass(req.AdminPass, cred)
	if aerr != nil {
		return 0, nil, aerr
	}
	in, aerr := s.liveLocked(id, now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if !in.settledIn() {
		return 0, nil, conflict(CodeChangePassForbidden,
			"Instance %s is %s; its password can be changed only when it is Running or Stopped.", id, in.status)
	}
	in.adminPass = plain
	// Unlike the other actions, changePass answers with a body: Baidu's
	// SDK decodes {"requestId","failedInstanceIdList"} and fails on an
	// empty one. The request id is filled in by ServeHTTP.
	return http.StatusOK, &changePassResponse{FailedInstanceIDs: []string{}}, nil
}

func (s *Server) startLocked(id string, now time.Time) (int, any, *apiError) {
	in, aerr := s.liveLocked(id, now)
	if aerr != nil {
		return 0, nil, aerr
	}
	switch {
	case in.status == StatusExpired:
		return 0, nil, conflict(CodeStartExpired, "Instance %s has expired and cannot be started; renew it first.", id)
	case now.Before(in.creatingUntil):
		return 0, nil, conflict(CodeStartWhenCreating, "Instance %s is still being created.", id)
	case in.resizing():
		return 0, nil, conflict(CodeStartForbidden, "Instance %s is being resized.", id)
	case in.status != StatusStopped:
		return 0, nil, conflict(CodeStartForbidden, "Instance %s is %s; only a Stopped instance can be started.", id, in.status)
	}
	in.transition(now, StatusStarting, StatusRunning, s.cfg.BootTime)
	return http.StatusOK, nil, nil
}

func (s *Server) stopLocked(id string, body []byte, now time.Time) (int, any, *apiError) {
	// The body ({"forceStop":...}) is optional; when present it must be JSON.
	if len(strings.TrimSpace(string(body))) > 0 {
		var req stopRequest
		if aerr := s.decodeLogged(RouteStopInstance, body, &req); aerr != nil {
			return 0, nil, aerr
		}
	}
	in, aerr := s.liveLocked(id, now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if in.resizing() {
		return 0, nil, conflict(CodeStopForbidden, "Instance %s is being resized.", id)
	}
	if in.status != StatusRunning {
		return 0, nil, conflict(CodeStopForbidden, "Instance %s is %s; only a Running instance can be stopped.", id, in.status)
	}
	in.transition(now, StatusStopping, StatusStopped, s.cfg.StopTime)
	return http.StatusOK, nil, nil
}

func (s *Server) resizeLocked(id string, q url.Values, body []byte, now time.Time) (int, any, *apiError) {
	token := q.Get("clientToken")
	if aerr := validClientToken(token); aerr != nil {
		return 0, nil, aerr
	}
	var req resizeRequest
	if aerr := s.decodeLogged(RouteResizeInstanceBySpec, body, &req); aerr != nil {
		return 0, nil, aerr
	}
	key := idemKey{route: RouteResizeInstanceBySpec, token: token, target: id}
	fp := bodyFingerprint(body)
	if token != "" {
		if prev, ok := s.st.idem[key]; ok {
			if prev.fingerprint != fp {
				return 0, nil, newError(http.StatusForbidden, CodeIdempotentParameterMismatch,
					"The clientToken %s was already used with a different request.", token)
			}
			return prev.status, prev.body, nil
		}
	}
	if req.Spec == "" {
		return 0, nil, badBody("spec is required (for example bcc.g5.c4m16).")
	}
	shape, err := parseSpec(req.Spec)
	if err != nil {
		return 0, nil, badBody("%v.", err)
	}
	in, aerr := s.liveLocked(id, now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if in.resizing() {
		return 0, nil, conflict(CodeResizeForbidden, "Instance %s is already being resized.", id)
	}
	if !in.settledIn() {
		return 0, nil, conflict(CodeResizeForbidden, "Instance %s is %s; it can be resized only when Running or Stopped.", id, in.status)
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
	scalingAt := now.Add(s.cfg.ScaleDelay)
	in.steps = []instanceStep{{at: scalingAt, status: StatusScaling}, {at: scalingAt.Add(s.cfg.ScaleTime), status: end, spec: &shape}}
	in.settle(now)
	if token != "" {
		s.st.idem[key] = idemEntry{fingerprint: fp, status: http.StatusOK}
	}
	return http.StatusOK, nil, nil
}

func (s *Server) changeTagsLocked(route, id string, body []byte, now time.Time) (int, any, *apiError) {
	var req changeTagsRequest
	if aerr := s.decodeLogged(route, body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if len(req.ChangeTags) == 0 {
		return 0, nil, badBody("changeTags must list at least one tag.")
	}
	if aerr := validateTags(req.ChangeTags, "changeTags"); aerr != nil {
		return 0, nil, aerr
	}
	in, aerr := s.liveLocked(id, now)
	if aerr != nil {
		return 0, nil, aerr
	}
	if route == RouteBindInstanceTags {
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
