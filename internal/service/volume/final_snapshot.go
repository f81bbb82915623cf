package volume

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// makeFinalSnapshot makes a snapshot of disk id before its delete and
// waits until it is Available (see framework.MakeFinal). Baidu keeps a
// deleted disk's manual snapshots (its delete call deletes them only when
// asked, and the provider never asks). It reads through the client, not
// the snapshot resource's finder: resources do not reach into each other.
func makeFinalSnapshot(ctx context.Context, c *framework.Conn, id, name string, timeout time.Duration) (string, error) {
	return framework.MakeFinal(ctx, "snapshot", id, name,
		func(ctx context.Context, token string) (string, error) {
			return c.Client.CreateSnapshot(ctx, token, client.CreateSnapshotRequest{VolumeID: id, SnapshotName: name})
		},
		func(ctx context.Context, snapshotID string) error {
			_, err := framework.WaitStatus(ctx, c, "snapshot "+snapshotID, timeout,
				func(ctx context.Context) (*client.Snapshot, error) {
					s, err := c.Client.GetSnapshot(ctx, snapshotID)
					return s, framework.GoneFromAPIError("snapshot", snapshotID, err)
				},
				func(s *client.Snapshot) string { return s.Status },
				client.SnapshotStatusAvailable, client.SnapshotStatusCreatedFailed, client.SnapshotStatusNotAvailable)
			return err
		})
}

func finalSnapshotFailed(id, name, snapshotID string, err error) diag.Diagnostic {
	made := "Baidu did not make it"
	if snapshotID != "" {
		made = fmt.Sprintf("Baidu started it as %s, which is not Available", snapshotID)
	}
	return diag.NewErrorDiagnostic("Final snapshot not made; the disk was not deleted",
		fmt.Sprintf("final_snapshot asks for a snapshot %q of volume %s before its delete, and %s: %s. The disk was not deleted and "+
			"stays in state. Run the destroy again once the cause is fixed (it reuses a snapshot already made), raise timeouts.delete, "+
			"or remove final_snapshot and apply before destroying.", name, id, made, err))
}

func finalSnapshotKept(id, name, snapshotID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic(fmt.Sprintf("Final snapshot %s of volume %s is kept outside Terraform", snapshotID, id),
		fmt.Sprintf("Snapshot %s (%q) was made of volume %s before its delete, as final_snapshot asks, and Baidu keeps it. It is not "+
			"in Terraform state; to manage it, import it as a baidu_bcc_snapshot: `terraform import baidu_bcc_snapshot.final %s`.",
			snapshotID, name, id, snapshotID))
}
