package provider_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

// Temporary (STS) credentials for the secrets test, so that the session
// token is sent and must be kept out of logs too. The values are long and
// unusual so that a search for them cannot match by accident.
var stsCredential = bccmock.Credential{
	AccessKey:    "acc-sts-access-key",
	SecretKey:    "acc-sts-secret-key-5d0c7a91e2f4b836",
	SessionToken: "acc-sts-session-token-93b1f0c6d2e8a475",
}

// wireSpy sits in front of the mock and keeps what the mock's own records
// leave out: every Authorization header and security token the provider
// sent. When echo is armed, it answers the next password change itself
// with an error that quotes the request's Authorization header, security
// token and body (the encrypted password), as a careless or hostile server
// might, to prove the provider scrubs what a server sends back.
type wireSpy struct {
	next http.Handler

	mu     sync.Mutex
	auth   []string
	tokens []string
	echo   bool
}

const echoRequestID = "echo-4f1d2c3b-0000-4000-8000-00000000e0e0"

func (s *wireSpy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if v := r.Header.Get("Authorization"); v != "" {
		s.auth = append(s.auth, v)
	}
	if v := r.Header.Get("x-bce-security-token"); v != "" {
		s.tokens = append(s.tokens, v)
	}
	echo := s.echo && r.Method == http.MethodPut && r.URL.Query().Has("changePass")
	if echo {
		s.echo = false
	}
	s.mu.Unlock()

	if !echo {
		s.next.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	msg := fmt.Sprintf("request rejected: Authorization=%s x-bce-security-token=%s body=%s",
		r.Header.Get("Authorization"), r.Header.Get("x-bce-security-token"), body)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-bce-request-id", echoRequestID)
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": "InvalidParameter", "message": msg, "requestId": echoRequestID})
}

func (s *wireSpy) armEcho() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.echo = true
}

func (s *wireSpy) sent() (auth, tokens []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auth...), append([]string(nil), s.tokens...)
}

// Secrets: create with an admin password, a plan and an update that change
// it, an update that a server answers by echoing the request, and the
// destroy, all with TF_LOG=TRACE. The secret key, the session token, both
// passwords (plain and as encrypted on the wire), and every Authorization
// header and signature sent appear nowhere in the log, in any diagnostic or
// in the plan output, while admin_pass shows as sensitive in the plan.
//
// State: Baidu never returns the admin password, so the provider keeps
// admin_pass in state exactly as configured (a sensitive value, like every
// secret in Terraform state; protect the state backend accordingly). The
// test asserts that value, and that the mock received the same password.
//
// plugin-testing writes the provider's log (and Terraform's) to the file
// named by TF_LOG_PATH_MASK. Setting it with t.Setenv rules out t.Parallel:
// this test runs on its own, before the parallel ones, so no other test
// writes to its log.
func TestAccSecrets_neverInLogsDiagnosticsOrPlan(t *testing.T) {
	const (
		firstPass  = "Initial0pen!x9"
		secondPass = "Rotated7key@q4"
	)
	logDir := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logDir, "%s.log"))
	t.Setenv("TF_ACC_LOG_PATH", "")
	// The test harness's own log (sdk.helper_resource) records each step's
	// configuration verbatim, and this test writes its secrets into the
	// configuration; that text is the test's input, not something the
	// provider or Terraform logged, so that one subsystem is silenced.
	// Everything else (Terraform's TRACE log, the plugin framework's, the
	// provider's and its "bce" client subsystem) is kept and searched.
	t.Setenv("TF_LOG_SDK_HELPER_RESOURCE", "OFF")
	// The client's subsystem has its own level; a shell that turned it
	// down must not make this test search a log without request lines.
	t.Setenv("TF_LOG_PROVIDER_BAIDU_BCE", "TRACE")

	var spy *wireSpy
	e := acctest.NewWrappedEnv(t, bccmock.Config{Credentials: []bccmock.Credential{stsCredential}}, func(h http.Handler) http.Handler {
		spy = &wireSpy{next: h}
		return spy
	})
	config := func(pass string) string {
		return fmt.Sprintf(`
provider "baidu" {
  access_key    = %q
  secret_key    = %q
  session_token = %q
  region        = "bj"
  endpoints {
    bcc = %q
  }
}

resource "baidu_bcc_instance" "test" {
  image_id          = "m-acc0001"
  availability_zone = "cn-bj-a"
  instance_spec     = "bcc.g5.c2m8"
  admin_pass        = %q
}
`, stsCredential.AccessKey, stsCredential.SecretKey, stsCredential.SessionToken, e.URL, pass)
	}

	// ErrorCheck sees the error of a step without ExpectError. The steps
	// below that must fail set expected, so that their whole error text,
	// diagnostics and plan output included, is kept and searched.
	var (
		expected    string
		outputs     []string
		planShown   bool
		echoReached bool
	)
	errorCheck := func(err error) error {
		text := err.Error()
		switch expected {
		case "plan":
			if !strings.Contains(text, "admin_pass") || !strings.Contains(text, "(sensitive value)") {
				return fmt.Errorf("the plan output does not show admin_pass as a sensitive value:\n%s", text)
			}
			planShown = true
		case "echo":
			for _, want := range []string{"Failed to change BCC instance admin password", "HTTP 400", "InvalidParameter", echoRequestID, "***"} {
				if !strings.Contains(text, want) {
					return fmt.Errorf("the echoed error does not mention %q:\n%s", want, text)
				}
			}
			echoReached = true
		default:
			return err
		}
		outputs = append(outputs, text)
		expected = ""
		return nil
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		ErrorCheck:               errorCheck,
		Steps: []resource.TestStep{
			{
				Config: config(firstPass),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectSensitiveValue(acctest.InstanceAddress, tfjsonpath.New("admin_pass"))},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectSensitiveValue(acctest.InstanceAddress, tfjsonpath.New("admin_pass")),
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("admin_pass"), knownvalue.StringExact(firstPass)),
				},
				Check: e.CheckAdminPass(firstPass),
			},
			{
				// A plan-only step with a change fails with the plan as
				// Terraform prints it, which errorCheck searches.
				PreConfig: func() { expected = "plan" },
				Config:    config(secondPass),
				PlanOnly:  true,
			},
			{
				PreConfig: func() { expected = "echo"; spy.armEcho() },
				Config:    config(secondPass),
			},
			{
				Config: config(secondPass),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(acctest.InstanceAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectSensitiveValue(acctest.InstanceAddress, tfjsonpath.New("admin_pass")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(acctest.InstanceAddress, tfjsonpath.New("admin_pass"), knownvalue.StringExact(secondPass)),
				},
				Check: e.CheckAdminPass(secondPass),
			},
		},
		CheckDestroy: e.CheckNoInstances,
	})
	if !planShown || !echoReached {
		t.Fatalf("a failing step did not fail as planned (plan shown %v, echo reached %v)", planShown, echoReached)
	}

	logText := readLogs(t, logDir)
	// The log must hold the client's request lines, or finding no secret
	// in it proves nothing.
	for _, want := range []string{"baidu.bce: sending request", "baidu.bce: received response", "bce_operation=ChangeAdminPass",
		"bce_operation=CreateInstanceBySpec", "bce_operation=ReleaseInstance", "sdk.framework:"} {
		if !strings.Contains(logText, want) {
			t.Errorf("the TRACE log (%d bytes) has no %q; it does not capture the provider's requests", len(logText), want)
		}
	}

	secrets := map[string]string{
		"secret key":            stsCredential.SecretKey,
		"session token":         stsCredential.SessionToken,
		"first admin password":  firstPass,
		"second admin password": secondPass,
	}
	for name, plain := range map[string]string{"first": firstPass, "second": secondPass} {
		enc, err := bceauth.EncryptPassword(plain, stsCredential.SecretKey)
		if err != nil {
			t.Fatal(err)
		}
		secrets["encrypted "+name+" admin password"] = enc
	}
	auth, tokens := spy.sent()
	if len(auth) < 5 {
		t.Fatalf("only %d Authorization headers seen on the wire", len(auth))
	}
	for _, tok := range tokens {
		if tok != stsCredential.SessionToken {
			t.Errorf("a request carried another security token than configured")
		}
	}
	if len(tokens) != len(auth) {
		t.Errorf("%d of %d requests carried the session token, want all", len(tokens), len(auth))
	}
	for i, a := range auth {
		secrets[fmt.Sprintf("Authorization header #%d", i)] = a
		// The signature alone is the credential part of the header.
		secrets[fmt.Sprintf("signature #%d", i)] = a[strings.LastIndexByte(a, '/')+1:]
	}

	places := map[string]string{"TRACE log": logText, "diagnostics and plan output": strings.Join(outputs, "\n")}
	for where, text := range places {
		for name, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("the %s contains the %s", where, name)
			}
		}
	}
	if !t.Failed() {
		t.Logf("secrets: %d-byte TRACE log, %d requests, %d secrets (key, token, 2 passwords plain and encrypted, %d Authorization headers and signatures) searched in the log, diagnostics and plan output: none found",
			len(logText), len(auth), len(secrets), len(auth))
	}
}

// readLogs returns the contents of every log file in dir.
func readLogs(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.log"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no log file written in %s (err %v)", dir, err)
	}
	var all bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		all.Write(data)
	}
	return all.String()
}
