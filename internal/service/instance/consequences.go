package instance

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// What Baidu does around an instance it releases (its Release Instance
// page): the snapshots of the system disk are deleted, attached data disks
// are detached and kept (with their snapshots), custom images are kept. A
// plan that destroys or replaces an instance says so in a warning.

// releaseConsequencesWarning says, for a plan that destroys or replaces
// instance id, which system-disk snapshots Baidu will delete and which data
// disks it will detach, whether Terraform manages them or not. When there
// is nothing to say, there is no warning, and when the listing fails it is
// a warning that says so, never an error: the plan itself is right either
// way.
func releaseConsequencesWarning(ctx context.Context, c *framework.Conn, id, action string) diag.Diagnostic {
	snapshots, volumes, err := c.Around.List(ctx, c)
	if err != nil {
		return consequencesUnknown(ctx, id, action, err)
	}
	var deleted, detached []string
	for _, s := range snapshots {
		if s.VolumeID == id { // a snapshot of the system disk (Baidu takes the instance id for it)
			deleted = append(deleted, fmt.Sprintf("%s (%q)", s.ID, s.Name))
		}
	}
	for _, v := range volumes {
		if v.Type == client.VolumeTypeSystem || v.IsSystemVolume {
			continue
		}
		if _, attached := v.AttachmentTo(id); attached {
			detached = append(detached, fmt.Sprintf("%s (%q, %d GB)", v.ID, v.Name, v.DiskSizeInGB))
		}
	}
	if len(deleted) == 0 && len(detached) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "This plan will %s instance %s. When Baidu releases it, it:\n", action, id)
	if len(deleted) > 0 {
		fmt.Fprintf(&b, "  - deletes the %s of its system disk: %s, whether or not Terraform manages %s;\n",
			plural(len(deleted), "snapshot"), strings.Join(deleted, ", "), pronoun(len(deleted)))
	}
	if len(detached) > 0 {
		fmt.Fprintf(&b, "  - detaches and keeps %s: %s, with %s snapshots;\n",
			plural(len(detached), "data disk"), strings.Join(detached, ", "), possessive(len(detached)))
	}
	b.WriteString("Custom images made from the instance are kept. To keep a system-disk snapshot, make a custom image from it " +
		"(baidu_bcc_image with snapshot_id) before the apply.")
	return diag.NewWarningDiagnostic(fmt.Sprintf("Releasing instance %s also changes its snapshots and disks", id), b.String())
}

func consequencesUnknown(ctx context.Context, id, action string, err error) diag.Diagnostic {
	tflog.Warn(ctx, "could not list what releasing the instance takes with it", map[string]any{"instance_id": id, "error": err.Error()})
	return diag.NewWarningDiagnostic(fmt.Sprintf("Could not list what releasing instance %s takes with it", id),
		fmt.Sprintf("This plan will %s instance %s. Baidu deletes the snapshots of a released instance's system disk and detaches "+
			"its data disks, but the provider could not list them: %s. The plan is not affected.", action, id, err))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func possessive(n int) string {
	if n == 1 {
		return "its"
	}
	return "their"
}
