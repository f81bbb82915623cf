package acctest

import (
	"fmt"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/service/image"
)

// FillImageQuota makes custom images outside Terraform until the account
// holds Baidu's quota of them (image.MaxCustomImages), from the last live
// instance.
func FillImageQuota(t *testing.T, e *Env) {
	t.Helper()
	c := e.Conn()
	var source string
	for _, in := range e.LiveInstances() {
		source = in.ID
	}
	custom := 0
	for _, im := range e.Mock.Images() {
		if im.Type == "Custom" {
			custom++
		}
	}
	for n := custom; n < image.MaxCustomImages; n++ {
		if _, err := c.Client.CreateImage(t.Context(), client.NewClientToken(), client.CreateImageRequest{ImageName: fmt.Sprintf("filler-%d", n), InstanceID: source}); err != nil {
			t.Fatal(err)
		}
		e.Mock.Advance(2 * time.Minute) // the instance leaves ImageProcessing
	}
}
