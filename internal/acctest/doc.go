// Package acctest is the acceptance-test harness every package's tests
// share: the mock BCC API and the provider on one simulated clock (Env),
// the CLI the tests drive (Main), and the configurations, checks and
// examples that tests of more than one resource use.
//
// It is ordinary code, not a _test file, so that each resource's package
// can import it; it imports the provider for its factories. That is why the
// acceptance tests live in external test packages (package instance_test,
// package provider_test): an internal test of a package the provider
// imports cannot import acctest without a cycle.
package acctest
