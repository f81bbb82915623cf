package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

// mockSettings are the bccmock flags a scenario sets. The mock runs on real
// time, so its records and instance times are comparable with the
// benchmark's own clock.
type mockSettings struct {
	Latency        time.Duration
	BootTime       time.Duration
	CreatingWindow time.Duration
	DeletedPhase   time.Duration
	Seed           int64
}

func (s mockSettings) args() []string {
	return []string{
		"-addr", "127.0.0.1:0", "-admin", "-quiet",
		"-latency", s.Latency.String(),
		"-boot-time", s.BootTime.String(),
		"-creating-window", s.CreatingWindow.String(),
		"-deleted-phase", s.DeletedPhase.String(),
		"-seed", fmt.Sprint(s.Seed),
	}
}

// mockProc is a running bccmock command and a client for its unsigned
// /_mock/ admin endpoints.
type mockProc struct {
	URL  string
	cmd  *exec.Cmd
	log  *os.File
	http *http.Client
}

// startMock starts the mock command and waits for the URL it prints.
func startMock(ctx context.Context, bin, logPath string, s mockSettings) (*mockProc, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, s.args()...)
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		_ = logFile.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, err
	}
	m := &mockProc{cmd: cmd, log: logFile, http: &http.Client{Timeout: 30 * time.Second}}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "bccmock listening on "); ok {
				urls <- strings.TrimSpace(u)
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout) // keep the pipe drained
	}()
	select {
	case m.URL = <-urls:
		return m, nil
	case <-time.After(15 * time.Second):
		err = errors.New("the mock did not print its URL within 15s")
	case <-ctx.Done():
		err = ctx.Err()
	}
	_ = m.Stop()
	return nil, fmt.Errorf("%w (log: %s)", err, logPath)
}

// Stop asks the mock to shut down and waits for it, killing it if it hangs.
func (m *mockProc) Stop() error {
	defer func() { _ = m.log.Close() }() // the log was only appended to
	if m.cmd.ProcessState != nil {
		return nil
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	waited := make(chan error, 1)
	go func() { waited <- m.cmd.Wait() }()
	select {
	case err := <-waited:
		return err
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
		return <-waited
	}
}

func (m *mockProc) admin(ctx context.Context, method, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, m.URL+"/_mock/"+path, nil)
	if err != nil {
		return err
	}
	resp, err := m.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("mock admin %s %s: %d %s", method, path, resp.StatusCode, strings.TrimSpace(string(body)))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("mock admin %s %s: %w", method, path, err)
	}
	return nil
}

// instances lists the instances the mock still shows (released ones in
// their Deleted phase included).
func (m *mockProc) instances(ctx context.Context) ([]bccmock.Instance, error) {
	var list []bccmock.Instance
	err := m.admin(ctx, http.MethodGet, "instances", &list)
	return list, err
}

// records returns every request since the last reset. It fails when the
// mock's record ring has overflowed, since a measurement on a partial log
// would be wrong without saying so.
func (m *mockProc) records(ctx context.Context) ([]bccmock.RequestRecord, error) {
	var resp struct {
		Counts  []bccmock.RouteCount    `json:"counts"`
		Records []bccmock.RequestRecord `json:"records"`
	}
	if err := m.admin(ctx, http.MethodGet, "requests?records=1", &resp); err != nil {
		return nil, err
	}
	total := 0
	for _, c := range resp.Counts {
		total += c.Count
	}
	if total != len(resp.Records) {
		return nil, fmt.Errorf("the mock counted %d requests but kept %d records (its record log is full); reset it more often", total, len(resp.Records))
	}
	return resp.Records, nil
}

// setRateLimit sets the mock's account rate limit (requests per second on
// the wall clock, 429 with Retry-After beyond it); 0 lifts it.
func (m *mockProc) setRateLimit(ctx context.Context, perSecond float64) error {
	return m.admin(ctx, http.MethodPost, fmt.Sprintf("faults?rate-limit=%g", perSecond), nil)
}

func (m *mockProc) resetRequests(ctx context.Context) error {
	return m.admin(ctx, http.MethodPost, "requests/reset", nil)
}

// setStatus changes an instance's status out of band, as Baidu does when a
// boot finishes; used to make each instance Running at a chosen moment.
func (m *mockProc) setStatus(ctx context.Context, id, status string) error {
	return m.admin(ctx, http.MethodPost, "instance/"+url.PathEscape(id)+"?status="+url.QueryEscape(status), nil)
}

// savedRecords fetches the request records and keeps a copy named name in
// dir, so a surprising figure can be checked against the raw calls.
func (m *mockProc) savedRecords(ctx context.Context, dir, name string) ([]bccmock.RequestRecord, error) {
	recs, err := m.records(ctx)
	if err != nil {
		return nil, err
	}
	return recs, dumpJSON(dir, name, recs)
}
