package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

// wantWire checks one recorded request: method, path, the raw query exactly
// as sent (bare action keys included), the JSON body ("" = none), the
// signed JSON Content-Type every request carries, and the signature.
func wantWire(t *testing.T, r seen, method, path, rawQuery, body string) {
	t.Helper()
	if r.Method != method || r.Path != path || r.RawQuery != rawQuery {
		t.Errorf("sent %s %s?%s\nwant %s %s?%s", r.Method, r.Path, r.RawQuery, method, path, rawQuery)
	}
	if body == "" {
		if len(r.Body) != 0 {
			t.Errorf("unexpected body %q", r.Body)
		}
	} else {
		jsonEqual(t, r.Body, body)
	}
	wantContentType(t, r)
	if r.SigErr != nil {
		t.Errorf("signature: %v", r.SigErr)
	}
}

// wantContentType checks that a request carries Content-Type
// application/json; charset=utf-8 whether or not it has a body, as
// Baidu's common-header page and bce-sdk-go have it, and that the
// signature covers it (it is one of the headers signed by default).
func wantContentType(t *testing.T, r seen) {
	t.Helper()
	if ct := r.Header.Values("Content-Type"); len(ct) != 1 || ct[0] != "application/json; charset=utf-8" {
		t.Errorf("%s %s?%s: Content-Type %q, want exactly \"application/json; charset=utf-8\"", r.Method, r.Path, r.RawQuery, ct)
	}
	auth, err := bceauth.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil || !slices.Contains(auth.SignedHeaders, "content-type") {
		t.Errorf("%s %s?%s: content-type is not among the signed headers %q (%v)", r.Method, r.Path, r.RawQuery, auth.SignedHeaders, err)
	}
}

// pagedByMarker answers each request with the page named by its query's
// marker ("" for the first page).
func pagedByMarker(pages map[string]string) func(n int, w http.ResponseWriter, r *http.Request) {
	return func(n int, w http.ResponseWriter, r *http.Request) {
		page, ok := pages[r.URL.Query().Get("marker")]
		if !ok {
			writeJSON(w, 400, apiErrorBody("InvalidHTTPRequest", "unexpected marker", "x"))
			return
		}
		writeJSON(w, 200, page)
	}
}

func wantResponseError(t *testing.T, err error, what string) {
	t.Helper()
	var re *ResponseError
	if !errors.As(err, &re) || re.StatusCode != 200 || re.RequestID != "req-200" {
		t.Errorf("%s: err = %v, want a ResponseError with status 200 and the request id", what, err)
	}
}

func TestListInstancesByIDsFollowsQueryMarkers(t *testing.T) {
	full := strings.TrimSuffix(strings.TrimPrefix(instanceJSON, `{"instance":`), "}")
	full = strings.Replace(full, `"id":"i-abc123"`, `"id":"i-1"`, 1)
	rec := newRecorder(t, testCreds, pagedByMarker(map[string]string{
		"":    `{"marker":"","isTruncated":true,"nextMarker":"i-3","maxKeys":1000,"instances":[` + full + `,{"id":"i-2","status":"Recycled"}]}`,
		"i-3": `{"marker":"i-3","isTruncated":true,"nextMarker":"i-5","maxKeys":1000,"instances":[{"id":"i-3","deletionProtection":1}]}`,
		"i-5": `{"marker":"i-5","isTruncated":false,"maxKeys":1000,"instances":[{"id":"i-5","status":"Running"}]}`,
	}))
	c := newTestClient(t, rec.srv.URL)
	// Out of order, with a repeat and an id Baidu does not list.
	got, err := c.ListInstancesByIDs(context.Background(), []string{"i-5", "i-1", "i-2", "i-3", "i-1", "i-gone"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, in := range got {
		ids = append(ids, in.ID)
	}
	if strings.Join(ids, ",") != "i-1,i-2,i-3,i-5" {
		t.Errorf("ids %v, want Baidu's order i-1,i-2,i-3,i-5", ids)
	}
	if got[0].Name != "web" || got[0].Spec != "bcc.g5.c2m8" || got[0].Tags[0].TagKey != "env" ||
		got[1].Status != "Recycled" || got[2].DeletionProtection != 1 {
		t.Errorf("decoded %+v", got)
	}

	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 pages", len(reqs))
	}
	body := `{"instanceIds":["i-5","i-1","i-2","i-3","i-gone"]}`
	for i, q := range []string{"maxKeys=1000", "marker=i-3&maxKeys=1000", "marker=i-5&maxKeys=1000"} {
		wantWire(t, reqs[i], "POST", "/v2/instance/listByInstanceId", q, body)
	}
}

func TestListInstancesByIDsRefusesBadInput(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"isTruncated":false,"instances":[]}`)
	})
	c := newTestClient(t, rec.srv.URL)
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("i-%08d", i)
		}
		return out
	}
	bad := map[string][]string{
		"nil":      nil,
		"empty":    {},
		"101 ids":  ids(101),
		"bad id":   {"i-1", "i-2/../x"},
		"empty id": {""},
		"query":    {"i-1?x"},
	}
	for name, in := range bad {
		if _, err := c.ListInstancesByIDs(context.Background(), in); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if rec.count() != 0 {
		t.Fatalf("refused input reached the API %d times", rec.count())
	}

	// 100 distinct ids (given with repeats) make one request.
	in := append(ids(100), ids(50)...)
	if got, err := c.ListInstancesByIDs(context.Background(), in); err != nil || len(got) != 0 {
		t.Fatalf("100 ids: %v, %v", got, err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests for 100 ids", rec.count())
	}
	if n := strings.Count(string(rec.requests()[0].Body), `"i-`); n != 100 {
		t.Errorf("%d ids sent, want 100", n)
	}
}

func TestListInstancesByIDsIsRetriedAsARead(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			writeJSON(w, 503, apiErrorBody("ServiceUnavailable", "busy", "r1"))
			return
		}
		writeJSON(w, 200, `{"isTruncated":false,"instances":[{"id":"i-1"}]}`)
	})
	c := newTestClient(t, rec.srv.URL)
	got, err := c.ListInstancesByIDs(context.Background(), []string{"i-1"})
	if err != nil || len(got) != 1 {
		t.Fatalf("%v, %v", got, err)
	}
	reqs := rec.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want a retry after the 503", len(reqs))
	}
	for _, r := range reqs {
		wantWire(t, r, "POST", "/v2/instance/listByInstanceId", "maxKeys=1000", `{"instanceIds":["i-1"]}`)
	}
}

func TestListInstancesByIDsAnswers(t *testing.T) {
	// Baidu does not say what an answer that matches nothing looks like;
	// "instances" absent or null is read as no match, like an empty list.
	t.Run("instances absent or null is no match", func(t *testing.T) {
		for _, body := range []string{
			`{"isTruncated":false,"instances":[]}`, `{}`, `{"isTruncated":false}`, `{"instances":null}`,
			`{"marker":"","isTruncated":false,"maxKeys":1000,"instances":null}`, `{"marker":"","isTruncated":false,"maxKeys":1000}`,
		} {
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
			c := newTestClient(t, rec.srv.URL)
			got, err := c.ListInstancesByIDs(context.Background(), []string{"i-1", "i-2"})
			if err != nil || got == nil || len(got) != 0 || rec.count() != 1 {
				t.Errorf("%s: got %v, %v after %d requests, want no instances and no error from one call", body, got, err, rec.count())
			}
		}
	})
	t.Run("a page without instances does not end the paging", func(t *testing.T) {
		rec := newRecorder(t, testCreds, pagedByMarker(map[string]string{
			"":    `{"marker":"","isTruncated":true,"nextMarker":"i-2","maxKeys":1000}`,
			"i-2": `{"marker":"i-2","isTruncated":false,"maxKeys":1000,"instances":[{"id":"i-2","status":"Running"}]}`,
		}))
		c := newTestClient(t, rec.srv.URL)
		got, err := c.ListInstancesByIDs(context.Background(), []string{"i-1", "i-2"})
		if err != nil || len(got) != 1 || got[0].ID != "i-2" || rec.count() != 2 {
			t.Errorf("got %v, %v after %d requests", got, err, rec.count())
		}
	})
	// What is not a page at all is an error, never an empty result, and
	// Baidu's considered answer is not retried.
	t.Run("not a page", func(t *testing.T) {
		for _, body := range []string{
			`null`, ` null `, `[]`, `"instances"`, `1`, `true`,
			`{"instances":{}}`, `{"instances":"i-1"}`, `{"instances":[1]}`, `{"instances":[null,"i-1"]}`, `{"instances":true}`,
		} {
			rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
			c := newTestClient(t, rec.srv.URL)
			got, err := c.ListInstancesByIDs(context.Background(), []string{"i-1"})
			wantResponseError(t, err, body)
			if got != nil || rec.count() != 1 {
				t.Errorf("%s: got %v after %d requests; a considered answer is not retried", body, got, rec.count())
			}
		}
	})
	t.Run("whole call refused as not found", func(t *testing.T) {
		rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 404, apiErrorBody("NoSuchObject", "The specified object is not found", "r"))
		})
		c := newTestClient(t, rec.srv.URL)
		_, err := c.ListInstancesByIDs(context.Background(), []string{"i-1", "i-2"})
		if !HasCode(err, "NoSuchObject") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestSetDeletionProtectionOnTheWire(t *testing.T) {
	rec := newRecorder(t, testCreds, func(n int, w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
	c := newTestClient(t, rec.srv.URL)
	if err := c.SetDeletionProtection(context.Background(), "i-abc123", true); err != nil {
		t.Fatal(err)
	}
	if err := c.SetDeletionProtection(context.Background(), "i-abc123", false); err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	wantWire(t, reqs[0], "PUT", "/v2/instance/i-abc123/deletionProtection", "", `{"deletionProtection":1}`)
	wantWire(t, reqs[1], "PUT", "/v2/instance/i-abc123/deletionProtection", "", `{"deletionProtection":0}`)
	// The value is an int, not a bool or a string.
	if got := string(reqs[0].Body); got != `{"deletionProtection":1}` {
		t.Errorf("body %s", got)
	}

	for _, id := range []string{"", "i-1/x", "i 1"} {
		if err := c.SetDeletionProtection(context.Background(), id, true); err == nil {
			t.Errorf("id %q accepted", id)
		}
	}
	if rec.count() != 2 {
		t.Errorf("bad ids reached the API")
	}
}

func TestEachPageKeepsFiltersOnEveryPage(t *testing.T) {
	next := map[string]string{"": "a", "a": "b", "b": ""}
	filters := url.Values{"zoneName": {"cn-bj-a"}}
	var queries []string
	err := eachPage(filters, func(q url.Values) (string, bool, error) {
		queries = append(queries, encodeQuery("", q))
		n := next[q.Get("marker")]
		return n, n != "", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"maxKeys=1000&zoneName=cn-bj-a",
		"marker=a&maxKeys=1000&zoneName=cn-bj-a",
		"marker=b&maxKeys=1000&zoneName=cn-bj-a",
	}
	if !reflect.DeepEqual(queries, want) {
		t.Errorf("queries %q\nwant    %q", queries, want)
	}
	if len(filters) != 1 {
		t.Errorf("the caller's filters were changed: %v", filters)
	}
}
