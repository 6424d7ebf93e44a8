package make

//lint:file-ignore SA5008 the test types hold encoding/json's rules on odd tags (",string" on a slice, the key "-")
//lint:file-ignore U1000 the unexported field is there to be passed over

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Types whose JSON fields take encoding/json's rules at their corners.
type (
	fieldsInner struct {
		fieldsTwice     // and in FieldsOther: its Twice is hidden
		Shallow     int // hidden by fieldsOuter.Shallow
		Deep        int
		Tie         int // ties with FieldsOther.Tie: both hidden
		Tagged      int `json:"Winner"` // tagged: wins over FieldsOther.Winner
		Won         int `json:"won"`
	}
	FieldsOther struct {
		fieldsTwice
		Tie    int
		Winner int
		Won    int `json:"WON"` // another name than "won": exact match only
		Lost   int // shallower than fieldsDeeper.Lost: wins
	}
	fieldsTwice       struct{ Twice int }
	fieldsDeeper      struct{ Lost int }
	fieldsDeeperOwner struct{ fieldsDeeper }
	fieldsNamed       struct{ A int }
	fieldsHidden      struct{ Promoted int }
	fieldsOuter       struct {
		fieldsInner
		*FieldsOther
		fieldsHidden // unexported, its exported field promoted
		fieldsDeeperOwner
		Named   fieldsNamed `json:"named"`
		Plain   fieldsNamed // not embedded: one key, A not promoted
		Shallow int
		Skipped int `json:"-"`
		Dash    int `json:"-,"` // the key "-"
		// No tag name with a backslash: encoding/json took the Go name for
		// it up to Go 1.26 and the tag from 1.27 on; no SDK type has one.
		Quoted      int    `json:",string"`
		QuotedP     *int64 `json:"quotedP,string"`
		NotQuotable []int  `json:"nq,string"` // ",string" applies to scalars only
		Kelvin      int    `json:"\u212a"`    // KELVIN SIGN folds with k and K
		Longs       int    `json:"s\u017f"`   // LATIN SMALL LETTER LONG S folds with s
		CaseA       int    `json:"case"`
		CaseB       int    `json:"CASE"` // "Case" goes to CaseA, the first
		unexported  int
	}
)

// leafSet returns the index of the one int field of v that is not zero.
func leafSet(v reflect.Value, index []int) ([]int, bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil, false
		}
		return leafSet(v.Elem(), index)
	case reflect.Struct:
		for i := range v.NumField() {
			if got, ok := leafSet(v.Field(i), append(slices.Clip(index), i)); ok {
				return got, true
			}
		}
	case reflect.Slice:
		return index, v.Len() > 0
	case reflect.Int, reflect.Int64:
		return index, v.Int() != 0
	}
	return nil, false
}

// TestFieldsOf_MatchesEncodingJSON checks the field index against
// encoding/json itself: for every key, the field it decodes into (found by
// decoding {"key": 1} and {"key": "1"}) is the one lookup names, with the
// ",string" option where encoding/json wanted a quoted value.
func TestFieldsOf_MatchesEncodingJSON(t *testing.T) {
	typ := reflect.TypeFor[fieldsOuter]()
	keys := []string{
		"Shallow", "shallow", "Deep", "DEEP", "Tie", "tie", "Winner", "winner", "Tagged", "won", "WON", "Won", "Lost",
		"lost", "Promoted", "promoted", "named", "Named", "Plain", "A", "Skipped", "-", "Dash",
		"Quoted", "quoted", "quotedP", "nq", "NotQuotable", "\u212a", "k", "K", "s\u017f", "ss", "SS", "case", "CASE",
		"Case", "CaseB", "unexported", "fieldsInner", "FieldsOther", "Unknown", "", "Twice",
	}
	fields := fieldsOf(typ)
	for _, key := range keys {
		var want []int
		wantQuoted := false
		for _, value := range []string{`1`, `"1"`, `[1]`, `{"A":1}`} {
			v := reflect.New(typ)
			b, err := json.Marshal(map[string]json.RawMessage{key: json.RawMessage(value)})
			require.NoError(t, err)
			if json.Unmarshal(b, v.Interface()) != nil {
				continue
			}
			if index, ok := leafSet(v.Elem(), nil); ok {
				want, wantQuoted = index, value == `"1"`
				break
			}
		}
		f, ok := fields.lookup(key)
		if want == nil {
			assert.False(t, ok, "%q: encoding/json decodes it into no field, the index into %v", key, f)
			assert.False(t, fields.has([]byte(key)), key)
			continue
		}
		if assert.True(t, ok, "%q: encoding/json decodes it into the field at %v", key, want) {
			assert.Equal(t, want[:min(len(want), len(f.index))], f.index, "%q (a struct field's leaf is below it)", key)
			assert.Equal(t, wantQuoted, f.quoted, "%q: the string option", key)
			assert.Equal(t, typ.FieldByIndex(f.index).Type, f.typ, "%q", key)
			assert.True(t, fields.has([]byte(key)), key)
		}
	}
	assert.Same(t, fields, fieldsOf(typ), "built once")
}

// TestFieldsOf_OneRuleEverywhere: the lenient decoder, the cost walker and
// open objects match a key case-insensitively, Unicode folding included,
// exactly where encoding/json does.
func TestFieldsOf_OneRuleEverywhere(t *testing.T) {
	type kelvin struct {
		K  []int `json:"\u212a"`
		At int   `json:"at,string"`
	}
	// prune: a mismatch under the folded key is found and named.
	var v kelvin
	ms, err := decodeJSON([]byte(`{"k":"not a list","at":"7"}`), &v)
	require.NoError(t, err)
	require.Len(t, ms, 1)
	assert.Equal(t, "k", ms[0].Path)
	assert.Equal(t, 7, v.At, "a quoted value that fits is kept")
	ms, err = decodeJSON([]byte(`{"k":[1],"at":7}`), &v)
	require.NoError(t, err)
	require.Len(t, ms, 1, "an unquoted value into a string-option field is a mismatch")
	assert.Equal(t, "at", ms[0].Path)
	assert.Equal(t, "int", ms[0].GoType)
	assert.Equal(t, "number", ms[0].JSONType)
	assert.Equal(t, []int{1}, v.K)

	// The cost walker counts a folded key's value by its field's type.
	cost := func(body string) int64 {
		w := costWalker{b: []byte(body), limit: 1 << 40}
		w.value(reflect.TypeFor[*kelvin]())
		return w.cost
	}
	assert.Equal(t, cost("{\"\u212a\":[1,2,3]}"), cost(`{"k":[1,2,3]}`))
	assert.Equal(t, cost(`{"\u006b":[1,2,3]}`), cost(`{"k":[1,2,3]}`), "an escaped key is unescaped")
	assert.Greater(t, cost(`{"k":[1,2,3]}`), cost(`{"x":[1,2,3]}`), "an unknown key is skipped")

	// Open objects: a folded key is known.
	assert.False(t, hasUnknownKey([]byte(`{"K":[1]}`), fieldsOf(reflect.TypeFor[kelvin]())))
	assert.True(t, hasUnknownKey([]byte(`{"kk":[1]}`), fieldsOf(reflect.TypeFor[kelvin]())))
}

// TestFieldsOf_LookupAllocatesNothing: the cost walker and the open-object
// scan look keys up on every decode.
func TestFieldsOf_LookupAllocatesNothing(t *testing.T) {
	fields := fieldsOf(reflect.TypeFor[fieldsOuter]())
	for _, key := range []string{"Deep", "deep", "unknownKeyOfSomeLength", "s\u017f"} {
		b := []byte(key)
		assert.Zero(t, testing.AllocsPerRun(100, func() {
			fields.lookup(key)
			fields.has(b)
		}), key)
	}
}
