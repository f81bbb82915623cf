package framework

import (
	"context"
	"math/bits"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/readbatch"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// InstanceReader reads one instance for Read, import and every wait. With
// batching on, reads made at the same time (a plan refreshes up to
// -parallelism instances at once; waits poll on a shared beat) go out as one
// listByInstanceId call of up to 100 ids; with batching off, each read is
// its own GET, exactly as without this type.
//
// A refresh of many instances is served from a listing of the region's
// instances instead (refreshListing), with batching on only.
type InstanceReader struct {
	client  *client.Client
	batch   *readbatch.Batcher[client.Instance] // nil: batching off
	listing *refreshListing                     // nil: batching off
}

// NewInstanceReader reads through c, in batches when batching is on; clock
// tells how old a listing is.
func NewInstanceReader(c *client.Client, clock wait.Clock, batching bool, sendAfter time.Duration) *InstanceReader {
	r := &InstanceReader{client: c}
	if batching {
		r.batch = readbatch.New(r.fetch, client.MaxBatchIDs, sendAfter)
		r.listing = newRefreshListing(c, clock)
	}
	return r
}

// fetch is one batch read: one call when Baidu answers for every id.
// Every instance is keyed by its own id, so an answer can never be handed
// to a caller that asked for another.
//
// Baidu does not document what listByInstanceId answers when an id does
// not exist: it may leave the id out, or answer its not-found for the whole
// batch. In that second case the missing id is found by halving (isolate),
// and the ids put aside on the way are read together afterwards, so one
// missing id among 100 costs about log2(100) calls more, instead of a GET
// for every id. A missing id is left out of the answer, for its caller to
// read on its own (Get) and judge by the gone contract. The halving is
// bounded: past splitBudget calls, the ids not read yet are left out too,
// and their callers read them on their own.
func (r *InstanceReader) fetch(ctx context.Context, ids []string) (map[string]client.Instance, error) {
	out := make(map[string]client.Instance, len(ids))
	budget := splitBudget(len(ids))
	for pending, knownMissing := ids, false; len(pending) > 0; knownMissing = false {
		var rest []string
		if err := r.isolate(ctx, pending, knownMissing, out, &rest, &budget); err != nil {
			return nil, err
		}
		pending = rest
	}
	return out, nil
}

// splitBudget is how many calls a batch of n ids may cost: each missing id
// costs about log2(n) + 1 calls to find, so this finds four or so, for 35
// calls where 100 GETs would be the alternative. Past that many missing ids
// single reads cost about the same.
func splitBudget(n int) int { return 5 * bits.Len(uint(n)) }

// isolate reads ids into out. When Baidu answers not-found for them (or
// knownMissing says it would), it reads their first half: if that works, the
// missing id is in the second half, and the search goes on there without
// calling for it whole; if not, the second half is put aside in rest, unread,
// and the search goes on in the first. It stops when the missing id stands
// alone.
func (r *InstanceReader) isolate(ctx context.Context, ids []string, knownMissing bool, out map[string]client.Instance, rest *[]string, budget *int) error {
	for {
		if !knownMissing {
			found, err := r.readAll(ctx, ids, out, budget)
			if err != nil || found {
				return err
			}
		}
		if len(ids) == 1 {
			return nil
		}
		first, second := ids[:len(ids)/2], ids[len(ids)/2:]
		found, err := r.readAll(ctx, first, out, budget)
		if err != nil {
			return err
		}
		if found {
			ids = second
		} else {
			*rest = append(*rest, second...)
			ids = first
		}
		knownMissing = true
	}
}

// readAll makes one batch call for ids. found is false when Baidu answered
// its not-found (some id does not exist), or when the budget is spent; any
// other failure is returned.
func (r *InstanceReader) readAll(ctx context.Context, ids []string, out map[string]client.Instance, budget *int) (found bool, err error) {
	if *budget <= 0 {
		return false, nil
	}
	*budget--
	list, err := r.client.ListInstancesByIDs(ctx, ids)
	switch {
	case err == nil:
		for _, inst := range list {
			out[inst.ID] = inst
		}
		return true, nil
	case client.IsNotFound(err) && ctx.Err() == nil:
		tflog.Debug(ctx, "batch read answered not found; halving it to find the missing ids", map[string]any{
			"ids": len(ids), "request_id": client.RequestIDOf(err),
		})
		return false, nil
	}
	return false, err
}

// Get reads one instance. Absence is never guessed from a batch: an id the
// batch answer leaves out is read on its own, and that answer is judged by
// the "gone" contract like any other (a 404 that is not Baidu's not-found is
// an error). A batch call that failed, after the client's own retries,
// falls back to a single read too, so a broken batch route costs calls,
// never correctness.
func (r *InstanceReader) Get(ctx context.Context, id string) (*client.Instance, error) {
	if r.batch == nil {
		return r.client.GetInstance(ctx, id)
	}
	inst, found, err := r.batch.Get(ctx, id)
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, err
	case err != nil:
		tflog.Warn(ctx, "batch read of instances failed; reading this instance on its own", map[string]any{
			"instance_id": id, "error": err.Error(), "request_id": client.RequestIDOf(err),
		})
		return r.client.GetInstance(ctx, id)
	case !found:
		tflog.Debug(ctx, "instance not in the batch answer; reading it on its own to tell whether it is gone", map[string]any{"instance_id": id})
		return r.client.GetInstance(ctx, id)
	}
	return &inst, nil
}

// Refresh reads one instance for a resource's Read: from a listing of the
// region's instances when the refresh is large enough for one to pay (see
// refreshListing), otherwise, and for any instance the listing does not
// name, as Get does. Only Read may use it: an instance read after a change
// must be read by id.
func (r *InstanceReader) Refresh(ctx context.Context, id string) (*client.Instance, error) {
	if r.listing != nil {
		if inst, ok := r.listing.get(ctx, id); ok {
			return inst, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return r.Get(ctx, id)
}

// Batched reports whether reads go out in batches.
func (r *InstanceReader) Batched() bool { return r.batch != nil }

// Wait blocks until no batch call or listing is in flight, so that a test can show
// nothing is left running once every read has returned.
func (r *InstanceReader) Wait() {
	if r.batch != nil {
		r.batch.Wait()
		r.listing.wait()
	}
}
