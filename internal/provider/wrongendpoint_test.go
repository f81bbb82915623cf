package provider_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// A wrong endpoint (a typo in endpoints.bcc, a corporate proxy, a web
// server's default site, or a path Baidu does not serve) answers 404 to
// everything. None of that is Baidu saying the instance is gone: refresh,
// plan, destroy and import must each fail with an error pointing at the
// endpoint, state must keep the instance, and the mock must still hold it.
// Reading those answers as "gone" would drop a running, billing instance
// from state.

// wrongEndpoint answers requests with a fixed 404 instead of passing them to
// the mock: all of them, only the release calls, or none (its mode).
type wrongEndpoint struct {
	next   http.Handler
	answer notFoundAnswer
	mode   atomic.Int32
	served atomic.Int64
}

const (
	passThrough int32 = iota
	answerAll
	answerReleases
)

type notFoundAnswer struct {
	contentType string
	body        string
}

func (w *wrongEndpoint) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	switch w.mode.Load() {
	case passThrough:
		w.next.ServeHTTP(rw, r)
		return
	case answerReleases:
		if r.Method != http.MethodDelete {
			w.next.ServeHTTP(rw, r)
			return
		}
	}
	w.served.Add(1)
	if w.answer.contentType != "" {
		rw.Header().Set("Content-Type", w.answer.contentType)
	}
	rw.Header().Set("Content-Length", strconv.Itoa(len(w.answer.body)))
	rw.WriteHeader(http.StatusNotFound)
	_, _ = rw.Write([]byte(w.answer.body))
}

var wrongEndpointAnswers = map[string]notFoundAnswer{
	"html page":      {"text/html", "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"},
	"empty body":     {"", ""},
	"InvalidURI":     {"application/json", `{"code":"InvalidURI"}`},
	"InvalidVersion": {"application/json", `{"code":"InvalidVersion"}`},
}

func TestAccWrongEndpoint_nothingIsDroppedOrReleased(t *testing.T) {
	for name, answer := range wrongEndpointAnswers {
		t.Run(name, func(t *testing.T) {
			var front *wrongEndpoint
			e := acctest.NewWrappedEnv(t, bccmock.Config{}, func(h http.Handler) http.Handler {
				front = &wrongEndpoint{next: h, answer: answer}
				return front
			})
			testWrongEndpoint(t, e, front)
		})
	}
}

func testWrongEndpoint(t *testing.T, e *acctest.Env, front *wrongEndpoint) {
	t.Helper()
	cfg := acctest.InstanceConfig(e, `instance_spec = "bcc.g5.c2m8"`)
	u, err := url.Parse(e.URL)
	if err != nil {
		t.Fatal(err)
	}
	// Every failure names the call, the status, the host that answered
	// and the likely cause.
	pointsAtEndpoint := func(summary, operation string) []string {
		return []string{summary, operation + ": HTTP 404", "from " + u.Host, "Is endpoints.bcc / BAIDUCLOUD_BCC_ENDPOINT right?"}
	}
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	on := func() { front.mode.Store(answerAll) }
	onlyRelease := func() { front.mode.Store(answerReleases) }
	off := func() { front.mode.Store(passThrough) }

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(acctest.InstanceAddress, tfjsonpath.New("id"))},
				Check: func(*terraform.State) error {
					id = e.OnlyInstanceID()
					return nil
				},
			},
			{
				// terraform apply -refresh-only
				PreConfig:    on,
				RefreshState: true,
				ExpectError:  acctest.ExpectError(pointsAtEndpoint("Failed to read BCC instance", "GetInstance")...),
			},
			{
				PreConfig:   on,
				Config:      cfg,
				PlanOnly:    true,
				ExpectError: acctest.ExpectError(pointsAtEndpoint("Failed to read BCC instance", "GetInstance")...),
			},
			{
				PreConfig:   on,
				Config:      cfg,
				Destroy:     true,
				ExpectError: acctest.ExpectError(pointsAtEndpoint("Failed to read BCC instance", "GetInstance")...),
			},
			{
				// The release itself answered by the wrong server (the
				// refresh before it got through): not "already gone".
				PreConfig:   onlyRelease,
				Config:      cfg,
				Destroy:     true,
				ExpectError: acctest.ExpectError(pointsAtEndpoint("Failed to release BCC instance", "ReleaseInstance")...),
			},
			{
				PreConfig:         on,
				Config:            cfg,
				ResourceName:      acctest.InstanceAddress,
				ImportState:       true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return id, nil },
				ExpectError:       acctest.ExpectError(pointsAtEndpoint("Failed to read BCC instance", "GetInstance")...),
			},
			{
				// Back on the right endpoint: state still holds the same
				// instance, the mock still runs it, and nothing changes.
				PreConfig: func() {
					off()
					if front.served.Load() == 0 {
						t.Error("the wrong endpoint never answered; the test did not exercise it")
					}
					in, ok := e.Mock.Instance(id)
					if !ok || in.Released || in.Status != bccmock.StatusRunning {
						t.Errorf("the mock no longer runs %s: %+v", id, in)
					}
					if n := e.Mock.RequestCount(http.MethodDelete, bccmock.RouteReleaseInstance); n != 0 {
						t.Errorf("%d release calls reached the API", n)
					}
				},
				// An apply of an empty plan, so that the checks below run
				// (a PlanOnly step runs none).
				Config:            cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(acctest.InstanceAddress, tfjsonpath.New("id"))},
				Check: func(s *terraform.State) error {
					if rs := s.RootModule().Resources[acctest.InstanceAddress]; rs == nil || rs.Primary.ID != id {
						return fmt.Errorf("state lost instance %s", id)
					}
					return nil
				},
			},
		},
	})
}

// A wrong endpoint's 404 (here an nginx page) is not Baidu saying the
// instance does not exist: every lookup fails pointing at the endpoint,
// none says "no instance".
func TestAccBCCInstanceDataSource_wrongEndpoint(t *testing.T) {
	var front *wrongEndpoint
	e := acctest.NewWrappedEnv(t, bccmock.Config{}, func(h http.Handler) http.Handler {
		front = &wrongEndpoint{next: h, answer: wrongEndpointAnswers["html page"]}
		return front
	})
	id := e.CreateInstance(acctest.NamedInstanceRequest("web-1"))
	front.mode.Store(answerAll)
	endpoint := "Is endpoints.bcc / BAIDUCLOUD_BCC_ENDPOINT right?"
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []acc.TestStep{
			{Config: acctest.InstanceDataSourceByID(e, id), ExpectError: acctest.ExpectError("Failed to read BCC instance", "GetInstance: HTTP 404", endpoint)},
			{Config: acctest.InstanceDataSourceByName(e, "web-1"), ExpectError: acctest.ExpectError("Failed to list BCC instances", "ListInstances: HTTP 404", endpoint)},
			{
				Config:      e.ProviderBlock() + "\ndata \"baidu_bcc_instances\" \"all\" {}\n",
				ExpectError: acctest.ExpectError("Failed to list BCC instances", "ListInstances: HTTP 404", endpoint),
			},
		},
	})
	if front.served.Load() == 0 {
		t.Error("the wrong endpoint answered nothing")
	}
}
