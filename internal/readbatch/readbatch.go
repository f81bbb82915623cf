// Package readbatch gathers concurrent reads of single objects into batch
// calls. A plan refreshes every resource in state at once (up to
// -parallelism at a time), and waits poll their objects side by side; an API
// that can read many objects in one call then serves all of them with one
// request instead of one each.
//
// A Get joins the batch that is gathering. A batch is sent when it holds Max
// distinct ids, or when Window has passed without a new id joining it (and
// at the latest lingerFactor windows after its first id). Reads made "at
// the same time" rarely arrive at the same instant: a plan's reads come as
// the callers finish their previous work, spread over tens or hundreds of
// milliseconds on a busy machine, and a window counted from the first id
// alone would cut each round into several calls. Counting from the last id
// lets a round that is still arriving finish, and costs a lone read no more
// than a few windows (expectFactor, while nothing is known of the callers).
// While a batch holds fewer ids than the last one sent (the
// callers of a round come back together), the quiet it waits for is longer
// (expectFactor windows, and one per ten ids of the last batch), so that a
// straggler of a round still makes the call. (Sending a batch as soon as it
// is as big as the last one was tried: it feeds on itself, one small batch
// making the next one small; the peak of waiting callers below does not,
// for it only grows.) And while another call is on its way, a batch
// that is not full waits for it (within its linger): at high concurrency
// reads arrive faster than calls return, and they then go out together.
//
// The callers' concurrency is learnt: the most Gets ever waiting at once
// (a plan at -parallelism=P has at most P reads under way). A batch that
// holds that many callers while no call is on its way, the peak having not
// grown since it started, is sent at once, for nobody else can arrive
// before it returns; one that holds fewer waits a longer quiet
// (underPeakFactor windows), for its other callers are known to be still on
// their way, slowed by whatever else the machine is doing.
// So a round is neither cut by a busy machine's gaps nor kept waiting once
// it is whole.
// Each caller
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

	mu       sync.Mutex
	pending  *batch[T] // the batch gathering ids, if any
	lastSize int       // ids in the last batch sent
	flying   int       // batch calls on their way
	waiting  int       // callers in Get that have no answer yet
	peak     int       // the most callers ever waiting at once
	running  sync.WaitGroup
}

// batch is one Fetch call and the callers waiting for it.
type batch[T any] struct {
	ids     []string
	waiters map[string]int // callers waiting per id
	callers int
	sent    bool
	first   time.Time // when the first id joined
	expect  int       // the Batcher's peak when this batch started
	timer   *time.Timer
	ctx     context.Context // detached from every caller
	cancel  context.CancelFunc
	done    chan struct{} // closed when found and err are set
	found   map[string]T
	err     error
}

// lingerFactor bounds how long a batch may keep gathering, in windows
// after its first id, however steadily reads keep joining it; a full batch
// goes at once anyway. expectFactor is the quiet, in windows, a batch
// smaller than the last one waits for.
const (
	lingerFactor    = 100
	expectFactor    = 3
	underPeakFactor = 10
)

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
		b.answered()
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
		bt = &batch[T]{waiters: map[string]int{}, ctx: bctx, cancel: cancel, done: make(chan struct{}), first: time.Now(), expect: b.peak}
		b.pending = bt
	}
	b.waiting++
	b.peak = max(b.peak, b.waiting)
	if bt.waiters[id] == 0 {
		bt.ids = append(bt.ids, id)
	}
	bt.waiters[id]++
	bt.callers++
	// Give the reads that are still arriving their quiet. (A timer that
	// fired meanwhile has its send waiting for this lock; it sends the
	// batch with this id in it, and the reset timer then finds it sent.)
	if bt.timer == nil {
		bt.timer = time.AfterFunc(b.quiet(bt), func() { b.send(bt) })
	} else {
		bt.timer.Reset(b.quiet(bt))
	}
	// Every caller there can be is in this batch: nobody else will arrive
	// before it returns.
	whole := b.whole(bt)
	if len(bt.ids) < b.max && !whole {
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
	if bt.sent {
		b.mu.Unlock()
		return
	}
	if b.flying > 0 && b.pending == bt && len(bt.ids) < b.max && time.Since(bt.first) < b.linger {
		// Another call is on its way: its callers come back together when
		// it returns, and reads that pile up meanwhile go out with them
		// in one call rather than in a call each. When it returns, this
		// batch gets one more window (see land); a call that does not
		// return holds it up to its linger, no longer.
		bt.timer.Reset(b.linger - time.Since(bt.first))
		b.mu.Unlock()
		return
	}
	if b.pending == bt {
		b.pending = nil
	}
	bt.sent = true
	ids := append([]string(nil), bt.ids...)
	b.lastSize = len(ids)
	b.flying++
	b.running.Add(1)
	b.mu.Unlock()

	go func() {
		defer b.running.Done()
		found, err := b.fetch(bt.ctx, ids)
		bt.cancel()
		bt.found, bt.err = found, err
		close(bt.done)
		b.land()
	}()
}

// land records that a call has returned, and gives a batch held back for
// it its quiet again (within its linger) for the returning callers, or
// sends it at once when it is whole.
func (b *Batcher[T]) land() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flying--
	if bt := b.pending; bt != nil && bt.timer != nil {
		wait := b.quiet(bt)
		if b.whole(bt) {
			wait = 0 // whole already: it waited only for this call
		}
		bt.timer.Reset(wait)
	}
}

// quiet is how long bt waits for another read to join it, no longer than
// its linger allows. One window, but longer where more callers are known to
// be on their way: before anything is known of the callers (the first
// batch), expectFactor windows; while it holds fewer ids than the last batch
// sent (the callers of a round come back together, the more of them the
// later: one window per ten, and at least expectFactor); and while it holds
// fewer callers than the most ever waiting at once, underPeakFactor windows.
func (b *Batcher[T]) quiet(bt *batch[T]) time.Duration {
	q := b.window
	if b.peak <= 1 && b.lastSize == 0 {
		q = expectFactor * b.window
	}
	if len(bt.ids) < b.lastSize {
		q = max(q, time.Duration(max(expectFactor, b.lastSize/10))*b.window)
	}
	if bt.callers < b.peak {
		q = max(q, underPeakFactor*b.window)
	}
	return max(0, min(q, b.linger-time.Since(bt.first)))
}

// whole reports whether bt holds every caller there can be: as many as the
// most ever waiting at once, a peak that has not grown since bt started (a
// peak still growing is callers still arriving), with no call on its way
// whose callers could come back. Nobody else will arrive before it returns.
func (b *Batcher[T]) whole(bt *batch[T]) bool {
	return bt.expect > 1 && b.peak == bt.expect && bt.callers >= bt.expect && b.flying == 0
}

// answered records that a caller got its batch's answer.
func (b *Batcher[T]) answered() {
	b.mu.Lock()
	b.waiting--
	b.mu.Unlock()
}

// leave takes a caller that gave up out of bt. An id nobody waits for any
// more is dropped from a batch not yet sent; a batch nobody waits for is not
// sent, or its call is cancelled.
func (b *Batcher[T]) leave(bt *batch[T], id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.waiting--
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
