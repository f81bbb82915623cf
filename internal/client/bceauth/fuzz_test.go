package bceauth

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	sdkutil "github.com/baidubce/bce-sdk-go/util"
)

// onlyEncodedChars reports whether s holds nothing but unreserved characters
// and %XX escapes with uppercase hex (and '/' when allowed).
func onlyEncodedChars(s string, slashOK bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
		case c == '/' && slashOK:
		case c == '%':
			if i+2 >= len(s) || !strings.ContainsRune("0123456789ABCDEF", rune(s[i+1])) || !strings.ContainsRune("0123456789ABCDEF", rune(s[i+2])) {
				return false
			}
			i += 2
		default:
			return false
		}
	}
	return true
}

// FuzzCanonicalize checks the canonicaliser's invariants on arbitrary input:
// encoding is reversible and agrees with Baidu's SDK, the canonical query
// decodes back to the parameters it came from (less authorization) in
// sorted order, and no part can smuggle a raw newline into the canonical
// request. The seeds run as a normal test.
func FuzzCanonicalize(f *testing.F) {
	f.Add("/v2/instance/i-abc", "start", "x-bce-meta-a", "v")
	f.Add("/v1/test/myfolder/readme.txt", "partNumber=9&uploadId=a44cc9bab11cbd156984767aad637851", "Content-Type", "text/plain")
	f.Add("", "text10=a&text=b&text1=", "x-bce-date", "2015-04-27T08:23:49Z")
	f.Add("/a b/中文/%2F/../", "k=%E4%B8%AD&k=2&Authorization=x", "X-Bce-Request-Id", "skipped")
	f.Add("//double//slash", "a+b=c+d&%3D=%26", "x-bce-x", "  spaced value  ")
	f.Add("/~-_.", "=&&a", "content-md5", "")
	f.Add("/\x00\xff", "x=%zz", "Host", "evil\nheader")

	f.Fuzz(func(t *testing.T, path, rawQuery, headerName, headerValue string) {
		for _, keep := range []bool{false, true} {
			enc := Encode(path, keep)
			if !onlyEncodedChars(enc, keep) {
				t.Fatalf("Encode(%q, %v) = %q has characters outside the canonical set", path, keep, enc)
			}
			if back, err := url.PathUnescape(enc); err != nil || back != path {
				t.Fatalf("Encode(%q, %v) = %q does not decode back (%q, %v)", path, keep, enc, back, err)
			}
			// The SDK's flag means "encode the slash", ours "keep it".
			if sdk := sdkutil.UriEncode(path, !keep); sdk != enc {
				t.Fatalf("Encode(%q, %v) = %q, Baidu's SDK gives %q", path, keep, enc, sdk)
			}
		}

		query, err := url.ParseQuery(rawQuery)
		if err != nil {
			return
		}
		cq := CanonicalQuery(query)
		if cq != "" {
			pairs := strings.Split(cq, "&")
			if !sort.StringsAreSorted(pairs) {
				t.Fatalf("canonical query %q is not sorted", cq)
			}
			for _, p := range pairs {
				k, v, ok := strings.Cut(p, "=")
				if !ok || !onlyEncodedChars(k, false) || !onlyEncodedChars(v, false) {
					t.Fatalf("pair %q of %q is not enc(k)=enc(v)", p, cq)
				}
			}
		}
		back, err := url.ParseQuery(cq)
		if err != nil {
			t.Fatalf("canonical query %q does not parse: %v", cq, err)
		}
		want := url.Values{}
		for k, vs := range query {
			if !strings.EqualFold(k, "authorization") {
				want[k] = slices.Sorted(slices.Values(vs))
			}
		}
		for k, vs := range back {
			back[k] = slices.Sorted(slices.Values(vs))
		}
		if len(want) != len(back) {
			t.Fatalf("canonical query %q has %d keys, input had %d (less authorization)", cq, len(back), len(want))
		}
		for k, vs := range want {
			if !slices.Equal(back[k], vs) {
				t.Fatalf("key %q: canonical query gives %q, input had %q", k, back[k], vs)
			}
		}

		header := http.Header{}
		header[headerName] = []string{headerValue}
		ch, names := CanonicalHeaders("bcc.bj.baidubce.com:8443", header, nil)
		lines := strings.Split(ch, "\n")
		if len(lines) != len(names) || !sort.StringsAreSorted(lines) || !sort.StringsAreSorted(names) {
			t.Fatalf("canonical headers %q do not match names %q", ch, names)
		}
		if !slices.Contains(names, "host") {
			t.Fatalf("host not signed: %q", names)
		}
		for _, l := range lines {
			name, value, ok := strings.Cut(l, ":")
			if !ok || !onlyEncodedChars(name, false) || !onlyEncodedChars(value, false) {
				t.Fatalf("header line %q is not enc(name):enc(value)", l)
			}
		}

		cr := CanonicalRequest("PUT", path, query, ch)
		if got, want := strings.Count(cr, "\n"), 3+len(names)-1; got != want {
			t.Fatalf("canonical request has %d newlines, want %d: %q", got, want, cr)
		}
	})
}
