package readbatch

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// recorder is a Fetch that answers "v:<id>" for every id, except those its
// omit function leaves out, and fails the calls its fail function picks.
type recorder struct {
	mu    sync.Mutex
	calls [][]string
	omit  func(id string) bool
	fail  func(call int) bool
	block chan struct{} // when set, calls wait for it (or their context)
}

func (r *recorder) fetch(ctx context.Context, ids []string) (map[string]string, error) {
	r.mu.Lock()
	r.calls = append(r.calls, append([]string(nil), ids...))
	n := len(r.calls)
	r.mu.Unlock()
	if r.block != nil {
		select {
		case <-r.block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if r.fail != nil && r.fail(n) {
		return nil, fmt.Errorf("batch call %d failed", n)
	}
	out := map[string]string{}
	for _, id := range ids {
		if r.omit == nil || !r.omit(id) {
			out[id] = "v:" + id
		}
	}
	// Something nobody asked for must never reach a caller.
	out["i-stranger"] = "v:i-stranger"
	return out, nil
}

func (r *recorder) callList() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// A batch fills up and is sent at once: no window has to pass.
func TestBatchIsSentWhenFull(t *testing.T) {
	rec := &recorder{}
	b := New(rec.fetch, 3, time.Hour)
	var wg sync.WaitGroup
	for _, id := range []string{"i-1", "i-2", "i-3"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, found, err := b.Get(context.Background(), id)
			if err != nil || !found || v != "v:"+id {
				t.Errorf("Get(%s) = %q, %v, %v", id, v, found, err)
			}
		}()
	}
	wg.Wait()
	calls := rec.callList()
	if len(calls) != 1 || len(calls[0]) != 3 {
		t.Fatalf("calls %v, want one call with 3 ids", calls)
	}
}

// A batch that does not fill up is sent when its window has passed.
func TestBatchIsSentAfterWindow(t *testing.T) {
	rec := &recorder{}
	b := New(rec.fetch, 100, time.Millisecond)
	v, found, err := b.Get(context.Background(), "i-1")
	if err != nil || !found || v != "v:i-1" {
		t.Fatalf("Get = %q, %v, %v", v, found, err)
	}
	if calls := rec.callList(); len(calls) != 1 || !slices.Equal(calls[0], []string{"i-1"}) {
		t.Fatalf("calls %v", calls)
	}
}

// Callers asking for the same id share one slot in the call.
func TestDuplicateIDsAreSentOnce(t *testing.T) {
	rec := &recorder{}
	b := New(rec.fetch, 2, time.Hour)
	var wg sync.WaitGroup
	for i, id := range []string{"i-1", "i-1", "i-1", "i-2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, found, err := b.Get(context.Background(), id); err != nil || !found || v != "v:"+id {
				t.Errorf("Get(%s) = %q, %v, %v", id, v, found, err)
			}
		}()
		for i < 3 && b.gathering() != i+1 { // the i-1 readers join before i-2 fills the batch
			runtime.Gosched()
		}
	}
	wg.Wait()
	if calls := rec.callList(); len(calls) != 1 || len(calls[0]) != 2 {
		t.Fatalf("calls %v, want one call with i-1 and i-2", calls)
	}
}

// An id the answer does not list is reported as not found, never as
// another caller's object; a failed call reaches every caller as an error.
func TestPartialAnswersAndFailures(t *testing.T) {
	rec := &recorder{omit: func(id string) bool { return id == "i-gone" }}
	b := New(rec.fetch, 2, time.Hour)
	results := make(chan string, 2)
	for _, id := range []string{"i-here", "i-gone"} {
		go func() {
			v, found, err := b.Get(context.Background(), id)
			results <- fmt.Sprintf("%s=%q/%v/%v", id, v, found, err)
		}()
	}
	got := []string{<-results, <-results}
	slices.Sort(got)
	want := []string{`i-gone=""/false/<nil>`, `i-here="v:i-here"/true/<nil>`}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}

	failing := &recorder{fail: func(int) bool { return true }}
	b = New(failing.fetch, 1, time.Hour)
	if _, found, err := b.Get(context.Background(), "i-1"); err == nil || found {
		t.Fatalf("a failed call gave found=%v err=%v", found, err)
	}
}

// A caller that gives up leaves the batch; the others still get their
// answer, and the id nobody waits for any more is not sent.
func TestCancelledCallerLeavesBatch(t *testing.T) {
	rec := &recorder{}
	b := New(rec.fetch, 2, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error, 1)
	go func() {
		_, _, err := b.Get(ctx, "i-quitter")
		gaveUp <- err
	}()
	// Let it join, then cancel it: its error is its own context's.
	for b.gathering() != 1 {
		runtime.Gosched()
	}
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller got %v", err)
	}
	// The batch was abandoned with its only caller; the next Gets fill a
	// new one.
	var wg sync.WaitGroup
	for _, id := range []string{"i-a", "i-b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, _, err := b.Get(context.Background(), id); err != nil || v != "v:"+id {
				t.Errorf("Get(%s) = %q, %v", id, v, err)
			}
		}()
	}
	wg.Wait()
	for _, call := range rec.callList() {
		if slices.Contains(call, "i-quitter") {
			t.Errorf("the abandoned id was sent: %v", call)
		}
	}
}

// The call of a batch whose callers all left is cancelled.
func TestInFlightCallCancelledWhenEveryoneLeft(t *testing.T) {
	rec := &recorder{block: make(chan struct{})}
	b := New(rec.fetch, 1, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, _, err := b.Get(ctx, "i-1"); done <- err }()
	for len(rec.callList()) == 0 {
		runtime.Gosched()
	}
	cancel()
	<-done
	b.Wait() // returns only because the blocked call saw its context end
}

// Many readers at once, with cancellations, failed calls and partial
// answers: every reader gets its own object or a truthful "not found" or
// error; no call holds more than max ids or one id twice; and once every
// reader has returned, no batch call is left running (b.Wait returns).
func TestManyConcurrentReaders(t *testing.T) {
	const readers, maxIDs = 2000, 100
	rec := &recorder{
		omit: func(id string) bool { return id[len(id)-1] == '7' },
		fail: func(call int) bool { return call%5 == 0 },
	}
	b := New(rec.fetch, maxIDs, 2*time.Millisecond)
	var wg sync.WaitGroup
	var wrong, cancelled atomic.Int64
	for n := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("i-%04d", n%700) // many ids asked for by several readers
			ctx := context.Background()
			if rand.IntN(5) == 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, time.Duration(rand.IntN(3000))*time.Microsecond)
				defer cancel()
			}
			v, found, err := b.Get(ctx, id)
			switch {
			case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
				cancelled.Add(1)
			case err != nil:
				// a failed call: no value may come with it
				if found || v != "" {
					wrong.Add(1)
				}
			case id[len(id)-1] == '7':
				if found || v != "" {
					wrong.Add(1)
				}
			case !found || v != "v:"+id:
				wrong.Add(1)
			}
		}()
	}
	wg.Wait()
	b.Wait()
	if n := wrong.Load(); n != 0 {
		t.Fatalf("%d readers got an answer that was not theirs", n)
	}
	for _, call := range rec.callList() {
		if len(call) > maxIDs {
			t.Errorf("a call held %d ids, more than %d", len(call), maxIDs)
		}
		seen := map[string]bool{}
		for _, id := range call {
			if seen[id] {
				t.Errorf("a call held %s twice", id)
			}
			seen[id] = true
		}
	}
	calls := len(rec.callList())
	if calls >= readers/2 {
		t.Errorf("%d calls for %d readers: reads were not batched", calls, readers)
	}
	t.Logf("%d readers (%d gave up), %d batch calls", readers, cancelled.Load(), calls)
}

// Reads that keep arriving keep the batch open: each one that joins within
// a window of the last gives the round more time, so a round spread over
// more than one window is still one call.
func TestArrivalsKeepTheBatchOpen(t *testing.T) {
	rec := &recorder{}
	b := New(rec.fetch, 100, time.Second)
	var wg sync.WaitGroup
	for i, id := range []string{"i-1", "i-2", "i-3"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, _, err := b.Get(context.Background(), id); err != nil || v != "v:"+id {
				t.Errorf("Get(%s) = %q, %v", id, v, err)
			}
		}()
		for b.gathering() != i+1 {
			runtime.Gosched()
		}
	}
	wg.Wait()
	if calls := rec.callList(); len(calls) != 1 || len(calls[0]) != 3 {
		t.Fatalf("calls %v, want one call with the three ids", calls)
	}
}

// However steadily reads arrive, a batch is sent at the latest its linger
// after its first id: here the window is an hour, so only the linger can
// end it once a second read has joined.
func TestLingerBoundsTheWait(t *testing.T) {
	rec := &recorder{}
	b := New(rec.fetch, 100, time.Hour)
	b.linger = 20 * time.Millisecond
	var wg sync.WaitGroup
	for i, id := range []string{"i-1", "i-2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, _, err := b.Get(context.Background(), id); err != nil || v != "v:"+id {
				t.Errorf("Get(%s) = %q, %v", id, v, err)
			}
		}()
		for b.gathering() < i+1 && len(rec.callList()) == 0 {
			runtime.Gosched()
		}
	}
	wg.Wait()
	if calls := rec.callList(); len(calls) != 1 {
		t.Fatalf("calls %v, want one", calls)
	}
}

// While a call is on its way, the reads that pile up wait for it and go
// out together when it returns, however long the quiet between them.
func TestReadsWaitForTheCallOnItsWay(t *testing.T) {
	rec := &recorder{block: make(chan struct{})}
	b := New(rec.fetch, 100, time.Millisecond)
	b.linger = time.Hour
	var wg sync.WaitGroup
	get := func(id string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, _, err := b.Get(context.Background(), id); err != nil || v != "v:"+id {
				t.Errorf("Get(%s) = %q, %v", id, v, err)
			}
		}()
	}
	get("i-first")
	for len(rec.callList()) == 0 { // the first call is on its way, held by the recorder
		runtime.Gosched()
	}
	for i, id := range []string{"i-a", "i-b", "i-c"} {
		get(id)
		for b.gathering() != i+1 {
			runtime.Gosched()
		}
		time.Sleep(5 * time.Millisecond) // longer than the window: without the rule, a call each
	}
	close(rec.block)
	wg.Wait()
	if calls := rec.callList(); len(calls) != 2 || len(calls[1]) != 3 {
		t.Fatalf("calls %v, want the first and then one with the three that waited", calls)
	}
}

// Once the callers' concurrency is known (three at once here), a batch that
// holds all of them while no call is on its way goes at once: nobody else
// can arrive before it returns, so waiting for a quiet would only add time.
// The window is an hour in the second round, so only this rule can send it.
func TestWholeRoundIsSentAtOnce(t *testing.T) {
	rec := &recorder{}
	b := New(rec.fetch, 100, time.Millisecond)
	round := func(ctx context.Context, ids ...string) {
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if v, _, err := b.Get(ctx, id); err != nil || v != "v:"+id {
					t.Errorf("Get(%s) = %q, %v", id, v, err)
				}
			}()
		}
		wg.Wait()
	}
	// The first round learns the concurrency: all three wait at once
	// (each is held until the three have joined).
	rec.block = make(chan struct{})
	go func() {
		for {
			b.mu.Lock()
			n := b.waiting
			b.mu.Unlock()
			if n == 3 {
				close(rec.block)
				return
			}
			runtime.Gosched()
		}
	}()
	round(context.Background(), "i-1", "i-2", "i-3")
	b.Wait()
	rec.block = nil
	b.mu.Lock()
	peak := b.peak
	b.window, b.linger = time.Hour, time.Hour
	b.mu.Unlock()
	if peak != 3 {
		t.Fatalf("peak %d, want 3", peak)
	}
	before := len(rec.callList())
	// Without the rule the round would wait out its hour-long window; the
	// deadline turns that into a failure that says so, not a test timeout.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	round(ctx, "i-4", "i-5", "i-6")
	if calls := rec.callList()[before:]; len(calls) != 1 || len(calls[0]) != 3 {
		t.Fatalf("second round: calls %v, want one with the three ids", calls)
	}
}
