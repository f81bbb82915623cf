//go:build !unix

package acctest

// takeTurn does not wait where there is no flock: acceptance-test
// binaries may then run at the same time (see turn_unix.go).
func takeTurn() error { return nil }
