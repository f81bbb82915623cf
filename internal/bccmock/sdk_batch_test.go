package bccmock

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/baidubce/bce-sdk-go/services/bcc/api"
)

func TestSDKListInstanceByInstanceIds(t *testing.T) {
	h := newHarness(t, Config{})
	// Record what the SDK really sends, to prove the mock copes with it.
	var bodies []string
	record := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.Body != nil && strings.HasSuffix(r.URL.Path, "/listByInstanceId") {
				buf, _ := io.ReadAll(r.Body)
				bodies = append(bodies, string(buf))
				r.Body = io.NopCloser(bytes.NewReader(buf))
			}
			return next.RoundTrip(r)
		})
	}
	cli := sdkClient(t, h, testCred, record)
	a, b, c := sdkInstance(t, h, nil), sdkInstance(t, h, nil), sdkInstance(t, h, nil)

	all, err := cli.ListInstanceByInstanceIds(&api.ListInstanceByInstanceIdArgs{InstanceIds: []string{c, a, "i-unknown1", b}})
	if err != nil {
		t.Fatalf("ListInstanceByInstanceIds: %v", err)
	}
	if len(all.Instances) != 3 || all.Instances[0].InstanceId != a || all.Instances[2].InstanceId != c || all.IsTruncated || all.MaxKeys != 1000 {
		t.Fatalf("all %+v", all)
	}
	var got []string
	marker := ""
	for range 5 {
		page, err := cli.ListInstanceByInstanceIds(&api.ListInstanceByInstanceIdArgs{InstanceIds: []string{a, b, c}, MaxKeys: 2, Marker: marker})
		if err != nil {
			t.Fatalf("page: %v", err)
		}
		for _, in := range page.Instances {
			got = append(got, in.InstanceId)
		}
		if !page.IsTruncated {
			break
		}
		marker = page.NextMarker
	}
	if strings.Join(got, ",") != strings.Join([]string{a, b, c}, ",") {
		t.Fatalf("paged %v", got)
	}
	if len(bodies) == 0 || !strings.Contains(bodies[len(bodies)-1], `"Marker":"`+c+`"`) || !strings.Contains(bodies[len(bodies)-1], `"MaxKeys":2`) {
		t.Fatalf("the SDK did not send the capitalised body keys the facts describe: %v", bodies)
	}
	_, err = cli.ListInstanceByInstanceIds(&api.ListInstanceByInstanceIdArgs{})
	if se := serviceError(t, err); se.StatusCode != 400 || se.Code != CodeInvalidHTTPRequest {
		t.Fatalf("no ids %+v", se)
	}
}

func TestSDKDeletionProtection(t *testing.T) {
	h := newHarness(t, Config{})
	cli := sdkClient(t, h, testCred, nil)
	// bce-sdk-go v0.9.278's CreateInstanceBySpecArgs has no deletionProtection
	// (later versions send it), so protection is switched on afterwards.
	id := sdkInstance(t, h, nil)
	if err := cli.ModifyDeletionProtection(id, &api.DeletionProtectionArgs{DeletionProtection: 1}); err != nil {
		t.Fatalf("ModifyDeletionProtection: %v", err)
	}
	got, err := cli.GetInstanceDetail(id)
	if err != nil || got.Instance.DeletionProtection != 1 {
		t.Fatalf("detail %+v %v", got, err)
	}
	se := serviceError(t, cli.DeleteInstance(id))
	if se.StatusCode != 403 || se.Code != CodeDeletionProtection || se.Message != "Instance can not release with DeletionProtection." {
		t.Fatalf("release of a protected instance %+v", se)
	}
	if err := cli.ModifyDeletionProtection(id, &api.DeletionProtectionArgs{DeletionProtection: 0}); err != nil {
		t.Fatalf("ModifyDeletionProtection: %v", err)
	}
	if se := serviceError(t, cli.ModifyDeletionProtection("i-nothere1", &api.DeletionProtectionArgs{DeletionProtection: 1})); se.StatusCode != 404 || se.Code != CodeNoSuchObject {
		t.Fatalf("unknown instance %+v", se)
	}
	if se := serviceError(t, cli.ModifyDeletionProtection(id, &api.DeletionProtectionArgs{DeletionProtection: 2})); se.StatusCode != 400 || se.Code != CodeBadRequest {
		t.Fatalf("value 2 %+v", se)
	}
	list, err := cli.ListInstances(&api.ListInstanceArgs{})
	if err != nil || len(list.Instances) != 1 || list.Instances[0].DeletionProtection != 0 {
		t.Fatalf("list %+v %v", list, err)
	}
	if err := cli.DeleteInstance(id); err != nil {
		t.Fatalf("release after lifting protection: %v", err)
	}
}
