package validate

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func runString(v validator.String, s string) (ok bool, msg string) {
	req := validator.StringRequest{Path: path.Root("x"), ConfigValue: types.StringValue(s)}
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), req, resp)
	if resp.Diagnostics.HasError() {
		return false, resp.Diagnostics.Errors()[0].Detail()
	}
	return true, ""
}

func TestInstanceName(t *testing.T) {
	good := []string{"web", "web-01", "a", "Web_1/x.y", "测试机器", "a" + strings.Repeat("b", 64), "服务器-01"}
	bad := []string{"", "1web", "-web", "web server", "web!", "a" + strings.Repeat("b", 65), "ωmega", "_x"}
	for _, s := range good {
		if ok, msg := runString(InstanceName(), s); !ok {
			t.Errorf("%q rejected: %s", s, msg)
		}
	}
	for _, s := range bad {
		ok, msg := runString(InstanceName(), s)
		if ok {
			t.Errorf("%q accepted", s)
			continue
		}
		if !strings.Contains(msg, "x is") || !strings.Contains(msg, "start with a letter") {
			t.Errorf("message for %q does not name the attribute and rule: %s", s, msg)
		}
	}
}

func TestTags(t *testing.T) {
	if ok, _ := runString(TagKey(), ""); ok {
		t.Error("empty tag key accepted")
	}
	if ok, _ := runString(TagKey(), strings.Repeat("k", 66)); ok {
		t.Error("66-char tag key accepted")
	}
	if ok, _ := runString(TagKey(), strings.Repeat("键", 65)); !ok {
		t.Error("65 CJK characters rejected: limits count characters, not bytes")
	}
	if ok, _ := runString(TagValue(), ""); !ok {
		t.Error("empty tag value rejected")
	}
	if ok, _ := runString(TagValue(), strings.Repeat("v", 66)); ok {
		t.Error("66-char tag value accepted")
	}
}

func TestShapes(t *testing.T) {
	for _, s := range []string{"bcc.g5.c2m8", "bcc.ic4.c1m1", "bcc.gn5.c8m32.1v100-16"} {
		if ok, msg := runString(InstanceSpec(), s); !ok {
			t.Errorf("spec %q rejected: %s", s, msg)
		}
	}
	for _, s := range []string{"g5.c2m8", "bcc.", "BCC.G5.C2M8", "bcc.g5"} {
		if ok, _ := runString(InstanceSpec(), s); ok {
			t.Errorf("spec %q accepted", s)
		}
	}
	if ok, _ := runString(AvailabilityZone(), "cn-bj-a"); !ok {
		t.Error("cn-bj-a rejected")
	}
	if ok, _ := runString(AvailabilityZone(), "bj-a"); ok {
		t.Error("bj-a accepted")
	}
	for s, want := range map[string]bool{"i-YufwpQAe": true, "i-": false, "YufwpQAe": false, "i-abc/def": false, " i-abc": false} {
		if IsInstanceID(s) != want {
			t.Errorf("IsInstanceID(%q) != %v", s, want)
		}
	}
}

func TestUnknownAndNullSkipped(t *testing.T) {
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		resp := &validator.StringResponse{}
		InstanceName().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: v}, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v should not be validated", v)
		}
	}
}

func TestAdminPass(t *testing.T) {
	for _, s := range []string{"Passw0rd!", "abc123(x)", "A1!" + strings.Repeat("a", 29)} {
		if ok, msg := runString(AdminPass(), s); !ok {
			t.Errorf("%q rejected: %s", s, msg)
		}
	}
	for _, s := range []string{"Passw0rd", "password!", "12345678!", "Pa0!", "Passw0rd!&", "Passw0rd! ", "A1!" + strings.Repeat("a", 30)} {
		ok, msg := runString(AdminPass(), s)
		if ok {
			t.Errorf("%q accepted", s)
		}
		// The value is secret: the message must not echo it.
		if strings.Contains(msg, s) {
			t.Errorf("message echoes the password: %s", msg)
		}
	}
}

func TestInstanceID(t *testing.T) {
	for _, s := range []string{"i-YufwpQAe", "i-1"} {
		if ok, msg := runString(InstanceID(), s); !ok {
			t.Errorf("%q rejected: %s", s, msg)
		}
	}
	for _, s := range []string{"", "i-", "YufwpQAe", "i-abc/def", " i-abc", "v-abc"} {
		ok, msg := runString(InstanceID(), s)
		if ok {
			t.Errorf("%q accepted", s)
		} else if !strings.Contains(msg, "x is") || !strings.Contains(msg, `"i-" followed by`) {
			t.Errorf("message for %q does not name the attribute and the rule: %s", s, msg)
		}
	}
}

func TestRE2(t *testing.T) {
	for _, s := range []string{"^web-", `^db-\d+$`, "", "(?i)WEB"} {
		if ok, msg := runString(RE2(), s); !ok {
			t.Errorf("%q rejected: %s", s, msg)
		}
	}
	for _, s := range []string{"(", "web-(?=1)", `(a)\1`, "[z-a]"} {
		ok, msg := runString(RE2(), s)
		if ok {
			t.Errorf("%q accepted", s)
		} else if !strings.Contains(msg, "x is") || !strings.Contains(msg, "error parsing regexp") || !strings.Contains(msg, "RE2") {
			t.Errorf("message for %q does not name the attribute, the parse error and RE2: %s", s, msg)
		}
	}
}
