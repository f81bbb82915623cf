package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// Bad answers from the server: a 200 whose JSON is cut short, a 200 with no
// body, HTML error pages from a proxy, and a status value the provider does
// not know. Each must end in a clear error carrying the HTTP status and the
// request id (or, for the unknown status, in sensible behaviour), never in a
// panic, and never in an instance that state does not know.

// corrupter sits in front of the mock and rewrites the answers to the
// requests a rule matches. The mock still processes those requests; only
// what the provider reads changes.
type corrupter struct {
	next http.Handler

	mu    sync.Mutex
	rules []*corruption
}

type corruption struct {
	match     func(*http.Request) bool
	remaining int
	// rewrite turns the mock's answer into the one sent.
	rewrite func(status int, h http.Header, body []byte) (int, []byte)
	// announceFullLength sends the Content-Length of the mock's answer with
	// the rewritten (shorter) body, so that the connection closes before
	// the announced length arrives, as when a network cuts an answer off.
	announceFullLength bool
	// requestIDs are the x-bce-request-id values of the rewritten answers.
	requestIDs []string
}

// add installs a rule for the next n matching requests and returns it.
func (c *corrupter) add(n int, match func(*http.Request) bool, rewrite func(int, http.Header, []byte) (int, []byte)) *corruption {
	c.mu.Lock()
	defer c.mu.Unlock()
	rule := &corruption{match: match, remaining: n, rewrite: rewrite}
	c.rules = append(c.rules, rule)
	return rule
}

// stop ends every rule.
func (c *corrupter) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rules = nil
}

// ids returns the request ids of the answers rule rewrote.
func (c *corrupter) ids(rule *corruption) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), rule.requestIDs...)
}

func (c *corrupter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	var rule *corruption
	for _, candidate := range c.rules {
		if candidate.remaining > 0 && candidate.match(r) {
			candidate.remaining--
			rule = candidate
			break
		}
	}
	c.mu.Unlock()
	if rule == nil {
		c.next.ServeHTTP(w, r)
		return
	}

	rec := httptest.NewRecorder()
	c.next.ServeHTTP(rec, r)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	status, body := rule.rewrite(rec.Code, w.Header(), rec.Body.Bytes())
	length := len(body)
	if rule.announceFullLength {
		length = rec.Body.Len()
	}
	w.Header().Set("Content-Length", strconv.Itoa(length))

	c.mu.Lock()
	rule.requestIDs = append(rule.requestIDs, rec.Header().Get("x-bce-request-id"))
	c.mu.Unlock()

	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func isGetInstance(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v2/instance/i-")
}

func isBatchRead(r *http.Request) bool {
	return r.Method == http.MethodPost && r.URL.Path == "/v2/instance/listByInstanceId"
}

// isInstanceRead matches every read of an instance: a GET of one, or a
// batch read (the default, with batching on).
func isInstanceRead(r *http.Request) bool { return isGetInstance(r) || isBatchRead(r) }

func isAction(method, action string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Method == method && r.URL.Query().Has(action) }
}

// Rewrites of an answer.
var (
	truncateJSON = func(status int, _ http.Header, body []byte) (int, []byte) {
		return status, body[:len(body)/2]
	}
	emptyBody = func(status int, _ http.Header, _ []byte) (int, []byte) {
		return status, nil
	}
)

func htmlPage(status int) func(int, http.Header, []byte) (int, []byte) {
	return func(_ int, h http.Header, _ []byte) (int, []byte) {
		h.Set("Content-Type", "text/html")
		text := fmt.Sprintf("%d %s", status, http.StatusText(status))
		return status, []byte("<html>\r\n<head><title>" + text + "</title></head>\r\n<body>\r\n<center><h1>" + text +
			"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
	}
}

// withStatus replaces the instance status in an answer to a read: the one
// instance of a GetInstance answer, or every instance of a batch read.
func withStatus(value string) func(int, http.Header, []byte) (int, []byte) {
	return func(status int, _ http.Header, body []byte) (int, []byte) {
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(body, &doc); err != nil {
			return status, body // not JSON (e.g. a 404 page): leave it
		}
		set := func(raw json.RawMessage) json.RawMessage {
			var inst map[string]any
			if json.Unmarshal(raw, &inst) != nil {
				return raw
			}
			inst["status"] = value
			out, err := json.Marshal(inst)
			if err != nil {
				panic(err)
			}
			return out
		}
		switch {
		case doc["instance"] != nil:
			doc["instance"] = set(doc["instance"])
		case doc["instances"] != nil:
			var list []json.RawMessage
			if json.Unmarshal(doc["instances"], &list) != nil {
				return status, body
			}
			for i := range list {
				list[i] = set(list[i])
			}
			doc["instances"], _ = json.Marshal(list)
		default:
			return status, body // an error document: leave it
		}
		out, err := json.Marshal(doc)
		if err != nil {
			panic(err)
		}
		return status, out
	}
}

// stepErrors checks the errors of steps that are meant to fail but whose
// message can only be known while the test runs (it carries a request id).
// A step arms it in PreConfig with the fragments to expect; ErrorCheck then
// accepts that step's error only when it holds every fragment, in order.
type stepErrors struct {
	want   func() []string
	passed int
}

func (s *stepErrors) expect(want func() []string) func() { return func() { s.want = want } }

func (s *stepErrors) check(err error) error {
	if s.want == nil {
		return err
	}
	want := s.want()
	s.want = nil
	text := err.Error()
	for _, w := range want {
		if w == "" {
			return fmt.Errorf("an expected fragment is empty (no request id recorded?) in %q; error was:\n%s", want, text)
		}
	}
	if !acctest.ExpectError(want...).MatchString(text) {
		return fmt.Errorf("error does not contain, in order, %q:\n%s", want, text)
	}
	if strings.Contains(text, "panic") {
		return fmt.Errorf("error mentions a panic:\n%s", text)
	}
	s.passed++
	return nil
}

// lastRewrittenID returns the last request id the rule rewrote, or "" (which check
// refuses) when it rewrote none.
func lastRewrittenID(c *corrupter, rule **corruption) func() string {
	return func() string {
		if *rule == nil {
			return ""
		}
		ids := c.ids(*rule)
		if len(ids) == 0 {
			return ""
		}
		return ids[len(ids)-1]
	}
}

// Bad answers to an existing instance's reads and updates: each fails the
// step with the operation, the HTTP status, the request id and what was
// wrong, leaves state as it was, and the next run, with good answers,
// carries on.
func TestAccBadAnswers_readsAndUpdates(t *testing.T) {
	var c *corrupter
	e := acctest.NewWrappedEnv(t, bccmock.Config{}, func(h http.Handler) http.Handler {
		c = &corrupter{next: h}
		return c
	})
	// Batching is off: this test is about what one read meets. With
	// batching, a bad batch answer falls back to a single read
	// (TestAccBatching_badBatchAnswersFallBack).
	cfg := func(name, desc, providerExtra string) string {
		return e.ProviderBlockWith(providerExtra+"\n  batching {\n    enabled = false\n  }") + fmt.Sprintf(`
resource "baidu_bcc_instance" "test" {
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
  instance_spec     = "bcc.g5.c2m8"
  name              = %q
  description       = %q
}
`, name, desc)
	}
	var rule *corruption
	corrupt := func(n int, match func(*http.Request) bool, rewrite func(int, http.Header, []byte) (int, []byte)) func() {
		return func() { rule = c.add(n, match, rewrite) }
	}
	errs := &stepErrors{}
	id := func() string { return e.OnlyInstanceID() }
	requestID := lastRewrittenID(c, &rule)
	both := func(fs ...func()) func() {
		return func() {
			for _, f := range fs {
				f()
			}
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		ErrorCheck:               errs.check,
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{Config: cfg("bad-answers", "one", ""), Check: checkFleet(e, 1)},
			{
				// A 200 whose JSON stops half way, met while refreshing, on
				// every attempt (one garbled answer is retried away; with
				// max_retries = 1 two answers exhaust the retries).
				PreConfig: both(corrupt(2, isGetInstance, truncateJSON), errs.expect(func() []string {
					return []string{"Failed to read BCC instance", "GetInstance: HTTP 200", "(request id " + requestID() + ")", "response body is not the expected JSON", "unexpected end of JSON input"}
				})),
				Config:   cfg("bad-answers", "one", "  max_retries = 1"),
				PlanOnly: true,
			},
			{
				// A 200 with no body at all, on every attempt.
				PreConfig: both(corrupt(2, isGetInstance, emptyBody), errs.expect(func() []string {
					return []string{"Failed to read BCC instance", "GetInstance: HTTP 200", "(request id " + requestID() + ")", "empty response body where JSON was expected"}
				})),
				Config:   cfg("bad-answers", "one", "  max_retries = 1"),
				PlanOnly: true,
			},
			{
				// State survived both: the same configuration plans empty
				// (a plan-only step fails on any planned change).
				Config:   cfg("bad-answers", "one", ""),
				PlanOnly: true,
			},
			{
				// A status the provider does not know is not an error on
				// read: it is recorded as Baidu reports it.
				PreConfig:    corrupt(1, isGetInstance, withStatus("Hibernating")),
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr(acctest.InstanceAddress, "status", "Hibernating"),
			},
			{
				// A proxy's HTML page with a status that is not retried.
				PreConfig: both(corrupt(1, isAction(http.MethodPut, "modifyAttribute"), htmlPage(http.StatusForbidden)), errs.expect(func() []string {
					return []string{"Failed to rename BCC instance", "RenameInstance: HTTP 403", "403 Forbidden", "(request id " + requestID() + ")"}
				})),
				Config: cfg("renamed", "one", ""),
			},
			{
				// A load balancer's 502 page on every attempt: retried, then
				// reported with the number of attempts.
				PreConfig: both(corrupt(3, isAction(http.MethodPut, "modifyDesc"), htmlPage(http.StatusBadGateway)), errs.expect(func() []string {
					return []string{"Failed to update BCC instance description", "UpdateInstanceDesc: HTTP 502", "502 Bad Gateway", "(request id " + requestID() + ")", "after 3 attempts"}
				})),
				Config: cfg("renamed", "two", "  max_retries = 2"),
			},
			{
				// With good answers again, the updates go through.
				PreConfig: c.stop,
				Config:    cfg("renamed", "two", ""),
				Check: resource.ComposeTestCheckFunc(
					checkFleet(e, 1),
					resource.TestCheckResourceAttr(acctest.InstanceAddress, "status", "Running"),
					func(*terraform.State) error {
						in, _ := e.Mock.Instance(id())
						if in.Name != "renamed" || in.Desc != "two" {
							return fmt.Errorf("mock instance is %q / %q, want renamed / two", in.Name, in.Desc)
						}
						return nil
					},
				),
			},
		},
	})
	if errs.passed != 4 {
		t.Errorf("%d of 4 bad answers failed their step as expected", errs.passed)
	}
}

// A status the provider does not know, met while waiting for a new
// instance: the provider keeps waiting (it cannot tell whether the status
// leads to Running), then reports the timeout with the last status seen.
// The instance is in state, tainted, and the next apply replaces it.
func TestAccBadAnswers_unknownStatusWhileCreating(t *testing.T) {
	var c *corrupter
	e := acctest.NewWrappedEnv(t, bccmock.Config{}, func(h http.Handler) http.Handler {
		c = &corrupter{next: h}
		return c
	})
	c.add(1<<30, isInstanceRead, withStatus("Hibernating"))
	cfg := func(timeout string) string {
		return acctest.InstanceConfig(e, fmt.Sprintf(`
  instance_spec = "bcc.g5.c2m8"
  timeouts {
    create = %q
  }
`, timeout))
	}
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config: cfg("3s"),
				ExpectError: acctest.ExpectError("BCC instance did not become Running", "recorded in state",
					"timed out after 3s waiting for instance", "to become Running (last status Hibernating", "tainted"),
			},
			{
				PreConfig: func() {
					firstID = e.OnlyInstanceID()
					if n := e.Mock.RequestCount(http.MethodGet, bccmock.RouteGetInstance) + e.Mock.RequestCount(http.MethodPost, bccmock.RouteListInstancesByIDs); n < 2 {
						t.Errorf("the provider polled %d times; it stopped waiting at the unknown status", n)
					}
					c.stop()
				},
				Config: cfg("2m"),
				Check: resource.ComposeTestCheckFunc(
					checkFleet(e, 1),
					func(s *terraform.State) error {
						if ids := stateIDs(s); len(ids) != 1 || ids[0] == firstID {
							return fmt.Errorf("the tainted instance %s was not replaced (state: %v)", firstID, ids)
						}
						return nil
					},
				),
			},
		},
	})
}

// The create's answer is garbled after the mock made the instance. The
// client repeats the create with the same client token, the mock answers
// with the instance it already made, and exactly that one instance exists,
// in state: nothing is lost and nothing is made twice.
func TestAccBadAnswers_createAnswerGarbled(t *testing.T) {
	t.Run("cut in transfer", func(t *testing.T) {
		// The connection closes after half of the announced body.
		testGarbledCreateAnswer(t, true)
	})
	t.Run("complete but invalid JSON", func(t *testing.T) {
		// A server or proxy bug rather than a network one: the length
		// matches what was sent.
		testGarbledCreateAnswer(t, false)
	})
}

func testGarbledCreateAnswer(t *testing.T, cutInTransfer bool) {
	var c *corrupter
	e := acctest.NewWrappedEnv(t, bccmock.Config{}, func(h http.Handler) http.Handler {
		c = &corrupter{next: h}
		return c
	})
	rule := c.add(1, isCreate, truncateJSON)
	rule.announceFullLength = cutInTransfer
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             e.CheckNoInstances,
		Steps: []resource.TestStep{
			{
				Config: acctest.InstanceConfig(e, `instance_spec = "bcc.g5.c2m8"`),
				Check: resource.ComposeTestCheckFunc(
					checkFleet(e, 1),
					func(*terraform.State) error {
						if n := e.Mock.RequestCount(http.MethodPost, bccmock.RouteCreateInstanceBySpec); n != 2 || len(c.ids(rule)) != 1 {
							return fmt.Errorf("create reached the mock %d times (%d answers garbled), want 2 and 1", n, len(c.ids(rule)))
						}
						return nil
					},
				),
			},
		},
	})
}

func isCreate(r *http.Request) bool {
	return r.Method == http.MethodPost && r.URL.Path == "/v2/instanceBySpec"
}
