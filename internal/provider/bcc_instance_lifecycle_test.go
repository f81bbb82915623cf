package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

// An instance stopped outside Terraform is resized. Baidu documents Scaling
// then Running, and does not say whether a stopped instance comes back
// Stopped: the resize ends when the instance shows the new spec in either
// settled status, within seconds of simulated time, not at the update
// timeout. The mock starts Scaling only after a delay, so a provider that
// read the instance right after the resize call would see the old spec and
// report an inconsistent result.
func TestAccBCCInstance_resizeStoppedInstance(t *testing.T) {
	for _, tc := range []struct {
		name       string
		keeps      bool
		wantStatus string
	}{
		{"endsRunning", false, statusRunning},
		{"staysStopped", true, statusStopped},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const scaleDelay, scaleTime = 5 * time.Second, 30 * time.Second
			e := newAccEnv(t, bccmock.Config{BootTime: 20 * time.Second, StopTime: 10 * time.Second,
				ScaleDelay: scaleDelay, ScaleTime: scaleTime, ResizeKeepsStatus: tc.keeps})
			cfg := func(spec string) string {
				return instanceConfig(e, fmt.Sprintf("instance_spec = %q\n  timeouts {\n    update = \"3m\"\n  }", spec))
			}
			var resizeStart time.Time
			tfresource.ParallelTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				CheckDestroy:             e.checkNoInstances,
				Steps: []tfresource.TestStep{
					{Config: cfg("bcc.g5.c2m8")},
					{
						PreConfig: func() {
							if !e.srv.SetInstanceStatusOutOfBand(e.onlyInstanceID(), statusStopped) {
								t.Fatal("could not stop the instance out of band")
							}
							resizeStart = e.clock.Now()
						},
						Config: cfg("bcc.g5.c4m16"),
						ConfigPlanChecks: tfresource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testInstance, plancheck.ResourceActionUpdate)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(testInstance, tfjsonpath.New("status"), knownvalue.StringExact(tc.wantStatus)),
							statecheck.ExpectKnownValue(testInstance, tfjsonpath.New("instance_spec"), knownvalue.StringExact("bcc.g5.c4m16")),
							statecheck.ExpectKnownValue(testInstance, tfjsonpath.New("cpu_count"), knownvalue.Int64Exact(4)),
							statecheck.ExpectKnownValue(testInstance, tfjsonpath.New("memory_capacity_in_gb"), knownvalue.Int64Exact(16)),
						},
						Check: func(*terraform.State) error {
							in, _ := e.srv.Instance(e.onlyInstanceID())
							if in.Status != tc.wantStatus || in.Spec != "bcc.g5.c4m16" {
								return fmt.Errorf("mock instance is %s with %s, want %s with bcc.g5.c4m16", in.Status, in.Spec, tc.wantStatus)
							}
							// Simulated time: the resize itself, plus less
							// than a minute of polling, refresh and plan. A
							// wait for the wrong status runs to the 3m timeout.
							if took := e.clock.Now().Sub(resizeStart); took > scaleDelay+scaleTime+time.Minute {
								return fmt.Errorf("the resize took %s of simulated time; the mock finished it after %s", took, scaleDelay+scaleTime)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// Right after a create, Baidu's API may answer "not found" for a while: the
// create wait takes that as "not visible yet" within the grace period.
func TestAccBCCInstance_createToleratesBriefInvisibility(t *testing.T) {
	grace := framework.DefaultSchedules().VisibilityGrace
	e := newAccEnv(t, bccmock.Config{BootTime: 20 * time.Second, VisibilityDelay: grace / 2})
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNoInstances,
		Steps: []tfresource.TestStep{{
			Config: instanceConfig(e, `instance_spec = "bcc.g5.c2m8"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testInstance, tfjsonpath.New("status"), knownvalue.StringExact(statusRunning)),
			},
			Check: func(*terraform.State) error {
				if n := e.srv.StatusCount(http.MethodGet, bccmock.RouteGetInstance, http.StatusNotFound); n == 0 {
					return fmt.Errorf("no read met the invisible instance; the test did not exercise the grace period")
				}
				return nil
			},
		}},
	})
}

// Beyond the grace period, not found is final: the create fails, the
// instance is in state (tainted), and the message says what happened.
func TestAccBCCInstance_createInvisibleBeyondGraceIsTainted(t *testing.T) {
	grace := framework.DefaultSchedules().VisibilityGrace
	e := newAccEnv(t, bccmock.Config{BootTime: 20 * time.Second, VisibilityDelay: 4 * grace})
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNoInstances,
		Steps: []tfresource.TestStep{
			{
				Config:      instanceConfig(e, `instance_spec = "bcc.g5.c2m8"`),
				ExpectError: expectError("BCC instance did not become Running", "recorded in state", "not found", "NoSuchObject", "tainted"),
			},
			{
				// The instance shows up later. It is in state, tainted, so
				// the plan replaces it (every create on this mock is
				// invisible too long, so the test stops at the plan; the
				// final destroy releases the instance).
				PreConfig:          func() { e.srv.Advance(4 * grace) },
				Config:             instanceConfig(e, `instance_spec = "bcc.g5.c2m8"`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testInstance, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: e.checkOnlyInstanceIs,
			},
		},
	})
}

// Steps after the instance is Running that fail (a key without volume
// permissions, a refused description update) warn instead of tainting a
// healthy instance: the apply succeeds, the next plan shows the description
// as an in-place update, and the next refresh fills in the system disk.
func TestAccBCCInstance_postCreateFailuresDoNotTaint(t *testing.T) {
	e := newAccEnv(t, bccmock.Config{BootTime: 20 * time.Second})
	cfg := instanceConfig(e, `
  instance_spec = "bcc.g5.c2m8"
  description   = "set after create"
`)
	var firstID string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNoInstances,
		Steps: []tfresource.TestStep{
			{
				PreConfig: func() {
					e.srv.Script(bccmock.RouteModifyInstanceDesc, 1, http.StatusForbidden, "AccessDenied")
					e.srv.Script(bccmock.RouteListVolumes, 1, http.StatusForbidden, "AccessDenied")
				},
				Config:             cfg,
				ExpectNonEmptyPlan: true, // the refresh finds the description still to be set
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testInstance, tfjsonpath.New("root_disk_size_in_gb"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					firstID = e.onlyInstanceID()
					if in, _ := e.srv.Instance(firstID); in.Desc != "" {
						return fmt.Errorf("the refused description reached the instance: %q", in.Desc)
					}
					return nil
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testInstance, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testInstance, tfjsonpath.New("description"), knownvalue.StringExact("set after create")),
					statecheck.ExpectKnownValue(testInstance, tfjsonpath.New("root_disk_size_in_gb"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					if rs := s.RootModule().Resources[testInstance]; rs == nil || rs.Primary.ID != firstID {
						return fmt.Errorf("the instance was replaced; a post-create warning must not taint it")
					}
					return nil
				},
			},
		},
	})
}

// A create whose every attempt was processed but whose answer never came
// back: the instance may exist without being in state, so the error names
// the client token and the name to find it by. Here it does exist, with
// exactly that token.
func TestAccBCCInstance_createWithoutAnswerNamesTheOrphan(t *testing.T) {
	e := newAccEnv(t, bccmock.Config{})
	const retries = 2
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkNoInstances,
		Steps: []tfresource.TestStep{{
			PreConfig: func() { e.srv.DropAfterProcessing(bccmock.RouteCreateInstanceBySpec, retries+1) },
			Config: e.providerBlockWith(fmt.Sprintf("  max_retries = %d", retries)) + `
resource "baidu_bcc_instance" "test" {
  name              = "orphan-candidate"
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
}
`,
			ExpectError: expectError("Failed to create BCC instance", "Baidu may have created the BCC instance anyway",
				`named "orphan-candidate"`, "zone cn-bj-a", "client token tf-", "import it"),
		}, {
			// The orphan exists, once (every retry carried the same token);
			// clean it up as the user would.
			PreConfig: func() {
				ins := e.srv.Instances()
				if len(ins) != 1 || ins[0].Name != "orphan-candidate" || !strings.HasPrefix(ins[0].ClientToken, "tf-") {
					t.Fatalf("mock holds %+v, want the one orphan", ins)
				}
				e.srv.DeleteInstanceOutOfBand(ins[0].ID)
			},
			Config:   e.providerBlock(),
			PlanOnly: true,
		}},
	})
}

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
	e := newAccEnv(t, bccmock.Config{})
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
