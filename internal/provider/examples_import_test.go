package provider_test

import (
	"bufio"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// notReadBackOnImport are the arguments the docs say Baidu does not return,
// so that they are null after an import.
var notReadBackOnImport = []string{"admin_pass", "admin_pass_wo_version", "reservation", "security_groups", "user_data"}

// importCommand parses import.sh: the one `terraform import ADDRESS ID`
// line it holds.
func importCommand(t *testing.T) (address, id string) {
	t.Helper()
	return importCommandOf(t, exampleImportCmd)
}

// importCommandOf parses an import.sh: the one `terraform import ADDRESS ID`
// line it holds.
func importCommandOf(t *testing.T, rel string) (address, id string) {
	t.Helper()
	var found [][]string
	sc := bufio.NewScanner(strings.NewReader(acctest.ReadExample(t, rel)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		found = append(found, strings.Fields(line))
	}
	if len(found) != 1 || len(found[0]) != 4 || found[0][0] != "terraform" || found[0][1] != "import" {
		t.Fatalf("%s should hold one `terraform import ADDRESS ID` command, got %q", rel, found)
	}
	return found[0][2], found[0][3]
}

// importIDLike builds the import ID of address in the shape of the sample
// an import.sh shows: the resource's id, and when the sample adds the
// source after a colon (an image's instance), that source from state.
func importIDLike(address, sample string) acc.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return "", fmt.Errorf("%s is not in state", address)
		}
		id := rs.Primary.ID
		if _, suffix, ok := strings.Cut(sample, ":"); ok && !strings.Contains(id, ":") {
			attr := "instance_id"
			if strings.HasPrefix(suffix, "s-") {
				attr = "snapshot_id"
			}
			id += ":" + rs.Primary.Attributes[attr]
		}
		return id, nil
	}
}

func idOf(address string) acc.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return "", fmt.Errorf("%s is not in state", address)
		}
		return rs.Primary.ID, nil
	}
}

// checkNotReadBack checks that after an import the arguments the docs list
// as not returned by Baidu are empty, including the one the example sets
// (so the list is not just a guess), and the timeouts are unset.
func checkNotReadBack(setInExample string) acc.ImportStateCheckFunc {
	return func(states []*terraform.InstanceState) error {
		if len(states) != 1 {
			return fmt.Errorf("import returned %d resources, want 1", len(states))
		}
		attrs := states[0].Attributes
		if !slices.Contains(notReadBackOnImport, setInExample) {
			return fmt.Errorf("%s is not one of the arguments documented as not read back", setInExample)
		}
		empty := append(slices.Clone(notReadBackOnImport), "timeouts")
		for name, value := range attrs {
			for _, arg := range empty {
				if (name == arg || strings.HasPrefix(name, arg+".")) && value != "" && value != "0" {
					return fmt.Errorf("after import %s = %q; the docs say it is empty after an import", name, value)
				}
			}
		}
		for _, name := range []string{"root_disk_size_in_gb", "root_disk_storage_type", "payment_timing", "keypair_id", "subnet_id"} {
			if attrs[name] == "" {
				return fmt.Errorf("after import %s is empty; the docs say it is read back", name)
			}
		}
		return nil
	}
}

// An instance created outside Terraform, imported into the adoption
// example: with its ignore_changes the plan is empty; without it, the plan
// replaces the instance, which is why the docs recommend it.
func TestAccExamples_importWithIgnoreChanges(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	acctest.UseExampleEnvironment(t, e, acctest.AccessKey, acctest.SecretKey)
	id := acctest.CreateOutsideTerraform(t, e, client.CreateInstanceBySpecRequest{
		Spec: "bcc.g5.c2m8", ImageID: "m-A4jJpFzi", ZoneName: "cn-bj-d", Name: "web-1",
		SubnetID: "sbn-ky7tukpfp5h8", SecurityGroupIDs: []string{"g-8tkz4qhdsg5e"}, KeypairID: "k-3uvz6z3n",
		RootDiskSizeInGb: 40, RootDiskStorageType: "cloud_hp1",
		Tags:    []client.Tag{{TagKey: "app", TagValue: "shop"}, {TagKey: "env", TagValue: "production"}},
		Billing: client.Billing{PaymentTiming: client.PaymentPostpaid},
	}, "nginx front end")

	adopt := acctest.ReadExample(t, acctest.ExampleProvider) + "\n" + acctest.ReadExample(t, exampleAdopt)
	lifecycle := regexp.MustCompile(`(?s)\n  lifecycle \{.*?\n  \}\n`)
	if !lifecycle.MatchString(adopt) {
		t.Fatalf("%s has no lifecycle block", exampleAdopt)
	}
	withoutIgnore := lifecycle.ReplaceAllString(adopt, "\n")
	const web = "baidu_bcc_instance.web"

	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []acc.TestStep{
			{
				Config:             adopt,
				ResourceName:       web,
				ImportState:        true,
				ImportStateId:      id,
				ImportStatePersist: true,
			},
			{
				Config:   adopt,
				PlanOnly: true,
			},
			{
				Config:             withoutIgnore,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(web, plancheck.ResourceActionReplace)},
				},
			},
		},
	})
}
