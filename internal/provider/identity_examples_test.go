package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Every resource serves an identity schema, and its import-by-identity
// example (shown in its docs page) targets that resource and sets exactly
// the identity's attributes, the required ones included, with IDs of the
// right shape. The acceptance test TestAccIdentity_importEveryResourceByIdentity
// imports each resource by identity against the mock.
func TestImportByIdentityExamplesMatchTheIdentitySchemas(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	target := regexp.MustCompile(`(?m)^\s*to\s*=\s*([a-z_]+)\.[a-z_]+\s*$`)
	setting := regexp.MustCompile(`(?m)^\s*([a-z_]+)\s*=\s*"([^"]*)"\s*$`)
	idShape := regexp.MustCompile(`^[ivsm]-[A-Za-z0-9]+$`)
	for typeName := range schemas.ResourceSchemas {
		identity, ok := resp.IdentitySchemas[typeName]
		if !ok {
			t.Errorf("%s has no identity schema", typeName)
			continue
		}
		rel := filepath.Join("..", "..", "examples", "resources", typeName, "import-by-identity.tf")
		b, err := os.ReadFile(rel)
		if err != nil {
			t.Errorf("%s: %v", typeName, err)
			continue
		}
		if m := target.FindStringSubmatch(string(b)); m == nil || m[1] != typeName {
			t.Errorf("%s: the import block should target a %s, got %q", rel, typeName, m)
		}
		set := map[string]string{}
		for _, m := range setting.FindAllStringSubmatch(string(b), -1) {
			set[m[1]] = m[2]
		}
		var names []string
		for _, a := range identity.IdentityAttributes {
			names = append(names, a.Name)
			v, ok := set[a.Name]
			switch {
			case !ok && a.RequiredForImport:
				t.Errorf("%s does not set %s, which an import requires", rel, a.Name)
			case ok && a.Name != "region" && !idShape.MatchString(v):
				t.Errorf("%s: %s = %q is not an ID", rel, a.Name, v)
			}
		}
		for name := range set {
			if !slices.Contains(names, name) {
				t.Errorf("%s sets %s, which the identity of %s does not have (it has %v)", rel, name, typeName, names)
			}
		}
	}
}
