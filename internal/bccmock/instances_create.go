package bccmock

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/client/bceauth"
)

// reservationMonths are the prepaid lengths BCC sells.
var reservationMonths = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36}

var rootDiskTypes = []string{
	"cloud_hp1", "hp1", "hdd", "std1", "ssd", "premium_ssd", "local", "sata",
	"enhanced_ssd_pl1", "enhanced_ssd_pl2", "enhanced_ssd_pl3",
}

var (
	zonePattern     = regexp.MustCompile(`^cn-[a-z]+-[a-z]$`)
	hostnamePattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]{0,62}[A-Za-z0-9])?$`)
)

const (
	defaultZone         = "cn-bj-a"
	defaultRootDiskGB   = 40
	defaultRootDiskType = "cloud_hp1"
	maxPurchaseCount    = 100
	maxNameLength       = 65
	maxDescLength       = 200
	maxClientToken      = 64
)

// createPlan is a validated create request.
type createPlan struct {
	shape        parsedSpec
	req          createRequest
	adminPass    string
	payment      string
	months       int
	zone         string
	subnet       string
	count        int
	rootDiskGB   int
	rootDiskType string
}

// validateCreate checks a decoded create request. bySpec selects the rules
// of POST /v2/instanceBySpec (spec) or of POST /v2/instance (instanceType,
// cpuCount, memoryCapacityInGB).
func validateCreate(req createRequest, bySpec bool, cred Credential) (createPlan, *apiError) {
	p := createPlan{req: req}
	if bySpec {
		if req.Spec == "" {
			return p, badBody("spec is required (for example bcc.g5.c2m8).")
		}
		shape, err := parseSpec(req.Spec)
		if err != nil {
			return p, badBody("%v.", err)
		}
		p.shape = shape
	} else {
		if req.InstanceType == "" {
			return p, badBody("instanceType is required by POST /v2/instance (for example N5); use POST /v2/instanceBySpec to create by spec.")
		}
		if req.CPUCount < 1 || req.CPUCount > maxCPU {
			return p, badBody("cpuCount must be between 1 and %d, got %d.", maxCPU, req.CPUCount)
		}
		if req.MemoryCapacityInGB < 1 || req.MemoryCapacityInGB > maxMemGB {
			return p, badBody("memoryCapacityInGB must be between 1 and %d, got %d.", maxMemGB, req.MemoryCapacityInGB)
		}
		p.shape = parsedSpec{
			spec:         specOfInstanceType(req.InstanceType, req.CPUCount, req.MemoryCapacityInGB),
			instanceType: req.InstanceType,
			cpu:          req.CPUCount,
			memGB:        req.MemoryCapacityInGB,
		}
	}
	if strings.TrimSpace(req.ImageID) == "" {
		return p, badBody("imageId is required.")
	}

	if req.Billing == nil || req.Billing.PaymentTiming == "" {
		return p, badBody("billing.paymentTiming is required: Prepaid or Postpaid.")
	}
	switch req.Billing.PaymentTiming {
	case PaymentPostpaid:
		p.payment = PaymentPostpaid
	case PaymentPrepaid:
		p.payment = PaymentPrepaid
		r := req.Billing.Reservation
		if r == nil || r.ReservationLength == 0 {
			return p, badBody("billing.reservation.reservationLength is required for a Prepaid instance (one of %v months).", reservationMonths)
		}
		if !slices.Contains(reservationMonths, r.ReservationLength) {
			return p, badBody("billing.reservation.reservationLength %d is not sold: choose one of %v months.", r.ReservationLength, reservationMonths)
		}
		if r.ReservationTimeUnit != "" && r.ReservationTimeUnit != "Month" {
			return p, badBody("billing.reservation.reservationTimeUnit %q is not supported: use Month.", r.ReservationTimeUnit)
		}
		p.months = r.ReservationLength
	default:
		return p, badBody("billing.paymentTiming %q is not valid: use Prepaid or Postpaid.", req.Billing.PaymentTiming)
	}

	p.zone = req.ZoneName
	if p.zone == "" {
		p.zone = defaultZone
	}
	if !zonePattern.MatchString(p.zone) {
		return p, badBody("zoneName %q is not a zone name like cn-bj-a.", p.zone)
	}
	p.subnet = req.SubnetID
	if p.subnet == "" {
		p.subnet = defaultSubnet(p.zone)
	} else if !strings.HasPrefix(p.subnet, "sbn-") {
		return p, badBody("subnetId %q is not a subnet id (sbn-...).", p.subnet)
	}

	if utf8.RuneCountInString(req.Name) > maxNameLength {
		return p, badBody("name is longer than %d characters.", maxNameLength)
	}
	if req.Hostname != "" && !hostnamePattern.MatchString(req.Hostname) {
		return p, badBody("hostname %q is not valid: 1-64 letters, digits, '-' and '.', starting and ending with a letter or digit.", req.Hostname)
	}

	if req.AdminPass != "" {
		plain, err := decryptAdminPass(req.AdminPass, cred)
		if err != nil {
			return p, err
		}
		p.adminPass = plain
	}

	p.count = req.PurchaseCount
	if p.count == 0 {
		p.count = 1
	}
	if p.count < 1 || p.count > maxPurchaseCount {
		return p, badBody("purchaseCount must be between 1 and %d, got %d.", maxPurchaseCount, req.PurchaseCount)
	}

	p.rootDiskGB = req.RootDiskSizeInGb
	if p.rootDiskGB == 0 {
		p.rootDiskGB = defaultRootDiskGB
	}
	if p.rootDiskGB < 20 || p.rootDiskGB > 2048 {
		return p, badBody("rootDiskSizeInGb must be between 20 and 2048, got %d.", req.RootDiskSizeInGb)
	}
	p.rootDiskType = req.RootDiskStorageType
	if p.rootDiskType == "" {
		p.rootDiskType = defaultRootDiskType
	}
	if !slices.Contains(rootDiskTypes, p.rootDiskType) {
		return p, badBody("rootDiskStorageType %q is not one of %s.", p.rootDiskType, strings.Join(rootDiskTypes, ", "))
	}

	if err := validateTags(req.Tags, "tags"); err != nil {
		return p, err
	}
	return p, nil
}

func validateTags(tags []wireTag, field string) *apiError {
	seen := map[string]bool{}
	for i, t := range tags {
		if strings.TrimSpace(t.TagKey) == "" {
			return badBody("%s[%d].tagKey must not be empty.", field, i)
		}
		if seen[t.TagKey] {
			return badBody("%s has the tagKey %q more than once.", field, t.TagKey)
		}
		seen[t.TagKey] = true
	}
	return nil
}

// decryptAdminPass checks that an adminPass was encrypted with the caller's
// own secret key (the temporary one under STS), as Baidu decrypts it with
// that key. A wrong key is caught by the padding check, and in the rare case
// the padding happens to fit, by the plaintext not being printable.
func decryptAdminPass(encrypted string, cred Credential) (string, *apiError) {
	const how = "encrypt it as the lowercase hex of AES-128-ECB with PKCS#7 padding, keyed by the first 16 bytes of the secret key"
	plain, err := bceauth.DecryptPassword(encrypted, cred.SecretKey)
	if err != nil {
		return "", badBody("adminPass cannot be decrypted with the secret key of access key %s (%v): %s.", cred.AccessKey, err, how)
	}
	if plain == "" || !printableASCII(plain) {
		return "", badBody("adminPass cannot be decrypted with the secret key of access key %s (the result is not a printable password): %s.", cred.AccessKey, how)
	}
	return plain, nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// validClientToken reports whether a clientToken is usable: ASCII, at most
// 64 characters.
func validClientToken(token string) *apiError {
	if len(token) > maxClientToken {
		return badQuery("clientToken is longer than %d characters.", maxClientToken)
	}
	for i := 0; i < len(token); i++ {
		if token[i] < 0x21 || token[i] > 0x7e {
			return badQuery("clientToken must be printable ASCII without spaces.")
		}
	}
	return nil
}

// createLocked serves both create routes. Caller holds s.mu.
func (s *Server) createLocked(c *call) (int, any, *apiError) {
	bySpec := c.route == RouteCreateInstanceBySpec
	var req createRequest
	key, replay, done, aerr := s.tokenCallLocked(c, "", &req)
	if done {
		return replay.status, replay.body, aerr
	}
	plan, aerr := validateCreate(req, bySpec, c.cred)
	if aerr != nil {
		return 0, nil, aerr
	}

	ids := make([]string, 0, plan.count)
	for range plan.count {
		ids = append(ids, s.newInstanceLocked(plan, key.token, c.now).id)
	}
	var resp any
	if bySpec {
		resp = createBySpecResponse{InstanceIDs: ids, OrderID: s.st.randomString(32, hexDigits)}
	} else {
		resp = createResponse{InstanceIDs: ids, WarningList: []string{}}
	}
	s.rememberLocked(key, c.body, resp)
	return http.StatusOK, resp, nil
}

func (s *Server) newInstanceLocked(p createPlan, token string, now time.Time) *instance {
	st := &s.st
	id := st.newInstanceID()
	st.seq++
	in := &instance{
		seq:           st.seq,
		id:            id,
		name:          p.req.Name,
		hostname:      p.req.Hostname,
		imageID:       p.req.ImageID,
		zoneName:      p.zone,
		vpcID:         st.vpcID,
		subnetID:      p.subnet,
		keypairID:     p.req.KeypairID,
		secGroupIDs:   securityGroups(p.req),
		internalIP:    st.newInternalIP(),
		payment:       p.payment,
		months:        p.months,
		createTime:    now,
		tags:          append([]wireTag{}, p.req.Tags...),
		adminPass:     p.adminPass,
		clientToken:   token,
		userData:      p.req.UserData,
		rootDiskGB:    p.rootDiskGB,
		rootDiskType:  p.rootDiskType,
		deletionProt:  int(p.req.DeletionProtection),
		creatingUntil: now.Add(s.cfg.CreatingWindow),
	}
	in.applySpec(p.shape)
	generated := "instance-" + strings.ToLower(strings.TrimPrefix(id, "i-"))
	if in.name == "" {
		in.name = generated
	}
	if in.hostname == "" {
		in.hostname = generated
	}
	if p.payment == PaymentPrepaid {
		if s.cfg.PrepaidExpireAfter > 0 {
			in.expireTime = now.Add(s.cfg.PrepaidExpireAfter)
		} else {
			in.expireTime = now.AddDate(0, p.months, 0)
		}
	}
	s.newSystemVolumeLocked(in)
	booted := StatusRunning
	if st.failBoots > 0 {
		st.failBoots--
		booted = StatusError
	}
	in.visibleAt = now.Add(s.cfg.VisibilityDelay)
	in.transition(now, StatusStarting, booted, s.cfg.BootTime)
	st.instances[id] = in
	st.seqOf[id] = in.seq
	st.order = append(st.order, in)
	return in
}

func securityGroups(req createRequest) []string {
	var out []string
	if req.SecurityGroupID != "" {
		out = append(out, req.SecurityGroupID)
	}
	for _, g := range req.SecurityGroupIDs {
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}
