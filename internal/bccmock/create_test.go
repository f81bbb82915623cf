package bccmock

import (
	"encoding/hex"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

func TestParseSpec(t *testing.T) {
	good := []struct {
		spec     string
		cpu, mem int
		family   string
		itype    string
	}{
		{"bcc.g5.c2m8", 2, 8, "g5", "N5"},
		{"bcc.ic4.c1m1", 1, 1, "ic4", "N4"},
		{"bcc.c5.c16m32", 16, 32, "c5", "N5"},
		{"bcc.gn5.c8m32.1xV100", 8, 32, "gn5", "N5"},
	}
	for _, g := range good {
		p, err := parseSpec(g.spec)
		if err != nil || p.cpu != g.cpu || p.memGB != g.mem || p.family != g.family || p.instanceType != g.itype {
			t.Errorf("parseSpec(%q) = %+v, %v", g.spec, p, err)
		}
	}
	for _, bad := range []string{"", "g5.c2m8", "bcc.g5.c2", "bcc.g5.c0m8", "bcc.g5.c2m0", "bcc.G5.c2m8", "bcc.g5.c2m8 ", "bcc..c2m8", "bcc.g5.c9999m8"} {
		if _, err := parseSpec(bad); err == nil {
			t.Errorf("parseSpec(%q) accepted", bad)
		}
	}
}

func TestCreateValidation(t *testing.T) {
	h := newHarness(t, Config{})
	with := func(mod func(map[string]any)) map[string]any {
		b := minimalCreate()
		mod(b)
		return b
	}
	cases := []struct {
		name    string
		body    any
		code    string
		message string // a fragment the message must contain
	}{
		{"empty body", "", CodeMalformedJSON, "empty"},
		{"not JSON", `{"spec":`, CodeMalformedJSON, "not valid JSON"},
		{"JSON array", `[1,2]`, CodeMalformedJSON, "object"},
		{"no imageId", with(func(b map[string]any) { delete(b, "imageId") }), CodeInappropriateJSON, "imageId"},
		{"no spec", with(func(b map[string]any) { delete(b, "spec") }), CodeInappropriateJSON, "spec is required"},
		{"unknown spec shape", with(func(b map[string]any) { b["spec"] = "large" }), CodeInappropriateJSON, "bcc.<family>.c<cpus>m<memoryGB>"},
		{"no billing", with(func(b map[string]any) { delete(b, "billing") }), CodeInappropriateJSON, "paymentTiming"},
		{"bad paymentTiming", with(func(b map[string]any) { b["billing"] = map[string]any{"paymentTiming": "postpaid"} }), CodeInappropriateJSON, "Prepaid or Postpaid"},
		{"prepaid without reservation", with(func(b map[string]any) { b["billing"] = map[string]any{"paymentTiming": "Prepaid"} }), CodeInappropriateJSON, "reservationLength is required"},
		{"prepaid for 10 months", prepaidCreateWith(10, "Month"), CodeInappropriateJSON, "not sold"},
		{"prepaid in years", prepaidCreateWith(1, "Year"), CodeInappropriateJSON, "Month"},
		{"wrong type", with(func(b map[string]any) { b["purchaseCount"] = "2" }), CodeInappropriateJSON, "purchaseCount must be an integer"},
		{"billing not an object", with(func(b map[string]any) { b["billing"] = "Postpaid" }), CodeInappropriateJSON, "billing must be a JSON object"},
		{"bad zone", with(func(b map[string]any) { b["zoneName"] = "beijing" }), CodeInappropriateJSON, "zoneName"},
		{"bad subnet", with(func(b map[string]any) { b["subnetId"] = "subnet-1" }), CodeInappropriateJSON, "subnetId"},
		{"bad hostname", with(func(b map[string]any) { b["hostname"] = "has space" }), CodeInappropriateJSON, "hostname"},
		{"long name", with(func(b map[string]any) { b["name"] = strings.Repeat("n", 66) }), CodeInappropriateJSON, "name"},
		{"purchaseCount too big", with(func(b map[string]any) { b["purchaseCount"] = 101 }), CodeInappropriateJSON, "purchaseCount"},
		{"small root disk", with(func(b map[string]any) { b["rootDiskSizeInGb"] = 10 }), CodeInappropriateJSON, "rootDiskSizeInGb"},
		{"unknown disk type", with(func(b map[string]any) { b["rootDiskStorageType"] = "floppy" }), CodeInappropriateJSON, "rootDiskStorageType"},
		{"empty tag key", with(func(b map[string]any) { b["tags"] = []map[string]string{{"tagKey": "", "tagValue": "v"}} }), CodeInappropriateJSON, "tagKey"},
		{"duplicate tag key", with(func(b map[string]any) {
			b["tags"] = []map[string]string{{"tagKey": "k", "tagValue": "1"}, {"tagKey": "k", "tagValue": "2"}}
		}), CodeInappropriateJSON, "more than once"},
		{"adminPass encrypted with another key", with(func(b map[string]any) {
			b["adminPass"] = encrypt(t, "Passw0rd!", "another-secret-key-0123456789ab")
		}), CodeInappropriateJSON, "cannot be decrypted with the secret key of access key test-ak"},
		{"adminPass in plain text", with(func(b map[string]any) { b["adminPass"] = "Passw0rd!" }), CodeInappropriateJSON, "adminPass cannot be decrypted"},
		{"deletionProtection 2", with(func(b map[string]any) { b["deletionProtection"] = 2 }), CodeInappropriateJSON, "deletionProtection"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(http.MethodPost, "/v2/instanceBySpec", tc.body)
			expectError(t, r, 400, tc.code)
			if !strings.Contains(r.message, tc.message) {
				t.Fatalf("message %q does not mention %q", r.message, tc.message)
			}
			if strings.Contains(r.message, "Passw0rd") {
				t.Fatalf("message leaks the password: %q", r.message)
			}
		})
	}
	if n := len(h.srv.Instances()); n != 0 {
		t.Fatalf("%d instances created by invalid requests", n)
	}
	expectError(t, h.do(http.MethodPost, "/v2/instanceBySpec?clientToken="+strings.Repeat("t", 65), minimalCreate()), 400, CodeInvalidHTTPRequest)
}

func prepaidCreateWith(months int, unit string) map[string]any {
	b := minimalCreate()
	b["billing"] = map[string]any{
		"paymentTiming": "Prepaid",
		"reservation":   map[string]any{"reservationLength": months, "reservationTimeUnit": unit},
	}
	return b
}

func TestCreateAcceptsEverySoldReservation(t *testing.T) {
	h := newHarness(t, Config{})
	for _, m := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36} {
		id := h.create(prepaidCreate(m))
		if snap, _ := h.srv.Instance(id); !snap.ExpireTime.Equal(epoch.AddDate(0, m, 0)) || snap.ReservationMonths != m {
			t.Fatalf("%d months: expires %v", m, snap.ExpireTime)
		}
	}
}

func TestCreateDefaultsAndWireFields(t *testing.T) {
	h := newHarness(t, Config{Seed: 7, BootTime: time.Minute})
	body := minimalCreate()
	body["adminPass"] = encrypt(t, "Passw0rd!", testCred.SecretKey)
	body["securityGroupIds"] = []string{"g-1", "g-2"}
	id := h.create(body)
	if !regexp.MustCompile(`^i-[A-Za-z0-9]{8}$`).MatchString(id) {
		t.Fatalf("id %q is not i- and 8 alphanumerics", id)
	}
	d, _ := h.get(id)
	want := map[string]any{
		"id": id, "status": "Starting", "spec": "bcc.g5.c2m8", "instanceType": "N5", "paymentTiming": "Postpaid",
		"createTime": "2025-03-14T09:26:53Z", "expireTime": nil, "publicIp": "", "internalIp": "192.168.0.2",
		"cpuCount": float64(2), "memoryCapacityInGB": float64(8), "imageId": "m-test0001", "zoneName": "cn-bj-a",
		"name": d.Name, "hostname": d.Hostname, "desc": "", "keypairId": "", "deletionProtection": float64(0),
	}
	for k, v := range want {
		got, ok := d.Raw[k]
		if !ok {
			t.Errorf("detail lacks %q", k)
			continue
		}
		if got != v {
			t.Errorf("%s = %#v, want %#v", k, got, v)
		}
	}
	if !strings.HasPrefix(d.Name, "instance-") || d.Hostname != d.Name {
		t.Errorf("default name %q hostname %q", d.Name, d.Hostname)
	}
	for _, k := range []string{"vpcId", "subnetId"} {
		if s, _ := d.Raw[k].(string); len(s) != 16 {
			t.Errorf("%s = %q", k, d.Raw[k])
		}
	}
	if tags, ok := d.Raw["tags"].([]any); !ok || len(tags) != 0 {
		t.Errorf("tags = %#v, want []", d.Raw["tags"])
	}
	snap, _ := h.srv.Instance(id)
	if snap.AdminPass != "Passw0rd!" || snap.RootDiskSizeGB != 40 || snap.RootDiskStorageType != "cloud_hp1" ||
		len(snap.SecurityGroupIDs) != 2 || snap.SubnetID != defaultSubnet("cn-bj-a") {
		t.Fatalf("snapshot %+v", snap)
	}
	// The default subnet is per zone and stable.
	first, again, otherZone := defaultSubnet("cn-bj-a"), defaultSubnet("cn-bj-a"), defaultSubnet("cn-bj-b")
	if first == otherZone || first != again {
		t.Fatal("default subnets are not stable per zone")
	}
	// Internal addresses are unique.
	other := h.create(minimalCreate())
	if o, _ := h.srv.Instance(other); o.InternalIP == snap.InternalIP {
		t.Fatal("two instances share an internal IP")
	}
}

func TestCreateIdsAreSeeded(t *testing.T) {
	ids := func(seed int64) []string {
		h := newHarness(t, Config{Seed: seed})
		return []string{h.create(minimalCreate()), h.create(minimalCreate())}
	}
	a, b, c := ids(42), ids(42), ids(43)
	if a[0] != b[0] || a[1] != b[1] {
		t.Fatalf("same seed gave %v and %v", a, b)
	}
	if a[0] == c[0] {
		t.Fatalf("different seeds gave the same id %s", a[0])
	}
}

func TestCreateExactFieldNames(t *testing.T) {
	// Baidu's servers match JSON names exactly; encoding/json would not.
	h := newHarness(t, Config{})
	body := minimalCreate()
	body["rootDiskSizeInGB"] = 80 // the API's name is rootDiskSizeInGb
	id := h.create(body)
	if snap, _ := h.srv.Instance(id); snap.RootDiskSizeGB != 40 {
		t.Fatalf("misspelled field was honoured: root disk %d GB", snap.RootDiskSizeGB)
	}
	if logs := h.logs.all(); !strings.Contains(logs, "rootDiskSizeInGB (the API's name is rootDiskSizeInGb)") {
		t.Fatalf("no hint logged:\n%s", logs)
	}
	body = minimalCreate()
	body["billing"] = map[string]any{"PaymentTiming": "Postpaid"}
	expectError(t, h.do(http.MethodPost, "/v2/instanceBySpec", body), 400, CodeInappropriateJSON)
}

func TestCreateOldAPI(t *testing.T) {
	h := newHarness(t, Config{})
	r := h.do(http.MethodPost, "/v2/instance?clientToken=old-1", map[string]any{
		"instanceType": "N3", "cpuCount": 4, "memoryCapacityInGB": 16, "imageId": "m-old", "billing": map[string]any{"paymentTiming": "Postpaid"},
	})
	expectOK(t, r)
	var out struct {
		InstanceIDs []string `json:"instanceIds"`
		WarningList []string `json:"warningList"`
	}
	r.decode(t, &out)
	if len(out.InstanceIDs) != 1 || out.WarningList == nil || strings.Contains(string(r.body), "orderId") {
		t.Fatalf("old create answered %s", r.body)
	}
	d, _ := h.get(out.InstanceIDs[0])
	if d.CPUCount != 4 || d.MemoryCapacityInGB != 16 || d.Raw["instanceType"] != "N3" || d.Spec != "bcc.g3.c4m16" {
		t.Fatalf("old-create detail %+v", d)
	}
	expectError(t, h.do(http.MethodPost, "/v2/instance", map[string]any{
		"cpuCount": 4, "memoryCapacityInGB": 16, "imageId": "m-old", "billing": map[string]any{"paymentTiming": "Postpaid"},
	}), 400, CodeInappropriateJSON)
	expectError(t, h.do(http.MethodPost, "/v2/instance", map[string]any{
		"instanceType": "N3", "memoryCapacityInGB": 16, "imageId": "m-old", "billing": map[string]any{"paymentTiming": "Postpaid"},
	}), 400, CodeInappropriateJSON)
	// Spec-only bodies belong to the other route.
	expectError(t, h.do(http.MethodPost, "/v2/instance", minimalCreate()), 400, CodeInappropriateJSON)
}

func TestCreatePurchaseCount(t *testing.T) {
	h := newHarness(t, Config{})
	body := minimalCreate()
	body["purchaseCount"] = 3
	body["name"] = "batch"
	r := h.do(http.MethodPost, "/v2/instanceBySpec", body)
	expectOK(t, r)
	var out struct {
		InstanceIDs []string `json:"instanceIds"`
	}
	r.decode(t, &out)
	if len(out.InstanceIDs) != 3 || len(h.srv.Instances()) != 3 {
		t.Fatalf("purchaseCount 3 gave %v", out.InstanceIDs)
	}
}

func TestCreateClientTokenIdempotency(t *testing.T) {
	h := newHarness(t, Config{})
	first := h.do(http.MethodPost, "/v2/instanceBySpec?clientToken=tok-A", minimalCreate())
	expectOK(t, first)
	// Same token, same body (other key order and spacing): the same answer.
	again := h.do(http.MethodPost, "/v2/instanceBySpec?clientToken=tok-A",
		`{ "billing": {"paymentTiming":"Postpaid"}, "imageId":"m-test0001", "spec":"bcc.g5.c2m8" }`)
	expectOK(t, again)
	if string(first.body) != string(again.body) {
		t.Fatalf("retry answered %s, first %s", again.body, first.body)
	}
	// Another key of the same account sees the same token.
	expectOK(t, h.doAs(stsCred, http.MethodPost, "/v2/instanceBySpec?clientToken=tok-A", minimalCreate()))
	if n := len(h.srv.Instances()); n != 1 {
		t.Fatalf("%d instances after retries, want 1", n)
	}

	changed := minimalCreate()
	changed["name"] = "different"
	expectError(t, h.do(http.MethodPost, "/v2/instanceBySpec?clientToken=tok-A", changed), 403, CodeIdempotentParameterMismatch)
	// The token is per route: the old create API does not share it.
	expectError(t, h.do(http.MethodPost, "/v2/instance?clientToken=tok-A", minimalCreate()), 400, CodeInappropriateJSON)

	// A different token makes a new instance; no token never deduplicates.
	expectOK(t, h.do(http.MethodPost, "/v2/instanceBySpec?clientToken=tok-B", minimalCreate()))
	expectOK(t, h.do(http.MethodPost, "/v2/instanceBySpec", minimalCreate()))
	expectOK(t, h.do(http.MethodPost, "/v2/instanceBySpec", minimalCreate()))
	if n := len(h.srv.Instances()); n != 4 {
		t.Fatalf("%d instances, want 4", n)
	}

	// A failed create does not burn the token.
	bad := minimalCreate()
	delete(bad, "imageId")
	expectError(t, h.do(http.MethodPost, "/v2/instanceBySpec?clientToken=tok-C", bad), 400, CodeInappropriateJSON)
	expectOK(t, h.do(http.MethodPost, "/v2/instanceBySpec?clientToken=tok-C", minimalCreate()))
}

func TestDecryptAdminPassRejectsLuckyPadding(t *testing.T) {
	// About one block in 256 decrypts under a wrong key to something whose
	// padding looks valid; the printable check must still refuse it.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		block := make([]byte, 16)
		for i := range block {
			block[i] = byte(rng.IntN(256))
		}
		enc := hex.EncodeToString(block)
		if _, err := bceauth.DecryptPassword(enc, testCred.SecretKey); err != nil {
			continue
		}
		_, aerr := decryptAdminPass(enc, testCred)
		if aerr == nil || !strings.Contains(aerr.message, "not a printable password") {
			t.Fatalf("garbage that happens to unpad was accepted: %v", aerr)
		}
		return
	}
	t.Fatal("no block with valid padding found")
}

func TestBodyTooLarge(t *testing.T) {
	h := newHarness(t, Config{})
	big := `{"spec":"bcc.g5.c2m8","userData":"` + strings.Repeat("a", maxBodyBytes) + `"}`
	expectError(t, h.do(http.MethodPost, "/v2/instanceBySpec", big), 400, CodeInvalidHTTPRequest)
}
