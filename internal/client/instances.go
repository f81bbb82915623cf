package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

const (
	maxListKeys = 1000
	// maxFilterValues is how many comma values one list filter such as
	// instanceIds takes.
	maxFilterValues = 100
	// maxPages stops a server that keeps answering "truncated" from
	// keeping a list call alive forever.
	maxPages = 10000
	// maxClientTokenLen is the API's limit for clientToken.
	maxClientTokenLen = 64
)

// idPattern is what an id must look like before it goes into a path: a
// stray "/" or "?" would address another resource, and an empty id would
// turn "release this instance" into a request on the collection.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

// checkID checks an instance id.
func checkID(operation, id string) error { return checkResourceID(operation, "instance", id) }

func checkClientToken(operation, token string) error {
	if token == "" || len(token) > maxClientTokenLen {
		return fmt.Errorf("%s: client token must be 1 to %d characters, got %d", operation, maxClientTokenLen, len(token))
	}
	for i := 0; i < len(token); i++ {
		if token[i] <= ' ' || token[i] > '~' {
			return fmt.Errorf("%s: client token must be printable ASCII without spaces", operation)
		}
	}
	return nil
}

// NewClientToken returns a random token that makes one create or resize
// idempotent. Use one token for all attempts of the same operation (the
// client does so for its own retries) and a new one for the next.
func NewClientToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails; it aborts the program instead
	return "tf-" + hex.EncodeToString(b[:])
}

func instancePath(id string) string { return "/v2/instance/" + id }

// CreateInstanceBySpec creates instances (POST /v2/instanceBySpec). The
// client token makes the call idempotent, which is what allows the client
// to retry it: a repeat with the same token returns the first result.
func (c *Client) CreateInstanceBySpec(ctx context.Context, clientToken string, req CreateInstanceBySpecRequest) (*CreateInstanceResult, error) {
	const op = "CreateInstanceBySpec"
	if err := checkClientToken(op, clientToken); err != nil {
		return nil, err
	}
	if req.Spec == "" || req.ImageID == "" {
		return nil, fmt.Errorf("%s: spec and imageId are required", op)
	}
	if req.Description != "" {
		return nil, fmt.Errorf("%s: the create API has no description field; set it with UpdateInstanceDesc once the instance exists", op)
	}
	body := req // a copy: the caller's struct keeps the plain password
	var secrets []string
	if req.AdminPass != "" {
		encrypted, err := bceauth.EncryptPassword(req.AdminPass, c.creds.SecretKey)
		if err != nil {
			return nil, fmt.Errorf("%s: encrypting admin password: %w", op, err)
		}
		body.AdminPass = encrypted
		secrets = []string{req.AdminPass, encrypted}
	}
	var out CreateInstanceResult
	err := c.do(ctx, request{
		operation: op,
		method:    http.MethodPost,
		path:      "/v2/instanceBySpec",
		query:     url.Values{"clientToken": {clientToken}},
		body:      body,
		out:       &out,
		secrets:   secrets,
		check: func() error {
			if len(out.InstanceIDs) == 0 || slices.Contains(out.InstanceIDs, "") {
				return errors.New("answer lists no instance id")
			}
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// GetInstance reads one instance (GET /v2/instance/{id}). A missing
// instance gives an error for which IsNotFound is true.
func (c *Client) GetInstance(ctx context.Context, id string) (*Instance, error) {
	return getObject(ctx, c, "GetInstance", "instance", id, instancePath(id), func(in *Instance) *string { return &in.ID })
}

// ListInstances returns one page of instances (GET /v2/instance).
func (c *Client) ListInstances(ctx context.Context, req ListInstancesRequest) (*ListInstancesResult, error) {
	const op = "ListInstances"
	if req.MaxKeys < 0 || req.MaxKeys > maxListKeys {
		return nil, fmt.Errorf("%s: maxKeys must be between 0 and %d, got %d", op, maxListKeys, req.MaxKeys)
	}
	q := url.Values{}
	if req.Marker != "" {
		q.Set("marker", req.Marker)
	}
	if req.MaxKeys > 0 {
		q.Set("maxKeys", strconv.Itoa(req.MaxKeys))
	}
	if len(req.InstanceIDs) > maxFilterValues || len(req.InstanceNames) > maxFilterValues {
		return nil, fmt.Errorf("%s: at most %d instance ids and %d names per call, got %d and %d",
			op, maxFilterValues, maxFilterValues, len(req.InstanceIDs), len(req.InstanceNames))
	}
	if len(req.InstanceIDs) > 0 {
		for _, id := range req.InstanceIDs {
			if err := checkID(op, id); err != nil {
				return nil, err
			}
		}
		q.Set("instanceIds", strings.Join(req.InstanceIDs, ","))
	}
	if len(req.InstanceNames) > 0 {
		for _, name := range req.InstanceNames {
			if name == "" || strings.Contains(name, ",") {
				return nil, fmt.Errorf("%s: invalid instance name %q: a name filter value must be non-empty and hold no comma", op, name)
			}
		}
		q.Set("instanceNames", strings.Join(req.InstanceNames, ","))
	}
	if req.ZoneName != "" {
		q.Set("zoneName", req.ZoneName)
	}
	if req.Status != "" {
		q.Set("status", req.Status)
	}
	if req.PaymentTiming != "" {
		q.Set("paymentTiming", req.PaymentTiming)
	}
	if len(req.Tags) > 0 {
		pairs := make([]string, len(req.Tags))
		for i, t := range req.Tags {
			// The filter has no escaping: a comma would split a pair and
			// a colon would move the boundary between key and value.
			if t.TagKey == "" || strings.ContainsAny(t.TagKey, ",:") || strings.ContainsAny(t.TagValue, ",:") {
				return nil, fmt.Errorf("%s: tag %q=%q cannot be sent as a filter: the key must be non-empty and neither may hold ',' or ':'", op, t.TagKey, t.TagValue)
			}
			pairs[i] = t.TagKey
			if t.TagValue != "" {
				pairs[i] += ":" + t.TagValue
			}
		}
		q.Set("tags", strings.Join(pairs, ","))
	}
	var out ListInstancesResult
	if err := c.do(ctx, request{operation: op, method: http.MethodGet, path: "/v2/instance", query: q, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListAllInstances follows the markers from req.Marker to the last page.
func (c *Client) ListAllInstances(ctx context.Context, req ListInstancesRequest) ([]Instance, error) {
	all := []Instance{}
	err := c.EachInstancePage(ctx, req, func(page []Instance) bool {
		all = append(all, page...)
		return true
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// EachInstancePage hands each page of instances, 1,000 a page unless
// req.MaxKeys says otherwise, to page, following the markers from
// req.Marker until the last page or until page returns false: a caller
// that needs only some instances stops paying for pages it will not use.
func (c *Client) EachInstancePage(ctx context.Context, req ListInstancesRequest, page func([]Instance) bool) error {
	if req.MaxKeys == 0 {
		req.MaxKeys = maxListKeys
	}
	return followMarkers(req.Marker, func(marker string) (string, bool, error) {
		req.Marker = marker
		out, err := c.ListInstances(ctx, req)
		if err != nil {
			return "", false, err
		}
		more := page(out.Instances)
		return out.NextMarker, out.IsTruncated && more, nil
	})
}

// ListInstanceVolumes lists the disks attached to an instance, all pages:
// ListVolumes filtered by instanceId, with the id required.
func (c *Client) ListInstanceVolumes(ctx context.Context, instanceID string) ([]Volume, error) {
	if err := checkID("ListInstanceVolumes", instanceID); err != nil {
		return nil, err
	}
	return c.ListVolumes(ctx, ListVolumesRequest{InstanceID: instanceID})
}

// followMarkers calls page with marker, then with each next marker while
// the answer says it is truncated. A truncated page without a new marker
// would loop forever, so it is an error.
func followMarkers(marker string, page func(marker string) (next string, truncated bool, err error)) error {
	seen := map[string]bool{marker: true}
	for range maxPages {
		next, truncated, err := page(marker)
		if err != nil {
			return err
		}
		if !truncated {
			return nil
		}
		if next == "" || seen[next] {
			return fmt.Errorf("listing stopped: the API said the list is truncated but gave no new marker (after %q)", marker)
		}
		seen[next] = true
		marker = next
	}
	return fmt.Errorf("listing stopped after %d pages", maxPages)
}

// modify sends PUT {path}?{action} with an optional JSON body.
func (c *Client) modify(ctx context.Context, op, id, path, action string, query url.Values, body any, secrets ...string) error {
	if err := checkID(op, id); err != nil {
		return err
	}
	return c.do(ctx, request{operation: op, method: http.MethodPut, path: path, action: action, query: query, body: body, secrets: secrets})
}

// RenameInstance sets the name (PUT ?modifyAttribute).
func (c *Client) RenameInstance(ctx context.Context, id, name string) error {
	return c.modify(ctx, "RenameInstance", id, instancePath(id), "modifyAttribute", nil, map[string]string{"name": name})
}

// UpdateInstanceDesc sets the description (PUT ?modifyDesc).
func (c *Client) UpdateInstanceDesc(ctx context.Context, id, desc string) error {
	return c.modify(ctx, "UpdateInstanceDesc", id, instancePath(id), "modifyDesc", nil, map[string]string{"desc": desc})
}

// ChangeAdminPass sets a new admin password (PUT ?changePass), sent
// encrypted with the secret key.
//
// Baidu's page documents no answer body ("no special return parameters",
// and its example answer has none) [doc], while bce-sdk-go decodes
// {"requestId","failedInstanceIdList":[...]} from it (BatchOperationResp)
// [SDK]. Both are accepted: an empty body, or a JSON object whose
// failedInstanceIdList is absent, null or empty, is success. A non-empty
// list means Baidu did not change the password of the instances it names,
// although the status is 200: that is a ResponseError wrapping
// ErrPasswordNotChanged, naming them and the request id (the
// x-bce-request-id header's, else the body's requestId), and it is not
// retried. A 2xx body that is not such an object is an error too, since it
// cannot say whether the change was made.
func (c *Client) ChangeAdminPass(ctx context.Context, id, plainPass string) error {
	const op = "ChangeAdminPass"
	if err := checkID(op, id); err != nil {
		return err
	}
	if plainPass == "" {
		return fmt.Errorf("%s: the password is empty", op)
	}
	encrypted, err := bceauth.EncryptPassword(plainPass, c.creds.SecretKey)
	if err != nil {
		return fmt.Errorf("%s: encrypting admin password: %w", op, err)
	}
	var out struct {
		RequestID string   `json:"requestId"`
		Failed    []string `json:"failedInstanceIdList"`
	}
	err = c.do(ctx, request{
		operation: op,
		method:    http.MethodPut,
		path:      instancePath(id),
		action:    "changePass",
		body:      map[string]string{"adminPass": encrypted},
		out:       &out,
		emptyOK:   true,
		secrets:   []string{plainPass, encrypted},
		check: func() error {
			if len(out.Failed) == 0 {
				return nil
			}
			return fmt.Errorf("%w: Baidu answered failedInstanceIdList [%s]", ErrPasswordNotChanged,
				clean(strings.Join(out.Failed, ", "), maxMessageLen))
		},
	})
	var respErr *ResponseError
	if errors.As(err, &respErr) && respErr.RequestID == "" {
		respErr.RequestID = cleanRequestID(out.RequestID)
	}
	return err
}

// ErrPasswordNotChanged is wrapped by the error of a password change that
// Baidu answered with 200 and a non-empty failedInstanceIdList.
var ErrPasswordNotChanged = errors.New("the admin password was not changed")

// ResizeInstanceBySpec changes the spec (PUT /v2/instanceBySpec/{id}?resize).
// The instance goes through status Scaling back to Running.
func (c *Client) ResizeInstanceBySpec(ctx context.Context, id, spec, clientToken string) error {
	const op = "ResizeInstanceBySpec"
	if err := checkClientToken(op, clientToken); err != nil {
		return err
	}
	if spec == "" {
		return fmt.Errorf("%s: spec is empty", op)
	}
	return c.modify(ctx, op, id, "/v2/instanceBySpec/"+id, "resize", url.Values{"clientToken": {clientToken}}, map[string]string{"spec": spec})
}

// BindTags adds tags to an instance (PUT /v2/instance/{id}/tag?bind). No
// tags means nothing to do and no request.
func (c *Client) BindTags(ctx context.Context, id string, tags []Tag) error {
	return c.changeTags(ctx, "BindTags", "bind", id, tags)
}

// UnbindTags removes tags from an instance (PUT /v2/instance/{id}/tag?unbind).
// No tags means nothing to do and no request.
func (c *Client) UnbindTags(ctx context.Context, id string, tags []Tag) error {
	return c.changeTags(ctx, "UnbindTags", "unbind", id, tags)
}

func (c *Client) changeTags(ctx context.Context, op, action, id string, tags []Tag) error {
	if err := checkID(op, id); err != nil {
		return err
	}
	if len(tags) == 0 {
		return nil
	}
	return c.modify(ctx, op, id, instancePath(id)+"/tag", action, nil, map[string][]Tag{"changeTags": tags})
}

// ReleaseInstance releases an instance (DELETE /v2/instance/{id}). The API
// refuses while the instance is still being created
// (CodeReleaseWhileCreating) and for an unexpired prepaid instance
// (CodeReleaseNotPrepay).
func (c *Client) ReleaseInstance(ctx context.Context, id string) error {
	const op = "ReleaseInstance"
	if err := checkID(op, id); err != nil {
		return err
	}
	return c.do(ctx, request{operation: op, method: http.MethodDelete, path: instancePath(id)})
}
