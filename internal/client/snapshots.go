package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// maxSnapshotRetentionDays is the longest retention Baidu takes; -1 keeps
// a snapshot for ever [meta].
const maxSnapshotRetentionDays = 10000

func snapshotPath(id string) string { return "/v2/snapshot/" + id }

func checkRetention(op string, days int) error {
	if days != -1 && (days < 1 || days > maxSnapshotRetentionDays) {
		return fmt.Errorf("%s: retentionInDays must be 1 to %d, or -1 to keep the snapshot for ever; got %d", op, maxSnapshotRetentionDays, days)
	}
	return nil
}

// CreateSnapshot snapshots a disk (POST /v2/snapshot?clientToken=) and
// returns the snapshot's id. VolumeID is a CDS volume id, or an instance id
// for that instance's system disk [doc, meta]. The token makes the call
// idempotent, which lets the client retry it; the doc marks it required.
//
// The disk must be InUse or Available, and for a system disk the instance
// Running or Stopped [doc]; the status and code of a refusal are unknown.
// The snapshot starts Creating and becomes Available (or CreatedFailed).
// The answer {"snapshotId"} is from the SDKs [SDK, gen]; one without it is
// a ResponseError. Tags are left out when empty (the SDK sends null).
func (c *Client) CreateSnapshot(ctx context.Context, clientToken string, req CreateSnapshotRequest) (string, error) {
	const op = "CreateSnapshot"
	if err := checkClientToken(op, clientToken); err != nil {
		return "", err
	}
	if err := checkResourceID(op, "volume", req.VolumeID); err != nil {
		return "", err
	}
	if req.SnapshotName == "" {
		return "", fmt.Errorf("%s: snapshotName is required", op)
	}
	if req.RetentionInDays != 0 {
		if err := checkRetention(op, req.RetentionInDays); err != nil {
			return "", err
		}
	}
	return createIDs(ctx, c, op, "/v2/snapshot", clientToken, req, "snapshotId", nonEmpty, "answer has no snapshotId")
}

// GetSnapshot reads one snapshot (GET /v2/snapshot/{id} ->
// {"snapshot":{...}}) [doc]. Errors: 400 BadRequest, 404 NoSuchObject [doc].
// An answer without a "snapshot" object is a ResponseError.
func (c *Client) GetSnapshot(ctx context.Context, id string) (*Snapshot, error) {
	return getObject(ctx, c, "GetSnapshot", "snapshot", id, snapshotPath(id), func(sn *Snapshot) *string { return &sn.ID })
}

// ListSnapshots lists snapshots (GET /v2/snapshot), all pages of up to
// 1000. A volumeID (a CDS volume id, or an instance id for its system
// disk) is sent as the volumeId filter [doc]; "" lists every snapshot.
// bce-sdk-go never sends volumeId and so always lists everything; this
// client does send it. A page without a "snapshots" list counts as empty.
func (c *Client) ListSnapshots(ctx context.Context, volumeID string) ([]Snapshot, error) {
	const op = "ListSnapshots"
	filters := url.Values{}
	if volumeID != "" {
		if err := checkResourceID(op, "volume", volumeID); err != nil {
			return nil, err
		}
		filters.Set("volumeId", volumeID)
	}
	all := []Snapshot{}
	err := eachPage(filters, func(q url.Values) (string, bool, error) {
		var out struct {
			pageFields
			Snapshots []Snapshot `json:"snapshots"`
		}
		if err := c.do(ctx, request{operation: op, method: http.MethodGet, path: "/v2/snapshot", query: q, out: &out}); err != nil {
			return "", false, err
		}
		all = append(all, out.Snapshots...)
		return out.NextMarker, out.IsTruncated, nil
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// DeleteSnapshot deletes a snapshot (DELETE /v2/snapshot/{id}; 200 with an
// empty body) [doc]. Only an Available or CreatedFailed snapshot can be
// deleted; otherwise Baidu answers 403 with no documented code. A missing
// snapshot gets 404 [doc].
func (c *Client) DeleteSnapshot(ctx context.Context, id string) error {
	const op = "DeleteSnapshot"
	if err := checkResourceID(op, "snapshot", id); err != nil {
		return err
	}
	return c.do(ctx, request{operation: op, method: http.MethodDelete, path: snapshotPath(id)})
}

// ModifySnapshot changes a snapshot's name, description or retention (PUT
// /v2/snapshot/{id}?modifyAttribute, body {"snapshotName","desc",
// "retentionInDays"}) [meta, SDK]; unset fields are left out. Nothing set
// means nothing to do and no request. An empty name or description is
// refused (Baidu's SDK never sends one, and no document says it clears
// anything), as is a retention outside 1..10000 other than -1. The answer
// and error codes are not documented [?].
func (c *Client) ModifySnapshot(ctx context.Context, id string, req ModifySnapshotRequest) error {
	const op = "ModifySnapshot"
	if err := checkResourceID(op, "snapshot", id); err != nil {
		return err
	}
	if req.SnapshotName != nil && *req.SnapshotName == "" {
		return fmt.Errorf("%s: snapshotName must not be empty", op)
	}
	if req.Desc != nil && *req.Desc == "" {
		return fmt.Errorf("%s: desc must not be empty: Baidu has no documented way to clear a description", op)
	}
	if req.RetentionInDays != nil {
		if err := checkRetention(op, *req.RetentionInDays); err != nil {
			return err
		}
	}
	if req.SnapshotName == nil && req.Desc == nil && req.RetentionInDays == nil {
		return nil
	}
	return c.do(ctx, request{
		operation: op,
		method:    http.MethodPut,
		path:      snapshotPath(id),
		action:    "modifyAttribute",
		body:      req,
	})
}
