package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
)

func volumePath(id string) string { return "/v2/volume/" + id }

// maxVolumePurchaseCount is the most disks one create makes [2025 doc, meta].
const maxVolumePurchaseCount = 5

// CreateVolume creates CDS disks (POST /v2/volume?clientToken=) and returns
// their ids. The token makes the call idempotent, which is what lets the
// client retry it: a repeat with the same token and body returns the same
// ids. The disks start Creating and become Available; poll GetVolume.
//
// Refused before any request: a bad token, neither a size nor a snapshot,
// a negative size, a purchase count outside 0..5. Baidu's answer is
// {"volumeIds":[...],"warningList":[...]} [SDK; the doc's response section
// was not readable]; the warnings are not returned. An answer without ids,
// or with an empty one, is a ResponseError. No create error codes are
// documented.
func (c *Client) CreateVolume(ctx context.Context, clientToken string, req CreateVolumeRequest) ([]string, error) {
	const op = "CreateVolume"
	if err := checkClientToken(op, clientToken); err != nil {
		return nil, err
	}
	if req.CdsSizeInGB < 0 {
		return nil, fmt.Errorf("%s: cdsSizeInGB must not be negative, got %d", op, req.CdsSizeInGB)
	}
	if req.CdsSizeInGB == 0 && req.SnapshotID == "" {
		return nil, fmt.Errorf("%s: give cdsSizeInGB or snapshotId", op)
	}
	if req.SnapshotID != "" {
		if err := checkResourceID(op, "snapshot", req.SnapshotID); err != nil {
			return nil, err
		}
	}
	if req.PurchaseCount < 0 || req.PurchaseCount > maxVolumePurchaseCount {
		return nil, fmt.Errorf("%s: purchaseCount must be 1 to %d (0 for the default of 1), got %d", op, maxVolumePurchaseCount, req.PurchaseCount)
	}
	usable := func(ids []string) bool { return len(ids) > 0 && !slices.Contains(ids, "") }
	return createIDs(ctx, c, op, "/v2/volume", clientToken, req, "volumeIds", usable, "answer lists no volume id")
}

// GetVolume reads one disk (GET /v2/volume/{id} -> {"volume":{...}})
// [SDK, gen; the doc page was not readable]. A missing disk is a 404 [doc
// release pages]; that its code is NoSuchObject, as for other BCC objects,
// is assumed [?]. An answer without a "volume" object is a ResponseError.
func (c *Client) GetVolume(ctx context.Context, id string) (*Volume, error) {
	return getObject(ctx, c, "GetVolume", "volume", id, volumePath(id), func(v *Volume) *string { return &v.ID })
}

// ListVolumes lists disks (GET /v2/volume), all pages of up to 1000, with
// the filters that are set. Baidu never lists local disks, and includes the
// system disk when filtering by instance [doc]. A page without a "volumes"
// list counts as empty.
func (c *Client) ListVolumes(ctx context.Context, req ListVolumesRequest) ([]Volume, error) {
	const op = "ListVolumes"
	filters := url.Values{}
	if req.InstanceID != "" {
		if err := checkID(op, req.InstanceID); err != nil {
			return nil, err
		}
		filters.Set("instanceId", req.InstanceID)
	}
	if req.ZoneName != "" {
		filters.Set("zoneName", req.ZoneName)
	}
	switch req.UsageFilter {
	case "":
	case VolumeUsageSystem, VolumeUsageData:
		filters.Set("usageFilter", req.UsageFilter)
	default:
		return nil, fmt.Errorf("%s: usageFilter must be %q or %q, got %q", op, VolumeUsageSystem, VolumeUsageData, req.UsageFilter)
	}
	switch req.PaymentTiming {
	case "":
	case PaymentPostpaid:
		filters.Set("chargeFilter", "postpay")
	case PaymentPrepaid:
		filters.Set("chargeFilter", "prepay")
	default:
		return nil, fmt.Errorf("%s: payment timing must be %q or %q, got %q", op, PaymentPostpaid, PaymentPrepaid, req.PaymentTiming)
	}
	all := []Volume{}
	err := eachPage(filters, func(q url.Values) (string, bool, error) {
		var out listVolumesResult
		if err := c.do(ctx, request{operation: op, method: http.MethodGet, path: "/v2/volume", query: q, out: &out}); err != nil {
			return "", false, err
		}
		all = append(all, out.Volumes...)
		return out.NextMarker, out.IsTruncated, nil
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// AttachVolume attaches a disk to an instance (PUT /v2/volume/{id}?attach,
// body {"instanceId"}). The disk must be Available (else 409
// CodeVolumeDistNotAvailable) and the instance Running or Stopped (else 409
// CodeVolumeInstanceStatusCannotAttach), in the same zone (else 403, code
// not given) [doc]. The disk then goes Attaching and InUse [?]; poll
// GetVolume for the status and the attachment.
//
// Baidu documents a {"volumeAttachment":{...},"warningList":[...]} answer,
// but an empty 200 must be tolerated too, and the attachment is final only
// once the disk is InUse. So the answer is not decoded (an empty body would
// read as a garbled answer and be retried, and a repeated attach fails with
// 409): the device and serial are read from GetVolume's Attachments.
func (c *Client) AttachVolume(ctx context.Context, volumeID, instanceID string) error {
	return c.volumeInstanceAction(ctx, "AttachVolume", "attach", volumeID, instanceID)
}

// DetachVolume detaches a disk from an instance (PUT /v2/volume/{id}?detach,
// body {"instanceId"}; 200 with an empty body) [doc]. The instance must be
// Running or Stopped (else 409 CodeVolumeInstanceStatusCannotDetach). A
// disk not attached to that instance gets CodeVolumeDiskNotAttachedInstance,
// with status 400 or 404 (the doc says both).
func (c *Client) DetachVolume(ctx context.Context, volumeID, instanceID string) error {
	return c.volumeInstanceAction(ctx, "DetachVolume", "detach", volumeID, instanceID)
}

// volumeInstanceAction is the shape attach and detach share: PUT
// /v2/volume/{id}?<action> with body {"instanceId"}, both ids vetted first.
func (c *Client) volumeInstanceAction(ctx context.Context, op, action, volumeID, instanceID string) error {
	if err := checkResourceID(op, "volume", volumeID); err != nil {
		return err
	}
	if err := checkID(op, instanceID); err != nil {
		return err
	}
	return c.do(ctx, request{
		operation: op,
		method:    http.MethodPut,
		path:      volumePath(volumeID),
		action:    action,
		body:      map[string]string{"instanceId": instanceID},
	})
}

// ResizeVolume grows a disk (PUT /v2/volume/{id}?resize&clientToken=, body
// {"newCdsSizeInGB":N}). The new size must be larger than the current one
// and at most 32765 GB [doc]; only newSizeGB > 0 is checked here. Which
// states allow it is contradictory (InUse [2025 doc], Available [SDK doc]);
// both are assumed to. The disk shows Scaling while it resizes [SDK enum, ?].
// The answer's warningList is ignored; no error codes are documented.
func (c *Client) ResizeVolume(ctx context.Context, id string, newSizeGB int, clientToken string) error {
	const op = "ResizeVolume"
	if err := checkResourceID(op, "volume", id); err != nil {
		return err
	}
	if err := checkClientToken(op, clientToken); err != nil {
		return err
	}
	if newSizeGB <= 0 {
		return fmt.Errorf("%s: the new size must be positive, got %d", op, newSizeGB)
	}
	return c.do(ctx, request{
		operation: op,
		method:    http.MethodPut,
		path:      volumePath(id),
		action:    "resize",
		query:     url.Values{"clientToken": {clientToken}},
		body:      map[string]int{"newCdsSizeInGB": newSizeGB},
	})
}

// RenameVolume sets a disk's name (PUT /v2/volume/{id}?rename, body
// {"name"}). An invalid name gets 400 CodeVolumeDiskNameInvalid [doc].
func (c *Client) RenameVolume(ctx context.Context, id, name string) error {
	const op = "RenameVolume"
	if err := checkResourceID(op, "volume", id); err != nil {
		return err
	}
	if name == "" {
		return fmt.Errorf("%s: the name is empty", op)
	}
	return c.do(ctx, request{
		operation: op,
		method:    http.MethodPut,
		path:      volumePath(id),
		action:    "rename",
		body:      map[string]string{"name": name},
	})
}

// ModifyVolumeDesc sets a disk's name and description (PUT
// /v2/volume/{id}?modify, body {"cdsName","desc"}). Baidu refuses them both
// empty [doc], so that is refused here before any request. An empty one is
// left out, as Baidu's SDK does (omitempty): Baidu documents no way to clear
// a description, so callers must not expect "" to clear one (the provider
// refuses that at plan time). Pass the current name to keep it. An invalid
// name gets 400 CodeVolumeDiskNameInvalid [doc].
func (c *Client) ModifyVolumeDesc(ctx context.Context, id, name, desc string) error {
	const op = "ModifyVolumeDesc"
	if err := checkResourceID(op, "volume", id); err != nil {
		return err
	}
	if name == "" && desc == "" {
		return fmt.Errorf("%s: Baidu refuses an empty name together with an empty description", op)
	}
	body := map[string]string{}
	if name != "" {
		body["cdsName"] = name
	}
	if desc != "" {
		body["desc"] = desc
	}
	return c.do(ctx, request{
		operation: op,
		method:    http.MethodPut,
		path:      volumePath(id),
		action:    "modify",
		body:      body,
	})
}

// ReleaseVolume deletes a disk (DELETE /v2/volume/{id}; 200 with an empty
// body) [2020 doc; the 2025 doc shows only the POST form, which by default
// moves the disk to the recycle bin instead]. The disk must be Available,
// Expired or Error and not attached (else 409
// CodeVolumeDiskStatusCannotBeDeleted); a system disk gets 403
// CodeVolumeSystemDiskCannotBeDeleted; a missing disk 404 [doc]. Its
// snapshots are kept [doc]. A repeat after a lost answer gets the 404.
func (c *Client) ReleaseVolume(ctx context.Context, id string) error {
	const op = "ReleaseVolume"
	if err := checkResourceID(op, "volume", id); err != nil {
		return err
	}
	return c.do(ctx, request{operation: op, method: http.MethodDelete, path: volumePath(id)})
}
