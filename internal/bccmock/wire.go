package bccmock

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
)

// The mock's own wire structs. They are deliberately independent of the
// provider's client package so that a JSON name mistaken on one side is not
// mirrored on the other.

type wireTag struct {
	TagKey   string `json:"tagKey"`
	TagValue string `json:"tagValue"`
}

type wireReservation struct {
	ReservationLength   int    `json:"reservationLength"`
	ReservationTimeUnit string `json:"reservationTimeUnit"`
}

type wireBilling struct {
	PaymentTiming string           `json:"paymentTiming"`
	Reservation   *wireReservation `json:"reservation"`
}

// createRequest covers both create routes; InstanceType, CPUCount and
// MemoryCapacityInGB belong to the older POST /v2/instance, Spec to
// POST /v2/instanceBySpec.
type createRequest struct {
	Spec                string       `json:"spec"`
	InstanceType        string       `json:"instanceType"`
	CPUCount            int          `json:"cpuCount"`
	MemoryCapacityInGB  int          `json:"memoryCapacityInGB"`
	ImageID             string       `json:"imageId"`
	ZoneName            string       `json:"zoneName"`
	Name                string       `json:"name"`
	Hostname            string       `json:"hostname"`
	AdminPass           string       `json:"adminPass"`
	KeypairID           string       `json:"keypairId"`
	SubnetID            string       `json:"subnetId"`
	SecurityGroupID     string       `json:"securityGroupId"`
	SecurityGroupIDs    []string     `json:"securityGroupIds"`
	RootDiskSizeInGb    int          `json:"rootDiskSizeInGb"`
	RootDiskStorageType string       `json:"rootDiskStorageType"`
	PurchaseCount       int          `json:"purchaseCount"`
	UserData            string       `json:"userData"`
	Tags                []wireTag    `json:"tags"`
	Billing             *wireBilling `json:"billing"`
	DeletionProtection  flagInt      `json:"deletionProtection"`
}

// flagInt is a 0/1 switch that Baidu takes as a number or, on create by
// spec, as the string "0" or "1" (its metadata types it as String while
// its Go SDK sends an int).
type flagInt int

func (f *flagInt) UnmarshalJSON(raw []byte) error {
	switch strings.TrimSpace(string(raw)) {
	case "0", `"0"`:
		*f = 0
	case "1", `"1"`:
		*f = 1
	default:
		return fmt.Errorf("must be 0 or 1 (or \"0\" or \"1\"), got %s", raw)
	}
	return nil
}

// rawValue keeps a field's JSON as sent, for a handler that checks it
// itself and answers with its own code.
type rawValue struct {
	raw json.RawMessage
}

func (r *rawValue) UnmarshalJSON(raw []byte) error {
	r.raw = append(json.RawMessage(nil), raw...)
	return nil
}

type deletionProtectionRequest struct {
	DeletionProtection rawValue `json:"deletionProtection"`
}

type createBySpecResponse struct {
	InstanceIDs []string `json:"instanceIds"`
	OrderID     string   `json:"orderId"`
}

type createResponse struct {
	InstanceIDs []string `json:"instanceIds"`
	WarningList []string `json:"warningList"`
}

type wireInstance struct {
	ID                    string    `json:"id"`
	Name                  string    `json:"name"`
	Hostname              string    `json:"hostname"`
	Desc                  string    `json:"desc"`
	Status                string    `json:"status"`
	Spec                  string    `json:"spec"`
	InstanceType          string    `json:"instanceType"`
	PaymentTiming         string    `json:"paymentTiming"`
	CreateTime            string    `json:"createTime"`
	ExpireTime            *string   `json:"expireTime"`
	InternalIP            string    `json:"internalIp"`
	PublicIP              string    `json:"publicIp"`
	CPUCount              int       `json:"cpuCount"`
	MemoryCapacityInGB    int       `json:"memoryCapacityInGB"`
	LocalDiskSizeInGB     int       `json:"localDiskSizeInGB"`
	NetworkCapacityInMbps int       `json:"networkCapacityInMbps"`
	ImageID               string    `json:"imageId"`
	ZoneName              string    `json:"zoneName"`
	VpcID                 string    `json:"vpcId"`
	SubnetID              string    `json:"subnetId"`
	KeypairID             string    `json:"keypairId"`
	KeypairName           string    `json:"keypairName"`
	PlacementPolicy       string    `json:"placementPolicy"`
	AutoRenew             bool      `json:"autoRenew"`
	Tags                  []wireTag `json:"tags"`
	DeletionProtection    int       `json:"deletionProtection"`
}

type getInstanceResponse struct {
	Instance wireInstance `json:"instance"`
}

// listInstancesResponse is the answer of both instance lists. Baidu leaves
// nextMarker out of the last page.
type listInstancesResponse struct {
	Marker      string         `json:"marker"`
	IsTruncated bool           `json:"isTruncated"`
	NextMarker  string         `json:"nextMarker,omitempty"`
	MaxKeys     int            `json:"maxKeys"`
	Instances   []wireInstance `json:"instances"`
}

// listByIDsNullResponse and listByIDsAbsentResponse are the other forms
// of an empty listByInstanceId page (Config.ListByIDEmptyInstances).
type listByIDsNullResponse struct {
	Marker      string    `json:"marker"`
	IsTruncated bool      `json:"isTruncated"`
	NextMarker  string    `json:"nextMarker,omitempty"`
	MaxKeys     int       `json:"maxKeys"`
	Instances   *struct{} `json:"instances"` // always nil: null
}

type listByIDsAbsentResponse struct {
	Marker      string `json:"marker"`
	IsTruncated bool   `json:"isTruncated"`
	NextMarker  string `json:"nextMarker,omitempty"`
	MaxKeys     int    `json:"maxKeys"`
}

type listByIDsRequest struct {
	InstanceIDs []string `json:"instanceIds"`
}

type modifyAttributeRequest struct {
	Name *string `json:"name"`
}

type modifyDescRequest struct {
	Desc *string `json:"desc"`
}

type changePassRequest struct {
	AdminPass string `json:"adminPass"`
}

type changePassResponse struct {
	RequestID         string   `json:"requestId"`
	FailedInstanceIDs []string `json:"failedInstanceIdList"`
}

type stopRequest struct {
	ForceStop        bool `json:"forceStop"`
	StopWithNoCharge bool `json:"stopWithNoCharge"`
}

type resizeRequest struct {
	Spec string `json:"spec"`
}

type changeTagsRequest struct {
	ChangeTags []wireTag `json:"changeTags"`
}

type releaseRequest struct {
	InstanceID            string `json:"instanceId"`
	RelatedReleaseFlag    bool   `json:"relatedReleaseFlag"`
	DeleteCdsSnapshotFlag bool   `json:"deleteCdsSnapshotFlag"`
	DeleteRelatedEnisFlag bool   `json:"deleteRelatedEnisFlag"`
	BccRecycleFlag        bool   `json:"bccRecycleFlag"`
	CdsAttributeActive    bool   `json:"cdsAttributeActive"`
}

type releasedResources struct {
	InstanceID  string   `json:"instanceId"`
	Eip         string   `json:"eip"`
	InsnapIDs   []string `json:"insnapIds"`
	SnapshotIDs []string `json:"snapshotIds"`
	VolumeIDs   []string `json:"volumeIds"`
}

type releasePrepaidResponse struct {
	SuccessResources   *releasedResources `json:"successResources"`
	FailResources      *releasedResources `json:"failResources"`
	InstanceRefundFlag bool               `json:"instanceRefundFlag"`
}

// decodeJSON decodes a request body into v, a pointer to one of the request
// structs above. Field names match exactly, as on Baidu's (case-sensitive)
// servers, unlike encoding/json's case-insensitive matching: a client that
// sends rootDiskSizeInGB instead of rootDiskSizeInGb has the value ignored
// here just as it would be there. Unknown fields are ignored too. Near misses
// (a key equal to a field's name but for case) are returned so that the
// caller can log a hint.
func decodeJSON(body []byte, v any) (nearMisses []string, apiErr *apiError) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, newError(http.StatusBadRequest, CodeMalformedJSON, "The request body is empty; a JSON object is expected.")
	}
	var probe any
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, newError(http.StatusBadRequest, CodeMalformedJSON, "The request body is not valid JSON: %v.", err)
	}
	if _, ok := probe.(map[string]any); !ok {
		return nil, newError(http.StatusBadRequest, CodeMalformedJSON, "The request body must be a JSON object.")
	}
	d := exactDecoder{}
	if err := d.decode(json.RawMessage(body), reflect.ValueOf(v).Elem(), ""); err != nil {
		return nil, badBody("%v", err)
	}
	return d.nearMisses, nil
}

type exactDecoder struct {
	nearMisses []string
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func (d *exactDecoder) decode(raw json.RawMessage, v reflect.Value, path string) error {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil // leave the zero value, as Jackson does for null
	}
	// A field type with its own rules (an int Baidu also takes as a string)
	// decodes itself; its error names the field like any other.
	if v.Kind() != reflect.Pointer && reflect.PointerTo(v.Type()).Implements(unmarshalerType) {
		if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			return fmt.Errorf("field %s: %v", describePath(path), err)
		}
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		elem := reflect.New(v.Type().Elem())
		if err := d.decode(raw, elem.Elem(), path); err != nil {
			return err
		}
		v.Set(elem)
		return nil
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return fmt.Errorf("field %s must be a JSON object", describePath(path))
		}
		t := v.Type()
		known := make(map[string]bool, t.NumField())
		for i := range t.NumField() {
			name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
			known[name] = true
			fieldRaw, ok := obj[name]
			if !ok {
				continue
			}
			if err := d.decode(fieldRaw, v.Field(i), joinPath(path, name)); err != nil {
				return err
			}
		}
		for key := range obj {
			if known[key] {
				continue
			}
			for name := range known {
				if strings.EqualFold(key, name) {
					d.nearMisses = append(d.nearMisses, fmt.Sprintf("%s (the API's name is %s)", joinPath(path, key), joinPath(path, name)))
				}
			}
		}
		return nil
	case reflect.Slice:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return fmt.Errorf("field %s must be a JSON array", describePath(path))
		}
		out := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, item := range items {
			if err := d.decode(item, out.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		v.Set(out)
		return nil
	default:
		if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) {
				return fmt.Errorf("field %s must be %s, not %s", describePath(path), kindName(v.Kind()), typeErr.Value)
			}
			return fmt.Errorf("field %s: %v", describePath(path), err)
		}
		return nil
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func describePath(path string) string {
	if path == "" {
		return "(body)"
	}
	return path
}

func kindName(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "an integer"
	case reflect.Float64, reflect.Float32:
		return "a number"
	}
	return "a " + k.String()
}

// bodyFingerprint identifies a request body for clientToken idempotency.
// Bodies are compared as JSON values, so key order and whitespace do not
// matter but every value does.
func bodyFingerprint(body []byte) string {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		sum := sha256.Sum256(body)
		return string(sum[:])
	}
	canonical, _ := json.Marshal(v) // maps marshal with sorted keys
	sum := sha256.Sum256(canonical)
	return string(sum[:])
}

// decodeLogged decodes a body and logs near-miss field names.
func (s *Server) decodeLogged(route string, body []byte, v any) *apiError {
	near, aerr := decodeJSON(body, v)
	s.logNearMisses(route, near)
	return aerr
}

func (s *Server) logNearMisses(route string, near []string) {
	for _, n := range near {
		s.logf("bccmock: %s: ignored field %s", route, n)
	}
}
