package framework

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// A plan refreshes every instance in state, at most -parallelism at a
// time. Batched by id, each round of -parallelism reads waits for its last
// reader and then for its call, and Terraform's own work stops meanwhile:
// at -parallelism=10 that is slower than one GET each, however few the
// calls. One listing of the region's instances (GET /v2/instance, 1,000 a
// page) answers every read of the refresh at once instead.
//
// It is used only where it is cheaper and only for Read:
//   - the first listingAfter distinct instances a refresh reads are read by
//     id as before, so a small state in a large account never pays for a
//     listing;
//   - a region with more than one page of instances (or a listing that
//     fails, such as a policy that allows reads by id but not listing) turns
//     it off for the rest of the run: the refresh then reads by id;
//   - waits and everything after a change read by id, never from a listing.
//
// A listing serves the reads that start within listingFresh of its request,
// so a read's answer is never older than that plus one call; a later read
// starts a new listing. An instance the listing does not name (created
// since, or gone) is read by id, and that answer is judged by the gone
// contract; a listed instance in status Deleted or Recycled is Baidu saying
// it is gone, as in any other answer. Baidu documents the list's items as
// the same InstanceModel as the detail's ("查询实例列表" returns the details
// of every instance).
type refreshListing struct {
	client *client.Client
	clock  wait.Clock

	mu      sync.Mutex
	asked   map[string]struct{} // distinct ids read before the first listing
	started bool                // a listing has been made: the threshold is behind
	off     bool                // listing does not pay here, or is not allowed
	cur     *instanceListing    // the newest listing, in flight or done
	running sync.WaitGroup
}

// instanceListing is one listing and the reads waiting for it.
type instanceListing struct {
	at   time.Time // when it was requested
	done chan struct{}
	byID map[string]client.Instance // set before done is closed; nil on failure
}

const (
	// listingAfter is how many distinct instances a refresh reads by id
	// before a listing serves the rest: with Terraform's default
	// -parallelism of 10, the first round.
	listingAfter = 10
	// listingFresh is how long one listing serves the reads that start
	// after it was requested.
	listingFresh = 2 * time.Second
	// listingPage is the one page a listing reads: Baidu's largest.
	listingPage = 1000
)

func newRefreshListing(c *client.Client, clock wait.Clock) *refreshListing {
	return &refreshListing{client: c, clock: clock, asked: map[string]struct{}{}}
}

// get answers a refresh read of id from a listing, waiting for it when it
// is on its way. ok is false when the read must be made by id: the listing
// is not used (yet, or any more), does not name id, failed, or ctx ended.
func (l *refreshListing) get(ctx context.Context, id string) (*client.Instance, bool) {
	cur := l.use(ctx, id)
	if cur == nil {
		return nil, false
	}
	select {
	case <-cur.done:
	case <-ctx.Done():
		return nil, false
	}
	inst, ok := cur.byID[id]
	if !ok {
		return nil, false
	}
	return &inst, true
}

// use returns the listing that serves a read of id starting now, starting
// one when the newest is stale, or nil when id is to be read by id.
func (l *refreshListing) use(ctx context.Context, id string) *instanceListing {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.off {
		return nil
	}
	if !l.started {
		l.asked[id] = struct{}{}
		if len(l.asked) <= listingAfter {
			return nil
		}
		l.started, l.asked = true, nil
	}
	now := l.clock.Now()
	if l.cur != nil && now.Sub(l.cur.at) < listingFresh {
		return l.cur
	}
	l.cur = &instanceListing{at: now, done: make(chan struct{})}
	l.running.Add(1)
	// The listing serves every read that joins it, so no single caller's
	// cancellation ends it; it carries the first caller's logger.
	go l.list(context.WithoutCancel(ctx), l.cur)
	return l.cur
}

// list makes one listing: one page. A region with more than one page
// turns listings off (that page still serves the reads waiting for it); a
// failure turns them off too, and its reads go by id.
func (l *refreshListing) list(ctx context.Context, cur *instanceListing) {
	defer l.running.Done()
	defer close(cur.done)
	page, err := l.client.ListInstances(ctx, client.ListInstancesRequest{MaxKeys: listingPage})
	if err != nil {
		tflog.Warn(ctx, "listing the region's instances for the refresh failed; reading each instance by id instead", map[string]any{
			"error": err.Error(), "request_id": client.RequestIDOf(err),
		})
		l.turnOff()
		return
	}
	if page.IsTruncated {
		tflog.Info(ctx, "the region holds more instances than one listing page; the rest of the refresh reads instances by id", map[string]any{
			"page": len(page.Instances),
		})
		l.turnOff()
	}
	byID := make(map[string]client.Instance, len(page.Instances))
	for _, inst := range page.Instances {
		byID[inst.ID] = inst
	}
	cur.byID = byID
	tflog.Debug(ctx, "refresh served from a listing of the region's instances", map[string]any{"instances": len(byID)})
}

func (l *refreshListing) turnOff() {
	l.mu.Lock()
	l.off = true
	l.mu.Unlock()
}

// wait blocks until no listing is in flight.
func (l *refreshListing) wait() { l.running.Wait() }
