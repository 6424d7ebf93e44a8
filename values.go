package make

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"reflect"
	"strconv"
)

// The value types the SDK's requests and results share: Number and
// StringList for fields Make sends in more than one JSON form (see
// decode.go, STYLE rule 16), and Secret for what must never print.

// Number is a JSON number that Make may also send as a string (e.g.
// "12345"), or null. It keeps the value as Make sent it, text and form, and
// encodes back the same way. Read it with Int64 or Float64; a string that is
// not a number is kept too, and only String reads it.
type Number struct {
	text   string // the number's text, without quotes
	quoted bool   // sent as a JSON string
	set    bool   // neither absent nor null
}

// NewNumber returns the Number n, encoded as a JSON number.
func NewNumber(n int64) Number { return Number{text: strconv.FormatInt(n, 10), set: true} }

// NewNumericString returns the Number s, encoded as a JSON string ("0"), as
// Make sends some counters.
func NewNumericString(s string) Number { return Number{text: s, quoted: true, set: true} }

// Int64 returns the value and true if it is an integer.
func (n Number) Int64() (int64, bool) {
	if !n.set {
		return 0, false
	}
	v, err := strconv.ParseInt(n.text, 10, 64)
	return v, err == nil
}

// Float64 returns the value and true if it is a number.
func (n Number) Float64() (float64, bool) {
	if !n.set {
		return 0, false
	}
	v, err := strconv.ParseFloat(n.text, 64)
	return v, err == nil
}

// String returns the value's text ("12345"), "" when absent or null.
func (n Number) String() string { return n.text }

// IsZero reports whether the value was absent or null.
func (n Number) IsZero() bool { return !n.set }

// IsString reports whether Make sent the value as a JSON string.
func (n Number) IsString() bool { return n.quoted }

// UnmarshalJSON accepts a JSON number, a string or null.
func (n *Number) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*n = Number{}
	case len(b) > 1 && b[0] == '"':
		s := string(b[1 : len(b)-1])
		if bytes.IndexByte(b, '\\') >= 0 {
			if err := json.Unmarshal(b, &s); err != nil {
				return err
			}
		}
		*n = Number{text: s, quoted: true, set: true}
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		*n = Number{text: string(b), set: true}
	default:
		return &json.UnmarshalTypeError{Value: jsonType(b), Type: reflect.TypeFor[Number]()}
	}
	return nil
}

// MarshalJSON encodes the value in the form Make sent it; null when absent.
func (n Number) MarshalJSON() ([]byte, error) {
	switch {
	case !n.set:
		return []byte("null"), nil
	case n.quoted:
		return json.Marshal(n.text)
	}
	return []byte(n.text), nil
}

// StringList is a list of strings that Make may also send as one string
// (license.apps is ["T2","T3"] in most responses and "T2" in some). It keeps
// the form and encodes back the same way; Values reads it either way.
type StringList struct {
	values []string
	single bool // sent as one JSON string
	set    bool // neither absent nor null
}

// NewStringList returns the list of values, encoded as a JSON array.
func NewStringList(values ...string) StringList {
	if values == nil {
		values = []string{}
	}
	return StringList{values: values, set: true}
}

// Values returns the strings: one for a single string, none when absent.
func (l StringList) Values() []string { return l.values }

// IsZero reports whether the list was absent or null.
func (l StringList) IsZero() bool { return !l.set }

// IsSingle reports whether Make sent one string rather than an array.
func (l StringList) IsSingle() bool { return l.single }

// UnmarshalJSON accepts an array of strings, one string, or null.
func (l *StringList) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*l = StringList{}
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = StringList{values: []string{s}, single: true, set: true}
	default:
		vs := []string{}
		if err := json.Unmarshal(b, &vs); err != nil {
			return &json.UnmarshalTypeError{Value: jsonType(b), Type: reflect.TypeFor[StringList]()}
		}
		*l = StringList{values: vs, set: true}
	}
	return nil
}

// MarshalJSON encodes the list in the form Make sent it; null when absent.
func (l StringList) MarshalJSON() ([]byte, error) {
	switch {
	case !l.set:
		return []byte("null"), nil
	case l.single && len(l.values) == 1:
		return json.Marshal(l.values[0])
	case l.values == nil:
		return []byte("[]"), nil
	}
	return json.Marshal(l.values)
}

// jsonType names the JSON type of a JSON text by its first byte.
func jsonType(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// Secret is a string that never prints: fmt (every verb) and slog show
// "[REDACTED]"; JSON carries the value. Passwords, TFA codes and invitation or
// reset hashes are Secrets.
type Secret string

// String returns "[REDACTED]".
func (Secret) String() string { return "[REDACTED]" }

// Format prints "[REDACTED]" for every verb.
func (Secret) Format(f fmt.State, _ rune) { io.WriteString(f, "[REDACTED]") }

// LogValue logs "[REDACTED]".
func (Secret) LogValue() slog.Value { return slog.StringValue("[REDACTED]") }

// EncodeValues puts the secret's value in a query string (go-querystring's
// Encoder): a Secret in a query struct is sent as itself, and redacted from
// errors and logs like every Secret of a call.
func (s Secret) EncodeValues(key string, v *url.Values) error {
	v.Set(key, string(s))
	return nil
}

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }
