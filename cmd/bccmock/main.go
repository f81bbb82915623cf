// Command bccmock serves a mock of the Baidu Cloud BCC API (instances, CDS
// disks, snapshots, custom images) that checks bce-auth-v1 signatures, for
// demos, benchmarks and CI pipelines that should not need a Baidu account:
//
//	go run ./cmd/bccmock -addr 127.0.0.1:8080
//
// It prints "bccmock listening on http://HOST:PORT" on stdout once ready,
// logs one line per request on stderr, and stops cleanly on SIGINT or
// SIGTERM. Without -key it accepts the demo key pair
// mock-access-key / mock-secret-key-0123456789abcdef. Point a client at the
// printed URL with those keys. State lives in memory and is lost on exit.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/bccmock"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "bccmock:", err)
		os.Exit(2)
	}
}

// keyFlags collects repeated -key AK:SK[:SESSION_TOKEN] values.
type keyFlags []bccmock.Credential

func (k *keyFlags) String() string {
	names := make([]string, len(*k))
	for i, c := range *k {
		names[i] = c.AccessKey
	}
	return strings.Join(names, ",")
}

func (k *keyFlags) Set(v string) error {
	parts := strings.SplitN(v, ":", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return errors.New("want ACCESS_KEY:SECRET_KEY or ACCESS_KEY:SECRET_KEY:SESSION_TOKEN")
	}
	c := bccmock.Credential{AccessKey: parts[0], SecretKey: parts[1]}
	if len(parts) == 3 {
		if parts[2] == "" {
			return errors.New("the session token after the second ':' is empty")
		}
		c.SessionToken = parts[2]
	}
	for _, have := range *k {
		if have.AccessKey == c.AccessKey {
			return fmt.Errorf("access key %s given twice", c.AccessKey)
		}
	}
	*k = append(*k, c)
	return nil
}

// run is main without the process: it serves until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bccmock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		_, _ = fmt.Fprintf(fs.Output(), "Usage: bccmock [flags]\n\nA mock of the Baidu Cloud BCC API: instances, disks, snapshots, images (signature-checking, in memory).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var keys keyFlags
	fs.Var(&keys, "key", "accepted key pair `AK:SK` or AK:SK:SESSION_TOKEN for an STS key; repeatable (default: the demo pair "+bccmock.DemoAccessKey+":"+bccmock.DemoSecretKey+")")
	var (
		addr           = fs.String("addr", "127.0.0.1:0", "listen `address`; port 0 picks a free port (the URL is printed)")
		bootTime       = fs.Duration("boot-time", 3*time.Second, "how long a new or started instance stays Starting")
		creatingWindow = fs.Duration("creating-window", 5*time.Second, "how long after create a release is refused (403 Instance.ReleaseWhileCreating)")
		deletedPhase   = fs.Duration("deleted-phase", 2*time.Second, "how long a released instance still shows status Deleted before 404")
		stopTime       = fs.Duration("stop-time", 2*time.Second, "how long a stop keeps an instance Stopping")
		scaleTime      = fs.Duration("scale-time", 3*time.Second, "how long a resize keeps an instance Scaling")
		scaleDelay     = fs.Duration("scale-delay", 0, "how long after a resize call an instance still shows its old status and spec before Scaling")
		visibility     = fs.Duration("visibility-delay", 0, "how long after create a new instance answers 404 and is left out of lists")
		latency        = fs.Duration("latency", 0, "delay added to every request")
		errorRate      = fs.Float64("error-rate", 0, "fraction of requests answered 500/502/503 without processing (0-1)")
		dropRate       = fs.Float64("drop-rate", 0, "fraction of connections dropped without processing (0-1)")
		rateLimit      = fs.Float64("rate-limit", 0, "requests per second before 429 RequestLimitExceeded (0 = unlimited)")
		retryAfter     = fs.Duration("retry-after", 0, "Retry-After sent with 429s (0 = time until the next token)")
		seed           = fs.Int64("seed", 1, "seed for instance ids, request ids and fault decisions")
		prepaidExpire  = fs.Duration("prepaid-expire-after", 0, "MOCK-ONLY: expire prepaid instances and disks this long after create instead of after their reserved months (e.g. 20s for a demo)")
		resizeKeeps    = fs.Bool("resize-keeps-status", false, "a resize ends in the instance's previous status (a Stopped one stays Stopped) instead of Running, Baidu's documented sequence")
		listByIDFails  = fs.Bool("list-by-id-unknown-fails", false, "POST /v2/instance/listByInstanceId answers 404 NoSuchObject for an unknown id instead of leaving it out")
		listByIDEmpty  = fs.String("list-by-id-empty-instances", bccmock.ListByIDEmptyList, "how POST /v2/instance/listByInstanceId writes \"instances\" when nothing matches: `[] | null | absent` (Baidu does not say)")
		refundFalse    = fs.Bool("early-release-refund-false", false, "POST /v2/instance/delete answers instanceRefundFlag false for every release (Baidu's page reads the flag as \"released\", its name as \"refunded\")")
		protectionCode = fs.String("deletion-protection-code", bccmock.CodeDeletionProtection, "`code` of the 403 for releasing a protected instance (Baidu documents none)")
		volCreateTime  = fs.Duration("volume-create-time", 2*time.Second, "how long a new CDS disk stays Creating")
		attachTime     = fs.Duration("attach-time", time.Second, "how long a disk stays Attaching")
		detachTime     = fs.Duration("detach-time", time.Second, "how long a disk stays Detaching")
		volResizeTime  = fs.Duration("volume-resize-time", 2*time.Second, "how long a disk resize keeps it Scaling")
		detach404      = fs.Bool("detach-not-attached-404", false, "detaching a disk not attached to that instance answers 404 instead of 400 (Baidu's page says both)")
		recycledShown  = fs.Bool("recycled-volumes-visible", false, "GET /v2/volume/{id} shows a disk in the recycle bin as Recycled instead of 404")
		snapshotTime   = fs.Duration("snapshot-time", 2*time.Second, "how long a new snapshot stays Creating")
		imageTime      = fs.Duration("image-time", 3*time.Second, "how long a new custom image stays Creating (and its instance ImageProcessing)")
		requireCT      = fs.Bool("require-content-type", false, "refuse (400 InvalidHTTPRequest) any request, bodiless ones included, without Content-Type application/json; charset=utf-8, which Baidu's docs list on every BCC API")
		admin          = fs.Bool("admin", false, "enable the unsigned /_mock/ endpoints (advance the clock, list instances, disks, snapshots and images, request counts, drift, faults); never on a shared network")
		quiet          = fs.Bool("quiet", false, "do not log each request")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	for name, v := range map[string]float64{"error-rate": *errorRate, "drop-rate": *dropRate} {
		if v < 0 || v > 1 {
			return fmt.Errorf("-%s %v is not between 0 and 1", name, v)
		}
	}
	switch *listByIDEmpty {
	case bccmock.ListByIDEmptyList, bccmock.ListByIDEmptyNull, bccmock.ListByIDEmptyAbsent:
	default:
		return fmt.Errorf("-list-by-id-empty-instances %q is not %s, %s or %s", *listByIDEmpty, bccmock.ListByIDEmptyList, bccmock.ListByIDEmptyNull, bccmock.ListByIDEmptyAbsent)
	}
	if *rateLimit < 0 {
		return fmt.Errorf("-rate-limit %v is negative", *rateLimit)
	}
	for name, d := range map[string]time.Duration{
		"boot-time": *bootTime, "creating-window": *creatingWindow, "deleted-phase": *deletedPhase, "stop-time": *stopTime,
		"scale-time": *scaleTime, "scale-delay": *scaleDelay, "visibility-delay": *visibility,
		"volume-create-time": *volCreateTime, "attach-time": *attachTime, "detach-time": *detachTime, "volume-resize-time": *volResizeTime,
		"snapshot-time": *snapshotTime, "image-time": *imageTime, "latency": *latency, "retry-after": *retryAfter, "prepaid-expire-after": *prepaidExpire,
	} {
		if d < 0 {
			return fmt.Errorf("-%s %v is negative", name, d)
		}
	}

	logger := log.New(stderr, "", log.LstdFlags|log.Lmicroseconds)
	cfg := bccmock.Config{
		Credentials:             keys,
		BootTime:                *bootTime,
		CreatingWindow:          *creatingWindow,
		DeletedPhase:            *deletedPhase,
		StopTime:                *stopTime,
		ScaleTime:               *scaleTime,
		ScaleDelay:              *scaleDelay,
		VisibilityDelay:         *visibility,
		ResizeKeepsStatus:       *resizeKeeps,
		ListByIDUnknownFails:    *listByIDFails,
		ListByIDEmptyInstances:  *listByIDEmpty,
		DeletionProtectionCode:  *protectionCode,
		EarlyReleaseRefundFalse: *refundFalse,
		VolumeCreateTime:        *volCreateTime,
		AttachTime:              *attachTime,
		DetachTime:              *detachTime,
		VolumeResizeTime:        *volResizeTime,
		DetachNotAttachedAs404:  *detach404,
		RecycledVolumesVisible:  *recycledShown,
		SnapshotTime:            *snapshotTime,
		ImageTime:               *imageTime,
		Latency:                 *latency,
		Seed:                    *seed,
		PrepaidExpireAfter:      *prepaidExpire,
		RequireContentType:      *requireCT,
		Admin:                   *admin,
	}
	if !*quiet {
		cfg.Logger = logger.Printf
	}
	mock := bccmock.New(cfg)
	mock.SetFaults(bccmock.Faults{ErrorRate: *errorRate, DropRate: *dropRate, RateLimit: *rateLimit, RetryAfter: *retryAfter})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mock, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	accepted := keys.String()
	if accepted == "" {
		accepted = bccmock.DemoAccessKey + " (demo pair)"
	}
	logger.Printf("bccmock: accepting access keys %s; seed %d; admin endpoints %v", accepted, *seed, *admin)
	if *prepaidExpire > 0 {
		logger.Printf("bccmock: MOCK-ONLY prepaid instances expire %v after create", *prepaidExpire)
	}
	// Whoever started us reads the URL from this line: failing to write it
	// leaves them waiting, so it is an error.
	if _, err := fmt.Fprintf(stdout, "bccmock listening on http://%s\n", ln.Addr()); err != nil {
		return fmt.Errorf("writing the listening URL: %w", err)
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Printf("bccmock: shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
