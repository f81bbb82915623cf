package bccmock

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// idemKey names one clientToken use. Every configured key belongs to the
// same simulated account, so the access key is not part of it.
type idemKey struct {
	route string
	token string
	// target is the instance id for resize; "" for create.
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
	// in Error (FailNextBoots).
	failBoots int
}

func newState(seed int64) state {
	st := state{
		instances: map[string]*instance{},
		seqOf:     map[string]int{},
		idem:      map[idemKey]idemEntry{},
		ids:       rand.New(rand.NewPCG(uint64(seed), 0x1d5)),
	}
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
