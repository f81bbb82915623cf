package bccmock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/wait"
)

var (
	testCred = Credential{AccessKey: "test-ak", SecretKey: "test-secret-key-0123456789abcdef"}
	stsCred  = Credential{AccessKey: "sts-ak", SecretKey: "sts-secret-key-fedcba9876543210", SessionToken: "sts-session-token-value"}
	// epoch is where the simulated clocks of tests start.
	epoch = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
)

type harness struct {
	t     *testing.T
	srv   *Server
	clock *wait.SimClock
	ts    *httptest.Server
	cred  Credential
	logs  *logSink
}

// logSink collects Logger output for tests that check what is logged.
type logSink struct {
	mu    sync.Mutex
	lines []string
}

func (l *logSink) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logSink) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// newHarness starts a mock on httptest. Unless cfg says otherwise it uses a
// simulated clock at epoch, the test credentials, and collects logs.
func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	h := &harness{t: t, logs: &logSink{}}
	if cfg.Clock == nil {
		h.clock = wait.NewSimClock(epoch)
		cfg.Clock = h.clock
	} else if mc, ok := cfg.Clock.(*wait.SimClock); ok {
		h.clock = mc
	}
	if cfg.Credentials == nil {
		cfg.Credentials = []Credential{testCred, stsCred}
	}
	if cfg.Logger == nil {
		cfg.Logger = h.logs.logf
	}
	h.srv = New(cfg)
	h.ts = httptest.NewServer(h.srv)
	t.Cleanup(h.ts.Close)
	h.cred = cfg.Credentials[0]
	return h
}

type result struct {
	status    int
	header    http.Header
	body      []byte
	code      string
	message   string
	requestID string
}

func (r result) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

// newRequest builds a request to the mock. pathQuery may carry a raw query
// such as "?start" (without '='), sent exactly as written.
func (h *harness) newRequest(method, pathQuery string, body any) *http.Request {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, h.ts.URL+pathQuery, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json;charset=utf-8")
	}
	return req
}

func sign(req *http.Request, c Credential, at time.Time) {
	bceauth.SignRequest(req, c, at, bceauth.DefaultExpiration)
}

func (h *harness) send(req *http.Request) result {
	h.t.Helper()
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	buf, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	r := result{status: resp.StatusCode, header: resp.Header, body: buf}
	if resp.StatusCode >= 400 {
		var e errorBody
		if json.Unmarshal(buf, &e) == nil {
			r.code, r.message, r.requestID = e.Code, e.Message, e.RequestID
		}
	}
	return r
}

// do sends a request signed with the harness credential at the current
// wall-clock time.
func (h *harness) do(method, pathQuery string, body any) result {
	h.t.Helper()
	return h.doAs(h.cred, method, pathQuery, body)
}

func (h *harness) doAs(c Credential, method, pathQuery string, body any) result {
	h.t.Helper()
	req := h.newRequest(method, pathQuery, body)
	sign(req, c, time.Now())
	return h.send(req)
}

// expectError checks an error answer completely: status, code, JSON body
// with requestId equal to the x-bce-request-id header.
func expectError(t *testing.T, r result, status int, code string) {
	t.Helper()
	if r.status != status || r.code != code {
		t.Fatalf("got %d %q (%s), want %d %q", r.status, r.code, r.body, status, code)
	}
	if r.requestID == "" || r.requestID != r.header.Get("x-bce-request-id") {
		t.Fatalf("requestId %q must equal the x-bce-request-id header %q", r.requestID, r.header.Get("x-bce-request-id"))
	}
	if r.message == "" {
		t.Fatalf("error %s has no message", code)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("error Content-Type %q, want JSON", ct)
	}
}

func expectOK(t *testing.T, r result) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("got %d %s, want 200", r.status, r.body)
	}
	if r.header.Get("x-bce-request-id") == "" {
		t.Fatal("success answer has no x-bce-request-id header")
	}
}

func (h *harness) admin(method, path string) (int, string) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.ts.URL+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	buf, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(buf)
}

// outcome sends one signed GET on a fresh connection (so that Go's transport
// never silently retries a dropped request) and describes what came back.
func (h *harness) outcome(path string) string {
	h.t.Helper()
	req := h.newRequest(http.MethodGet, path, nil)
	sign(req, h.cred, time.Now())
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return "dropped"
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return fmt.Sprint(resp.StatusCode)
}

func mustPanic(t *testing.T, fragment string, f func()) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), fragment) {
			t.Fatalf("want a panic mentioning %q, got %v", fragment, r)
		}
	}()
	f()
}

func (s *Server) mustInstance(t *testing.T, id string) Instance {
	t.Helper()
	in, ok := s.Instance(id)
	if !ok {
		t.Fatalf("no instance %s", id)
	}
	return in
}

// minimalCreate is the smallest valid create-by-spec body.
func minimalCreate() map[string]any {
	return map[string]any{
		"spec":    "bcc.g5.c2m8",
		"imageId": "m-test0001",
		"billing": map[string]any{"paymentTiming": "Postpaid"},
	}
}

func prepaidCreate(months int) map[string]any {
	b := minimalCreate()
	b["billing"] = map[string]any{
		"paymentTiming": "Prepaid",
		"reservation":   map[string]any{"reservationLength": months, "reservationTimeUnit": "Month"},
	}
	return b
}

// create makes an instance by spec and returns its id.
func (h *harness) create(body map[string]any) string {
	h.t.Helper()
	r := h.do(http.MethodPost, "/v2/instanceBySpec", body)
	expectOK(h.t, r)
	var out struct {
		InstanceIDs []string `json:"instanceIds"`
		OrderID     string   `json:"orderId"`
	}
	r.decode(h.t, &out)
	if len(out.InstanceIDs) != 1 || out.OrderID == "" {
		h.t.Fatalf("create answered %s", r.body)
	}
	return out.InstanceIDs[0]
}

// detail is the subset of the instance detail the tests read, decoded with
// a raw map as well so that exact field names can be checked.
type detail struct {
	ID                 string            `json:"id"`
	Name               string            `json:"name"`
	Hostname           string            `json:"hostname"`
	Desc               string            `json:"desc"`
	Status             string            `json:"status"`
	Spec               string            `json:"spec"`
	PaymentTiming      string            `json:"paymentTiming"`
	CreateTime         string            `json:"createTime"`
	ExpireTime         *string           `json:"expireTime"`
	InternalIP         string            `json:"internalIp"`
	PublicIP           string            `json:"publicIp"`
	CPUCount           int               `json:"cpuCount"`
	MemoryCapacityInGB int               `json:"memoryCapacityInGB"`
	Tags               []wireTag         `json:"tags"`
	Raw                map[string]any    `json:"-"`
	TagMap             map[string]string `json:"-"`
}

func (h *harness) get(id string) (detail, result) {
	h.t.Helper()
	r := h.do(http.MethodGet, "/v2/instance/"+id+"?isDeploySet=false", nil)
	var d detail
	if r.status == http.StatusOK {
		var env struct {
			Instance json.RawMessage `json:"instance"`
		}
		r.decode(h.t, &env)
		if err := json.Unmarshal(env.Instance, &d); err != nil {
			h.t.Fatal(err)
		}
		if err := json.Unmarshal(env.Instance, &d.Raw); err != nil {
			h.t.Fatal(err)
		}
		d.TagMap = map[string]string{}
		for _, tg := range d.Tags {
			d.TagMap[tg.TagKey] = tg.TagValue
		}
	}
	return d, r
}

func (h *harness) status(id string) string {
	h.t.Helper()
	d, r := h.get(id)
	if r.status != http.StatusOK {
		h.t.Fatalf("GET %s: %d %s", id, r.status, r.body)
	}
	return d.Status
}

func encrypt(t *testing.T, plain, secretKey string) string {
	t.Helper()
	enc, err := bceauth.EncryptPassword(plain, secretKey)
	if err != nil {
		t.Fatal(err)
	}
	return enc
}

func postpaidVolume(size int) map[string]any {
	return map[string]any{"cdsSizeInGB": size, "billing": map[string]any{"paymentTiming": "Postpaid"}}
}

// createVolumes creates disks and returns their ids.
func (h *harness) createVolumes(query string, body any) []string {
	h.t.Helper()
	r := h.do(http.MethodPost, "/v2/volume"+query, body)
	expectOK(h.t, r)
	var out struct {
		VolumeIDs   []string `json:"volumeIds"`
		WarningList []string `json:"warningList"`
	}
	r.decode(h.t, &out)
	if len(out.VolumeIDs) == 0 || out.WarningList == nil {
		h.t.Fatalf("create volume answered %s", r.body)
	}
	return out.VolumeIDs
}

func (h *harness) createVolume(body any) string {
	h.t.Helper()
	return h.createVolumes("", body)[0]
}

func (h *harness) createSnapshot(query string, body any) string {
	h.t.Helper()
	return h.createOne("/v2/snapshot"+query, body, "snapshotId", "s-")
}

func (h *harness) createImage(query string, body any) string {
	h.t.Helper()
	return h.createOne("/v2/image"+query, body, "imageId", "m-")
}

// createOne is a create that answers one id, in field, of prefix and 8
// characters.
func (h *harness) createOne(pathQuery string, body any, field, prefix string) string {
	h.t.Helper()
	r := h.do(http.MethodPost, pathQuery, body)
	expectOK(h.t, r)
	var out map[string]string
	r.decode(h.t, &out)
	if id := out[field]; strings.HasPrefix(id, prefix) && len(id) == len(prefix)+8 {
		return id
	}
	h.t.Fatalf("POST %s answered %s", pathQuery, r.body)
	return ""
}

// detailOf is GET path with its object, wrapped in wrapper, decoded both
// typed and raw.
func detailOf[T any](h *harness, path, wrapper string) (T, map[string]any, result) {
	h.t.Helper()
	r := h.do(http.MethodGet, path, nil)
	var env map[string]json.RawMessage
	var typed T
	var raw map[string]any
	if r.status == http.StatusOK {
		r.decode(h.t, &env)
		if err := json.Unmarshal(env[wrapper], &typed); err != nil {
			h.t.Fatal(err)
		}
		if err := json.Unmarshal(env[wrapper], &raw); err != nil {
			h.t.Fatal(err)
		}
	}
	return typed, raw, r
}

func (h *harness) volumeDetail(id string) (wireVolume, map[string]any, result) {
	h.t.Helper()
	return detailOf[wireVolume](h, "/v2/volume/"+id, "volume")
}

func (h *harness) snapshotDetail(id string) (wireSnapshot, map[string]any, result) {
	h.t.Helper()
	return detailOf[wireSnapshot](h, "/v2/snapshot/"+id, "snapshot")
}

func (h *harness) imageDetail(id string) (wireImage, result) {
	h.t.Helper()
	im, _, r := detailOf[wireImage](h, "/v2/image/"+id, "image")
	return im, r
}

func (h *harness) volumeStatus(id string) string {
	h.t.Helper()
	v, _, r := h.volumeDetail(id)
	expectOK(h.t, r)
	return v.Status
}

// listIDs is GET pathQuery decoded as L: the ids of its items, nil for none.
func listIDs[L, T any](h *harness, pathQuery string, items func(L) []T, id func(T) string) []string {
	h.t.Helper()
	r := h.do(http.MethodGet, pathQuery, nil)
	expectOK(h.t, r)
	var out L
	r.decode(h.t, &out)
	var ids []string
	for _, it := range items(out) {
		ids = append(ids, id(it))
	}
	return ids
}

func (h *harness) listVolumeIDs(query string) []string {
	h.t.Helper()
	return listIDs(h, "/v2/volume?"+query, func(l listVolumesResponse) []wireVolume { return l.Volumes }, func(v wireVolume) string { return v.ID })
}

func (h *harness) listSnapshotIDs(query string) []string {
	h.t.Helper()
	return listIDs(h, "/v2/snapshot?"+query, func(l listSnapshotsResponse) []wireSnapshot { return l.Snapshots }, func(sn wireSnapshot) string { return sn.ID })
}

func (h *harness) listImageIDs(query string) []string {
	h.t.Helper()
	return listIDs(h, "/v2/image?"+query, func(l listImagesResponse) []wireImage { return l.Images }, func(im wireImage) string { return im.ID })
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
