package bccmock

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/auth"
	"github.com/baidubce/bce-sdk-go/bce"
	sdkmodel "github.com/baidubce/bce-sdk-go/model"
	"github.com/baidubce/bce-sdk-go/services/bcc"
	"github.com/baidubce/bce-sdk-go/services/bcc/api"
)

// These tests drive the mock through Baidu's own Go SDK, so the mock's
// signature check, routes and wire names are proven against Baidu's client
// rather than against our own. The SDK keeps package-level HTTP state, so
// these tests do not run in parallel.

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// sdkClient returns an SDK BCC client aimed at the harness, without retries
// (so errors surface at once), using its own http.Client whose transport can
// be wrapped.
func sdkClient(t *testing.T, h *harness, c Credential, wrap func(http.RoundTripper) http.RoundTripper) *bcc.Client {
	t.Helper()
	cli, err := bcc.NewClient(c.AccessKey, c.SecretKey, h.ts.URL) // the SDK sends plain http to this endpoint
	if err != nil {
		t.Fatal(err)
	}
	if c.SessionToken != "" {
		creds, err := auth.NewSessionBceCredentials(c.AccessKey, c.SecretKey, c.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		cli.Config.Credentials = creds
	}
	cli.Config.Retry = bce.NewNoRetryPolicy()
	rt := h.ts.Client().Transport
	if wrap != nil {
		rt = wrap(rt)
	}
	cli.HTTPClient = &http.Client{Transport: rt}
	return cli
}

func serviceError(t *testing.T, err error) *bce.BceServiceError {
	t.Helper()
	var se *bce.BceServiceError
	if !errors.As(err, &se) {
		t.Fatalf("want a BceServiceError, got %T %v", err, err)
	}
	return se
}

func TestSDKRoundTrip(t *testing.T) {
	h := newHarness(t, Config{BootTime: 40 * time.Second, StopTime: 10 * time.Second, ScaleTime: 20 * time.Second, CreatingWindow: 50 * time.Second})
	cli := sdkClient(t, h, testCred, nil)

	created, err := cli.CreateInstanceBySpec(&api.CreateInstanceBySpecArgs{
		ImageId:          "m-sdk00001",
		Spec:             "bcc.g5.c2m8",
		Name:             "sdk-vm",
		Hostname:         "sdk-vm-host",
		AdminPass:        "Sdk-Passw0rd!",
		ZoneName:         "cn-bj-b",
		RootDiskSizeInGb: 60,
		Billing:          api.Billing{PaymentTiming: api.PaymentTimingPostPaid},
		Tags:             []sdkmodel.TagModel{{TagKey: "env", TagValue: "test"}},
		ClientToken:      "sdk-token-1",
	})
	if err != nil {
		t.Fatalf("CreateInstanceBySpec: %v", err)
	}
	if len(created.InstanceIds) != 1 || !strings.HasPrefix(created.InstanceIds[0], "i-") || created.OrderId == "" {
		t.Fatalf("create result %+v", created)
	}
	id := created.InstanceIds[0]

	// The SDK encrypted the password with its secret key; the mock must
	// have decrypted the same plain text.
	snap, ok := h.srv.Instance(id)
	if !ok || snap.AdminPass != "Sdk-Passw0rd!" || snap.ClientToken != "sdk-token-1" || snap.RootDiskSizeGB != 60 {
		t.Fatalf("mock state %+v", snap)
	}

	got, err := cli.GetInstanceDetail(id)
	if err != nil {
		t.Fatalf("GetInstanceDetail: %v", err)
	}
	in := got.Instance
	if in.InstanceId != id || in.InstanceName != "sdk-vm" || in.Hostname != "sdk-vm-host" || in.Status != "Starting" ||
		in.Spec != "bcc.g5.c2m8" || in.CpuCount != 2 || in.MemoryCapacityInGB != 8 || in.ZoneName != "cn-bj-b" ||
		in.ImageId != "m-sdk00001" || in.PaymentTiming != "Postpaid" || in.ExpireTime != "" ||
		!strings.HasPrefix(in.InternalIP, "192.168.") || in.PublicIP != "" ||
		!strings.HasPrefix(in.VpcId, "vpc-") || !strings.HasPrefix(in.SubnetId, "sbn-") {
		t.Fatalf("detail %+v", in)
	}
	if ct, err := time.Parse("2006-01-02T15:04:05Z", in.CreationTime); err != nil || !ct.Equal(epoch) {
		t.Fatalf("createTime %q", in.CreationTime)
	}
	if len(in.Tags) != 1 || in.Tags[0].TagKey != "env" || in.Tags[0].TagValue != "test" {
		t.Fatalf("tags %+v", in.Tags)
	}

	// A retry with the same clientToken is the same create.
	again, err := cli.CreateInstanceBySpec(&api.CreateInstanceBySpecArgs{
		ImageId: "m-sdk00001", Spec: "bcc.g5.c2m8", Name: "sdk-vm", Hostname: "sdk-vm-host", AdminPass: "Sdk-Passw0rd!",
		ZoneName: "cn-bj-b", RootDiskSizeInGb: 60, Billing: api.Billing{PaymentTiming: api.PaymentTimingPostPaid},
		Tags: []sdkmodel.TagModel{{TagKey: "env", TagValue: "test"}}, ClientToken: "sdk-token-1",
	})
	if err != nil || len(again.InstanceIds) != 1 || again.InstanceIds[0] != id {
		t.Fatalf("idempotent retry: %+v %v", again, err)
	}

	second, err := cli.CreateInstanceBySpec(&api.CreateInstanceBySpecArgs{
		ImageId: "m-sdk00001", Spec: "bcc.c5.c4m8", Billing: api.Billing{PaymentTiming: api.PaymentTimingPostPaid},
	})
	if err != nil {
		t.Fatal(err)
	}

	// Release during the creating window is refused, as on Baidu.
	se := serviceError(t, cli.DeleteInstance(id))
	if se.StatusCode != 403 || se.Code != CodeReleaseWhileCreating || se.RequestId == "" {
		t.Fatalf("release while creating: %+v", se)
	}

	h.clock.Advance(time.Minute)

	// List, one per page.
	var listed []string
	marker := ""
	for {
		page, err := cli.ListInstances(&api.ListInstanceArgs{MaxKeys: 1, Marker: marker})
		if err != nil {
			t.Fatalf("ListInstances: %v", err)
		}
		for _, i := range page.Instances {
			if i.Status != "Running" {
				t.Fatalf("listed %s as %s after boot", i.InstanceId, i.Status)
			}
			listed = append(listed, i.InstanceId)
		}
		if !page.IsTruncated {
			break
		}
		marker = page.NextMarker
	}
	if len(listed) != 2 || listed[0] != id || listed[1] != second.InstanceIds[0] {
		t.Fatalf("listed %v", listed)
	}
	filtered, err := cli.ListInstances(&api.ListInstanceArgs{ZoneName: "cn-bj-b"})
	if err != nil || len(filtered.Instances) != 1 || filtered.Instances[0].InstanceId != id {
		t.Fatalf("zone filter: %+v %v", filtered, err)
	}

	vols, err := cli.ListCDSVolume(&api.ListCDSVolumeArgs{InstanceId: id})
	if err != nil {
		t.Fatalf("ListCDSVolume: %v", err)
	}
	if len(vols.Volumes) != 1 || vols.Volumes[0].Type != "System" || vols.Volumes[0].DiskSizeInGB != 60 ||
		!vols.Volumes[0].IsSystemVolume || len(vols.Volumes[0].Attachments) != 1 || vols.Volumes[0].Attachments[0].InstanceId != id {
		t.Fatalf("volumes %+v", vols.Volumes)
	}

	// Modify through every action the SDK sends without '='.
	if err := cli.ModifyInstanceAttribute(id, &api.ModifyInstanceAttributeArgs{Name: "renamed"}); err != nil {
		t.Fatalf("ModifyInstanceAttribute: %v", err)
	}
	if err := cli.ModifyInstanceDesc(id, &api.ModifyInstanceDescArgs{Description: "described"}); err != nil {
		t.Fatalf("ModifyInstanceDesc: %v", err)
	}
	if err := cli.BindInstanceToTags(id, &api.BindTagsRequest{ChangeTags: []sdkmodel.TagModel{{TagKey: "team", TagValue: "infra"}}}); err != nil {
		t.Fatalf("BindInstanceToTags: %v", err)
	}
	if err := cli.UnBindInstanceToTags(id, &api.UnBindTagsRequest{ChangeTags: []sdkmodel.TagModel{{TagKey: "env", TagValue: "test"}}}); err != nil {
		t.Fatalf("UnBindInstanceToTags: %v", err)
	}
	if _, err := cli.ChangeInstancePass(id, &api.ChangeInstancePassArgs{AdminPass: "New-Passw0rd!"}); err != nil {
		t.Fatalf("ChangeInstancePass: %v", err)
	}
	if err := cli.StopInstance(id, false); err != nil {
		t.Fatalf("StopInstance: %v", err)
	}
	if se := serviceError(t, cli.StopInstance(id, false)); se.StatusCode != 409 || se.Code != CodeStopForbidden {
		t.Fatalf("second stop: %+v", se)
	}
	h.clock.Advance(10 * time.Second)
	if err := cli.StartInstance(id); err != nil {
		t.Fatalf("StartInstance: %v", err)
	}
	h.clock.Advance(40 * time.Second)
	// Reboot is SDK-only: the SDK decodes its answer and must accept it.
	if _, err := cli.RebootInstance(id, false); err != nil {
		t.Fatalf("RebootInstance: %v", err)
	}
	if se := serviceError(t, func() error { _, err := cli.RebootInstance(id, true); return err }()); se.StatusCode != 409 || se.Code != CodeRebootForbidden {
		t.Fatalf("reboot while rebooting: %+v", se)
	}
	h.clock.Advance(40 * time.Second)
	if err := cli.ResizeInstanceBySpec(id, &api.ResizeInstanceArgs{Spec: "bcc.g5.c4m16", ClientToken: "resize-1"}); err != nil {
		t.Fatalf("ResizeInstanceBySpec: %v", err)
	}
	h.clock.Advance(20 * time.Second)

	snap, _ = h.srv.Instance(id)
	if snap.Name != "renamed" || snap.Desc != "described" || snap.AdminPass != "New-Passw0rd!" || snap.Status != "Running" ||
		snap.Spec != "bcc.g5.c4m16" || snap.CPUCount != 4 || snap.MemoryGB != 16 ||
		len(snap.Tags) != 1 || snap.Tags["team"] != "infra" {
		t.Fatalf("after modifications: %+v", snap)
	}

	if err := cli.DeleteInstance(id); err != nil {
		t.Fatalf("DeleteInstance: %v", err)
	}
	_, err = cli.GetInstanceDetail(id)
	if se := serviceError(t, err); se.StatusCode != 404 || se.Code != CodeNoSuchObject {
		t.Fatalf("detail after release: %+v", se)
	}
	if n := h.srv.RequestCount(http.MethodDelete, RouteReleaseInstance); n != 2 {
		t.Fatalf("ReleaseInstance count %d, want 2", n)
	}
}

func TestSDKPrepaidRelease(t *testing.T) {
	h := newHarness(t, Config{})
	cli := sdkClient(t, h, testCred, nil)
	created, err := cli.CreateInstanceBySpec(&api.CreateInstanceBySpecArgs{
		ImageId: "m-sdk00001", Spec: "bcc.g5.c2m8",
		Billing: api.Billing{PaymentTiming: api.PaymentTimingPrePaid, Reservation: &api.Reservation{ReservationLength: 1, ReservationTimeUnit: "Month"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := created.InstanceIds[0]
	got, err := cli.GetInstanceDetail(id)
	if err != nil || got.Instance.ExpireTime != "2025-04-14T09:26:53Z" || got.Instance.PaymentTiming != "Prepaid" {
		t.Fatalf("prepaid detail %+v %v", got, err)
	}
	if se := serviceError(t, cli.DeleteInstance(id)); se.StatusCode != 403 || se.Code != CodeReleaseNotPrepay {
		t.Fatalf("DELETE of unexpired prepaid: %+v", se)
	}
	res, err := cli.DeleteInstanceIngorePayment(&api.DeleteInstanceIngorePaymentArgs{InstanceId: id, RelatedReleaseFlag: true})
	if err != nil || res.SuccessResources == nil || res.SuccessResources.InstanceId != id {
		t.Fatalf("early release: %+v %v", res, err)
	}
	if _, ok := h.srv.Instance(id); ok {
		t.Fatal("instance still present after early release")
	}
}

func TestSDKWithSTSCredentials(t *testing.T) {
	h := newHarness(t, Config{})
	cli := sdkClient(t, h, stsCred, nil)
	created, err := cli.CreateInstanceBySpec(&api.CreateInstanceBySpecArgs{
		ImageId: "m-sdk00001", Spec: "bcc.g5.c2m8", AdminPass: "Sts-Passw0rd!",
		Billing: api.Billing{PaymentTiming: api.PaymentTimingPostPaid},
	})
	if err != nil {
		t.Fatalf("STS create: %v", err)
	}
	// Under STS the password is encrypted with the temporary secret key.
	if snap, _ := h.srv.Instance(created.InstanceIds[0]); snap.AdminPass != "Sts-Passw0rd!" {
		t.Fatalf("STS admin pass decrypted to %q", snap.AdminPass)
	}

	wrong := sdkClient(t, h, Credential{AccessKey: stsCred.AccessKey, SecretKey: stsCred.SecretKey, SessionToken: "other-token"}, nil)
	_, err = wrong.ListInstances(&api.ListInstanceArgs{})
	if se := serviceError(t, err); se.StatusCode != 403 || se.Code != CodeInvalidAccessKeyID {
		t.Fatalf("wrong STS token: %+v", se)
	}
}

func TestSDKTamperedSignedHeader(t *testing.T) {
	h := newHarness(t, Config{})
	args := func() *api.CreateInstanceBySpecArgs {
		return &api.CreateInstanceBySpecArgs{ImageId: "m-sdk00001", Spec: "bcc.g5.c2m8", Billing: api.Billing{PaymentTiming: api.PaymentTimingPostPaid}}
	}
	passThrough := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) { return next.RoundTrip(r) })
	}
	// Control: the wrapping alone changes nothing.
	if _, err := sdkClient(t, h, testCred, passThrough).CreateInstanceBySpec(args()); err != nil {
		t.Fatalf("pass-through transport: %v", err)
	}

	for _, header := range []string{"Content-Type", "x-bce-date", "Host"} {
		t.Run(header, func(t *testing.T) {
			tamper := func(next http.RoundTripper) http.RoundTripper {
				return roundTripFunc(func(r *http.Request) (*http.Response, error) {
					r = r.Clone(r.Context())
					switch header {
					case "Host":
						r.Host = "bcc.bj.baidubce.com"
					case "x-bce-date":
						r.Header.Set("x-bce-date", "2020-01-01T00:00:00Z")
					default:
						r.Header.Set(header, "text/plain")
					}
					return next.RoundTrip(r)
				})
			}
			_, err := sdkClient(t, h, testCred, tamper).CreateInstanceBySpec(args())
			se := serviceError(t, err)
			if se.StatusCode != 400 || se.Code != CodeSignatureDoesNotMatch || se.RequestId == "" {
				t.Fatalf("tampered %s: %+v", header, se)
			}
		})
	}
	if n := len(h.srv.Instances()); n != 1 {
		t.Fatalf("%d instances, want only the control one", n)
	}
}
