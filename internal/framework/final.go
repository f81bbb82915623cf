package framework

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
)

// finalAttempts bounds how many objects MakeFinal asks Baidu for when each
// one ends failed.
const finalAttempts = 3

// MakeFinal makes the object a destroy keeps of what it deletes (the final
// image of an instance, the final snapshot of a disk) and waits until it is
// ready. Its client token is derived from the kind, the parent and the name,
// so a destroy run again after a timeout gets the object the first run made,
// never a second one. When the object ends failed (or is gone), the next
// token is derived from the failed object's id as well: a rerun follows the
// same chain and finds the object that succeeded. It returns the id of the
// last object asked for, also with an error.
func MakeFinal(ctx context.Context, kind, parent, name string,
	create func(ctx context.Context, token string) (string, error), ready func(ctx context.Context, id string) error) (string, error) {
	token := client.ClientTokenFor("final-"+kind, parent, name)
	var id string
	for attempt := 1; ; attempt++ {
		var err error
		if id, err = create(ctx, token); err != nil {
			return "", err
		}
		tflog.Info(ctx, "making the final "+kind, map[string]any{"id": id, "name": name, "attempt": attempt})
		err = ready(ctx, id)
		var failed *EndedFailedError
		if err == nil || !(errors.As(err, &failed) || IsNotFound(err)) {
			return id, err
		}
		if attempt == finalAttempts {
			return id, fmt.Errorf("Baidu could not make the %s %d times; the last, %s: %w", kind, attempt, id, err)
		}
		token = client.ClientTokenFor("final-"+kind, parent, name, id)
	}
}
