package validate

import (
	"context"
	"encoding/base64"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// UserData warns, without failing, when user data is not Base64. Baidu's
// create reference recommends encrypting and Base64-encoding userData but
// does not require it, and its read API returns the value Base64-encoded,
// so the provider sends the value exactly as written and only points at the
// recommendation. The value is never quoted back: boot scripts often hold
// credentials.
func UserData() validator.String { return userDataRule{} }

type userDataRule struct{}

const userDataRuleText = "Baidu recommends Base64-encoded user data, for example base64encode(file(\"init.sh\"))."

func (userDataRule) Description(context.Context) string         { return userDataRuleText }
func (userDataRule) MarkdownDescription(context.Context) string { return userDataRuleText }

func (userDataRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := base64.StdEncoding.DecodeString(req.ConfigValue.ValueString()); err == nil {
		return
	}
	resp.Diagnostics.AddAttributeWarning(req.Path, "User data is not Base64",
		"user_data is sent to Baidu exactly as written, and it is not Base64. Baidu recommends Base64-encoding user data "+
			"(its API returns it that way); wrap the value in base64encode(), for example base64encode(file(\"init.sh\")). "+
			"Plain text is sent as it is; this is a warning, not an error.")
}
