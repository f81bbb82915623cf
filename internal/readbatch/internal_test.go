package readbatch

// gathering is how many callers wait in the batch that is gathering ids.
func (b *Batcher[T]) gathering() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pending == nil {
		return 0
	}
	return b.pending.callers
}
