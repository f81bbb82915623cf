package bccmock

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// instanceFilter holds the list filters. Empty fields do not filter.
type instanceFilter struct {
	ids        map[string]bool
	names      map[string]bool
	zone       string
	status     string
	payment    string
	vpcID      string
	internalIP string
	keypairID  string
	tags       []wireTag // TagValue "" with keyOnly matches any value
	keyOnly    []bool
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

// parseInstanceFilter reads the filters of GET /v2/instance. tags is a comma
// separated list of key:value pairs (a bare key matches any value); an
// instance must carry all of them. Baidu does not document the format, so
// this follows its console's key:value convention.
func parseInstanceFilter(q url.Values) instanceFilter {
	f := instanceFilter{
		ids:        splitList(q.Get("instanceIds")),
		names:      splitList(q.Get("instanceNames")),
		zone:       q.Get("zoneName"),
		status:     q.Get("status"),
		payment:    q.Get("paymentTiming"),
		vpcID:      q.Get("vpcId"),
		internalIP: q.Get("internalIp"),
		keypairID:  q.Get("keypairId"),
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
	return f
}

func (f instanceFilter) match(in *instance, w wireInstance) bool {
	if f.ids != nil && !f.ids[in.id] {
		return false
	}
	if f.names != nil && !f.names[in.name] {
		return false
	}
	if (f.zone != "" && f.zone != in.zoneName) || (f.status != "" && f.status != w.Status) ||
		(f.payment != "" && f.payment != in.payment) || (f.vpcID != "" && f.vpcID != in.vpcID) ||
		(f.internalIP != "" && f.internalIP != in.internalIP) || (f.keypairID != "" && f.keypairID != in.keypairID) {
		return false
	}
	have := in.tagMap()
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

func (s *Server) listInstancesLocked(q url.Values, now time.Time) (int, any, *apiError) {
	marker, maxKeys, aerr := pageParams(q)
	if aerr != nil {
		return 0, nil, aerr
	}
	filter := parseInstanceFilter(q)
	var matched []*instance
	var wires []wireInstance
	for _, in := range s.presentLocked(now) {
		if !in.visible(now) {
			continue
		}
		w := in.wire()
		if filter.match(in, w) {
			matched = append(matched, in)
			wires = append(wires, w)
		}
	}
	start, aerr := s.startIndex(matched, marker)
	if aerr != nil {
		return 0, nil, aerr
	}
	end := min(start+maxKeys, len(matched))
	resp := listInstancesResponse{Marker: marker, MaxKeys: maxKeys, Instances: wires[start:end]}
	if resp.Instances == nil {
		resp.Instances = []wireInstance{}
	}
	if end < len(matched) {
		resp.IsTruncated = true
		resp.NextMarker = matched[end].id
	}
	return http.StatusOK, resp, nil
}
