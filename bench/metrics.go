package main

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// The mock records each request's arrival on its clock (Time) and how long it
// took to answer (Duration). Its state is read after the simulated latency,
// just before the answer is written, so Time+Duration is the moment a call
// observed or changed the instance: what an answer says was true then.
func answeredAt(r bccmock.RequestRecord) time.Time { return r.Time.Add(r.Duration) }

// byInstance groups the records of one route by instance id, each group in
// arrival order.
func byInstance(recs []bccmock.RequestRecord, route string) map[string][]bccmock.RequestRecord {
	out := map[string][]bccmock.RequestRecord{}
	for _, r := range recs {
		if r.Route == route && r.InstanceID != "" {
			out[r.InstanceID] = append(out[r.InstanceID], r)
		}
	}
	for _, g := range out {
		sort.SliceStable(g, func(i, j int) bool { return g[i].Time.Before(g[j].Time) })
	}
	return out
}

// isRead reports whether a record is a read of instances: a GET of one, or
// a batch read of several (the provider's default).
func isRead(r bccmock.RequestRecord) bool {
	return r.Route == bccmock.RouteGetInstance || r.Route == bccmock.RouteListInstancesByIDs
}

// readsByInstance groups the reads that covered each instance, each group in
// arrival order: a GET names one instance, a batch read every id it asked
// for.
func readsByInstance(recs []bccmock.RequestRecord) map[string][]bccmock.RequestRecord {
	out := map[string][]bccmock.RequestRecord{}
	for _, r := range recs {
		switch {
		case r.Route == bccmock.RouteGetInstance && r.InstanceID != "":
			out[r.InstanceID] = append(out[r.InstanceID], r)
		case r.Route == bccmock.RouteListInstancesByIDs:
			for _, id := range uniq(r.BatchIDs) {
				out[id] = append(out[id], r)
			}
		}
	}
	for _, g := range out {
		sort.SliceStable(g, func(i, j int) bool { return g[i].Time.Before(g[j].Time) })
	}
	return out
}

func uniq(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// readCalls counts the read calls among recs: GETs and batch reads alike.
func readCalls(recs []bccmock.RequestRecord) int {
	n := 0
	for _, r := range recs {
		if isRead(r) {
			n++
		}
	}
	return n
}

// releaseSample is one instance's release, as the mock saw it.
type releaseSample struct {
	ID string
	// Possible is when a release could first succeed: the end of the
	// creating window, or the first DELETE if the window had already ended.
	Possible time.Time
	FirstTry time.Time // arrival of the first DELETE
	Released time.Time // the successful DELETE took effect
	Refused  int       // DELETEs answered Instance.ReleaseWhileCreating
	Lag      time.Duration
	// Waited is first DELETE to successful DELETE, for instances that were
	// refused at least once; zero otherwise.
	Waited time.Duration
}

// releaseSamples measures, for every instance in windowEnd, how late its
// successful DELETE came after release became possible. Any DELETE answer
// other than success or ReleaseWhileCreating, a release the mock granted
// before the window ended, or an instance never released is an error: the
// benchmark runs without injected faults, so each of these is a bug.
func releaseSamples(recs []bccmock.RequestRecord, windowEnd map[string]time.Time) ([]releaseSample, error) {
	deletes := byInstance(recs, bccmock.RouteReleaseInstance)
	var out []releaseSample
	for _, id := range sortedKeys(windowEnd) {
		end := windowEnd[id]
		calls := deletes[id]
		if len(calls) == 0 {
			return nil, fmt.Errorf("instance %s: no DELETE was recorded", id)
		}
		s := releaseSample{ID: id, FirstTry: calls[0].Time}
		done := false
		for _, c := range calls {
			switch {
			case done:
				return nil, fmt.Errorf("instance %s: DELETE at %s after it was already released", id, c.Time.Format(time.RFC3339Nano))
			case c.Status == http.StatusOK:
				s.Released = answeredAt(c)
				done = true
			case c.Status == http.StatusForbidden && c.Code == client.CodeReleaseWhileCreating:
				s.Refused++
			default:
				return nil, fmt.Errorf("instance %s: DELETE answered %d %s (fault %q); the benchmark expects only success or %s",
					id, c.Status, c.Code, c.Fault, client.CodeReleaseWhileCreating)
			}
		}
		if !done {
			return nil, fmt.Errorf("instance %s: %d DELETEs, none succeeded", id, len(calls))
		}
		if s.Released.Before(end) {
			return nil, fmt.Errorf("instance %s: released at %s, before its creating window ended at %s",
				id, s.Released.Format(time.RFC3339Nano), end.Format(time.RFC3339Nano))
		}
		s.Possible = laterOf(end, s.FirstTry)
		s.Lag = s.Released.Sub(s.Possible)
		if s.Refused > 0 {
			s.Waited = s.Released.Sub(s.FirstTry)
		}
		out = append(out, s)
	}
	return out, nil
}

// refusedPerMinute is the release attempts spent waiting, per minute of
// waiting, over all instances that had to wait: the refused DELETEs divided
// by the time from each one's first DELETE to its successful one. The
// successful DELETE is not counted: it would be needed without any wait.
// It reports ok=false when no instance waited.
func refusedPerMinute(samples []releaseSample) (rate float64, ok bool) {
	var refused int
	var waited time.Duration
	for _, s := range samples {
		if s.Refused > 0 {
			refused += s.Refused
			waited += s.Waited
		}
	}
	if waited <= 0 {
		return 0, false
	}
	return float64(refused) / waited.Minutes(), true
}

// worstRefusedPerMinute is the same rate for the instance that spent the
// most attempts per minute of its own wait, and that instance.
func worstRefusedPerMinute(samples []releaseSample) (rate float64, worst releaseSample) {
	for _, s := range samples {
		if s.Refused == 0 || s.Waited <= 0 {
			continue
		}
		if r := float64(s.Refused) / s.Waited.Minutes(); r > rate {
			rate, worst = r, s
		}
	}
	return rate, worst
}

// destroyPhases splits a destroy's requests into the refresh (the GETs
// before the first DELETE) and the releases, to show where the time went.
type destroyPhases struct {
	RefreshFirst, RefreshLast time.Time // first GET arrival, last answer before the first DELETE
	ReleaseFirst, ReleaseLast time.Time // first DELETE arrival, last answer of all
}

func splitDestroy(recs []bccmock.RequestRecord) destroyPhases {
	var d destroyPhases
	for _, r := range recs {
		if r.Route == bccmock.RouteReleaseInstance && (d.ReleaseFirst.IsZero() || r.Time.Before(d.ReleaseFirst)) {
			d.ReleaseFirst = r.Time
		}
	}
	for _, r := range recs {
		a := answeredAt(r)
		if a.After(d.ReleaseLast) {
			d.ReleaseLast = a
		}
		if d.ReleaseFirst.IsZero() || r.Time.Before(d.ReleaseFirst) {
			if d.RefreshFirst.IsZero() || r.Time.Before(d.RefreshFirst) {
				d.RefreshFirst = r.Time
			}
			if a.After(d.RefreshLast) {
				d.RefreshLast = a
			}
		}
	}
	return d
}

// readySample is one wait of the provider for a condition that became true
// at ReadyAt and that it saw with the call answered at SeenAt.
type readySample struct {
	ID      string
	ReadyAt time.Time
	SeenAt  time.Time
	Lag     time.Duration
	// Polls counts the GETs of the wait (all of them for a create, those
	// after the release for a release).
	Polls int
}

// createLags measures the wait for Running after each create: from the
// moment the instance became Running to the provider's last read of it in
// recs (a GET, or a batch read that asked for it), which must be the one
// that saw Running since a create's wait ends there. recs must cover the
// apply only (no refresh of these instances).
func createLags(recs []bccmock.RequestRecord, runningAt map[string]time.Time) ([]readySample, error) {
	gets := readsByInstance(recs)
	var out []readySample
	for _, id := range sortedKeys(runningAt) {
		g := gets[id]
		if len(g) == 0 {
			return nil, fmt.Errorf("instance %s: the provider never read it after creating it", id)
		}
		last := g[len(g)-1]
		if last.Status != http.StatusOK {
			return nil, fmt.Errorf("instance %s: the last read answered %d %s", id, last.Status, last.Code)
		}
		seen := answeredAt(last)
		if seen.Before(runningAt[id]) {
			return nil, fmt.Errorf("instance %s: the provider's last read was answered at %s, before the instance was Running at %s",
				id, seen.Format(time.RFC3339Nano), runningAt[id].Format(time.RFC3339Nano))
		}
		out = append(out, readySample{ID: id, ReadyAt: runningAt[id], SeenAt: seen, Lag: seen.Sub(runningAt[id]), Polls: len(g)})
	}
	return out, nil
}

// finishLags is, per instance, the time from ready to the last call that
// named it in recs: for a create, when the provider was done with it
// (after the GET that saw Running comes the system-disk read).
func finishLags(recs []bccmock.RequestRecord, readyAt map[string]time.Time) []time.Duration {
	last := map[string]time.Time{}
	for _, r := range recs {
		if id, a := instanceOf(r), answeredAt(r); id != "" && a.After(last[id]) {
			last[id] = a
		}
	}
	var out []time.Duration
	for _, id := range sortedKeys(readyAt) {
		if t, ok := last[id]; ok {
			out = append(out, t.Sub(readyAt[id]))
		}
	}
	return out
}

// goneLags measures the wait until gone after each successful release. The
// provider counts an instance as gone once GET shows it Deleted or
// Recycled, or answers 404, and Baidu shows a released instance as Deleted
// at once; so the condition holds from the release on, and the lag is from
// the successful DELETE to the first GET after it.
func goneLags(recs []bccmock.RequestRecord) ([]readySample, error) {
	deletes := byInstance(recs, bccmock.RouteReleaseInstance)
	gets := readsByInstance(recs)
	var out []readySample
	for _, id := range sortedKeys(deletes) {
		var release *bccmock.RequestRecord
		for i, d := range deletes[id] {
			if d.Status == http.StatusOK {
				release = &deletes[id][i]
				break
			}
		}
		if release == nil {
			continue // never released here; releaseSamples reports it
		}
		released := answeredAt(*release)
		s := readySample{ID: id, ReadyAt: released}
		for _, g := range gets[id] {
			// The provider reads an instance only before its DELETEs (the
			// refresh) or after the one that succeeded, never during it, so
			// the DELETE's arrival separates the two. Its answer time would
			// not: the mock stamps the arrival a moment after it starts the
			// duration clock, and a busy machine can stretch that moment
			// past the provider's next request.
			if !g.Time.After(release.Time) {
				continue // the refresh before the destroy
			}
			if g.Status != http.StatusOK && g.Status != http.StatusNotFound {
				return nil, fmt.Errorf("instance %s: read after release answered %d %s", id, g.Status, g.Code)
			}
			if s.Polls == 0 {
				s.SeenAt = answeredAt(g)
				s.Lag = s.SeenAt.Sub(released)
			}
			s.Polls++
		}
		if s.Polls == 0 {
			return nil, fmt.Errorf("instance %s: released, but the provider never read it afterwards", id)
		}
		out = append(out, s)
	}
	return out, nil
}

// callsPerInstance counts the recorded calls that named each instance (a
// batch read counts for each id it asked for, a listing for each instance
// it answered with), and those that named none.
func callsPerInstance(recs []bccmock.RequestRecord) (per map[string]int, unnamed int) {
	per = map[string]int{}
	for _, r := range recs {
		if r.Route == bccmock.RouteListInstancesByIDs || (r.Route == bccmock.RouteListInstances && len(r.ListedIDs) > 0) {
			for _, id := range uniq(append(slices.Clone(r.BatchIDs), r.ListedIDs...)) {
				per[id]++
			}
			continue
		}
		id := instanceOf(r)
		if id == "" {
			unnamed++
			continue
		}
		per[id]++
	}
	return per, unnamed
}

// instanceOf is the instance a request named: in its path, or for the
// volume list in its instanceId parameter.
func instanceOf(r bccmock.RequestRecord) string {
	if r.InstanceID != "" {
		return r.InstanceID
	}
	if q, err := url.ParseQuery(r.Query); err == nil {
		return q.Get("instanceId")
	}
	return ""
}
