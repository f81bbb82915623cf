package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// Progress sends one progress message of an action to Terraform, which
// prints it while the action runs. A response without a sender (a test
// calling Invoke directly) drops it.
func Progress(resp *action.InvokeResponse, format string, args ...any) {
	if resp.SendProgress == nil {
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
}

// BaiduSaid is a failure for a diagnostic: Baidu's code and message as the
// error carries them, then, when Baidu answered, the request id on its own
// line, which Baidu's support asks for. When ctx ended, it says whether by
// timeout or by interruption.
func BaiduSaid(ctx context.Context, err error) string {
	return WithRequestID(EndedOr(ctx, err), err)
}

// WithRequestID is msg, then the request id of err on its own line when
// Baidu answered; for errors that already say why their context ended,
// such as a wait's.
func WithRequestID(msg string, err error) string {
	if id := client.RequestIDOf(err); id != "" {
		msg += "\nRequest ID: " + id
	}
	return msg
}
