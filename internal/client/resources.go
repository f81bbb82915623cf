package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
)

// checkResourceID vets an id of the given kind ("volume", "snapshot",
// "image") with the same rule as instance ids, before it goes into a path
// or a body: a stray "/" or "?" would address another resource, and an
// empty id would turn a call on one object into one on the collection.
// Prefixes (v-, s-, m-) are not enforced: a snapshot's volume id may be an
// instance id, and nothing documents that the prefixes never change.
func checkResourceID(operation, kind, id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("%s: invalid %s id %q: want letters, digits, '.', '_' or '-'", operation, kind, id)
	}
	return nil
}

// answerField returns what an answer {"<name>": ...} decodes into, a struct
// with that one field and tag (so the JSON rules are those of a struct
// literal), and a getter for the field's value once decoded.
func answerField[T any](name string) (out any, value func() T) {
	t := reflect.StructOf([]reflect.StructField{{
		Name: "Field",
		Type: reflect.TypeFor[T](),
		Tag:  reflect.StructTag(`json:"` + name + `"`),
	}})
	v := reflect.New(t)
	return v.Interface(), func() T { return v.Elem().Field(0).Interface().(T) }
}

// createIDs sends the create of a family whose answer is only the new ids:
// POST path?clientToken= with body, answered {"<field>": ids}. The token
// makes the call idempotent, which lets it be retried. An answer whose ids
// are not usable is a ResponseError that says missing.
func createIDs[ID any](ctx context.Context, c *Client, op, path, clientToken string, body any, field string, usable func(ID) bool, missing string) (ID, error) {
	out, ids := answerField[ID](field)
	err := c.do(ctx, request{
		operation: op,
		method:    http.MethodPost,
		path:      path,
		query:     url.Values{"clientToken": {clientToken}},
		body:      body,
		out:       out,
		check: func() error {
			if !usable(ids()) {
				return errors.New(missing)
			}
			return nil
		},
	})
	if err != nil {
		var none ID
		return none, err
	}
	return ids(), nil
}

// getObject reads one object: GET path answered {"<kind>":{...}}, after id is
// vetted as an id of that kind. An answer without the object is a
// ResponseError; an object without its id gets the one asked for (idOf
// points at it).
func getObject[T any](ctx context.Context, c *Client, op, kind, id, path string, idOf func(*T) *string) (*T, error) {
	if err := checkResourceID(op, kind, id); err != nil {
		return nil, err
	}
	out, object := answerField[*T](kind)
	err := c.do(ctx, request{
		operation: op,
		method:    http.MethodGet,
		path:      path,
		out:       out,
		check: func() error {
			if object() == nil {
				return fmt.Errorf("answer has no %q object", kind)
			}
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	obj := object()
	if p := idOf(obj); *p == "" {
		*p = id
	}
	return obj, nil
}

// nonEmpty is the usable test of a create that answers one id.
func nonEmpty(id string) bool { return id != "" }
