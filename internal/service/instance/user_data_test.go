package instance_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// user_data reaches Baidu exactly as written: Base64 as the user encoded it
// (Baidu's recommendation), plain text untouched (a warning, not an error,
// and never re-encoded by the provider).
func TestAccBCCInstance_userDataSentAsWritten(t *testing.T) {
	e := acctest.NewEnv(t, bccmock.Config{})
	const script = "#!/bin/sh\necho hi\n"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{{
			Config: e.ProviderBlock() + `
resource "baidu_bcc_instance" "encoded" {
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
  user_data         = base64encode("#!/bin/sh\necho hi\n")
}

resource "baidu_bcc_instance" "plain" {
  instance_spec     = "bcc.g5.c2m8"
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
  user_data         = "#!/bin/sh\necho hi\n"
}
`,
			Check: func(s *terraform.State) error {
				want := map[string]string{"encoded": "IyEvYmluL3NoCmVjaG8gaGkK", "plain": script}
				for name, data := range want {
					id, err := acctest.StateAttr(s, "baidu_bcc_instance."+name, "id")
					if err != nil {
						return err
					}
					in, ok := e.Mock.Instance(id)
					if !ok || in.UserData != data {
						return fmt.Errorf("%s: mock holds user data %q, want %q", name, in.UserData, data)
					}
				}
				return nil
			},
		}},
	})
}
