package framework

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list/schema"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// LiveSources are the disks and instances that exist, for the source_gone
// filters of the snapshot and image lists. They are read with one paged
// listing of each (1,000 a call), never one read per snapshot or image.
type LiveSources struct {
	volumes, instances map[string]bool
}

// ListLiveSources lists what source_gone needs: the disks (system disks
// included, as a snapshot may name one) when volumes is true, the instances
// when instances is true. Released instances (Deleted, Recycled) count as
// gone, as they do for Terraform.
func ListLiveSources(ctx context.Context, c *client.Client, volumes, instances bool) (*LiveSources, error) {
	s := &LiveSources{}
	if volumes {
		list, err := c.ListVolumes(ctx, client.ListVolumesRequest{})
		if err != nil {
			return nil, err
		}
		s.volumes = make(map[string]bool, len(list))
		for _, v := range list {
			s.volumes[v.ID] = true
		}
	}
	if instances {
		list, err := c.ListAllInstances(ctx, client.ListInstancesRequest{})
		if err != nil {
			return nil, err
		}
		s.instances = make(map[string]bool, len(list))
		for _, in := range list {
			if in.Status != "Deleted" && in.Status != "Recycled" {
				s.instances[in.ID] = true
			}
		}
	}
	return s, nil
}

// Gone reports whether the disk (v-...) or instance (i-...) id is gone. An
// empty id is a source Baidu no longer names, which it does (if it does)
// only once the source is gone.
func (s *LiveSources) Gone(id string) bool {
	switch {
	case id == "":
		return true
	case strings.HasPrefix(id, "i-"):
		return !s.instances[id]
	default:
		return !s.volumes[id]
	}
}

// ListSourceGoneFilter is the source_gone filter, applied by the provider.
func ListSourceGoneFilter(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{
		Optional: true,
		MarkdownDescription: desc + " Applied by the provider, which lists the existing disks and instances for it " +
			"(one paged listing of each, not one read per object).",
	}
}
