package maketest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// call is the context of one operation; s.mu is held while it is used.
type call struct {
	s     *Server
	st    *state
	r     *http.Request
	op    *operation
	tok   *token
	body  []byte
	query url.Values
}

// me returns the authenticated user (never nil: authenticate checked it).
func (c *call) me() *User { return c.st.user(c.tok.userID) }

// isInstanceAdmin reports whether the authenticated user is a White Label admin.
func (c *call) isInstanceAdmin() bool { return c.me().UsersAdminsRoleID != 0 }

// pathID parses a positive integer path parameter.
func (c *call) pathID(name string) (int64, error) {
	raw := c.r.PathValue(name)
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, errInvalid(name, "must be a positive integer, got %q.", raw)
	}
	return id, nil
}

// pathOrg resolves the organizationId path parameter.
func (c *call) pathOrg() (*Organization, error) {
	return pathEntity(c, "organizationId", "Organization", c.st.orgs)
}

// pathUserOrg resolves the userId and organizationId path parameters.
func (c *call) pathUserOrg() (*User, *Organization, error) {
	u, err := c.pathUser()
	if err != nil {
		return nil, nil, err
	}
	o, err := c.pathOrg()
	return u, o, err
}

// pathEntity resolves an ID path parameter to an entity of the store: 400 if
// it is not a positive integer, 404 naming the kind if there is none.
func pathEntity[T any](c *call, param, kind string, m map[int64]*T) (*T, error) {
	id, err := c.pathID(param)
	if err != nil {
		return nil, err
	}
	v := m[id]
	if v == nil {
		return nil, errNotFound(fmt.Sprintf("%s with ID %d not found.", kind, id))
	}
	return v, nil
}

// queryInt returns an integer query parameter and whether it is present.
// The validator refused the request if it is not an integer.
func (c *call) queryInt(name string) (v int64, present bool) {
	v, err := strconv.ParseInt(c.query.Get(name), 10, 64)
	return v, c.query.Has(name) && err == nil
}

// queryBool returns a boolean query parameter and whether it is present.
// The validator refused the request if it is not a boolean.
func (c *call) queryBool(name string) (v, present bool) {
	v, err := strconv.ParseBool(c.query.Get(name))
	return v, c.query.Has(name) && err == nil
}

// queryIntList parses an integer list given as name[] (repeated), name[N] or name.
func (c *call) queryIntList(name string) ([]int64, bool, error) {
	raws := listParam(c.query, name)
	if raws == nil {
		return nil, false, nil
	}
	out := make([]int64, 0, len(raws))
	for _, raw := range raws {
		v, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, true, errInvalid(name+"[]", "must contain integers, got %q.", raw)
		}
		out = append(out, v)
	}
	return out, true, nil
}

// listParam collects the values of name[] in order, then name[N] by N, then
// plain name. It returns nil if none is present.
func listParam(q url.Values, name string) []string {
	var out []string
	out = append(out, q[name+"[]"]...)
	type indexed struct {
		n int
		v []string
	}
	var idx []indexed
	for k, vs := range q {
		if strings.HasPrefix(k, name+"[") && strings.HasSuffix(k, "]") {
			if n, err := strconv.Atoi(k[len(name)+1 : len(k)-1]); err == nil {
				idx = append(idx, indexed{n, vs})
			}
		}
	}
	sort.Slice(idx, func(i, j int) bool { return idx[i].n < idx[j].n })
	for _, x := range idx {
		out = append(out, x.v...)
	}
	out = append(out, q[name]...)
	return out
}

// listParams parses cols[] and pg[...] of a list operation (see cols and
// page).
func (c *call) listParams(allowed, defaults []string, cfg pageConfig) ([]string, page, error) {
	cols, err := c.cols(allowed, defaults)
	if err != nil {
		return nil, page{}, err
	}
	pg, err := c.page(cfg)
	return cols, pg, err
}

// cols parses cols[] against the allowed columns; with none given it returns
// defaults. Duplicates are dropped; order is kept.
func (c *call) cols(allowed, defaults []string) ([]string, error) {
	raws := listParam(c.query, "cols")
	if len(raws) == 0 {
		return defaults, nil
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(raws))
	for _, col := range raws {
		if !contains(allowed, col) {
			return nil, errInvalid("cols[]", "contains an unknown column %q; allowed: %s.", col, strings.Join(allowed, ", "))
		}
		if !seen[col] {
			seen[col] = true
			out = append(out, col)
		}
	}
	return out, nil
}

// decode unmarshals the JSON body into dst; an empty body leaves dst as it
// is. Type errors name the field.
func (c *call) decode(dst any) error {
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil // the validator refused it if the body is required
	}
	if err := json.Unmarshal(c.body, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return errInvalid(te.Field, "must be of type %s.", jsonType(te.Type.Kind().String()))
		}
		return errBadRequest("The request body is not valid JSON: " + err.Error())
	}
	return nil
}

func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "integer"
	case strings.HasPrefix(kind, "float"):
		return "number"
	case kind == "bool":
		return "boolean"
	case kind == "slice", kind == "array":
		return "array"
	case kind == "map", kind == "struct":
		return "object"
	}
	return kind
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// object is a JSON object that keeps its keys in order (e.g. the order of
// cols[]).
type object []field

type field struct {
	key string
	val any
}

// MarshalJSON encodes the fields in order.
func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		buf.Write(k)
		buf.WriteByte(':')
		v, err := json.Marshal(f.val)
		if err != nil {
			return nil, err
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// project picks cols from a full field map, in cols order.
func project(full map[string]any, cols []string) object {
	out := make(object, 0, len(cols))
	for _, c := range cols {
		out = append(out, field{c, full[c]})
	}
	return out
}
