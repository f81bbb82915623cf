package bccmock

import (
	"net/http"
	"slices"
	"testing"

	"github.com/baidubce/bce-sdk-go/services/bcc/api"
)

// FailNextPasswordChanges: the next n password changes that pass every
// check answer 200 with the instance in failedInstanceIdList (and the
// request id in the body and header) and keep the old password; then
// changes work again. A change refused for another reason does not use one
// up.
func TestFailNextPasswordChanges(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.create(minimalCreate())
	path := "/v2/instance/" + id + "?changePass"
	change := func(plain string) (changePassResponse, result) {
		t.Helper()
		r := h.do(http.MethodPut, path, map[string]any{"adminPass": encrypt(t, plain, h.cred.SecretKey)})
		expectOK(t, r)
		var out changePassResponse
		r.decode(t, &out)
		if out.RequestID == "" || out.RequestID != r.header.Get("x-bce-request-id") {
			t.Fatalf("requestId %q, header %q", out.RequestID, r.header.Get("x-bce-request-id"))
		}
		return out, r
	}
	if out, _ := change("Fir5t!pass"); out.FailedInstanceIDs == nil || len(out.FailedInstanceIDs) != 0 {
		t.Fatalf("a change that worked lists %v", out.FailedInstanceIDs)
	}

	h.srv.FailNextPasswordChanges(1)
	h.srv.FailNextPasswordChanges(1) // calls add up
	// A refused change (bad body) does not use one up.
	expectError(t, h.do(http.MethodPut, path, map[string]any{}), 400, CodeInappropriateJSON)
	for _, plain := range []string{"Sec0nd!pass", "Th1rd!pass"} {
		out, _ := change(plain)
		if !slices.Equal(out.FailedInstanceIDs, []string{id}) {
			t.Fatalf("failed change lists %v, want [%s]", out.FailedInstanceIDs, id)
		}
		if got := h.srv.mustInstance(t, id).AdminPass; got != "Fir5t!pass" {
			t.Fatal("a failed change changed the password")
		}
	}
	if out, _ := change("F0urth!pass"); len(out.FailedInstanceIDs) != 0 || h.srv.mustInstance(t, id).AdminPass != "F0urth!pass" {
		t.Fatalf("the change after the failures: %v", out.FailedInstanceIDs)
	}

	h.srv.FailNextPasswordChanges(2)
	h.srv.FailNextPasswordChanges(0) // cancels
	if out, _ := change("F1fth!pass"); len(out.FailedInstanceIDs) != 0 {
		t.Fatalf("after cancel: %v", out.FailedInstanceIDs)
	}
}

// Baidu's own SDK reads the failure the mock answers as it reads Baidu's:
// no error, the instance in FailedInstanceIdList.
func TestSDKSeesFailedPasswordChange(t *testing.T) {
	h := newHarness(t, Config{})
	cli := sdkClient(t, h, testCred, nil)
	id := h.create(minimalCreate())
	h.srv.FailNextPasswordChanges(1)
	res, err := cli.ChangeInstancePass(id, &api.ChangeInstancePassArgs{AdminPass: "Sdk-Passw0rd!"})
	if err != nil || !slices.Equal(res.FailedInstanceIdList, []string{id}) || res.RequestId == "" {
		t.Fatalf("ChangeInstancePass: %+v, %v", res, err)
	}
	res, err = cli.ChangeInstancePass(id, &api.ChangeInstancePassArgs{AdminPass: "Sdk-Passw0rd!"})
	if err != nil || len(res.FailedInstanceIdList) != 0 || h.srv.mustInstance(t, id).AdminPass != "Sdk-Passw0rd!" {
		t.Fatalf("ChangeInstancePass after the failure: %+v, %v", res, err)
	}
}
