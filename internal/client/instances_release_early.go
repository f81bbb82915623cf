package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ClientTokenFor returns a client token derived from parts, so that every
// attempt of one logical operation, across runs of Terraform, carries the
// same token and Baidu makes its object once (the final image of a destroy
// that is run again after a timeout).
func ClientTokenFor(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return "tf-" + hex.EncodeToString(sum[:16])
}

// ErrReleaseRefused is wrapped by the error of an early release that Baidu
// answered with 200 and the instance in failResources.
var ErrReleaseRefused = errors.New("Baidu did not release the instance")

// EarlyRelease is what Baidu answered an early release.
type EarlyRelease struct {
	// Confirmed is true when successResources names the instance.
	Confirmed bool
	// Refund is instanceRefundFlag, nil when the answer has none. Baidu's
	// page describes it as whether the instance was released ("实例是否成功
	// 释放"), its name says refund: the provider reads neither meaning into
	// it and confirms the release by reading the instance as gone.
	Refund    *bool
	RequestID string
}

// ReleaseInstanceEarly releases an instance through POST
// /v2/instance/delete {"instanceId",...} with every related-resource flag
// false: Baidu's route for releasing a prepaid instance before it expires
// (with the refund Baidu decides) [doc], which also releases postpaid and
// expired ones. The answer {"successResources","failResources",
// "instanceRefundFlag"} is from the SDK [SDK]. The instance named in
// failResources is a ResponseError wrapping ErrReleaseRefused, with the
// request id. An empty 200 body, or one naming the instance nowhere,
// confirms nothing: the caller must read the instance as gone. Refusals are
// APIErrors as on DELETE (CodeReleaseWhileCreating, deletion protection).
func (c *Client) ReleaseInstanceEarly(ctx context.Context, id string) (EarlyRelease, error) {
	const op = "ReleaseInstanceEarly"
	if err := checkID(op, id); err != nil {
		return EarlyRelease{}, err
	}
	type resources struct {
		InstanceID string `json:"instanceId"`
	}
	var out struct {
		RequestID          string     `json:"requestId"`
		SuccessResources   *resources `json:"successResources"`
		FailResources      *resources `json:"failResources"`
		InstanceRefundFlag *bool      `json:"instanceRefundFlag"`
	}
	err := c.do(ctx, request{
		operation: op,
		method:    http.MethodPost,
		path:      "/v2/instance/delete",
		body: map[string]any{"instanceId": id, "relatedReleaseFlag": false,
			"deleteCdsSnapshotFlag": false, "deleteRelatedEnisFlag": false},
		out:     &out,
		emptyOK: true,
		check: func() error {
			if out.FailResources != nil && out.FailResources.InstanceID == id {
				return fmt.Errorf("%w: the answer lists %s in failResources", ErrReleaseRefused, id)
			}
			return nil
		},
	})
	var respErr *ResponseError
	if errors.As(err, &respErr) && respErr.RequestID == "" {
		respErr.RequestID = cleanRequestID(out.RequestID)
	}
	if err != nil {
		return EarlyRelease{}, err
	}
	return EarlyRelease{
		Confirmed: out.SuccessResources != nil && out.SuccessResources.InstanceID == id,
		Refund:    out.InstanceRefundFlag,
		RequestID: cleanRequestID(out.RequestID),
	}, nil
}
