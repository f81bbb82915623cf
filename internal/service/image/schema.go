package image

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

const (
	defaultImageCreateTimeout = 60 * time.Minute
	defaultImageUpdateTimeout = 5 * time.Minute
	defaultImageDeleteTimeout = 10 * time.Minute

	// MaxCustomImages is Baidu's quota of custom images per account and
	// region [doc].
	MaxCustomImages = 20
)

type bccImageModel struct {
	ID         types.String   `tfsdk:"id"`
	Name       types.String   `tfsdk:"name"`
	InstanceID types.String   `tfsdk:"instance_id"`
	SnapshotID types.String   `tfsdk:"snapshot_id"`
	Status     types.String   `tfsdk:"status"`
	OsType     types.String   `tfsdk:"os_type"`
	OsName     types.String   `tfsdk:"os_name"`
	OsVersion  types.String   `tfsdk:"os_version"`
	MinDiskGB  types.Int64    `tfsdk:"min_disk_gb"`
	CreateTime types.String   `tfsdk:"create_time"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (r *bccImageResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	sourceReplaces := stringplanmodifier.RequiresReplaceIf(replaceWhenSourceChanges,
		"Changing the source replaces the image; naming a source for an imported image, or no longer naming it, does not.",
		"Changing the source replaces the image; naming a source for an imported image, or no longer naming it, does not.")
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom image of an instance's system disk, made from the instance or from a snapshot of its system disk. " +
			"Baidu keeps the image when the instance is released. Baidu does not report an image's source, so the provider " +
			"never reads `instance_id` or `snapshot_id` back: a released source causes no diff and no error.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Image ID, such as `m-nky7qeom`.",
				PlanModifiers:       keep,
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name: 1-65 characters, starting with a letter; letters, digits, Chinese characters, spaces and `-_/.`. Updated in place.",
				Validators:          []validator.String{validate.StorageName("an image name")},
			},
			"instance_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "ID of the instance (`i-...`, `Running` or `Stopped`) whose system disk to image. One of `instance_id` " +
					"and `snapshot_id` is required to make an image; an imported image may name neither, since Baidu does not report " +
					"an image's source (naming it then records it without a replacement). Changing it replaces the image; when the image should outlive a replacement of its " +
					"instance, add `lifecycle { ignore_changes = [instance_id] }`.",
				PlanModifiers: []planmodifier.String{sourceReplaces},
				Validators:    []validator.String{validate.ID("an instance", validate.PrefixInstance)},
			},
			"snapshot_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "ID of a snapshot of a system disk (`s-...`, `Available`) to image. One of `instance_id` " +
					"and `snapshot_id` is required to make an image (see `instance_id`). Changing it replaces the image.",
				PlanModifiers: []planmodifier.String{sourceReplaces},
				Validators:    []validator.String{validate.ID("a snapshot", validate.PrefixSnapshot)},
			},
			"status":     schema.StringAttribute{Computed: true, MarkdownDescription: "Status reported by Baidu: `Available` once made."},
			"os_type":    schema.StringAttribute{Computed: true, MarkdownDescription: "Operating system type, such as `linux`.", PlanModifiers: keep},
			"os_name":    schema.StringAttribute{Computed: true, MarkdownDescription: "Operating system name, such as `Ubuntu`.", PlanModifiers: keep},
			"os_version": schema.StringAttribute{Computed: true, MarkdownDescription: "Operating system version.", PlanModifiers: keep},
			"min_disk_gb": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Smallest system disk, in GB, an instance made from the image can have.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"create_time": schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time (RFC 3339, UTC).", PlanModifiers: keep},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

// ConfigValidators: an image is made from one source, an instance or a
// system-disk snapshot. A configuration may name neither, because Baidu
// never reports an image's source: an image adopted by an import (or by a
// configuration that terraform query generated) has none to write. plan.go
// requires one when the image is to be made.
func (r *bccImageResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(path.MatchRoot("instance_id"), path.MatchRoot("snapshot_id")),
	}
}

// replaceWhenSourceChanges replaces the image when the configuration names
// another source than the one it was made from. A source that state does
// not know (an imported image) or that the configuration stops naming is
// only recorded or forgotten: the image on Baidu is the same either way.
func replaceWhenSourceChanges(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull() && !req.PlanValue.IsNull()
}
