package bceauth

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Encode percent-encodes s the way bce-auth-v1 expects: UTF-8 bytes, the
// unreserved set A-Z a-z 0-9 - _ . ~ kept, everything else as %XX with
// uppercase hex (space is %20, never +). With keepSlash, '/' is kept as well,
// which is the rule for the canonical URI only.
func Encode(s string, keepSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9',
			c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		case c == '/' && keepSlash:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0x0f])
		}
	}
	return b.String()
}

// CanonicalURI encodes a request path, keeping '/'. An empty path is "/".
// No normalisation (dot segments, duplicate slashes) happens, as on Baidu's side.
func CanonicalURI(path string) string {
	if path == "" {
		return "/"
	}
	return Encode(path, true)
}

// CanonicalQuery builds the canonical query string from decoded parameters.
// Every parameter but "authorization" (any case) takes part as enc(k)=enc(v);
// a key without value keeps its '='. The whole k=v strings are sorted bytewise.
func CanonicalQuery(query url.Values) string {
	pairs := make([]string, 0, len(query))
	for k, values := range query {
		if strings.EqualFold(k, "authorization") {
			continue
		}
		if len(values) == 0 {
			pairs = append(pairs, Encode(k, false)+"=")
			continue
		}
		for _, v := range values {
			pairs = append(pairs, Encode(k, false)+"="+Encode(v, false))
		}
	}
	sort.Strings(pairs)
	return strings.Join(pairs, "&")
}

// defaultSignedHeader reports whether a lowercase header name belongs to the
// set signed when the signedHeaders list is empty. x-bce-request-id is left
// out, as Baidu's SDK does.
func defaultSignedHeader(name string) bool {
	switch name {
	case "host", "content-length", "content-type", "content-md5":
		return true
	case "x-bce-request-id":
		return false
	}
	return strings.HasPrefix(name, "x-bce-")
}

// CanonicalHeaders returns the canonical header block and the sorted list of
// the header names it covers. host is the request's host (with port, if any),
// passed separately because net/http keeps it outside the header map. When
// signed is empty, the default set is used; otherwise only the named headers.
// Headers whose trimmed value is empty are skipped.
func CanonicalHeaders(host string, header http.Header, signed []string) (canonical string, names []string) {
	values := make(map[string]string, len(header)+1)
	for k, v := range header {
		if len(v) == 0 {
			continue
		}
		values[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v[0])
	}
	if host != "" {
		values["host"] = strings.TrimSpace(host)
	}

	var wanted func(string) bool
	if len(signed) == 0 {
		wanted = defaultSignedHeader
	} else {
		set := make(map[string]bool, len(signed))
		for _, s := range signed {
			set[strings.ToLower(strings.TrimSpace(s))] = true
		}
		wanted = func(name string) bool { return set[name] }
	}

	lines := make([]string, 0, len(values))
	for name, value := range values {
		if value == "" || !wanted(name) {
			continue
		}
		names = append(names, name)
		lines = append(lines, Encode(name, false)+":"+Encode(value, false))
	}
	sort.Strings(lines)
	sort.Strings(names)
	return strings.Join(lines, "\n"), names
}

// CanonicalRequest joins the four parts with '\n', without a trailing newline.
func CanonicalRequest(method, path string, query url.Values, canonicalHeaders string) string {
	return strings.ToUpper(method) + "\n" + CanonicalURI(path) + "\n" + CanonicalQuery(query) + "\n" + canonicalHeaders
}
