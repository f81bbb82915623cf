package bceauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	// Prefix names the signature version in the Authorization header.
	Prefix = "bce-auth-v1"
	// TimeFormat is the layout of the signing timestamp and of x-bce-date.
	TimeFormat = "2006-01-02T15:04:05Z"
	// DefaultExpiration is how long a signature stays valid, in seconds.
	DefaultExpiration = 1800
)

// Credentials are an access key pair, optionally temporary (STS). The secret
// key and session token must never be logged or put into errors; String
// redacts them so that an accidental %v cannot leak them.
type Credentials struct {
	AccessKey    string
	SecretKey    string
	SessionToken string
}

// String shows the access key only.
func (c Credentials) String() string {
	return fmt.Sprintf("Credentials{AccessKey: %q, SecretKey: <redacted>, SessionToken: <redacted>}", c.AccessKey)
}

// GoString keeps %#v as safe as %v.
func (c Credentials) GoString() string { return c.String() }

// SigningKey derives the per-timestamp key: hex(HMAC-SHA256(sk, authStringPrefix)).
func SigningKey(secretKey, authStringPrefix string) string {
	return hmacHex([]byte(secretKey), authStringPrefix)
}

// Signature computes hex(HMAC-SHA256(signingKey as its hex string, canonicalRequest)).
func Signature(signingKey, canonicalRequest string) string {
	return hmacHex([]byte(signingKey), canonicalRequest)
}

func hmacHex(key []byte, msg string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// AuthStringPrefix is "bce-auth-v1/{ak}/{timestamp}/{expiration}".
func AuthStringPrefix(accessKey string, ts time.Time, expirationSeconds int) string {
	return Prefix + "/" + accessKey + "/" + ts.UTC().Format(TimeFormat) + "/" + strconv.Itoa(expirationSeconds)
}

// SignRequest sets x-bce-date (and x-bce-security-token for STS credentials)
// on req and then its Authorization header, signing host, content-type,
// content-length, content-md5 and every x-bce-* header present. It must be
// called again for every attempt so each one carries a fresh timestamp.
func SignRequest(req *http.Request, creds Credentials, now time.Time, expirationSeconds int) {
	now = now.UTC()
	req.Header.Set("x-bce-date", now.Format(TimeFormat))
	if creds.SessionToken != "" {
		req.Header.Set("x-bce-security-token", creds.SessionToken)
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	header := req.Header
	if req.ContentLength > 0 && header.Get("Content-Length") == "" {
		// net/http writes Content-Length from the field, not the map; sign the
		// value that will go on the wire.
		header = header.Clone()
		header.Set("Content-Length", strconv.FormatInt(req.ContentLength, 10))
	}
	canonicalHeaders, names := CanonicalHeaders(host, header, nil)
	prefix := AuthStringPrefix(creds.AccessKey, now, expirationSeconds)
	cr := CanonicalRequest(req.Method, req.URL.Path, req.URL.Query(), canonicalHeaders)
	sig := Signature(SigningKey(creds.SecretKey, prefix), cr)
	req.Header.Set("Authorization", prefix+"/"+strings.Join(names, ";")+"/"+sig)
}

// Authorization is a parsed Authorization header.
type Authorization struct {
	AccessKey         string
	Timestamp         time.Time
	ExpirationSeconds int
	SignedHeaders     []string // empty means the default set
	Signature         string
}

// ErrMalformed is returned by ParseAuthorization for a header that is not a
// well-formed bce-auth-v1 authorization string.
var ErrMalformed = errors.New("malformed bce-auth-v1 authorization")

// ParseAuthorization splits "bce-auth-v1/{ak}/{ts}/{exp}/{signedHeaders}/{sig}".
func ParseAuthorization(value string) (Authorization, error) {
	parts := strings.Split(strings.TrimSpace(value), "/")
	if len(parts) != 6 || parts[0] != Prefix {
		return Authorization{}, fmt.Errorf("%w: want %s/{accessKey}/{timestamp}/{expiration}/{signedHeaders}/{signature}", ErrMalformed, Prefix)
	}
	if parts[1] == "" {
		return Authorization{}, fmt.Errorf("%w: empty access key", ErrMalformed)
	}
	ts, err := time.Parse(TimeFormat, parts[2])
	if err != nil {
		return Authorization{}, fmt.Errorf("%w: timestamp %q is not %s", ErrMalformed, parts[2], TimeFormat)
	}
	exp, err := strconv.Atoi(parts[3])
	if err != nil || exp <= 0 {
		return Authorization{}, fmt.Errorf("%w: expiration %q is not a positive number of seconds", ErrMalformed, parts[3])
	}
	if len(parts[5]) != 64 {
		return Authorization{}, fmt.Errorf("%w: signature is not 64 hex characters", ErrMalformed)
	}
	var signed []string
	if parts[4] != "" {
		signed = strings.Split(parts[4], ";")
	}
	return Authorization{AccessKey: parts[1], Timestamp: ts, ExpirationSeconds: exp, SignedHeaders: signed, Signature: parts[5]}, nil
}
