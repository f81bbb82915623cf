package bccmock

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// maxFilterValues is how many comma values Baidu takes in one list filter
// such as instanceIds, and how many ids listByInstanceId takes.
const maxFilterValues = 100

// instanceFilter holds the list filters. nil or empty fields do not filter;
// a set holds the ORed comma values of one key.
type instanceFilter struct {
	ids        map[string]bool
	names      map[string]bool
	fuzzyName  string
	zones      map[string]bool
	statuses   map[string]bool
	payments   map[string]bool
	vpcID      string
	privateIPs map[string]bool
	internalIP string
	keypairID  string
	volumeIDs  map[string]bool
	secGroups  map[string]bool
	tags       []wireTag // TagValue "" with keyOnly matches any value
	keyOnly    []bool
	// none is set by a filter on something the mock never has (dedicated
	// hosts, deployment sets, auto-renewal, EHC clusters): nothing matches.
	none bool
}

func splitList(v string) map[string]bool {
	if v == "" {
		return nil
	}
	m := map[string]bool{}
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			m[s] = true
		}
	}
	return m
}

// parseInstanceFilter reads the filters of GET /v2/instance. Keys are
// ANDed, the comma values of one key ORed. tags is a comma separated list
// of key:value pairs (a bare key matches any value) which an instance must
// all carry. dedicateHostId and cdsIds are the names Baidu's SDK sends for
// dedicatedHostId and volumeIds.
func parseInstanceFilter(q url.Values) (instanceFilter, *apiError) {
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := q.Get(k); v != "" {
				return v
			}
		}
		return ""
	}
	f := instanceFilter{
		fuzzyName:  q.Get("fuzzyInstanceName"),
		zones:      splitList(q.Get("zoneName")),
		statuses:   splitList(q.Get("status")),
		payments:   splitList(q.Get("paymentTiming")),
		vpcID:      q.Get("vpcId"),
		internalIP: q.Get("internalIp"),
		keypairID:  q.Get("keypairId"),
	}
	for _, l := range []struct {
		key string
		dst *map[string]bool
	}{
		{"instanceIds", &f.ids}, {"instanceNames", &f.names}, {"privateIps", &f.privateIPs},
		{"volumeIds", &f.volumeIDs}, {"securityGroupIds", &f.secGroups},
	} {
		raw := q.Get(l.key)
		if l.key == "volumeIds" {
			raw = first("volumeIds", "cdsIds")
		}
		if n := len(strings.Split(raw, ",")); raw != "" && n > maxFilterValues {
			return f, badQuery("%s lists %d values; at most %d are allowed.", l.key, n, maxFilterValues)
		}
		*l.dst = splitList(raw)
	}
	if f.names != nil && f.fuzzyName != "" {
		return f, badQuery("instanceNames and fuzzyInstanceName cannot be used together.")
	}
	if f.privateIPs != nil && f.vpcID == "" {
		return f, badQuery("privateIps can only be used together with vpcId.")
	}
	if first("dedicatedHostId", "dedicateHostId", "deploySetIds", "ehcClusterId") != "" || q.Get("autoRenew") == "true" {
		f.none = true
	}
	if v := q.Get("tags"); v != "" {
		for _, pair := range strings.Split(v, ",") {
			pair = strings.TrimSpace(pair)
			if pair == "" {
				continue
			}
			k, val, hasValue := strings.Cut(pair, ":")
			f.tags = append(f.tags, wireTag{TagKey: k, TagValue: val})
			f.keyOnly = append(f.keyOnly, !hasValue)
		}
	}
	return f, nil
}

// inSet reports whether v is in set, a nil set holding everything.
func inSet(set map[string]bool, v string) bool { return set == nil || set[v] }

func (f instanceFilter) match(s *Server, inst *instance, w wireInstance, now time.Time) bool {
	if f.none || !inSet(f.ids, inst.id) || !inSet(f.names, inst.name) || !inSet(f.zones, inst.zoneName) ||
		!inSet(f.statuses, w.Status) || !inSet(f.payments, inst.payment) || !inSet(f.privateIPs, inst.internalIP) {
		return false
	}
	if (f.fuzzyName != "" && !strings.Contains(inst.name, f.fuzzyName)) || (f.vpcID != "" && f.vpcID != inst.vpcID) ||
		(f.internalIP != "" && f.internalIP != inst.internalIP) || (f.keypairID != "" && f.keypairID != inst.keypairID) {
		return false
	}
	if f.secGroups != nil && !slices.ContainsFunc(inst.secGroupIDs, func(g string) bool { return f.secGroups[g] }) {
		return false
	}
	if f.volumeIDs != nil && !slices.ContainsFunc(s.instanceVolumeIDsLocked(inst, now), func(v string) bool { return f.volumeIDs[v] }) {
		return false
	}
	have := inst.tagMap()
	for i, t := range f.tags {
		v, ok := have[t.TagKey]
		if !ok || (!f.keyOnly[i] && v != t.TagValue) {
			return false
		}
	}
	return true
}

// startIndex finds where a page starting at marker begins in list (creation
// order). A marker that names an instance released since is still honoured,
// by its place in the creation order.
func (s *Server) startIndex(list []*instance, marker string) (int, *apiError) {
	if marker == "" {
		return 0, nil
	}
	seq, ok := s.st.seqOf[marker]
	if !ok {
		return 0, badQuery("marker %q does not name an instance.", marker)
	}
	i, _ := slices.BinarySearchFunc(list, seq, func(in *instance, seq int) int { return in.seq - seq })
	return i, nil
}

// pageInstances cuts one page out of matched (creation order) for the
// query's marker and maxKeys.
func (s *Server) pageInstances(matched []*instance, marker string, maxKeys int) (listInstancesResponse, *apiError) {
	start, aerr := s.startIndex(matched, marker)
	if aerr != nil {
		return listInstancesResponse{}, aerr
	}
	end := min(start+maxKeys, len(matched))
	resp := listInstancesResponse{Marker: marker, MaxKeys: maxKeys, Instances: []wireInstance{}}
	for _, in := range matched[start:end] {
		resp.Instances = append(resp.Instances, in.wire())
	}
	if end < len(matched) {
		resp.IsTruncated = true
		resp.NextMarker = matched[end].id
	}
	return resp, nil
}

func (s *Server) listInstancesLocked(c *call) (int, any, *apiError) {
	marker, maxKeys, aerr := pageParams(c.q)
	if aerr != nil {
		return 0, nil, aerr
	}
	filter, aerr := parseInstanceFilter(c.q)
	if aerr != nil {
		return 0, nil, aerr
	}
	var matched []*instance
	for _, in := range s.presentLocked(c.now) {
		if in.visible(c.now) && filter.match(s, in, in.wire(), c.now) {
			matched = append(matched, in)
		}
	}
	resp, aerr := s.pageInstances(matched, marker, maxKeys)
	if aerr != nil {
		return 0, nil, aerr
	}
	return http.StatusOK, resp, nil
}

// listByIDsLocked is POST /v2/instance/listByInstanceId. Paging comes from
// the query only: Baidu's SDK also puts "Marker" and "MaxKeys" in the body,
// which the exact-case decoder ignores. What Baidu does with unknown ids,
// duplicates and order is undocumented; see the package documentation for
// what the mock chose.
func (s *Server) listByIDsLocked(c *call) (int, any, *apiError) {
	marker, maxKeys, aerr := pageParams(c.q)
	if aerr != nil {
		return 0, nil, aerr
	}
	var req listByIDsRequest
	if aerr := s.decodeLogged(RouteListInstancesByIDs, c.body, &req); aerr != nil {
		return 0, nil, aerr
	}
	if len(req.InstanceIDs) == 0 {
		return 0, nil, badQuery("instanceIds is required and must list at least one instance id.")
	}
	if len(req.InstanceIDs) > maxFilterValues {
		return 0, nil, badQuery("instanceIds lists %d ids; at most %d are allowed in one call.", len(req.InstanceIDs), maxFilterValues)
	}
	var matched []*instance
	seen := map[string]bool{}
	for _, id := range req.InstanceIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		in := s.apiLookupLocked(id, c.now)
		if in == nil {
			if s.cfg.ListByIDUnknownFails {
				return 0, nil, noSuchInstance(id)
			}
			continue
		}
		matched = append(matched, in)
	}
	slices.SortFunc(matched, func(a, b *instance) int { return a.seq - b.seq })
	resp, aerr := s.pageInstances(matched, marker, maxKeys)
	if aerr != nil {
		return 0, nil, aerr
	}
	if len(resp.Instances) == 0 {
		switch s.cfg.ListByIDEmptyInstances {
		case ListByIDEmptyNull:
			return http.StatusOK, listByIDsNullResponse{Marker: resp.Marker, IsTruncated: resp.IsTruncated, NextMarker: resp.NextMarker, MaxKeys: resp.MaxKeys}, nil
		case ListByIDEmptyAbsent:
			return http.StatusOK, listByIDsAbsentResponse{Marker: resp.Marker, IsTruncated: resp.IsTruncated, NextMarker: resp.NextMarker, MaxKeys: resp.MaxKeys}, nil
		}
	}
	return http.StatusOK, resp, nil
}
