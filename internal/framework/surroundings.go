package framework

import (
	"context"
	"sync"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// Surroundings are the account's snapshots and disks, listed once and
// shared by every instance a plan destroys: a destroy of a hundred
// instances costs two listings (a page per thousand objects), not two
// reads per instance, which would add a round trip per instance to every
// destroy. A listing is reused for a minute on the provider's clock; each
// Terraform command configures the provider anew, so it never outlives the
// command's plan.
type Surroundings struct {
	mu        sync.Mutex
	listedAt  time.Time
	snapshots []client.Snapshot
	volumes   []client.Volume
}

const surroundingsTTL = time.Minute

func (s *Surroundings) List(ctx context.Context, c *Conn) ([]client.Snapshot, []client.Volume, error) {
	s.mu.Lock() // one listing at a time: the instances destroyed together wait for the first
	defer s.mu.Unlock()
	if !s.listedAt.IsZero() && c.Clock.Now().Sub(s.listedAt) < surroundingsTTL {
		return s.snapshots, s.volumes, nil
	}
	snapshots, err := c.Client.ListSnapshots(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	volumes, err := c.Client.ListVolumes(ctx, client.ListVolumesRequest{})
	if err != nil {
		return nil, nil, err
	}
	s.snapshots, s.volumes, s.listedAt = snapshots, volumes, c.Clock.Now()
	return snapshots, volumes, nil
}
