package framework

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// NotFoundError is the one "gone" the lifecycle code of every resource deals
// in. Finders return it only when Baidu said so: its error document with a
// not-found code (client.IsNotFound), or a status that means gone (an
// instance Deleted or Recycled). Evidence says which, for the user.
type NotFoundError struct {
	Kind     string // "BCC instance", "CDS volume", ...
	ID       string
	Evidence string // e.g. "HTTP 404 NoSuchObject, request id ..." or "status Deleted"
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s %s not found: %s", e.Kind, e.ID, e.Evidence)
}

// GoneFromAPIError wraps err as a notFoundError when it is Baidu saying the
// object does not exist, and returns it unchanged otherwise.
func GoneFromAPIError(kind, id string, err error) error {
	if !client.IsNotFound(err) {
		return err
	}
	var apiErr *client.APIError
	evidence := "Baidu answered that it does not exist"
	if errors.As(err, &apiErr) {
		evidence = fmt.Sprintf("Baidu answered HTTP %d %s (request id %s)", apiErr.StatusCode, apiErr.Code, OrUnknown(apiErr.RequestID))
	}
	return &NotFoundError{Kind: kind, ID: id, Evidence: evidence}
}

// GoneByStatus is the notFoundError for an object whose status means gone.
func GoneByStatus(kind, id, status string) error {
	return &NotFoundError{Kind: kind, ID: id, Evidence: "Baidu reports its status as " + status}
}

// IsNotFound reports whether err is a notFoundError.
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

// ReadFound handles what a Read's finder returned: Baidu's "gone" removes
// the resource from state, with the warning that says why, so that the
// next plan creates it again; any other error fails the refresh under
// summary, and never removes anything. It reports whether there is an
// object to record.
func ReadFound(ctx context.Context, resp *resource.ReadResponse, err error, summary string) bool {
	switch {
	case IsNotFound(err):
		resp.Diagnostics.Append(RemovedFromStateWarning(err))
		resp.State.RemoveResource(ctx)
		return false
	case err != nil:
		resp.Diagnostics.AddError(summary, err.Error())
		return false
	}
	return true
}

// RemovedFromStateWarning tells the user why Read dropped a resource: what
// is gone and what Baidu said, so that a drift plan's re-create is never a
// surprise, and never silent.
func RemovedFromStateWarning(err error) diag.Diagnostic {
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		return diag.NewWarningDiagnostic("Resource not found, removing from state", err.Error())
	}
	return diag.NewWarningDiagnostic(
		fmt.Sprintf("%s not found, removing from state", nf.Kind),
		fmt.Sprintf("%s %s no longer exists (%s), so it is removed from the Terraform state. "+
			"If it is still in the configuration, the plan creates it again.", nf.Kind, nf.ID, nf.Evidence))
}

// HTTPStatusOf is the HTTP status of an API error, 0 for any other error.
func HTTPStatusOf(err error) int {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}
