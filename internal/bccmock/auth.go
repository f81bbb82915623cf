package bccmock

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

// Credential is an access key pair the mock accepts. With a SessionToken it
// is a temporary (STS) key: every request signed with it must carry the same
// token in x-bce-security-token. It is the client's type, so that a test
// signs with exactly what it configured the mock with.
type Credential = bceauth.Credentials

const securityTokenHeader = "x-bce-security-token"

// authenticate checks a request the way Baidu's front end does, from the
// server's view of it: the canonical request is rebuilt from r.Host, the
// decoded path and query, and the headers the client says it signed (the
// default set when it lists none). It returns the matching credential.
//
// Order of checks: header present and well formed, known access key, session
// token, time window, signature. A skewed clock therefore reports
// RequestExpired even when the signature is also wrong, as a skewed clock is
// the likelier cause.
func (s *Server) authenticate(r *http.Request) (Credential, *apiError) {
	raw := r.Header.Get("Authorization")
	if raw == "" {
		// Baidu also accepts a presigned URL carrying the authorization
		// string in the query; the canonical query leaves it out.
		raw = queryValueFold(r, "authorization")
	}
	if strings.TrimSpace(raw) == "" {
		return Credential{}, newError(http.StatusBadRequest, CodeInvalidHTTPAuthHeader,
			"The request has no Authorization header (bce-auth-v1 signature required).")
	}
	auth, err := bceauth.ParseAuthorization(raw)
	if err != nil {
		return Credential{}, newError(http.StatusBadRequest, CodeInvalidHTTPAuthHeader,
			"The Authorization header is not a valid bce-auth-v1 string: %v.", err)
	}
	// From here on failures still report the claimed key, for the records.
	claimed := Credential{AccessKey: auth.AccessKey}
	cred, ok := s.creds[auth.AccessKey]
	if !ok {
		return claimed, newError(http.StatusForbidden, CodeInvalidAccessKeyID,
			"The access key id %s does not exist.", auth.AccessKey)
	}

	// An STS key without its own token is as unknown to Baidu as a made-up
	// key, hence InvalidAccessKeyId rather than an invented code. A token
	// sent with a permanent key is refused too: it means the client mixed up
	// two credential sets.
	token := r.Header.Get(securityTokenHeader)
	if token == "" {
		token = queryValueFold(r, securityTokenHeader)
	}
	switch {
	case cred.SessionToken != "" && token == "":
		return claimed, newError(http.StatusForbidden, CodeInvalidAccessKeyID,
			"The access key id %s is temporary (STS) and the request has no x-bce-security-token.", auth.AccessKey)
	case cred.SessionToken != "" && subtle.ConstantTimeCompare([]byte(token), []byte(cred.SessionToken)) != 1:
		return claimed, newError(http.StatusForbidden, CodeInvalidAccessKeyID,
			"The x-bce-security-token does not belong to the temporary access key id %s.", auth.AccessKey)
	case cred.SessionToken == "" && token != "":
		return claimed, newError(http.StatusForbidden, CodeInvalidAccessKeyID,
			"The access key id %s is permanent but the request carries an x-bce-security-token.", auth.AccessKey)
	}

	now := s.wallClock.Now().UTC()
	earliest := auth.Timestamp.Add(-s.timeWindow)
	latest := auth.Timestamp.Add(time.Duration(auth.ExpirationSeconds) * time.Second)
	if now.Before(earliest) || now.After(latest) {
		return claimed, newError(http.StatusBadRequest, CodeRequestExpired,
			"The request signed at %s (valid %ds) has expired or is not yet valid: server time is %s.",
			auth.Timestamp.Format(bceauth.TimeFormat), auth.ExpirationSeconds, now.Format(bceauth.TimeFormat))
	}

	// The signing key is derived from the prefix exactly as the client sent
	// it, not re-rendered from the parsed values, so "01800" is not silently
	// normalised into a different key.
	parts := strings.Split(strings.TrimSpace(raw), "/")
	prefix := strings.Join(parts[:4], "/")
	canonicalHeaders, _ := bceauth.CanonicalHeaders(r.Host, r.Header, auth.SignedHeaders)
	canonical := bceauth.CanonicalRequest(r.Method, r.URL.Path, r.URL.Query(), canonicalHeaders)
	want := bceauth.Signature(bceauth.SigningKey(cred.SecretKey, prefix), canonical)
	if subtle.ConstantTimeCompare([]byte(want), []byte(auth.Signature)) != 1 {
		s.logf("bccmock: signature mismatch for %s; server canonical request:\n%s", auth.AccessKey, redactCanonical(canonical))
		return claimed, newError(http.StatusBadRequest, CodeSignatureDoesNotMatch,
			"The request signature we calculated does not match the signature you provided. Check your secret key and signing method (signed headers: %q).",
			strings.Join(auth.SignedHeaders, ";"))
	}
	return cred, nil
}

// redactCanonical hides the session token (a header line, or a query
// parameter of a presigned URL) before a canonical request is logged.
func redactCanonical(canonical string) string {
	lines := strings.Split(canonical, "\n")
	for i, l := range lines {
		switch {
		case i == 2: // the canonical query
			params := strings.Split(l, "&")
			for j, p := range params {
				if strings.HasPrefix(strings.ToLower(p), securityTokenHeader+"=") {
					params[j] = securityTokenHeader + "=<redacted>"
				}
			}
			lines[i] = strings.Join(params, "&")
		case strings.HasPrefix(l, securityTokenHeader+":"):
			lines[i] = securityTokenHeader + ":<redacted>"
		}
	}
	return strings.Join(lines, "\n")
}

// queryValueFold returns the first query value whose key equals name in any
// case.
func queryValueFold(r *http.Request, name string) string {
	for k, v := range r.URL.Query() {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}
