package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Power calls: the baidu_bcc_instance_power action starts, stops and
// reboots instances with them.

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

// RebootInstance reboots a running instance (PUT ?reboot, body
// {"forceStop":bool}). Baidu's API pages list no reboot; this is the call
// bce-sdk-go makes (services/bcc/api/instance.go RebootInstance) [SDK],
// which decodes a BatchOperationResp {"requestId","failedInstanceIdList"}
// from the answer. An empty answer, or one whose list is empty, is
// success; an instance listed there was not rebooted, which is an error:
// the instance would read Running either way, and a wait alone could not
// tell. A 409 on a retry is not settled as start and stop are: a reboot
// leaves the instance where it was, so its status cannot say whether the
// first attempt was taken.
func (c *Client) RebootInstance(ctx context.Context, id string, force bool) error {
	const op = "RebootInstance"
	if err := checkID(op, id); err != nil {
		return err
	}
	var out struct {
		RequestID string   `json:"requestId"`
		Failed    []string `json:"failedInstanceIdList"`
	}
	err := c.do(ctx, request{
		operation: op,
		method:    http.MethodPut,
		path:      instancePath(id),
		action:    "reboot",
		body:      map[string]bool{"forceStop": force},
		out:       &out,
		emptyOK:   true,
		check: func() error {
			if len(out.Failed) == 0 {
				return nil
			}
			return fmt.Errorf("%w: Baidu answered failedInstanceIdList [%s]", ErrNotRebooted,
				clean(strings.Join(out.Failed, ", "), maxMessageLen))
		},
	})
	var respErr *ResponseError
	if errors.As(err, &respErr) && respErr.RequestID == "" {
		respErr.RequestID = cleanRequestID(out.RequestID)
	}
	return err
}

// ErrNotRebooted is wrapped by the error of a reboot that Baidu answered
// with 200 and a non-empty failedInstanceIdList.
var ErrNotRebooted = errors.New("the instance was not rebooted")

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
