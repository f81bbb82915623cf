package framework

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// Tags are a map of key to value in Terraform and a list of
// {tagKey, tagValue} pairs in the API; these helpers convert between them.

// ExpandTags returns the tags of a map value, sorted by key; none for a null
// or unknown map.
func ExpandTags(ctx context.Context, v types.Map) ([]client.Tag, error) {
	if v.IsNull() || v.IsUnknown() {
		return nil, nil
	}
	m := map[string]string{}
	if d := v.ElementsAs(ctx, &m, false); d.HasError() {
		return nil, fmt.Errorf("reading tags: %v", d)
	}
	return SortedTags(m), nil
}

// FlattenTags returns the API's tags as a map value. No tags gives null
// when the configuration has none (prior is null or unknown), so an unset
// argument does not show a diff, and an empty map otherwise.
func FlattenTags(tags []client.Tag, prior types.Map) types.Map {
	m := make(map[string]attr.Value, len(tags))
	for _, t := range tags {
		m[t.TagKey] = types.StringValue(t.TagValue)
	}
	if len(m) == 0 && (prior.IsNull() || prior.IsUnknown()) {
		return types.MapNull(types.StringType)
	}
	return types.MapValueMust(types.StringType, m)
}

// SortedTags are the tags of m as API pairs, sorted by key.
func SortedTags(m map[string]string) []client.Tag {
	tags := make([]client.Tag, 0, len(m))
	for k, v := range m {
		tags = append(tags, client.Tag{TagKey: k, TagValue: v})
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].TagKey < tags[j].TagKey })
	return tags
}

// TagChanges returns the tags to bind and to unbind to go from old to new.
// A changed value is unbound (old pair) and bound again (new pair).
func TagChanges(ctx context.Context, oldTags, newTags types.Map) (bind, unbind []client.Tag, err error) {
	before, err := ExpandTags(ctx, oldTags)
	if err != nil {
		return nil, nil, err
	}
	after, err := ExpandTags(ctx, newTags)
	if err != nil {
		return nil, nil, err
	}
	have := map[string]string{}
	for _, t := range before {
		have[t.TagKey] = t.TagValue
	}
	want := map[string]string{}
	for _, t := range after {
		want[t.TagKey] = t.TagValue
	}
	for _, t := range before {
		if v, ok := want[t.TagKey]; !ok || v != t.TagValue {
			unbind = append(unbind, t)
		}
	}
	for _, t := range after {
		if v, ok := have[t.TagKey]; !ok || v != t.TagValue {
			bind = append(bind, t)
		}
	}
	return bind, unbind, nil
}
