package client

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// logSubsystem is the tflog subsystem of the client's log lines. Its level
// follows TF_LOG_PROVIDER_BAIDU_BCE when set, the provider's level otherwise.
const (
	logSubsystem = "bce"
	logLevelEnv  = "TF_LOG_PROVIDER_BAIDU_BCE"
)

// Field names of the client's log lines.
const (
	fieldOperation    = "bce_operation"
	fieldMethod       = "http_method"
	fieldPath         = "http_path"
	fieldQuery        = "http_query"
	fieldAttempt      = "attempt"
	fieldStatus       = "http_status"
	fieldRequestID    = "request_id"
	fieldDurationMS   = "duration_ms"
	fieldRetryReason  = "retry_reason"
	fieldRetryInMS    = "retry_in_ms"
	fieldError        = "error"
	fieldErrorCode    = "error_code"
	fieldResponseSize = "response_bytes"
)

// logContext returns ctx with the bce subsystem logger, tagged with the
// operation and masking every secret. The client never passes headers or
// bodies to the logger; the masks are a second line of defence in case a
// server echoes a secret in an error message.
func logContext(ctx context.Context, operation string, secrets []string) context.Context {
	ctx = tflog.NewSubsystem(ctx, logSubsystem, tflog.WithLevelFromEnv(logLevelEnv))
	ctx = tflog.SubsystemSetField(ctx, logSubsystem, fieldOperation, operation)
	if len(secrets) > 0 {
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, secrets...)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, secrets...)
	}
	return ctx
}

// secretsFor lists the non-empty secrets of one request: the credentials'
// and any extra (admin passwords, plain and encrypted). Empty strings must
// not reach the maskers, which would otherwise mask between every character.
func (c *Client) secretsFor(extra ...string) []string {
	all := append([]string{c.creds.SecretKey, c.creds.SessionToken}, extra...)
	out := all[:0]
	for _, s := range all {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// redact replaces every secret in s with "***".
func redact(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "***")
		}
	}
	return s
}
