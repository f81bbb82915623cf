package acctest

import (
	"context"
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// A PlanOnly step runs neither its Check nor its ConfigStateChecks:
// plugin-testing applies nothing there, so it never calls them. What such
// a step asserts goes in ConfigPlanChecks.PostApplyPostRefresh, through
// these (TestPlanOnlyStepsAssertThroughPlanChecks keeps it so).

// CheckAfterPlan runs check as a plan check, for what a plan must have done
// on the mock (the calls of its refresh).
func CheckAfterPlan(check func() error) plancheck.PlanCheck {
	return planCheckFunc(func(*tfjson.Plan) error { return check() })
}

// OnlyInstanceIsInPlan is CheckOnlyInstanceIs for a plan: the instances of
// the state the plan started from are exactly the mock's live instances.
func (e *Env) OnlyInstanceIsInPlan() plancheck.PlanCheck {
	return planCheckFunc(func(p *tfjson.Plan) error {
		inState := map[string]bool{}
		if p.PriorState != nil && p.PriorState.Values != nil && p.PriorState.Values.RootModule != nil {
			for _, rs := range p.PriorState.Values.RootModule.Resources {
				if rs.Type != "baidu_bcc_instance" {
					continue
				}
				id, ok := rs.AttributeValues["id"].(string)
				if !ok {
					return fmt.Errorf("%s has no id in the plan's prior state", rs.Address)
				}
				inState[id] = true
			}
		}
		return e.onlyInstancesAre(inState)
	})
}

type planCheckFunc func(*tfjson.Plan) error

func (f planCheckFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req.Plan)
}
