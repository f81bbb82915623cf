package snapshot

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

const kindSnapshot = "snapshot"

// findSnapshotByID reads a snapshot; Baidu's not-found is a notFoundError.
// That is how a system-disk snapshot goes when its instance is released.
func findSnapshotByID(ctx context.Context, c *framework.Conn, id string) (*client.Snapshot, error) {
	s, err := c.Client.GetSnapshot(ctx, id)
	if err != nil {
		return nil, framework.GoneFromAPIError(kindSnapshot, id, err)
	}
	return s, nil
}

func describeSnapshot(s *client.Snapshot) string {
	return fmt.Sprintf("last status %s", s.Status)
}

// waitSnapshotAvailable waits until a new snapshot is Available, failing at
// once when Baidu reports it failed.
func waitSnapshotAvailable(ctx context.Context, c *framework.Conn, id string, timeout time.Duration) (*client.Snapshot, error) {
	return framework.WaitStatus(ctx, c, "snapshot "+id, timeout,
		func(ctx context.Context) (*client.Snapshot, error) { return findSnapshotByID(ctx, c, id) },
		func(s *client.Snapshot) string { return s.Status },
		client.SnapshotStatusAvailable, client.SnapshotStatusCreatedFailed, client.SnapshotStatusNotAvailable)
}

// waitSnapshotGone waits until Baidu says a deleted snapshot is gone.
func waitSnapshotGone(ctx context.Context, c *framework.Conn, id string, timeout time.Duration) error {
	return framework.WaitGone(ctx, c, fmt.Sprintf("deleted snapshot %s to read as gone", id), timeout,
		func(ctx context.Context) (*client.Snapshot, error) { return findSnapshotByID(ctx, c, id) }, describeSnapshot)
}

// snapshotStillCreating reports whether a refused delete is the 403 Baidu
// gives a snapshot it is still making ("without special error code", so
// the snapshot's own status tells), which passes.
func snapshotStillCreating(ctx context.Context, c *framework.Conn, id string) func(error) bool {
	return func(err error) bool {
		if framework.HTTPStatusOf(err) != http.StatusForbidden {
			return false
		}
		s, rerr := findSnapshotByID(ctx, c, id)
		return rerr == nil && s.Status == client.SnapshotStatusCreating
	}
}
