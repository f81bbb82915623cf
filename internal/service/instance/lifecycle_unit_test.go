package instance

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

func TestOrphanDetail(t *testing.T) {
	req := client.CreateInstanceBySpecRequest{Name: "web-1", ZoneName: "cn-bj-b"}
	refused := &client.APIError{StatusCode: 400, Code: "InappropriateJSON", RequestID: "r", FromBaidu: true}
	if got := framework.OrphanDetail(refused, kindInstance, "tf-abc", req.Name, "in zone "+req.ZoneName); strings.Contains(got, "may have created") {
		t.Errorf("a refusal by Baidu creates nothing, but the message says it may have: %s", got)
	}
	for _, err := range []error{
		&client.APIError{StatusCode: 503, Code: "ServiceUnavailable", RequestID: "r", FromBaidu: true},
		&client.APIError{StatusCode: 404, Message: "404 Not Found"},
		&client.TransportError{Operation: "CreateInstanceBySpec", Err: context.DeadlineExceeded},
	} {
		got := framework.OrphanDetail(err, kindInstance, "tf-abc", req.Name, "in zone "+req.ZoneName)
		for _, want := range []string{"may have created", `named "web-1"`, "zone cn-bj-b", "client token tf-abc", "import it"} {
			if !strings.Contains(got, want) {
				t.Errorf("message for %v lacks %q: %s", err, want, got)
			}
		}
	}
	if got := framework.OrphanDetail(context.DeadlineExceeded, kindInstance, "tf-abc", "", "in zone cn-bj-a"); !strings.Contains(got, "without a name") {
		t.Errorf("an unnamed create should say so: %s", got)
	}
}

// Ctrl-C is not a timeout: the release diagnostic says which it was.
func TestReleaseDiagnosticTellsInterruptFromTimeout(t *testing.T) {
	clock := wait.NewSimClock(time.Unix(0, 0))
	timedOut, cancelT := clock.WithTimeout(context.Background(), time.Minute)
	defer cancelT()
	clock.Advance(time.Minute)
	interrupted, interrupt := context.WithCancel(context.Background())
	interrupt()

	failed := releaseResult{outcome: releaseFailed, err: fmt.Errorf("ReleaseInstance: connection reset")}
	if d := releaseDiagnostic(timedOut, "i-1", "", time.Minute, failed); d.Summary() != "Timed out releasing BCC instance" {
		t.Errorf("timed out: %q", d.Summary())
	}
	if d := releaseDiagnostic(interrupted, "i-1", "", time.Minute, failed); d.Summary() != "Release of BCC instance interrupted" || !strings.Contains(d.Detail(), "interrupted") {
		t.Errorf("interrupted: %q %q", d.Summary(), d.Detail())
	}
	if d := releaseDiagnostic(context.Background(), "i-1", "", time.Minute, failed); d.Summary() != "Failed to release BCC instance" {
		t.Errorf("plain failure: %q", d.Summary())
	}
}

// Read removing a gone instance says why, naming the instance and Baidu's
// answer, so a drift re-create is never silent.
func TestReadOfGoneInstanceWarns(t *testing.T) {
	e := newMockEnv(t, bccmock.Config{})
	r := &bccInstanceResource{ResourceBase: framework.ResourceBase{Data: framework.NewProviderData(e.conn(), nil, false, e.clock)}}
	state := stateOf(t, bccInstanceModel{ID: types.StringValue("i-Gone0001")})
	resp := &resource.ReadResponse{State: state}
	r.Read(context.Background(), resource.ReadRequest{State: state}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("reading a gone instance is not an error: %v", resp.Diagnostics)
	}
	if !resp.State.Raw.IsNull() {
		t.Fatal("the gone instance was not removed from state")
	}
	warnings := resp.Diagnostics.Warnings()
	if len(warnings) != 1 {
		t.Fatalf("%d warnings, want 1: %v", len(warnings), resp.Diagnostics)
	}
	text := warnings[0].Summary() + " " + warnings[0].Detail()
	for _, want := range []string{"BCC instance not found, removing from state", "i-Gone0001", "HTTP 404 NoSuchObject", "request id"} {
		if !strings.Contains(text, want) {
			t.Errorf("warning lacks %q: %s", want, text)
		}
	}
}
