package client

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter caps a server's Retry-After: a misconfigured or hostile
// endpoint must not park a Terraform run for hours.
const maxRetryAfter = 60 * time.Second

func (b Backoff) withDefaults() (Backoff, error) {
	if b.Base < 0 || b.Max < 0 {
		return Backoff{}, fmt.Errorf("backoff durations must not be negative (base %s, max %s)", b.Base, b.Max)
	}
	switch {
	case b.Base == 0 && b.Max == 0:
		b = Backoff{Base: defaultBackoffBase, Max: defaultBackoffMax}
	case b.Base == 0:
		b.Base = min(defaultBackoffBase, b.Max)
	case b.Max == 0:
		b.Max = max(defaultBackoffMax, b.Base)
	}
	if b.Base > b.Max {
		return Backoff{}, fmt.Errorf("backoff base %s is larger than its maximum %s", b.Base, b.Max)
	}
	return b, nil
}

// ceiling is the upper bound of the wait before retry n (1 for the first
// retry): Base doubled n-1 times, capped at Max, without overflowing.
func (b Backoff) ceiling(n int) time.Duration {
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		if d > b.Max/2 {
			return b.Max
		}
		d *= 2
	}
	return min(d, b.Max)
}

// fullJitter spreads retries uniformly over [0, ceiling] so that many clients
// throttled at the same moment do not come back at the same moment.
func fullJitter(ceiling time.Duration) time.Duration {
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
// It returns 0 when the header is absent, malformed or in the past, and at
// most maxRetryAfter.
func parseRetryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(value, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if at, err := http.ParseTime(value); err == nil {
		d = at.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}
