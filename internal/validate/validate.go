// Package validate holds schema validators for Baidu Cloud's own naming and
// sales rules, so that bad input fails at plan time with the rule spelled
// out instead of as an API error after apply has started.
package validate

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// stringRule is a string validator defined by a predicate and the sentence
// that explains the rule to the user.
type stringRule struct {
	rule  string
	check func(string) bool
	// secret values are never quoted back in the diagnostic.
	secret bool
}

func (v stringRule) Description(context.Context) string         { return v.rule }
func (v stringRule) MarkdownDescription(context.Context) string { return v.rule }

func (v stringRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if v.check(s) {
		return
	}
	if v.secret {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid value",
			fmt.Sprintf("The value of %s is not accepted: %s.", req.Path, v.rule))
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid value",
		fmt.Sprintf("%s is %q, but %s.", req.Path, s, v.rule))
}

// isNameRune reports whether r may appear in a BCC instance name: letters,
// digits, CJK ideographs and - _ / .
func isNameRune(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) ||
		unicode.Is(unicode.Han, r) ||
		r == '-' || r == '_' || r == '/' || r == '.'
}

func isNameStart(r rune) bool {
	return r < unicode.MaxASCII && unicode.IsLetter(r) || unicode.Is(unicode.Han, r)
}

// InstanceName enforces Baidu's rule for BCC instance names.
func InstanceName() validator.String {
	return nameRule("an instance name", isNameRune)
}

// StorageName enforces Baidu's rule for the names of CDS disks, snapshots
// and custom images, which also allows spaces.
func StorageName(what string) validator.String {
	return nameRule(what, func(r rune) bool { return r == ' ' || isNameRune(r) })
}

func nameRule(what string, allowed func(rune) bool) stringRule {
	chars := "letters, digits, Chinese characters and - _ / ."
	if allowed(' ') {
		chars = "letters, digits, Chinese characters, spaces and - _ / ."
	}
	return stringRule{
		rule: what + " must be 1-65 characters, start with a letter, and contain only " + chars,
		check: func(s string) bool {
			n := utf8.RuneCountInString(s)
			if n < 1 || n > 65 {
				return false
			}
			for i, r := range []rune(s) {
				if (i == 0 && !isNameStart(r)) || !allowed(r) {
					return false
				}
			}
			return true
		},
	}
}

// Tag limits as Baidu's tag service documents them.
const (
	MaxTagKeyLength   = 65
	MaxTagValueLength = 65
)

// TagKey checks a tag key: 1-65 characters.
func TagKey() validator.String {
	return stringRule{
		rule: fmt.Sprintf("a tag key must be 1-%d characters", MaxTagKeyLength),
		check: func(s string) bool {
			n := utf8.RuneCountInString(s)
			return n >= 1 && n <= MaxTagKeyLength
		},
	}
}

// TagValue checks a tag value: at most 65 characters (empty is allowed).
func TagValue() validator.String {
	return stringRule{
		rule:  fmt.Sprintf("a tag value must be at most %d characters", MaxTagValueLength),
		check: func(s string) bool { return utf8.RuneCountInString(s) <= MaxTagValueLength },
	}
}

var instanceIDPattern = regexp.MustCompile(`^i-[A-Za-z0-9]+$`)

// IsInstanceID reports whether s looks like a BCC instance id (i-xxxxxxxx).
func IsInstanceID(s string) bool { return instanceIDPattern.MatchString(s) }

// IDPrefixes of the objects the provider manages, as Baidu writes them.
const (
	PrefixInstance = "i-"
	PrefixVolume   = "v-"
	PrefixSnapshot = "s-"
	PrefixImage    = "m-"
)

var objectIDTail = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// exampleIDs are ids from Baidu's API reference, one of each kind.
var exampleIDs = map[string]string{
	PrefixInstance: "i-YufwpQAe", PrefixVolume: "v-IgJOjBWj", PrefixSnapshot: "s-6r3dam6F", PrefixImage: "m-nky7qeom",
}

// IsID reports whether s is an id with the given prefix, such as v-IgJOjBWj.
func IsID(s, prefix string) bool {
	return strings.HasPrefix(s, prefix) && objectIDTail.MatchString(strings.TrimPrefix(s, prefix))
}

// ID checks that a value is the id of a kind of object, such as a volume
// id (v-...), so that an instance id given for a volume is caught at plan
// time.
func ID(what, prefix string) validator.String {
	return stringRule{
		rule:  fmt.Sprintf("%s id is %q followed by letters and digits, such as %q", what, prefix, exampleIDs[prefix]),
		check: func(s string) bool { return IsID(s, prefix) },
	}
}

// InstanceID checks the shape of a BCC instance id, so that a value that
// cannot name an instance fails at plan time instead of as a 404.
func InstanceID() validator.String { return ID("an instance", PrefixInstance) }

// RE2 checks that a value compiles as a Go (RE2) regular expression, and
// says why not: the parser's own message points at the offending part.
func RE2() validator.String { return re2Rule{} }

type re2Rule struct{}

const re2RuleText = "must be an RE2 regular expression (https://github.com/google/re2/wiki/Syntax); " +
	"RE2 has no lookaround and no backreferences"

func (re2Rule) Description(context.Context) string         { return re2RuleText }
func (re2Rule) MarkdownDescription(context.Context) string { return re2RuleText }

func (re2Rule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("%s is %q, which is not a valid regular expression: %v. The value %s. "+
				"Fix the expression; in HCL a backslash is written twice (\\\\d for \\d).", req.Path, req.ConfigValue.ValueString(), err, re2RuleText))
	}
}

var specPattern = regexp.MustCompile(`^bcc\.[a-z0-9]+\.[a-z0-9][a-z0-9.\-]*$`)

// InstanceSpec checks the shape of a BCC spec name such as bcc.g5.c2m8.
func InstanceSpec() validator.String {
	return stringRule{
		rule:  `an instance spec looks like "bcc.g5.c2m8" (bcc.<family>.<size>)`,
		check: specPattern.MatchString,
	}
}

var zonePattern = regexp.MustCompile(`^cn-[a-z]+-[a-z]$`)

// AvailabilityZone checks the shape of a zone name such as cn-bj-a.
func AvailabilityZone() validator.String {
	return stringRule{
		rule:  `an availability zone looks like "cn-bj-a" (cn-<region>-<letter>)`,
		check: zonePattern.MatchString,
	}
}

// ReservationLengths are the prepaid terms, in months, that Baidu sells.
var ReservationLengths = []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36}

// adminPassSymbols are the only symbols Baidu accepts in an admin password.
const adminPassSymbols = "!@#$%^*()"

// AdminPass enforces Baidu's password rule: 8-32 characters with letters,
// digits and at least one of !@#$%^*() and nothing else. The rule is checked
// here because a rejected password would otherwise fail only after the
// instance order was placed.
func AdminPass() validator.String {
	return stringRule{
		secret: true,
		rule:   "an admin password must be 8-32 characters and contain letters, digits and at least one of " + adminPassSymbols + ", and no other characters",
		check: func(s string) bool {
			if len(s) < 8 || len(s) > 32 {
				return false
			}
			var letter, digit, symbol bool
			for _, r := range s {
				switch {
				case r < unicode.MaxASCII && unicode.IsLetter(r):
					letter = true
				case r >= '0' && r <= '9':
					digit = true
				case strings.ContainsRune(adminPassSymbols, r):
					symbol = true
				default:
					return false
				}
			}
			return letter && digit && symbol
		},
	}
}

// Duration accepts a Go duration such as "10ms" or "1s" between min and max.
func Duration(min, max time.Duration) validator.String {
	return stringRule{
		rule: fmt.Sprintf("must be a duration such as \"10ms\", between %s and %s", min, max),
		check: func(s string) bool {
			d, err := time.ParseDuration(s)
			return err == nil && d >= min && d <= max
		},
	}
}

// PostpaidOnly accepts payment_timing "Postpaid" only, and says why
// "Prepaid" is refused rather than only that it is not in a list.
func PostpaidOnly(what string) validator.String {
	return stringRule{
		rule:  fmt.Sprintf(`only "Postpaid" is supported for %s in this version of the provider (prepaid %s cannot be created or released by it yet); set payment_timing = "Postpaid" or leave it out`, what, what),
		check: func(s string) bool { return s == "Postpaid" },
	}
}
