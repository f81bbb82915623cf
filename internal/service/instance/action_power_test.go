package instance_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

const powerAction = "action.baidu_bcc_instance_power.this"

// powerConfig is the provider and one baidu_bcc_instance_power action;
// extra goes into its config block.
func powerConfig(e *acctest.Env, id, op, extra string) string {
	return e.ProviderBlock() + fmt.Sprintf(`
action "baidu_bcc_instance_power" "this" {
  config {
    instance_id = %q
    operation   = %q
%s
  }
}
`, id, op, extra)
}

func wantOutput(t *testing.T, out string, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		if !acctest.ExpectError(f).MatchString(out) {
			t.Errorf("the CLI output lacks %q", f)
		}
	}
}

func wantStatus(t *testing.T, e *acctest.Env, id, status string) {
	t.Helper()
	if in, _ := e.Mock.Instance(id); in.Status != status {
		t.Errorf("the mock shows instance %s %s, want %s", id, in.Status, status)
	}
}

func wantCalls(t *testing.T, e *acctest.Env, route string, n int) {
	t.Helper()
	if got := e.Mock.RequestCount(http.MethodPut, route); got != n {
		t.Errorf("%d %s calls, want %d", got, route, n)
	}
}

// Stop, stop again, start and reboot by hand (terraform apply -invoke):
// each leaves the instance where it asked, the mock saw exactly the calls
// needed (none for a stop of a Stopped instance), and the user saw each
// step.
func TestAccPowerAction_invoke(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 20 * time.Second, StopTime: 10 * time.Second})
	acctest.SkipWithoutActions(t)
	id := acctest.CreateOutsideTerraform(t, e, acctest.InstanceRequest("cn-bj-a"), "power")

	e.Mock.ResetCounts()
	out, err := e.Invoke(t, powerConfig(e, id, "stop", "force_stop = true"), powerAction)
	if err != nil {
		t.Fatalf("stop: %v", err)
	}
	wantStatus(t, e, id, bccmock.StatusStopped)
	wantCalls(t, e, bccmock.RouteStopInstance, 1)
	wantOutput(t, out, "Baidu accepted the stop of instance "+id, "Instance "+id+" is Stopping", "is Stopped: the stop is done")

	e.Mock.ResetCounts()
	out, err = e.Invoke(t, powerConfig(e, id, "stop", ""), powerAction)
	if err != nil {
		t.Fatalf("second stop: %v", err)
	}
	wantCalls(t, e, bccmock.RouteStopInstance, 0)
	wantOutput(t, out, "Instance "+id+" is already Stopped; nothing to do")

	e.Mock.ResetCounts()
	out, err = e.Invoke(t, powerConfig(e, id, "start", ""), powerAction)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	wantStatus(t, e, id, bccmock.StatusRunning)
	wantCalls(t, e, bccmock.RouteStartInstance, 1)
	wantOutput(t, out, "Instance "+id+" is Starting", "is Running: the start is done")

	e.Mock.ResetCounts()
	out, err = e.Invoke(t, powerConfig(e, id, "reboot", "force_stop = false"), powerAction)
	if err != nil {
		t.Fatalf("reboot: %v", err)
	}
	wantStatus(t, e, id, bccmock.StatusRunning)
	wantCalls(t, e, bccmock.RouteRebootInstance, 1)
	wantOutput(t, out, "Baidu accepted the reboot of instance "+id, "is Running: the reboot is done")
}

// Through an action_trigger of the instance itself: the instance is
// stopped right after it is created, and started after an update; the
// action's instance_id is unknown when the first plan is made.
func TestAccPowerAction_trigger(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{BootTime: 20 * time.Second, StopTime: 10 * time.Second})
	cfg := func(desc, op string) string {
		return e.ProviderBlock() + fmt.Sprintf(`
resource "baidu_bcc_instance" "test" {
  name              = "acc-power"
  description       = %q
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.baidu_bcc_instance_power.this]
    }
  }
}

action "baidu_bcc_instance_power" "this" {
  config {
    instance_id = baidu_bcc_instance.test.id
    operation   = %q
  }
}
`, desc, op)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.ActionCLIs,
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config: cfg("one", "stop"),
				Check: func(*terraform.State) error {
					id := e.OnlyInstanceID()
					if in, _ := e.Mock.Instance(id); in.Status != bccmock.StatusStopped {
						return fmt.Errorf("after create and the triggered stop the mock shows %s, want Stopped", in.Status)
					}
					if n := e.Mock.RequestCount(http.MethodPut, bccmock.RouteStopInstance); n != 1 {
						return fmt.Errorf("%d stop calls, want 1", n)
					}
					return nil
				},
			},
			{
				PreConfig: e.Mock.ResetCounts,
				Config:    cfg("two", "start"),
				Check: func(*terraform.State) error {
					id := e.OnlyInstanceID()
					if in, _ := e.Mock.Instance(id); in.Status != bccmock.StatusRunning || in.Desc != "two" {
						return fmt.Errorf("after the update and the triggered start the mock shows %+v, want Running, described two", in)
					}
					if n := e.Mock.RequestCount(http.MethodPut, bccmock.RouteStartInstance); n != 1 {
						return fmt.Errorf("%d start calls, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// Bad input fails at plan time, naming the attribute, before any request.
func TestAccPowerAction_badInput(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cfg := func(id, op, extra string) string {
		return powerConfig(e, id, op, extra) + `
resource "terraform_data" "t" {
  input = 1
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.baidu_bcc_instance_power.this]
    }
  }
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.ActionCLIs,
		Steps: []resource.TestStep{
			{Config: cfg("v-IgJOjBWj", "stop", ""), ExpectError: acctest.ExpectError("instance_id", `an instance id is "i-"`)},
			{Config: cfg("i-YufwpQAe", "pause", ""), ExpectError: acctest.ExpectError("operation", "pause")},
			{Config: cfg("i-YufwpQAe", "start", "force_stop = true"), ExpectError: acctest.ExpectError("force_stop does not apply to start")},
			{Config: cfg("i-YufwpQAe", "stop", `timeouts { invoke = "ten minutes" }`), ExpectError: acctest.ExpectError("Invalid Attribute Value Time Duration", "ten minutes")},
		},
	})
	acctest.AssertNoRequests(t, e)
}

// Baidu's refusal is reported with its code and the request id; a start
// of a Running instance calls nothing; an instance in status Error fails
// without a call; an unknown instance is said to be not found.
func TestAccPowerAction_baiduErrors(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	acctest.SkipWithoutActions(t)
	id := acctest.CreateOutsideTerraform(t, e, acctest.InstanceRequest("cn-bj-a"), "refused")

	e.Mock.Script(bccmock.RouteStopInstance, 1, http.StatusConflict, bccmock.CodeStopForbidden)
	out, err := e.Invoke(t, powerConfig(e, id, "stop", ""), powerAction)
	if err == nil {
		t.Fatal("a refused stop succeeded")
	}
	var rid string
	for _, r := range e.Mock.Requests() {
		if r.Route == bccmock.RouteStopInstance && r.Status == http.StatusConflict {
			rid = r.RequestID
		}
	}
	if rid == "" {
		t.Fatal("the mock recorded no refused stop")
	}
	wantOutput(t, out, "Could not stop instance "+id, bccmock.CodeStopForbidden, "Request ID: "+rid)
	wantStatus(t, e, id, bccmock.StatusRunning)

	out, err = e.Invoke(t, powerConfig(e, id, "start", ""), powerAction)
	if err != nil {
		t.Fatalf("start of a Running instance: %v", err)
	}
	wantOutput(t, out, "already Running; nothing to do")
	wantCalls(t, e, bccmock.RouteStartInstance, 0)

	e.Mock.SetInstanceStatusOutOfBand(id, "Error")
	out, err = e.Invoke(t, powerConfig(e, id, "stop", ""), powerAction)
	if err == nil {
		t.Fatal("a stop of an instance in status Error succeeded")
	}
	wantOutput(t, out, "is in status Error")
	wantCalls(t, e, bccmock.RouteStopInstance, 1) // only the refused one above

	out, err = e.Invoke(t, powerConfig(e, "i-missing1", "reboot", ""), powerAction)
	if err == nil || !strings.Contains(out, "Instance i-missing1 not found") {
		t.Errorf("reboot of an unknown instance: %v, want not found", err)
	}
}

// A stop that outlasts timeouts.invoke fails with the timeout and the
// status last seen; it is not reported as done.
func TestAccPowerAction_timeout(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{StopTime: 2 * time.Hour})
	acctest.SkipWithoutActions(t)
	id := acctest.CreateOutsideTerraform(t, e, acctest.InstanceRequest("cn-bj-a"), "slow")
	out, err := e.Invoke(t, powerConfig(e, id, "stop", `timeouts { invoke = "3m" }`), powerAction)
	if err == nil {
		t.Fatal("a stop that outlasted its timeout succeeded")
	}
	wantOutput(t, out, "timed out after 3m0s waiting for instance "+id+" to become Stopped", "last status Stopping")
	if strings.Contains(out, "the stop is done") {
		t.Error("the output says the stop is done")
	}
}

// Ctrl-C while the action waits: the wait stops, and the error says
// Terraform was interrupted and where the instance was last seen; nothing
// says the stop is done.
func TestAccPowerAction_interrupted(t *testing.T) {
	interrupt, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var reads int
	var mu sync.Mutex
	e := acctest.NewWrappedEnv(t, bccmock.Config{StopTime: time.Hour}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/listByInstanceId") {
				mu.Lock()
				reads++
				n := reads
				mu.Unlock()
				// The first read is before the stop, the second sees
				// Stopping; the third hangs until the CLI gives up.
				if n >= 3 {
					once.Do(func() { close(interrupt) })
					select {
					case <-r.Context().Done():
					case <-release:
					}
					return
				}
			}
			h.ServeHTTP(w, r)
		})
	})
	t.Cleanup(func() { close(release) }) // before the mock's server closes
	acctest.SkipWithoutActions(t)
	id := acctest.CreateOutsideTerraform(t, e, acctest.InstanceRequest("cn-bj-a"), "interrupted")
	out, err := e.InvokeInterrupted(t, powerConfig(e, id, "stop", ""), powerAction, interrupt)
	// What the provider answered is checked, whatever Terraform shows: an
	// interrupted apply may end "Apply complete!" without the action's
	// error (Terraform 1.15.9 does, now and then).
	results := e.Invocations()
	if len(results) != 1 || results[0] == "" {
		t.Fatalf("the provider answered %q, want one failed invocation", results)
	}
	wantOutput(t, results[0], "Terraform was interrupted while waiting for instance "+id+" to become Stopped", "last status Stopping")
	if strings.Contains(out, "the stop is done") || strings.Contains(results[0], "timed out") || strings.Contains(out, "Actions: 1 invoked") {
		t.Error("the output says the stop is done, or the error calls the interruption a timeout")
	}
	if err != nil {
		wantOutput(t, out, "Terraform was interrupted while waiting for instance "+id)
	}
	wantStatus(t, e, id, bccmock.StatusStopping)
}
