package make

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The one index of a struct type's JSON fields, built by encoding/json's
// rules so that every part of the SDK that looks at a body's keys (the
// lenient decoder's prune, the decode cost model, open objects' Extra, the
// envelope check) matches a key to the field encoding/json decodes it into:
//
//   - the keys are those encoding/json sees (encode.go, typeFields): the
//     exported fields, named by their tag (an invalid tag name is ignored)
//     or Go name; "-" skips a field; the fields of an embedded struct
//     without a tag name (or a pointer to one, exported or not) are
//     promoted; among fields of one name the shallowest wins, then a tagged
//     one, and two of the same standing hide each other;
//   - a key matches a field of its exact name, else the first field (in
//     field order) whose name folds to the same as the key's (decode.go,
//     object: byExactName, then byFoldedName, with fold.go's folding, which
//     agrees with bytes.EqualFold);
//   - the ",string" option (on a bool, number or string field) is kept:
//     such a field's value comes inside a JSON string.

// jsonField is one key of a struct type, as encoding/json decodes it.
type jsonField struct {
	name   string
	typ    reflect.Type // the struct field's type, e.g. *time.Time
	index  []int        // for reflect.Value.FieldByIndex
	tag    reflect.StructTag
	quoted bool // the ",string" option applies
	tagged bool // named by its json tag
}

// jsonFields is the index of one struct type's JSON keys.
type jsonFields struct {
	list   []jsonField // in field order
	exact  map[string]int
	byFold map[string]int
}

// lookup returns the field encoding/json decodes the key into, if any.
func (x *jsonFields) lookup(key string) (*jsonField, bool) {
	if i, ok := x.exact[key]; ok {
		return &x.list[i], true
	}
	var buf [64]byte
	if i, ok := x.byFold[string(appendFold(buf[:0], key))]; ok {
		return &x.list[i], true
	}
	return nil, false
}

// has reports whether a field takes the key, without allocating for a key
// of up to 64 bytes.
func (x *jsonFields) has(key []byte) bool {
	if _, ok := x.exact[string(key)]; ok {
		return true
	}
	var buf [64]byte
	_, ok := x.byFold[string(appendFold(buf[:0], string(key)))]
	return ok
}

var jsonFieldsCache sync.Map // reflect.Type -> *jsonFields

// fieldsOf returns the JSON field index of the struct type t, built once.
func fieldsOf(t reflect.Type) *jsonFields {
	if x, ok := jsonFieldsCache.Load(t); ok {
		return x.(*jsonFields)
	}
	x := &jsonFields{list: typeFields(t), exact: map[string]int{}, byFold: map[string]int{}}
	for i, f := range x.list {
		x.exact[f.name] = i
		if _, dup := x.byFold[foldName(f.name)]; !dup {
			x.byFold[foldName(f.name)] = i
		}
	}
	v, _ := jsonFieldsCache.LoadOrStore(t, x)
	return v.(*jsonFields)
}

// typeFields lists the JSON fields of the struct type t as encoding/json's
// typeFields does: breadth first through embedded structs, dominant fields
// only, in field order.
func typeFields(t reflect.Type) []jsonField {
	type level struct {
		typ   reflect.Type
		index []int
	}
	var all []jsonField
	visited := map[reflect.Type]bool{}
	next := []level{{typ: t}}
	nextCount := map[reflect.Type]int{}
	for len(next) > 0 {
		current, count := next, nextCount
		next, nextCount = nil, map[reflect.Type]int{}
		for _, lv := range current {
			if visited[lv.typ] {
				continue
			}
			visited[lv.typ] = true
			for i := range lv.typ.NumField() {
				sf := lv.typ.Field(i)
				if sf.Anonymous {
					et := sf.Type
					if et.Kind() == reflect.Pointer {
						et = et.Elem()
					}
					if !sf.IsExported() && et.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !validTagName(name) {
					name = ""
				}
				index := append(slices.Clip(lv.index), i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
					nextCount[ft]++
					if nextCount[ft] == 1 {
						next = append(next, level{typ: ft, index: index})
					}
					continue
				}
				f := jsonField{name: name, typ: sf.Type, index: index, tag: sf.Tag, tagged: name != ""}
				if f.name == "" {
					f.name = sf.Name
				}
				if hasOption(opts, "string") {
					switch ft.Kind() {
					case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
						reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
						reflect.Float32, reflect.Float64, reflect.String:
						f.quoted = true
					}
				}
				all = append(all, f)
				if count[lv.typ] > 1 {
					// An embedded struct met twice at one depth: its
					// fields conflict with themselves and are dropped.
					all = append(all, f)
				}
			}
		}
	}
	// Keep, for each name, the dominant field: the shallowest, then the
	// tagged one; two of the same standing hide each other.
	slices.SortStableFunc(all, func(a, b jsonField) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := len(a.index) - len(b.index); c != 0 {
			return c
		}
		if a.tagged != b.tagged {
			if a.tagged {
				return -1
			}
			return 1
		}
		return slices.Compare(a.index, b.index)
	})
	out := all[:0:0]
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].name == all[i].name {
			j++
		}
		group := all[i:j]
		if len(group) == 1 || len(group[0].index) != len(group[1].index) || group[0].tagged != group[1].tagged {
			out = append(out, group[0])
		}
		i = j
	}
	slices.SortFunc(out, func(a, b jsonField) int { return slices.Compare(a.index, b.index) })
	return out
}

// hasOption reports whether the comma-separated json tag options hold opt.
func hasOption(opts, opt string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == opt {
			return true
		}
	}
	return false
}

// validTagName reports whether encoding/json takes name as a key (its
// isValidTag).
func validTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// foldName folds a key as encoding/json does to match it case-insensitively
// (fold.go, appendFoldedName): ASCII letters to upper case, other runes to
// the smallest rune of their Unicode fold set.
func foldName(s string) string { return string(appendFold(nil, s)) }

// appendFold appends the folded key s to b.
func appendFold(b []byte, s string) []byte {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				r -= 'a' - 'A'
			}
			b = append(b, byte(r))
			continue
		}
		for {
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				r = r2
				break
			}
			r = r2
		}
		b = utf8.AppendRune(b, r)
	}
	return b
}
