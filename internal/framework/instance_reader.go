package framework

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/readbatch"
)

// InstanceReader reads one instance for Read, import and every wait. With
// batching on, reads made at the same time (a plan refreshes up to
// -parallelism instances at once; waits poll on a shared beat) go out as one
// listByInstanceId call of up to 100 ids; with batching off, each read is
// its own GET, exactly as without this type.
type InstanceReader struct {
	client *client.Client
	batch  *readbatch.Batcher[client.Instance] // nil: batching off
}

// NewInstanceReader reads through c, in batches when batching is on.
func NewInstanceReader(c *client.Client, batching bool, sendAfter time.Duration) *InstanceReader {
	r := &InstanceReader{client: c}
	if batching {
		r.batch = readbatch.New(r.fetch, client.MaxBatchIDs, sendAfter)
	}
	return r
}

// fetch is one batch call. Every instance is keyed by its own id, so an
// answer can never be handed to a caller that asked for another.
func (r *InstanceReader) fetch(ctx context.Context, ids []string) (map[string]client.Instance, error) {
	list, err := r.client.ListInstancesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]client.Instance, len(list))
	for _, inst := range list {
		out[inst.ID] = inst
	}
	return out, nil
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

// Batched reports whether reads go out in batches.
func (r *InstanceReader) Batched() bool { return r.batch != nil }

// Wait blocks until no batch call is in flight, so that a test can show
// nothing is left running once every read has returned.
func (r *InstanceReader) Wait() {
	if r.batch != nil {
		r.batch.Wait()
	}
}
