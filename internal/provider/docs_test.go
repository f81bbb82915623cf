package provider_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/provider"
	"github.com/terraform-baidu/terraform-provider-baidu/internal/service/instance"
)

// Every Terraform snippet in docs/ is one of the example files, so every
// snippet a reader copies is covered by the tests in examples_test.go.
func TestDocsSnippetsAreTestedExamples(t *testing.T) {
	examples := map[string]string{}
	err := filepath.WalkDir(examplesRoot, func(path string, d fs.DirEntry, err error) error {
		// .tfquery.hcl: the list resources' query files, run by list_examples_test.go.
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfquery.hcl")) {
			return err
		}
		b, err := os.ReadFile(path)
		examples[strings.TrimSpace(string(b))] = path
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fence := regexp.MustCompile("(?m)^( *)```(terraform|hcl|tf)\n((?s:.*?))\n *```$")
	snippets := 0
	for _, page := range docPages(t) {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fence.FindAllStringSubmatch(string(b), -1) {
			snippets++
			indent, body := m[1], m[3]
			lines := strings.Split(body, "\n")
			for i, l := range lines {
				lines[i] = strings.TrimPrefix(l, indent)
			}
			snippet := strings.TrimSpace(strings.Join(lines, "\n"))
			if _, ok := examples[snippet]; !ok {
				t.Errorf("%s has a %s snippet that is not an example file under examples/ (and so is not tested):\n%s", page, m[2], snippet)
			}
		}
	}
	if snippets < 5 {
		t.Errorf("found %d Terraform snippets in docs/; the docs should show the provider, STS, mock, resource, removed and import examples", snippets)
	}
}

func docPages(t *testing.T) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(docsRoot, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			pages = append(pages, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatalf("no pages under %s; run make docs", docsRoot)
	}
	return pages
}

func readDoc(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(docsRoot, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("%v (run make docs)", err)
	}
	return string(b)
}

// The docs name exactly the environment variables the provider reads.
func TestDocsNameTheProvidersEnvironmentVariables(t *testing.T) {
	known := []string{provider.EnvAccessKey, provider.EnvSecretKey, provider.EnvSessionToken, provider.EnvRegion, provider.EnvBCCEndpoint}
	mentioned := regexp.MustCompile(`BAIDUCLOUD_[A-Z0-9_]+`)
	for _, page := range docPages(t) {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range mentioned.FindAllString(string(b), -1) {
			if !slices.Contains(known, name) {
				t.Errorf("%s mentions %s, which the provider does not read", page, name)
			}
		}
	}
	index := readDoc(t, "index.md")
	for _, name := range known {
		if !strings.Contains(index, "`"+name+"`") {
			t.Errorf("docs/index.md does not document %s", name)
		}
	}
}

// The list of arguments that force replacement in the resource docs is the
// one the schema's plan modifiers say, and every other argument is one the
// docs say is updated in place.
func TestDocsListTheArgumentsThatForceReplacement(t *testing.T) {
	ctx := t.Context()
	resp := &resource.SchemaResponse{}
	instance.NewResource().Schema(ctx, resource.SchemaRequest{}, resp)

	replaceDescs := map[string]bool{
		stringplanmodifier.RequiresReplace().Description(ctx): true,
		int64planmodifier.RequiresReplace().Description(ctx):  true,
		setplanmodifier.RequiresReplace().Description(ctx):    true,
		objectplanmodifier.RequiresReplace().Description(ctx): true,
	}
	var forceNew, inPlace []string
	for name, a := range resp.Schema.Attributes {
		if !a.IsRequired() && !a.IsOptional() {
			continue // read-only
		}
		var descs []string
		switch a := a.(type) {
		case schema.StringAttribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		case schema.Int64Attribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		case schema.SetAttribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		case schema.SingleNestedAttribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		case schema.MapAttribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		case schema.BoolAttribute:
			descs = modifierDescriptions(ctx, a.PlanModifiers)
		default:
			t.Fatalf("attribute %s has type %T, which this test does not inspect", name, a)
		}
		if slices.ContainsFunc(descs, func(d string) bool { return replaceDescs[d] }) {
			forceNew = append(forceNew, name)
		} else {
			inPlace = append(inPlace, name)
		}
	}
	sort.Strings(forceNew)
	sort.Strings(inPlace)

	doc := readDoc(t, "resources/bcc_instance.md")
	section := regexp.MustCompile("(?s)\n## Arguments that force replacement\n(.*?)\n## ").FindStringSubmatch(doc)
	if section == nil {
		t.Fatal("docs/resources/bcc_instance.md has no section 'Arguments that force replacement'")
	}
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^\\* `([a-z_]+)`$").FindAllStringSubmatch(section[1], -1) {
		documented = append(documented, m[1])
	}
	if !slices.Equal(documented, forceNew) {
		t.Errorf("the docs list %v as forcing replacement; the schema says %v", documented, forceNew)
	}
	// The docs' opening says which arguments are updated in place.
	wantInPlace := []string{"admin_pass", "admin_pass_wo", "admin_pass_wo_version", "deletion_protection", "description", "instance_spec", "name", "on_destroy", "tags"}
	if !slices.Equal(inPlace, wantInPlace) {
		t.Errorf("arguments updated in place are %v; the docs say %v", inPlace, wantInPlace)
	}
	for _, name := range wantInPlace {
		if !strings.Contains(doc, "`"+name+"`") {
			t.Errorf("the docs do not mention %s", name)
		}
	}
}

// modifierDescriptions lists the descriptions of one attribute's plan
// modifiers, whatever the attribute's type.
func modifierDescriptions[M interface{ Description(context.Context) string }](ctx context.Context, mods []M) []string {
	descs := make([]string, len(mods))
	for i, m := range mods {
		descs[i] = m.Description(ctx)
	}
	return descs
}
