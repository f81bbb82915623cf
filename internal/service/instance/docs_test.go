package instance

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/framework"
)

// The figures the docs quote about timeouts and release retries are the
// code's, so a change of schedule or default shows up here.
func TestDocsQuoteTheReleaseScheduleAndTimeouts(t *testing.T) {
	b, err := os.ReadFile("../../../docs/resources/bcc_instance.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	seconds := func(d time.Duration) string { return fmt.Sprintf("%.3g s", d.Seconds()) }
	sched := framework.DefaultSchedules()
	statusPollSchedule, releaseRetrySchedule := sched.StatusPoll, sched.ReleaseRetry
	want := []string{
		fmt.Sprintf("| `create` | %g minutes |", defaultCreateTimeout.Minutes()),
		fmt.Sprintf("| `update` | %g minutes |", defaultUpdateTimeout.Minutes()),
		fmt.Sprintf("| `delete` | %g minutes |", defaultDeleteTimeout.Minutes()),
		fmt.Sprintf("default %g minutes", defaultDeleteTimeout.Minutes()),
		"polling every " + seconds(sched.SharedPoll.Initial) + " on a beat",
		"after about " + seconds(statusPollSchedule.Initial),
		"at most " + seconds(statusPollSchedule.Max),
		client.CodeReleaseWhileCreating,
		client.CodeReleaseNotPrepay,
	}
	first, _ := releaseRetrySchedule.Bounds(0)
	shortest, longest := releaseRetrySchedule.Bounds(100)
	if releaseRetrySchedule.Initial == releaseRetrySchedule.Max {
		// A flat schedule: every wait lies in [shortest, longest].
		want = append(want,
			"waiting "+seconds(shortest)+" to "+seconds(longest)+" between attempts",
			fmt.Sprintf("at most %d attempts a minute", int(time.Minute/shortest)+1),
			"at most about "+seconds(longest)+" after Baidu would allow it")
	} else {
		want = append(want,
			"about "+seconds(first)+" before the second attempt",
			"at most "+seconds(longest)+" between later attempts",
			fmt.Sprintf("by up to %g %%", math.Round(releaseRetrySchedule.Jitter*100)))
	}
	flat := strings.Join(strings.Fields(doc), " ")
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("docs/resources/bcc_instance.md does not say %q; update templates/resources/bcc_instance.md.tmpl and run make docs", w)
		}
	}
}
