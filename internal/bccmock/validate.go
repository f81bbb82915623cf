package bccmock

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// validName applies Baidu's rule for disk, snapshot and image names: 1-65
// characters, starting with a letter, then letters, digits, Chinese
// characters and "-_ /.". A Chinese first character is taken as a letter,
// as Baidu's console rule ("字母或中文开头") reads.
func validName(name string) bool {
	if n := utf8.RuneCountInString(name); n < 1 || n > maxNameLength {
		return false
	}
	for i, r := range name {
		letter := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || unicode.Is(unicode.Han, r)
		if i == 0 && !letter {
			return false
		}
		if !letter && !(r >= '0' && r <= '9') && !strings.ContainsRune("-_ /.", r) {
			return false
		}
	}
	return true
}

// flexBool is a boolean that Baidu's metadata types as a string: true,
// false, "true" and "false" are all taken.
type flexBool bool

func (b *flexBool) UnmarshalJSON(raw []byte) error {
	switch strings.TrimSpace(string(raw)) {
	case "true", `"true"`:
		*b = true
	case "false", `"false"`, `""`:
		*b = false
	default:
		return fmt.Errorf("must be true or false, got %s", raw)
	}
	return nil
}

// onOff reads an "on"/"off" switch; "" is def.
func onOff(field, v string, def bool) (bool, *apiError) {
	switch v {
	case "":
		return def, nil
	case "on":
		return true, nil
	case "off":
		return false, nil
	}
	return false, badBody("%s must be \"on\" or \"off\", got %q.", field, v)
}
