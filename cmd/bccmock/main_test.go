package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

// lockedBuffer is a bytes.Buffer safe for the server's logging goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listening = "bccmock listening on "

// readURL reads the announcement line and returns the base URL.
func readURL(t *testing.T, r io.Reader) string {
	t.Helper()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the URL line: %v (got %q)", err, line)
	}
	if !strings.HasPrefix(line, listening+"http://127.0.0.1:") {
		t.Fatalf("announcement %q", line)
	}
	return strings.TrimSpace(strings.TrimPrefix(line, listening))
}

func signedDo(t *testing.T, method, url, ak, sk, body string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	bceauth.SignRequest(req, bceauth.Credentials{AccessKey: ak, SecretKey: sk}, time.Now(), bceauth.DefaultExpiration)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, buf
}

// startRun runs the command in-process and returns its URL, its stderr and
// a function that stops it and returns run's error.
func startRun(t *testing.T, args ...string) (string, *lockedBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, pw, stderr)
		pw.Close()
		done <- err
	}()
	url := readURL(t, pr)
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("run did not stop")
			return nil
		}
	}
	t.Cleanup(func() { cancel() })
	return url, stderr, stop
}

func TestRunServesSignedRequests(t *testing.T) {
	url, stderr, stop := startRun(t, "-boot-time", "0", "-creating-window", "0", "-seed", "9")
	status, body := signedDo(t, http.MethodPost, url+"/v2/instanceBySpec", bccmock.DemoAccessKey, bccmock.DemoSecretKey,
		`{"spec":"bcc.g5.c2m8","imageId":"m-1","billing":{"paymentTiming":"Postpaid"}}`)
	if status != 200 {
		t.Fatalf("create with the demo pair: %d %s", status, body)
	}
	var out struct {
		InstanceIDs []string `json:"instanceIds"`
	}
	if err := json.Unmarshal(body, &out); err != nil || len(out.InstanceIDs) != 1 {
		t.Fatalf("create answered %s", body)
	}
	status, body = signedDo(t, http.MethodGet, url+"/v2/instance/"+out.InstanceIDs[0], bccmock.DemoAccessKey, bccmock.DemoSecretKey, "")
	if status != 200 || !strings.Contains(string(body), `"status":"Running"`) {
		t.Fatalf("get: %d %s", status, body)
	}
	if status, _ = signedDo(t, http.MethodGet, url+"/v2/instance", bccmock.DemoAccessKey, "wrong-secret-0123456789abcdef00", ""); status != 400 {
		t.Fatalf("wrong secret answered %d", status)
	}
	// Admin endpoints are off unless asked for.
	resp, err := http.Post(url+"/_mock/advance?d=1h", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 200 {
		t.Fatal("admin endpoint served without -admin")
	}
	if err := stop(); err != nil {
		t.Fatalf("run returned %v", err)
	}
	logs := stderr.String()
	for _, want := range []string{"POST /v2/instanceBySpec CreateInstanceBySpec 200 ak=mock-access-key", "GET /v2/instance ListInstances 400 SignatureDoesNotMatch", "shutting down"} {
		if !strings.Contains(logs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, bccmock.DemoSecretKey) || strings.Contains(logs, "bce-auth-v1/") {
		t.Errorf("stderr leaks credentials:\n%s", logs)
	}
}

func TestRunFlags(t *testing.T) {
	url, _, stop := startRun(t, "-key", "ak1:sk-one-0123456789abcdef", "-key", "ak2:sk-two-0123456789abcdef:token-2",
		"-admin", "-prepaid-expire-after", "20s", "-quiet")
	if status, body := signedDo(t, http.MethodGet, url+"/v2/instance", "ak1", "sk-one-0123456789abcdef", ""); status != 200 {
		t.Fatalf("configured key: %d %s", status, body)
	}
	if status, _ := signedDo(t, http.MethodGet, url+"/v2/instance", bccmock.DemoAccessKey, bccmock.DemoSecretKey, ""); status != 403 {
		t.Fatalf("demo key still accepted alongside -key: %d", status)
	}
	// ak2 is an STS key: without its token it is refused.
	if status, _ := signedDo(t, http.MethodGet, url+"/v2/instance", "ak2", "sk-two-0123456789abcdef", ""); status != 403 {
		t.Fatalf("STS key without token: %d", status)
	}
	resp, err := http.Post(url+"/_mock/advance?d=720h", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("-admin advance answered %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-key", "no-colon"},
		{"-key", "ak:"},
		{"-key", "ak:sk", "-key", "ak:sk2"},
		{"-error-rate", "1.5"},
		{"-drop-rate", "-0.1"},
		{"-rate-limit", "-1"},
		{"-boot-time", "-1s"},
		{"-scale-delay", "-1s"},
		{"-visibility-delay", "-1s"},
		{"-attach-time", "-1s"},
		{"-snapshot-time", "-1s"},
		{"-image-time", "-1s"},
		{"-list-by-id-empty-instances", "nil"},
		{"-list-by-id-empty-instances", ""},
		{"-addr", "not-an-address"},
		{"extra"},
	} {
		var stderr bytes.Buffer
		if err := run(context.Background(), args, io.Discard, &stderr); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

// TestBinarySIGTERM builds the real command, runs it, makes a signed request
// and stops it with SIGTERM, which must end it cleanly with exit status 0.
func TestBinarySIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := filepath.Join(t.TempDir(), "bccmock")
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the binary: %v", err)
	}
	build := exec.Command(goBin, "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-key", "bin-ak:bin-secret-0123456789abcdef", "-boot-time", "1s")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	url := readURL(t, stdout)

	if status, body := signedDo(t, http.MethodGet, url+"/v2/instance?maxKeys=10", "bin-ak", "bin-secret-0123456789abcdef", ""); status != 200 {
		t.Fatalf("signed request to the binary: %d %s", status, body)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err := <-waited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\nstderr:\n%s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the binary did not stop on SIGTERM")
	}
	if logs := stderr.String(); !strings.Contains(logs, "GET /v2/instance?maxKeys=10 ListInstances 200 ak=bin-ak") || !strings.Contains(logs, "shutting down") {
		t.Fatalf("stderr:\n%s", logs)
	}
}

func TestRunFamilyFlags(t *testing.T) {
	url, _, stop := startRun(t, "-boot-time", "0", "-creating-window", "0", "-volume-create-time", "1h", "-detach-not-attached-404",
		"-deletion-protection-code", "Custom.Protected", "-list-by-id-unknown-fails", "-admin", "-quiet")
	do := func(method, path, body string) (int, string) {
		status, out := signedDo(t, method, url+path, bccmock.DemoAccessKey, bccmock.DemoSecretKey, body)
		return status, string(out)
	}
	status, body := do(http.MethodPost, "/v2/instanceBySpec", `{"spec":"bcc.g5.c2m8","imageId":"m-1","billing":{"paymentTiming":"Postpaid"},"deletionProtection":"1"}`)
	var inst struct {
		InstanceIDs []string `json:"instanceIds"`
	}
	if err := json.Unmarshal([]byte(body), &inst); status != 200 || err != nil {
		t.Fatalf("create instance: %d %s", status, body)
	}
	id := inst.InstanceIDs[0]
	if status, body = do(http.MethodDelete, "/v2/instance/"+id, ""); status != 403 || !strings.Contains(body, "Custom.Protected") {
		t.Fatalf("release of a protected instance: %d %s", status, body)
	}
	if status, body = do(http.MethodPost, "/v2/instance/listByInstanceId", `{"instanceIds":["i-unknown1"]}`); status != 404 {
		t.Fatalf("listByInstanceId of an unknown id: %d %s", status, body)
	}
	status, body = do(http.MethodPost, "/v2/volume", `{"cdsSizeInGB":10,"billing":{"paymentTiming":"Postpaid"}}`)
	var vol struct {
		VolumeIDs []string `json:"volumeIds"`
	}
	if err := json.Unmarshal([]byte(body), &vol); status != 200 || err != nil {
		t.Fatalf("create volume: %d %s", status, body)
	}
	if status, body = do(http.MethodGet, "/v2/volume/"+vol.VolumeIDs[0], ""); status != 200 || !strings.Contains(body, `"status":"Creating"`) {
		t.Fatalf("volume detail: %d %s", status, body)
	}
	if status, body = do(http.MethodPut, "/v2/volume/"+vol.VolumeIDs[0]+"?detach", `{"instanceId":"`+id+`"}`); status != 404 || !strings.Contains(body, "Volume.DiskNotAttachedInstance") {
		t.Fatalf("detach of a disk not attached: %d %s", status, body)
	}
	resp, err := http.Get(url + "/_mock/volumes")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/_mock/volumes answered %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// -require-content-type refuses a signed request without a JSON
// Content-Type, bodiless or not, and lets the same request with it through.
func TestRunRequireContentType(t *testing.T) {
	url, _, stop := startRun(t, "-require-content-type", "-quiet")
	get := func(contentType string) (int, string) {
		req, err := http.NewRequest(http.MethodGet, url+"/v2/instance", nil)
		if err != nil {
			t.Fatal(err)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		bceauth.SignRequest(req, bceauth.Credentials{AccessKey: bccmock.DemoAccessKey, SecretKey: bccmock.DemoSecretKey}, time.Now(), bceauth.DefaultExpiration)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		buf, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(buf)
	}
	if status, body := get(""); status != 400 || !strings.Contains(body, bccmock.CodeInvalidHTTPRequest) {
		t.Fatalf("GET without Content-Type: %d %s", status, body)
	}
	if status, body := get("application/json; charset=utf-8"); status != 200 {
		t.Fatalf("GET with Content-Type: %d %s", status, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// -list-by-id-empty-instances null: a listByInstanceId answer that matches
// nothing says "instances":null.
func TestRunListByIDEmptyInstances(t *testing.T) {
	url, _, stop := startRun(t, "-list-by-id-empty-instances", "null", "-quiet")
	status, body := signedDo(t, http.MethodPost, url+"/v2/instance/listByInstanceId", bccmock.DemoAccessKey, bccmock.DemoSecretKey, `{"instanceIds":["i-unknown1"]}`)
	if status != 200 || !strings.Contains(string(body), `"instances":null`) {
		t.Fatalf("listByInstanceId of an unknown id: %d %s", status, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
