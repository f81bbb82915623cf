package instance_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// failedPassChange is filled in by fillFailedPassChange and matched
// against the error of an update whose password change Baidu answered with
// 200 and the instance in failedInstanceIdList.
//
// The instance's id is known only once an earlier step has created it,
// while a step's ExpectError is fixed when the steps are built; the step's
// PreConfig, which runs first, fills the pattern in place.
func failedPassChange() *regexp.Regexp { return regexp.MustCompile(`\A\z.`) } // matches nothing until filled in

func fillFailedPassChange(re *regexp.Regexp, id string) {
	const uuid = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
	head := acctest.ExpectError("Failed to change BCC instance admin password", "ChangeAdminPass: HTTP 200 (request id ").String()
	tail := strings.TrimPrefix(acctest.ExpectError("the admin password was not changed", "failedInstanceIdList ["+id+"]").String(), "(?s)")
	*re = *regexp.MustCompile(head + uuid + `\).*` + tail)
}

// A password change that Baidu answers with 200 and the instance in
// failedInstanceIdList fails the apply with an error naming the instance
// and the request id; state keeps the old password, so the next plan still
// shows the change, and the apply after that makes it.
func TestAccBCCInstance_passwordChangeFailed(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	const spec = `instance_spec = "bcc.g5.c2m8"` + "\n"
	changes := func() int { return e.Mock.RequestCount("PUT", bccmock.RouteChangeInstancePass) }
	failed := failedPassChange()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{Config: acctest.InstanceConfig(e, spec+`admin_pass = "Fir5t!pass"`), Check: e.CheckAdminPass("Fir5t!pass")},
			{
				PreConfig: func() {
					fillFailedPassChange(failed, e.OnlyInstanceID())
					e.Mock.FailNextPasswordChanges(1)
				},
				Config:      acctest.InstanceConfig(e, spec+`admin_pass = "Sec0nd!pass"`),
				ExpectError: failed,
			},
			{
				PreConfig: func() {
					if n := changes(); n != 1 {
						t.Errorf("%d password changes sent, want 1 (Baidu's considered answer is not retried)", n)
					}
					if in, _ := e.Mock.Instance(e.OnlyInstanceID()); in.AdminPass != "Fir5t!pass" {
						t.Error("the mock changed the password it reported as not changed")
					}
				},
				Config:             acctest.InstanceConfig(e, spec+`admin_pass = "Sec0nd!pass"`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("admin_pass"), knownvalue.StringExact("Sec0nd!pass")),
					},
				},
			},
			{
				Config: acctest.InstanceConfig(e, spec+`admin_pass = "Sec0nd!pass"`),
				Check: resource.ComposeTestCheckFunc(e.CheckAdminPass("Sec0nd!pass"), func(*terraform.State) error {
					if n := changes(); n != 2 {
						return fmt.Errorf("%d password changes, want 2: the failed one and the one that worked", n)
					}
					return nil
				}),
			},
		},
	})
}

// The same for admin_pass_wo: the version is not recorded when Baidu
// lists the instance as failed, so the next plan rotates the password
// again.
func TestAccBCCInstance_writeOnlyPasswordChangeFailed(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	const spec = `instance_spec = "bcc.g5.c2m8"` + "\n"
	failed := failedPassChange()
	wo := func(version int) string {
		return acctest.InstanceConfig(e, spec+fmt.Sprintf(`admin_pass_wo = "Wr1te!only%d"
  admin_pass_wo_version = %d`, version, version))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   acctest.WriteOnlyCLIs,
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{Config: wo(1), Check: e.CheckAdminPass("Wr1te!only1")},
			{
				PreConfig: func() {
					fillFailedPassChange(failed, e.OnlyInstanceID())
					e.Mock.FailNextPasswordChanges(1)
				},
				Config:      wo(2),
				ExpectError: failed,
			},
			{
				Config:             wo(2),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("admin_pass_wo_version"), knownvalue.Int64Exact(2)),
					},
				},
			},
			{Config: wo(2), Check: e.CheckAdminPass("Wr1te!only2")},
		},
	})
}
