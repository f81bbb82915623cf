package image_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

const imageAction = "action.baidu_bcc_image_create.this"

func imageActionConfig(e *acctest.Env, instanceID, name string) string {
	return e.ProviderBlock() + fmt.Sprintf(`
action "baidu_bcc_image_create" "this" {
  config {
    instance_id = %q
    name        = %q
  }
}
`, instanceID, name)
}

// customImages are the mock's custom images named name, made of instance.
func customImages(e *acctest.Env, instance, name string) []bccmock.Image {
	var out []bccmock.Image
	for _, im := range e.Mock.Images() {
		if im.Type == "Custom" && im.Name == name && im.SourceInstanceID == instance {
			out = append(out, im)
		}
	}
	return out
}

func wantOutput(t *testing.T, out string, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		if !acctest.ExpectError(f).MatchString(out) {
			t.Errorf("the CLI output lacks %q", f)
		}
	}
}

// Invoked twice with the same instance and name, the action makes one
// image: the second invocation's create carries the same derived client
// token and gets the first image back. An image Baidu fails is reported
// by id, and the next invocation asks for a new one rather than reusing it.
func TestAccImageCreateAction_invokeTwiceMakesOneImage(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	acctest.SkipWithoutActions(t)
	id := acctest.CreateOutsideTerraform(t, e, acctest.InstanceRequest("cn-bj-a"), "imaged")

	for i := 1; i <= 2; i++ {
		out, err := e.Invoke(t, imageActionConfig(e, id, "before-update"), imageAction)
		if err != nil {
			t.Fatalf("invocation %d: %v", i, err)
		}
		ims := customImages(e, id, "before-update")
		if len(ims) != 1 || ims[0].Status != "Available" {
			t.Fatalf("after invocation %d the mock holds %+v, want one Available image", i, ims)
		}
		wantOutput(t, out, fmt.Sprintf("Custom image %s (\"before-update\") of instance %s is Available", ims[0].ID, id))
	}
	if n := e.Mock.RequestCount(http.MethodPost, bccmock.RouteCreateImage); n != 2 {
		t.Errorf("%d image creates, want 2 (the second one answered with the first image)", n)
	}

	// An image Baidu fails is not reused: the same invocation asks for the
	// next one of the chain, and an invocation run again follows the chain
	// to the image that was made.
	e.Mock.FailNextImages(1)
	for i := 1; i <= 2; i++ {
		out, err := e.Invoke(t, imageActionConfig(e, id, "second"), imageAction)
		if err != nil {
			t.Fatalf("invocation %d after a failed image: %v", i, err)
		}
		if i == 1 {
			wantOutput(t, out, "is CreateFailed", "is Available")
		}
		var failed, available int
		for _, im := range customImages(e, id, "second") {
			switch im.Status {
			case "CreateFailed":
				failed++
			case "Available":
				available++
			}
		}
		if failed != 1 || available != 1 {
			t.Errorf("after invocation %d: %d failed and %d Available images named second, want 1 and 1", i, failed, available)
		}
	}

	// When Baidu fails every image it is asked for, the invocation fails,
	// naming the last image.
	e.Mock.FailNextImages(3)
	out, err := e.Invoke(t, imageActionConfig(e, id, "third"), imageAction)
	ims := customImages(e, id, "third")
	if err == nil || len(ims) != 3 {
		t.Fatalf("three failed images: err %v, %d images", err, len(ims))
	}
	wantOutput(t, out, "Custom image not made", "could not make the image 3 times", "CreateFailed")
	for _, im := range ims {
		wantOutput(t, out, "Baidu is making custom image "+im.ID)
	}
}

// Through an action_trigger: an image of the instance right after it is
// created, although its id is unknown when the plan is made. The image is
// kept outside Terraform, so only the instance must be gone afterwards.
func TestAccImageCreateAction_trigger(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	cfg := acctest.InstanceConfig(e, `
  instance_spec = "bcc.g5.c2m8"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.baidu_bcc_image_create.this]
    }
  }
`) + `
action "baidu_bcc_image_create" "this" {
  config {
    instance_id = baidu_bcc_instance.test.id
    name        = "golden"
  }
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.ActionCLIs,
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(*terraform.State) error {
				id := e.OnlyInstanceID()
				if ims := customImages(e, id, "golden"); len(ims) != 1 || ims[0].Status != "Available" {
					return fmt.Errorf("the mock holds %+v, want one Available image golden of %s", ims, id)
				}
				return nil
			},
		}},
	})
}

// Bad input fails at plan time, naming the attribute, before any request.
func TestAccImageCreateAction_badInput(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	cfg := func(id, name string) string {
		return imageActionConfig(e, id, name) + `
resource "terraform_data" "t" {
  input = 1
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.baidu_bcc_image_create.this]
    }
  }
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.ActionCLIs,
		Steps: []resource.TestStep{
			{Config: cfg("m-nky7qeom", "ok"), ExpectError: acctest.ExpectError("instance_id", `an instance id is "i-"`)},
			{Config: cfg("i-YufwpQAe", "1-starts-with-a-digit"), ExpectError: acctest.ExpectError("name", "an image name")},
		},
	})
	acctest.AssertNoRequests(t, e)
}

// Baidu's refusal (the image quota) is reported with the request id.
func TestAccImageCreateAction_baiduError(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.WithStorageTimes(bccmock.Config{}))
	acctest.SkipWithoutActions(t)
	id := acctest.CreateOutsideTerraform(t, e, acctest.InstanceRequest("cn-bj-a"), "full")
	acctest.FillImageQuota(t, e)
	out, err := e.Invoke(t, imageActionConfig(e, id, "one-too-many"), imageAction)
	if err == nil {
		t.Fatal("an image over the quota was made")
	}
	var rid string
	for _, r := range e.Mock.Requests() {
		if r.Route == bccmock.RouteCreateImage && r.Status >= 400 {
			rid = r.RequestID
		}
	}
	if rid == "" || !strings.Contains(out, "Custom image quota reached") {
		t.Fatalf("no refused create recorded (%q), or the output does not say the quota was reached", rid)
	}
	wantOutput(t, out, "Request ID: "+rid)
}

// An image that outlasts timeouts.invoke fails the invocation with the
// timeout, the image's id and its last status; invoked again with a longer
// timeout, the action waits for that same image instead of making another.
func TestAccImageCreateAction_timeoutThenReuse(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{ImageTime: time.Hour})
	acctest.SkipWithoutActions(t)
	id := acctest.CreateOutsideTerraform(t, e, acctest.InstanceRequest("cn-bj-a"), "slow")
	withTimeout := func(d string) string {
		return e.ProviderBlock() + fmt.Sprintf(`
action "baidu_bcc_image_create" "this" {
  config {
    instance_id = %q
    name        = "slow-image"
    timeouts {
      invoke = %q
    }
  }
}
`, id, d)
	}
	out, err := e.Invoke(t, withTimeout("10m"), imageAction)
	ims := customImages(e, id, "slow-image")
	if err == nil || len(ims) != 1 {
		t.Fatalf("an image outlasting its timeout: err %v, %d images", err, len(ims))
	}
	wantOutput(t, out, "Custom image not made", "as "+ims[0].ID, "timed out after 10m0s", "last status Creating")
	if _, err := e.Invoke(t, withTimeout("2h"), imageAction); err != nil {
		t.Fatalf("invoked again with a longer timeout: %v", err)
	}
	if ims = customImages(e, id, "slow-image"); len(ims) != 1 || ims[0].Status != "Available" {
		t.Errorf("the mock holds %+v, want the one image, Available", ims)
	}
}
