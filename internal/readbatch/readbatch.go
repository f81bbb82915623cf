// Package readbatch gathers concurrent reads of single objects into batch
// calls. A plan refreshes every resource in state at once (up to
// -parallelism at a time), and waits poll their objects side by side; an API
// that can read many objects in one call then serves all of them with one
// request instead of one each.
//
// A Get joins the batch that is gathering. A batch is sent when it holds Max
// distinct ids, or when Window has passed without a new id joining it (and
// at the latest MaxLinger after its first id). Reads made "at the same
// time" rarely arrive at the same instant: a plan's reads come as the
// callers finish their previous work, spread over tens of milliseconds on a
// busy machine, and a window counted from the first id alone would cut each
// round into several calls. Counting from the last id lets a round that is
// still arriving finish, and costs a lone read no more than Window. Each caller
// gets its own object back, or learns that the batch call did not list it,
// or the batch call's error; what absence or a failure means is the
// caller's to decide (this package never guesses "not found").
//
// Callers come and go on their own contexts: one that is cancelled leaves
// the batch without cancelling it for the others; a batch whose callers have
// all left is not sent, or its call is cancelled if it is in flight. A
// goroutine exists only while a batch is being sent, so an idle Batcher
// holds none.
package readbatch

import (
	"context"
	"sync"
	"time"
)

// Fetch reads the objects named by ids (distinct, at most Max) in one call
// and returns those it found, keyed by id.
type Fetch[T any] func(ctx context.Context, ids []string) (map[string]T, error)

// Batcher gathers Gets into Fetch calls. It is safe for concurrent use.
type Batcher[T any] struct {
	fetch  Fetch[T]
	max    int
	window time.Duration
	linger time.Duration // the most a batch waits after its first id

	mu      sync.Mutex
	pending *batch[T] // the batch gathering ids, if any
	running sync.WaitGroup
}

// batch is one Fetch call and the callers waiting for it.
type batch[T any] struct {
	ids     []string
	waiters map[string]int // callers waiting per id
	callers int
	sent    bool
	first   time.Time // when the first id joined
	timer   *time.Timer
	ctx     context.Context // detached from every caller
	cancel  context.CancelFunc
	done    chan struct{} // closed when found and err are set
	found   map[string]T
	err     error
}

// lingerFactor bounds how long a batch may keep gathering, in windows
// after its first id, however steadily reads keep joining it.
const lingerFactor = 10

// New returns a Batcher that sends batches of at most max ids, once window
// has passed without a new id, and lingerFactor windows after the first id
// at the latest.
func New[T any](fetch Fetch[T], max int, window time.Duration) *Batcher[T] {
	if max < 1 {
		max = 1
	}
	return &Batcher[T]{fetch: fetch, max: max, window: window, linger: lingerFactor * window}
}

// Get reads id as part of a batch. found is false when the batch call
// succeeded but did not list id. err is the batch call's error, or ctx's
// when the caller gave up first.
func (b *Batcher[T]) Get(ctx context.Context, id string) (value T, found bool, err error) {
	if err := ctx.Err(); err != nil {
		return value, false, err
	}
	bt, full := b.join(ctx, id)
	if full {
		b.send(bt)
	}
	select {
	case <-bt.done:
		value, found = bt.found[id]
		return value, found, bt.err
	case <-ctx.Done():
		b.leave(bt, id)
		return value, false, ctx.Err()
	}
}

// join adds id to the gathering batch, starting one if there is none, and
// reports whether the batch is now full (the caller then sends it).
func (b *Batcher[T]) join(ctx context.Context, id string) (*batch[T], bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	bt := b.pending
	if bt == nil {
		// The call carries the first caller's values (its logger), but
		// none of its cancellation: the batch serves every caller.
		bctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		bt = &batch[T]{waiters: map[string]int{}, ctx: bctx, cancel: cancel, done: make(chan struct{}), first: time.Now()}
		b.pending = bt
		bt.timer = time.AfterFunc(b.window, func() { b.send(bt) })
	} else if wait := min(b.window, b.linger-time.Since(bt.first)); wait > 0 {
		// Still gathering: give the reads that are still arriving one
		// more window, but no more than the linger allows. (A timer that
		// fired meanwhile has its send waiting for this lock; it sends
		// the batch with this id in it, and the reset timer then finds
		// it sent.)
		bt.timer.Reset(wait)
	}
	if bt.waiters[id] == 0 {
		bt.ids = append(bt.ids, id)
	}
	bt.waiters[id]++
	bt.callers++
	if len(bt.ids) < b.max {
		return bt, false
	}
	b.pending = nil
	bt.timer.Stop()
	return bt, true
}

// send makes bt's Fetch call in its own goroutine, unless it has been sent
// or abandoned already.
func (b *Batcher[T]) send(bt *batch[T]) {
	b.mu.Lock()
	if b.pending == bt {
		b.pending = nil
	}
	if bt.sent {
		b.mu.Unlock()
		return
	}
	bt.sent = true
	ids := append([]string(nil), bt.ids...)
	b.running.Add(1)
	b.mu.Unlock()

	go func() {
		defer b.running.Done()
		found, err := b.fetch(bt.ctx, ids)
		bt.cancel()
		bt.found, bt.err = found, err
		close(bt.done)
	}()
}

// leave takes a caller that gave up out of bt. An id nobody waits for any
// more is dropped from a batch not yet sent; a batch nobody waits for is not
// sent, or its call is cancelled.
func (b *Batcher[T]) leave(bt *batch[T], id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	bt.callers--
	bt.waiters[id]--
	if !bt.sent && bt.waiters[id] == 0 {
		delete(bt.waiters, id)
		for i, have := range bt.ids {
			if have == id {
				bt.ids = append(bt.ids[:i], bt.ids[i+1:]...)
				break
			}
		}
	}
	if bt.callers > 0 {
		return
	}
	if bt.sent {
		bt.cancel()
		return
	}
	bt.sent = true // abandoned: never sent
	bt.timer.Stop()
	bt.cancel()
	if b.pending == bt {
		b.pending = nil
	}
}

// Wait blocks until no batch call is in flight. Tests use it to show that
// nothing is left running once every Get has returned.
func (b *Batcher[T]) Wait() { b.running.Wait() }
