package client

import (
	"context"
	"errors"
	"net/http"
	"slices"
)

// The provider never starts or stops an instance, so these calls live with
// the tests that pin down how a start or stop repeated after a lost answer
// is settled, ready to move back beside the other instance calls when
// something in the provider needs them.

// StartInstance starts a stopped instance (PUT ?start).
func (c *Client) StartInstance(ctx context.Context, id string) error {
	err := c.modify(ctx, "StartInstance", id, instancePath(id), "start", nil, nil)
	return c.settleRepeatedAction(ctx, id, err, "Starting", "Running")
}

// StopInstance stops an instance (PUT ?stop); force skips the guest's
// orderly shutdown.
func (c *Client) StopInstance(ctx context.Context, id string, force bool) error {
	err := c.modify(ctx, "StopInstance", id, instancePath(id), "stop", nil, map[string]bool{"forceStop": force})
	return c.settleRepeatedAction(ctx, id, err, "Stopping", "Stopped")
}

// settleRepeatedAction decides a 409 met by a retried start or stop. When
// the first attempt's answer was lost, Baidu may have acted on it, and the
// retry is then refused because the instance is already on its way: that is
// the success the caller asked for. The instance's status tells; a 409 on
// the first attempt is always the caller's to handle.
func (c *Client) settleRepeatedAction(ctx context.Context, id string, err error, wanted ...string) error {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict || apiErr.Attempts < 2 {
		return err
	}
	inst, getErr := c.GetInstance(ctx, id)
	if getErr == nil && slices.Contains(wanted, inst.Status) {
		return nil
	}
	return err
}
