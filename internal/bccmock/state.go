package bccmock

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
)

// idemKey names one clientToken use. Every configured key belongs to the
// same simulated account, so the access key is not part of it.
type idemKey struct {
	route string
	token string
	// target is the object a clientToken acts on (the instance or volume
	// of a resize); "" for a create.
	target string
}

type idemEntry struct {
	fingerprint string
	status      int
	body        any
}

// state is everything the mock remembers. Guarded by Server.mu.
type state struct {
	instances map[string]*instance
	order     []*instance    // creation order, compacted as instances go
	seqOf     map[string]int // every id ever issued, for list markers
	seq       int
	idem      map[idemKey]idemEntry
	nextIP    int
	ids       *rand.Rand
	vpcID     string
	// failBoots is how many of the next created instances end their boot
	// in Error (FailNextInstances).
	failBoots int
	// failPassChanges is how many of the next password changes answer 200
	// with the instance in failedInstanceIdList and change nothing
	// (FailNextPasswordChanges).
	failPassChanges int
	// failEarlyReleases is how many of the next early releases answer 200
	// with the instance in failResources and release nothing
	// (FailNextEarlyReleases).
	failEarlyReleases int

	volumes   map[string]*volume
	volumeSeq map[string]int // every volume id ever issued, for markers

	snapshots     map[string]*snapshot
	snapshotSeq   map[string]int
	failSnapshots int // FailNextSnapshots

	images     map[string]*image // the public catalog and custom images
	imageSeq   map[string]int
	failImages int // FailNextImages
}

func newState(seed int64) state {
	st := state{
		instances: map[string]*instance{},
		seqOf:     map[string]int{},
		idem:      map[idemKey]idemEntry{},
		ids:       rand.New(rand.NewPCG(uint64(seed), 0x1d5)),
		volumes:   map[string]*volume{},
		volumeSeq: map[string]int{},
		snapshots: map[string]*snapshot{}, snapshotSeq: map[string]int{},
		images: map[string]*image{}, imageSeq: map[string]int{},
	}
	st.seedSystemImages()
	st.vpcID = "vpc-" + st.randomString(12, lowerAlnum)
	return st
}

const (
	alnum      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	hexDigits  = "0123456789abcdef"
)

func (st *state) randomString(n int, alphabet string) string {
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[st.ids.IntN(len(alphabet))])
	}
	return b.String()
}

// newInstanceID returns "i-" and 8 alphanumerics, never reused.
func (st *state) newInstanceID() string {
	for {
		id := "i-" + st.randomString(8, alnum)
		if _, used := st.seqOf[id]; !used {
			return id
		}
	}
}

// newInternalIP hands out 192.168.x.y addresses in order, skipping .0, .1
// and .255 of each /24.
func (st *state) newInternalIP() string {
	for {
		n := st.nextIP
		st.nextIP++
		x, y := (n/256)%256, n%256
		if y < 2 || y == 255 {
			continue
		}
		return fmt.Sprintf("192.168.%d.%d", x, y)
	}
}

// defaultSubnet is the stable default subnet id of a zone.
func defaultSubnet(zone string) string {
	h := fnv.New64a()
	h.Write([]byte(zone))
	r := rand.New(rand.NewPCG(h.Sum64(), 0x5b7))
	var b strings.Builder
	b.WriteString("sbn-")
	for range 12 {
		b.WriteByte(lowerAlnum[r.IntN(len(lowerAlnum))])
	}
	return b.String()
}

// newObjectID returns prefix and 8 alphanumerics, never one issued before,
// and records it in issued with the next sequence number.
func (st *state) newObjectID(prefix string, issued map[string]int) (string, int) {
	for {
		id := prefix + st.randomString(8, alnum)
		if _, used := issued[id]; !used {
			st.seq++
			issued[id] = st.seq
			return id, st.seq
		}
	}
}

// pageBySeq cuts the page that starts at marker out of items, which are in
// creation order. issued maps every id the family ever handed out to its
// sequence number, so a marker naming an object gone since still works.
func pageBySeq[T any](items []T, seq func(T) int, id func(T) string, issued map[string]int, marker string, maxKeys int, what string) ([]T, string, *apiError) {
	start := 0
	if marker != "" {
		m, ok := issued[marker]
		if !ok {
			return nil, "", badQuery("marker %q does not name %s.", marker, what)
		}
		start, _ = slices.BinarySearchFunc(items, m, func(x T, m int) int { return seq(x) - m })
	}
	end := min(start+maxKeys, len(items))
	next := ""
	if end < len(items) {
		next = id(items[end])
	}
	return items[start:end], next, nil
}

// idempotentLocked looks up an earlier use of a clientToken. found reports
// a replay to answer with prev; a token reused with another body is 403
// IdempotentParameterMismatch. An empty token never matches.
func (s *Server) idempotentLocked(key idemKey, body []byte) (prev idemEntry, found bool, aerr *apiError) {
	if key.token == "" {
		return idemEntry{}, false, nil
	}
	prev, found = s.st.idem[key]
	if found && prev.fingerprint != bodyFingerprint(body) {
		return idemEntry{}, false, newError(http.StatusForbidden, CodeIdempotentParameterMismatch,
			"The clientToken %s was already used with a different request.", key.token)
	}
	return prev, found, nil
}

// tokenCallLocked opens a call made idempotent by its clientToken: it checks
// the token, decodes the body into req and looks the token up. done means
// the call is already answered, with replay (the earlier answer to the same
// token and body) or with aerr.
func (s *Server) tokenCallLocked(c *call, target string, req any) (key idemKey, replay idemEntry, done bool, aerr *apiError) {
	key = idemKey{route: c.route, token: c.q.Get("clientToken"), target: target}
	if aerr := validClientToken(key.token); aerr != nil {
		return key, idemEntry{}, true, aerr
	}
	if aerr := s.decodeLogged(c.route, c.body, req); aerr != nil {
		return key, idemEntry{}, true, aerr
	}
	replay, found, aerr := s.idempotentLocked(key, c.body)
	return key, replay, found || aerr != nil, aerr
}

// rememberLocked records a successful answer for a clientToken.
func (s *Server) rememberLocked(key idemKey, body []byte, resp any) {
	if key.token != "" {
		s.st.idem[key] = idemEntry{fingerprint: bodyFingerprint(body), status: http.StatusOK, body: resp}
	}
}
