//go:build unix

package acctest

import (
	"os"
	"path/filepath"
	"syscall"
)

// turn is the open lock file; it stays open, and so locked, until the
// process exits (a closed or collected file would drop the lock).
var turn *os.File

// takeTurn waits until no other acceptance-test binary of this checkout is
// running, and holds the turn until this one exits. The acceptance tests
// of every package once ran in one binary, -parallel at a time; spread
// over a package per resource, go test would run several binaries at once,
// each with its own -parallel, and the tests that measure the provider's
// waits against the wall clock would run on a machine far busier than
// they were written for. Taking turns keeps the old load. go test's
// -timeout starts in m.Run, after the turn is taken, so the wait does not
// count against it.
func takeTurn() error {
	root, err := RepoRoot()
	if err != nil {
		return err
	}
	dir := filepath.Join(root, ".cache")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, "acctest.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return err
	}
	turn = f
	return nil
}
