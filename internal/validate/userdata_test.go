package validate

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestUserDataWarnsOnlyOnPlainText(t *testing.T) {
	cases := map[string]bool{ // value: want a warning
		"IyEvYmluL3NoCmVjaG8gaGkK":       false, // base64encode("#!/bin/sh\necho hi\n")
		"":                               false,
		"#!/bin/sh\necho token=s3cr3t\n": true,
		"aGk":                            true, // unpadded
	}
	for value, want := range cases {
		resp := &validator.StringResponse{}
		UserData().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("user_data"), ConfigValue: types.StringValue(value)}, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%q: an error, want at most a warning: %v", value, resp.Diagnostics)
		}
		warnings := resp.Diagnostics.Warnings()
		if got := len(warnings) > 0; got != want {
			t.Errorf("%q: warning %v, want %v", value, got, want)
			continue
		}
		if want && (!strings.Contains(warnings[0].Detail(), "base64encode(") || strings.Contains(warnings[0].Detail(), "s3cr3t")) {
			t.Errorf("%q: warning must name base64encode() and never quote the value: %s", value, warnings[0].Detail())
		}
	}
}
