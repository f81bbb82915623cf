// Package bceauth implements Baidu Cloud's bce-auth-v1 request signature.
//
// It is shared by the API client, which signs outgoing requests, and by the
// mock API, which rebuilds the canonical request from the server's view of an
// incoming request and compares signatures. Keeping one canonicaliser means the
// mock cannot drift from the client; both are checked independently against
// Baidu's published vectors and Baidu's own SDK signer in tests.
package bceauth
