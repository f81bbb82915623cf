package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// MaxBatchIDs is the most ids listByInstanceId takes in one call [2025
// doc, meta i18n; the 2020 doc gives no limit].
const MaxBatchIDs = 100

// ListInstancesByIDs reads up to 100 instances with one call per page
// (POST /v2/instance/listByInstanceId, body {"instanceIds":[...]}), and
// returns them in the order Baidu listed them. It only reads, so it is
// retried like a GET.
//
// Repeated ids are sent once, and the limit counts distinct ids; fewer
// than 1 or more than 100, or an id that is not safe to send, is an error
// before any request.
//
// What Baidu does with ids that do not exist, were released or sit in the
// recycle bin is not documented [?]: it may leave them out (they are then
// simply absent here), list them with status Recycled or Deleted, or fail
// the whole call, e.g. with 404 NoSuchObject (then the APIError is
// returned as it is). The caller decides what absence means.
//
// A page whose "instances" is absent or null lists nothing: Baidu's page
// shows the key in every answer but says nothing of an answer that matches
// nothing [doc, ?], and bce-sdk-go reads absent and null as an empty list
// [SDK]. Reading them as "no match" is safe because absence here never
// means "gone": the caller reads every id a batch answer leaves out on its
// own, with a GET judged by the gone contract, so a wrong "no match" costs
// calls, never correctness. What is not a page at all still fails, with a
// ResponseError that is not retried (Baidu's considered answer): a body
// that is not a JSON object (null, an array, a string), or an "instances"
// that is not a list of objects.
//
// Paging: marker and maxKeys=1000 go in the query [doc, meta]. Unlike
// bce-sdk-go, the body never carries capitalised Marker/MaxKeys.
func (c *Client) ListInstancesByIDs(ctx context.Context, ids []string) ([]Instance, error) {
	const op = "ListInstancesByIDs"
	distinct := make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if err := checkID(op, id); err != nil {
			return nil, err
		}
		if !seen[id] {
			seen[id] = true
			distinct = append(distinct, id)
		}
	}
	if len(distinct) == 0 || len(distinct) > MaxBatchIDs {
		return nil, fmt.Errorf("%s: want 1 to %d distinct instance ids, got %d", op, MaxBatchIDs, len(distinct))
	}
	body := map[string][]string{"instanceIds": distinct}

	all := []Instance{}
	err := eachPage(nil, func(q url.Values) (string, bool, error) {
		// A pointer, so that a body of JSON null, which would leave a
		// struct untouched, leaves it nil instead and is caught.
		var out *struct {
			pageFields
			Instances []Instance `json:"instances"`
		}
		err := c.do(ctx, request{
			operation: op,
			method:    http.MethodPost,
			path:      "/v2/instance/listByInstanceId",
			query:     q,
			body:      body,
			out:       &out,
			readOnly:  true,
			check: func() error {
				if out == nil {
					return errors.New("answer is JSON null, not an object")
				}
				return nil
			},
		})
		if err != nil {
			return "", false, err
		}
		all = append(all, out.Instances...)
		return out.NextMarker, out.IsTruncated, nil
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// SetDeletionProtection turns an instance's release protection on or off
// (PUT /v2/instance/{id}/deletionProtection, body {"deletionProtection":1}
// or 0) [doc]. While it is on, manual release is refused; Baidu still
// releases the instance on expiry, for debt and on a scheduled
// auto-release [doc]. That setting 0 turns it off again is assumed: the
// 2025 doc says it "cannot be manually deactivated", most likely a
// mistranslation, while the SDK offers 0 [?]. The error a release gets
// while protection is on is not documented.
func (c *Client) SetDeletionProtection(ctx context.Context, id string, on bool) error {
	value := 0
	if on {
		value = 1
	}
	return c.modify(ctx, "SetDeletionProtection", id, instancePath(id)+"/deletionProtection", "", nil, map[string]int{"deletionProtection": value})
}

// eachPage calls page with the filters plus maxKeys=1000 and the marker
// (none for the first page), then with each next marker while the answer is
// truncated. Marker and maxKeys always go in the query.
func eachPage(filters url.Values, page func(q url.Values) (next string, truncated bool, err error)) error {
	return followMarkers("", func(marker string) (string, bool, error) {
		q := make(url.Values, len(filters)+2)
		for k, v := range filters {
			q[k] = v
		}
		q.Set("maxKeys", strconv.Itoa(maxListKeys))
		if marker != "" {
			q.Set("marker", marker)
		}
		return page(q)
	})
}
