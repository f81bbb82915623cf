package instance

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/validate"
)

const (
	opStart  = "start"
	opStop   = "stop"
	opReboot = "reboot"

	statusStarting = "Starting"
	statusStopping = "Stopping"

	// defaultPowerTimeout bounds the call and the wait: Baidu boots or
	// stops an instance in a minute or two.
	defaultPowerTimeout = 10 * time.Minute
)

// NewPowerAction is baidu_bcc_instance_power: start, stop or reboot an
// instance and wait until it is there.
func NewPowerAction() action.Action {
	return &powerAction{ActionBase: framework.NewActionBase("_bcc_instance_power")}
}

type powerAction struct {
	framework.ActionBase
}

var (
	_ action.ActionWithConfigure      = (*powerAction)(nil)
	_ action.ActionWithModifyPlan     = (*powerAction)(nil)
	_ action.ActionWithValidateConfig = (*powerAction)(nil)
)

type powerModel struct {
	InstanceID types.String   `tfsdk:"instance_id"`
	Operation  types.String   `tfsdk:"operation"`
	ForceStop  types.Bool     `tfsdk:"force_stop"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (a *powerAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Starts, stops or reboots a BCC instance and waits until it is `Running` (start, reboot) or `Stopped` " +
			"(stop), printing each status it passes through. Starting a `Running` instance or stopping a `Stopped` one succeeds " +
			"with a message and calls nothing. Needs Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"instance_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the instance (`i-...`).",
				Validators:          []validator.String{validate.ID("an instance", validate.PrefixInstance)},
			},
			"operation": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "`start`, `stop` or `reboot`.",
				Validators:          []validator.String{stringvalidator.OneOf(opStart, opStop, opReboot)},
			},
			"force_stop": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "For `stop` and `reboot`: power the instance off without waiting for the guest to shut down " +
					"(as pulling the plug; unsaved data is lost). Default `false`. Setting it with `start` is an error, since a start " +
					"stops nothing.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: "How long the call and the wait may take, as a duration such as `\"10m\"`. Default `10m`.",
			}),
		},
	}
}

// ValidateConfig: force_stop means nothing to a start. It is an error
// rather than a warning so that a configuration never says something the
// provider ignores. Unknown values are left to the invocation.
func (a *powerAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m powerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Operation.ValueString() == opStart && !m.ForceStop.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("force_stop"), "force_stop does not apply to start",
			"force_stop says how an instance is powered off, so it applies only to operation \"stop\" and \"reboot\". "+
				"Remove it, or set it only when the operation is not \"start\".")
	}
}

// powerGoal is where an operation leaves the instance, and the status it
// passes through on the way, which needs no call of its own.
func powerGoal(op string) (want, underway string) {
	if op == opStop {
		return statusStopped, statusStopping
	}
	return statusRunning, statusStarting
}

func (a *powerAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m powerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, ctx, cancel, timeout := framework.Begin(ctx, a.Data, m.Timeouts.Invoke, defaultPowerTimeout, &resp.Diagnostics)
	defer cancel()
	if c == nil {
		return
	}
	id, op, force := m.InstanceID.ValueString(), m.Operation.ValueString(), m.ForceStop.ValueBool()
	want, underway := powerGoal(op)
	summary := fmt.Sprintf("Could not %s instance %s", op, id)

	inst, err := findInstanceByID(ctx, c, id)
	switch {
	case framework.IsNotFound(err):
		resp.Diagnostics.AddError(fmt.Sprintf("Instance %s not found", id),
			fmt.Sprintf("Baidu has no instance %s in this region (it was released, or the id or region is wrong), so it cannot be "+
				"%s: %s", id, pastTense(op), framework.BaiduSaid(ctx, err)))
		return
	case err != nil:
		resp.Diagnostics.AddError(summary, "Reading the instance failed: "+framework.BaiduSaid(ctx, err))
		return
	case inst.Status == statusError:
		resp.Diagnostics.AddError(summary, fmt.Sprintf("Instance %s is in status Error; Baidu cannot %s it. "+
			"Look at it in the Baidu Cloud console, or replace it.", id, op))
		return
	}

	// A start of a Running instance or a stop of a Stopped one is already
	// done: Baidu would refuse it with 409, and the user asked for a state,
	// not for a call. One already on its way there is waited for.
	call := true
	switch {
	case op != opReboot && inst.Status == want:
		framework.Progress(resp, "Instance %s is already %s; nothing to do.", id, want)
		return
	case op != opReboot && inst.Status == underway:
		framework.Progress(resp, "Instance %s is already %s; waiting until it is %s.", id, underway, want)
		call = false
	}
	if call {
		if err := a.call(ctx, c, id, op, force); err != nil {
			resp.Diagnostics.AddError(summary, fmt.Sprintf("Baidu refused to %s instance %s (it was %s): %s",
				op, id, inst.Status, framework.BaiduSaid(ctx, err)))
			return
		}
		framework.Progress(resp, "Baidu accepted the %s of instance %s; waiting until it is %s.", op, id, want)
	}

	last := inst.Status
	inst, err = framework.WaitFor(ctx, c, fmt.Sprintf("instance %s to become %s", id, want), timeout,
		func(ctx context.Context) (*client.Instance, error) { return findInstanceByID(ctx, c, id) },
		func(in *client.Instance) (bool, error) {
			if in.Status != last && in.Status != want {
				framework.Progress(resp, "Instance %s is %s.", id, in.Status)
			}
			last = in.Status
			// A reboot is done when the instance is Running after Baidu took
			// the call: Baidu documents no statuses for it, so seeing one in
			// between is not required.
			switch in.Status {
			case want:
				return true, nil
			case statusError:
				return false, fmt.Errorf("instance %s entered status Error", id)
			}
			return false, nil
		}, lastStatus)
	if err != nil {
		resp.Diagnostics.AddError(summary, framework.WithRequestID(fmt.Sprintf("The %s was under way, but instance %s is not "+
			"%s: it was last seen %s. %s", op, id, want, last, err), err))
		return
	}
	framework.Progress(resp, "Instance %s is %s: the %s is done.", id, inst.Status, op)
}

// call makes the power call. A 409 may mean the instance got there by
// itself since it was read (a start or stop from the console): when the
// instance now reads as on its way or arrived, that is what was asked for.
// A reboot has no such reading, since its goal is where it started.
func (a *powerAction) call(ctx context.Context, c *framework.Conn, id, op string, force bool) error {
	var err error
	switch op {
	case opStart:
		err = c.Client.StartInstance(ctx, id)
	case opStop:
		err = c.Client.StopInstance(ctx, id, force)
	default:
		return c.Client.RebootInstance(ctx, id, force)
	}
	if framework.HTTPStatusOf(err) != http.StatusConflict {
		return err
	}
	want, underway := powerGoal(op)
	if inst, rerr := findInstanceByID(ctx, c, id); rerr == nil && (inst.Status == want || inst.Status == underway) {
		return nil
	}
	return err
}

func pastTense(op string) string {
	switch op {
	case opStart:
		return "started"
	case opStop:
		return "stopped"
	}
	return "rebooted"
}
