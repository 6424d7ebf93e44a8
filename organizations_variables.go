package make

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"time"
	"unicode"
)

// ---------------------------------------------------------------------------
// Custom variables

// VariableType is the type of a custom variable, Make's typeId.
type VariableType int

// The four variable types.
const (
	VariableNumber VariableType = 1 // float64
	VariableString VariableType = 2 // string
	VariableBool   VariableType = 3 // bool
	VariableDate   VariableType = 4 // time.Time, sent as YYYY-MM-DDTHH:mm:ss.sssZ
)

// String returns "number", "string", "boolean" or "date".
func (t VariableType) String() string {
	switch t {
	case VariableNumber:
		return "number"
	case VariableString:
		return "string"
	case VariableBool:
		return "boolean"
	case VariableDate:
		return "date"
	}
	return fmt.Sprintf("VariableType(%d)", int(t))
}

// variableDateLayout is Make's date format for variables.
const variableDateLayout = "2006-01-02T15:04:05.000Z"

// ErrVariableType is wrapped by the error of decoding a variable whose value
// does not match its typeId (e.g. typeId 3 with the value "yes").
var ErrVariableType = errors.New("make: variable value does not match its typeId")

// VariableValue is the typed value of a custom variable: a number, string,
// boolean or date. Make it with NumberValue, StringValue, BoolValue or
// DateValue, and read it with Type and Float, Str, Bool or Time. Its type
// and value travel together as Make's typeId and value; the zero
// VariableValue has no type and is refused by the variable methods.
type VariableValue struct {
	typ VariableType
	num float64
	str string
	b   bool
	t   time.Time
}

// NumberValue returns a number value (typeId 1). NaN and infinities cannot be
// sent.
func NumberValue(f float64) VariableValue { return VariableValue{typ: VariableNumber, num: f} }

// StringValue returns a string value (typeId 2).
func StringValue(s string) VariableValue { return VariableValue{typ: VariableString, str: s} }

// BoolValue returns a boolean value (typeId 3).
func BoolValue(b bool) VariableValue { return VariableValue{typ: VariableBool, b: b} }

// DateValue returns a date value (typeId 4). Make keeps milliseconds in UTC,
// so the value is converted to UTC and truncated to the millisecond.
func DateValue(t time.Time) VariableValue {
	return VariableValue{typ: VariableDate, t: t.UTC().Truncate(time.Millisecond)}
}

// Type returns the value's type, 0 for the zero VariableValue.
func (v VariableValue) Type() VariableType { return v.typ }

// IsZero reports whether v is the zero VariableValue (no type, no value).
func (v VariableValue) IsZero() bool { return v.typ == 0 }

// Float returns the number and true if v is a number.
func (v VariableValue) Float() (float64, bool) { return v.num, v.typ == VariableNumber }

// Str returns the string and true if v is a string.
func (v VariableValue) Str() (string, bool) { return v.str, v.typ == VariableString }

// Bool returns the boolean and true if v is a boolean.
func (v VariableValue) Bool() (value, ok bool) { return v.b, v.typ == VariableBool }

// Time returns the date and true if v is a date.
func (v VariableValue) Time() (time.Time, bool) { return v.t, v.typ == VariableDate }

// String renders the value for people: 12.5, text, true, or a date in
// Make's format; "<unset>" for the zero VariableValue.
func (v VariableValue) String() string {
	switch v.typ {
	case VariableNumber:
		return fmt.Sprint(v.num)
	case VariableString:
		return v.str
	case VariableBool:
		return fmt.Sprint(v.b)
	case VariableDate:
		return v.t.UTC().Format(variableDateLayout)
	}
	return "<unset>"
}

// check refuses what cannot be sent: no type, or a number JSON cannot carry.
func (v VariableValue) check(field string) error {
	switch {
	case v.typ == 0:
		return invalid(field, "is required; make it with NumberValue, StringValue, BoolValue or DateValue")
	case v.typ < VariableNumber || v.typ > VariableDate:
		return invalid(field, "has the unknown type %d", int(v.typ))
	case v.typ == VariableNumber && (math.IsNaN(v.num) || math.IsInf(v.num, 0)):
		return invalid(field, "must be a finite number, got %v", v.num)
	}
	return nil
}

// variableWire is how Make sends a variable's type and value.
type variableWire struct {
	TypeID VariableType    `json:"typeId"`
	Value  json.RawMessage `json:"value"`
}

func (v VariableValue) wire() (variableWire, error) {
	if err := v.check("value"); err != nil {
		return variableWire{}, err
	}
	var raw any
	switch v.typ {
	case VariableNumber:
		raw = v.num
	case VariableString:
		raw = v.str
	case VariableBool:
		raw = v.b
	case VariableDate:
		raw = v.t.UTC().Format(variableDateLayout)
	}
	b, err := json.Marshal(raw)
	return variableWire{TypeID: v.typ, Value: b}, err
}

// MarshalJSON encodes the value as Make's pair {"typeId": 1, "value": 12.5}.
// The zero VariableValue is an error.
func (v VariableValue) MarshalJSON() ([]byte, error) {
	w, err := v.wire()
	if err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes Make's pair {"typeId": ..., "value": ...} (other keys
// are ignored). A value that does not match its typeId, an unknown typeId,
// or a missing one is an error wrapping ErrVariableType. null leaves v
// unchanged.
func (v *VariableValue) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var w struct {
		TypeID *VariableType    `json:"typeId"`
		Value  *json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if w.TypeID == nil {
		return fmt.Errorf("%w: typeId is missing", ErrVariableType)
	}
	var raw json.RawMessage
	if w.Value != nil {
		raw = *w.Value
	}
	out, err := decodeVariableValue(*w.TypeID, raw)
	if err != nil {
		return err
	}
	*v = out
	return nil
}

// decodeVariableValue checks raw against typeId strictly: Make documents the
// value's JSON type as following typeId, and a number sent as a string is not
// documented.
func decodeVariableValue(typ VariableType, raw json.RawMessage) (VariableValue, error) {
	mismatch := func() (VariableValue, error) {
		v := string(raw)
		if len(raw) == 0 {
			v = "nothing"
		}
		return VariableValue{}, fmt.Errorf("%w: typeId %d (%s) with the value %s", ErrVariableType, int(typ), typ, shorten(v, 80))
	}
	if len(raw) == 0 || string(raw) == "null" {
		return mismatch()
	}
	switch typ {
	case VariableNumber:
		var f float64
		if raw[0] == '"' || json.Unmarshal(raw, &f) != nil {
			return mismatch()
		}
		return NumberValue(f), nil
	case VariableString:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return mismatch()
		}
		return StringValue(s), nil
	case VariableBool:
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			return mismatch()
		}
		return BoolValue(b), nil
	case VariableDate:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return mismatch()
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return mismatch()
		}
		return VariableValue{typ: VariableDate, t: t}, nil
	}
	return VariableValue{}, fmt.Errorf("%w: unknown typeId %d", ErrVariableType, int(typ))
}

// OrganizationVariable is a custom or system variable of an organization, or
// of a team (Teams.ListVariables and the other team-variable methods).
type OrganizationVariable struct {
	Name     string        // letters, digits, $ and _
	Value    VariableValue // typed; sent and received as typeId and value
	IsSystem bool          // a Make system variable, which cannot be changed
}

// UnmarshalJSON decodes {"name", "typeId", "value", "isSystem"}, checking the
// value against typeId (see VariableValue.UnmarshalJSON). null leaves ov
// unchanged.
func (ov *OrganizationVariable) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var meta struct {
		Name     string `json:"name"`
		IsSystem bool   `json:"isSystem"`
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return err
	}
	var v VariableValue
	if err := v.UnmarshalJSON(b); err != nil {
		return fmt.Errorf("variable %q: %w", meta.Name, err)
	}
	*ov = OrganizationVariable{Name: meta.Name, Value: v, IsSystem: meta.IsSystem}
	return nil
}

// MarshalJSON encodes the variable as Make does.
func (ov OrganizationVariable) MarshalJSON() ([]byte, error) {
	w, err := ov.Value.wire()
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Name string `json:"name"`
		variableWire
		IsSystem bool `json:"isSystem"`
	}{ov.Name, w, ov.IsSystem})
}

// checkVariableName refuses a name Make cannot hold: empty, over
// maxPathSegment bytes (the name is a path parameter too), or with other
// characters than letters, digits, $ and _.
func checkVariableName(field, name string) error {
	switch {
	case name == "":
		return invalid(field, "is required")
	case len(name) > maxPathSegment:
		return invalid(field, "must be at most %d bytes, got %d", maxPathSegment, len(name))
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '$' && r != '_' {
			return invalid(field, "may contain only letters, digits, $ and _, got %q", shorten(name, 64))
		}
	}
	return nil
}

// variableHome is an owner of custom variables, an organization or a team:
// both document the same five operations under their own path, scopes and
// envelope keys, and the Organizations and Teams variable methods go through
// it, so that the typed values, the checks and the requests are written once.
type variableHome struct {
	client      *Client
	idField     string // the path parameter: organizationId or teamId
	id          int64
	path        string // organizations/{id} or teams/{id}
	key         string // organizationVariable or teamVariable: the envelopes are key+"s", key and key+"History"
	read, write string // the scopes
}

// variables returns the organization's home of variables.
func (s *OrganizationsService) variables(organizationID int64) variableHome {
	return variableHome{s.client, "organizationId", organizationID, orgPath(organizationID), "organizationVariable",
		"organization-variables:read", "organization-variables:write"}
}

// varPath returns the path of a variable, its name escaped.
func (h variableHome) varPath(name string, more ...string) string {
	p := h.path + "/variables/" + url.PathEscape(name)
	for _, m := range more {
		p += "/" + m
	}
	return p
}

// checkName refuses a bad owner ID or variable name.
func (h variableHome) checkName(name string) error {
	return firstError(checkID(h.idField, h.id), checkVariableName("variableName", name))
}

// callKey sends one request through client.call and returns the value of
// the answer's envelope key (e.g. "teamVariable"), whose presence is
// checked like that of every documented envelope.
func callKey[T any](ctx context.Context, c *Client, method, path, scope, key string, query, body any) (T, error) {
	env := reflect.New(reflect.StructOf([]reflect.StructField{
		{Name: "V", Type: reflect.TypeFor[T](), Tag: reflect.StructTag(`json:"` + key + `"`)},
	}))
	if err := c.call(ctx, method, path, scope, query, body, env.Interface()); err != nil {
		var zero T
		return zero, err
	}
	return env.Elem().Field(0).Interface().(T), nil
}

func (h variableHome) list(ctx context.Context) ([]OrganizationVariable, error) {
	if err := checkID(h.idField, h.id); err != nil {
		return nil, err
	}
	return callKey[[]OrganizationVariable](ctx, h.client, http.MethodGet, h.path+"/variables", h.read, h.key+"s", nil, nil)
}

func (h variableHome) create(ctx context.Context, body *CreateVariableRequest) (*OrganizationVariable, error) {
	if err := checkID(h.idField, h.id); err != nil {
		return nil, err
	}
	if err := checkBody(body); err != nil {
		return nil, err
	}
	if err := firstError(checkVariableName("name", body.Name), body.Value.check("value")); err != nil {
		return nil, err
	}
	return callKey[*OrganizationVariable](ctx, h.client, http.MethodPost, h.path+"/variables", h.write, h.key, nil, body)
}

func (h variableHome) delete(ctx context.Context, name string, opts *DeleteVariableOptions) error {
	if err := h.checkName(name); err != nil {
		return err
	}
	return h.client.call(ctx, http.MethodDelete, h.varPath(name), h.write, opts, nil, &okResponse{})
}

func (h variableHome) update(ctx context.Context, name string, body *UpdateVariableRequest) (*OrganizationVariable, error) {
	if err := h.checkName(name); err != nil {
		return nil, err
	}
	if err := checkBody(body); err != nil {
		return nil, err
	}
	if err := body.Value.check("value"); err != nil {
		return nil, err
	}
	return callKey[*OrganizationVariable](ctx, h.client, http.MethodPatch, h.varPath(name), h.write, h.key, nil, body)
}

func (h variableHome) history(ctx context.Context, name string) ([]OrganizationVariableHistoryEntry, error) {
	if err := h.checkName(name); err != nil {
		return nil, err
	}
	return callKey[[]OrganizationVariableHistoryEntry](ctx, h.client, http.MethodGet, h.varPath(name, "history"), h.read, h.key+"History", nil, nil)
}

// ListVariables returns the organization's variables: all of them with the
// custom variables feature (License.CustomVariables), otherwise only Make's
// system variables.
//
// Make API: GET /organizations/{organizationId}/variables (scope organization-variables:read)
func (s *OrganizationsService) ListVariables(ctx context.Context, organizationID int64) ([]OrganizationVariable, error) {
	return s.variables(organizationID).list(ctx)
}

// CreateVariableRequest is the body of Create organization variable and of
// Create team variable:
//
//	&make.CreateVariableRequest{Name: "threshold", Value: make.NumberValue(12.5)}
type CreateVariableRequest struct {
	Name  string        // letters, digits, $ and _
	Value VariableValue // sent as typeId and value
}

// MarshalJSON encodes {"name", "typeId", "value"}.
func (r CreateVariableRequest) MarshalJSON() ([]byte, error) {
	w, err := r.Value.wire()
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Name string `json:"name"`
		variableWire
	}{r.Name, w})
}

// UnmarshalJSON decodes {"name", "typeId", "value"}, as MarshalJSON encodes
// it (e.g. a body read from a file).
func (r *CreateVariableRequest) UnmarshalJSON(b []byte) error {
	var w struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var v VariableValue
	if err := v.UnmarshalJSON(b); err != nil {
		return err
	}
	*r = CreateVariableRequest{Name: w.Name, Value: v}
	return nil
}

// CreateVariable creates a custom variable and returns it. It needs the
// custom variables feature; without it Make answers 404.
//
// Make API: POST /organizations/{organizationId}/variables (scope organization-variables:write)
func (s *OrganizationsService) CreateVariable(ctx context.Context, organizationID int64, body *CreateVariableRequest) (*OrganizationVariable, error) {
	return s.variables(organizationID).create(ctx, body)
}

// DeleteVariableOptions are the query parameters of Delete organization
// variable and of Delete team variable.
type DeleteVariableOptions struct {
	// Confirmed must be true: without it Make refuses with IM004 (406),
	// which is ErrConfirmationRequired.
	Confirmed bool `url:"confirmed,omitempty"`
}

// DeleteVariable deletes a custom variable. Make deletes only with
// Confirmed set; otherwise the error matches ErrConfirmationRequired.
//
// Make API: DELETE /organizations/{organizationId}/variables/{variableName} (scope organization-variables:write)
func (s *OrganizationsService) DeleteVariable(ctx context.Context, organizationID int64, name string, opts *DeleteVariableOptions) error {
	return s.variables(organizationID).delete(ctx, name, opts)
}

// UpdateVariableRequest is the body of Update organization variable and of
// Update team variable. The value's type is always sent with it, so Make
// checks them together.
type UpdateVariableRequest struct {
	Value VariableValue // the new value, sent as typeId and value
}

// MarshalJSON encodes {"typeId", "value"}.
func (r UpdateVariableRequest) MarshalJSON() ([]byte, error) {
	w, err := r.Value.wire()
	if err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes {"typeId", "value"}, as MarshalJSON encodes it.
func (r *UpdateVariableRequest) UnmarshalJSON(b []byte) error {
	return r.Value.UnmarshalJSON(b)
}

// UpdateVariable changes a custom variable's value (and with it, its type)
// and returns the variable.
//
// Make API: PATCH /organizations/{organizationId}/variables/{variableName} (scope organization-variables:write)
func (s *OrganizationsService) UpdateVariable(ctx context.Context, organizationID int64, name string, body *UpdateVariableRequest) (*OrganizationVariable, error) {
	return s.variables(organizationID).update(ctx, name, body)
}

// OrganizationVariableHistoryEntry is one update of a custom variable of an
// organization or a team.
type OrganizationVariableHistoryEntry struct {
	ID int64 `json:"id"`
	// DiffObject holds the original and new value, the time and the author
	// of the update; for a variable never updated, its current value. Make
	// documents no fixed keys for it.
	DiffObject map[string]any `json:"diffObject"`

	raw openObject // the entry as Make sent it, for Extra
}

// UnmarshalJSON decodes id and diffObject and keeps the object as sent.
func (e *OrganizationVariableHistoryEntry) UnmarshalJSON(b []byte) error {
	type plain OrganizationVariableHistoryEntry
	return decodeOpen(b, (*plain)(e), reflect.TypeFor[plain](), &e.raw)
}

// Extra returns the entry's keys besides id and diffObject, as Make sent
// them; nil when there are none.
func (e *OrganizationVariableHistoryEntry) Extra() map[string]json.RawMessage {
	type plain OrganizationVariableHistoryEntry
	return e.raw.extra(reflect.TypeFor[plain]())
}

// MarshalJSON encodes id, diffObject and the keys of Extra.
func (e OrganizationVariableHistoryEntry) MarshalJSON() ([]byte, error) {
	type plain OrganizationVariableHistoryEntry
	return e.raw.marshal(plain(e), reflect.TypeFor[plain]())
}

func (*OrganizationVariableHistoryEntry) decodesFields() {}

// GetVariableHistory returns the updates of a custom variable, newest first.
//
// Make API: GET /organizations/{organizationId}/variables/{variableName}/history (scope organization-variables:read)
func (s *OrganizationsService) GetVariableHistory(ctx context.Context, organizationID int64, name string) ([]OrganizationVariableHistoryEntry, error) {
	return s.variables(organizationID).history(ctx, name)
}
