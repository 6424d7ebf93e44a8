package make

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
)

// The decode cost model: what decoding a JSON body into a Go type would
// grow the heap by, computed from the body's bytes before encoding/json
// allocates anything, so that checkDecodedSize can refuse a small body that
// decodes to gigabytes (32 MiB of "[{},{},...]" into []User). body.go sets
// the bound (maxCallHeap, decodeBudget); this file adds up the cost.
//
// Its constants mirror the runtime's internals of Go 1.23 to 1.26; they are
// upper bounds, so a later runtime that allocates less only makes the model
// stricter than it needs to be:
//
//   - sliceGrowth: encoding/json grows a slice one element at a time
//     (encoding/json/decode.go, array: v.Grow(1)); runtime/slice.go's
//     nextslicecap doubles a slice below 256 elements and then grows it by
//     about 1.25x, so the arrays it allocates on the way add up to about 5
//     times the final one (1/(1-1/1.25)), and runtime/msize.go's
//     roundupsize rounds each up to a size class: 6.
//   - mapGrowth, mapEntryExtra: a map's storage doubles as it grows, so
//     the tables allocated on the way add up to about twice the last, itself
//     up to twice its entries: 4 times (key + value + extra). Go 1.24's
//     Swiss tables (internal/runtime/maps) keep slots in groups of 8 with
//     a control byte each, filled to 7/8 (maxAvgGroupLoad); Go 1.23's
//     buckets (runtime/map.go) hold 8 entries with a tophash byte each and
//     an overflow pointer per bucket, filled to 6.5: the extra 16 bytes an
//     entry covers either.
//   - boxed: a non-pointer value stored in an interface (any) is boxed by
//     runtime/iface.go's convT* into the smallest size class that holds a
//     string header or a float64: 16 bytes.
//   - anyMapEntry: an entry of map[string]any, a 16-byte string header and
//     a 16-byte interface, grown as above; the 48 counted per generic
//     object is the size of a map's header (maps.Map, or Go 1.23's hmap),
//     the 24 per []any a slice header.

// checkDecodedSize refuses (with ErrResponseTooLarge) a JSON value that
// would grow the heap past maxCallHeap when decoded into v (its
// decodeBudget). A body too short to get there is not looked at; a longer
// one is walked once, without allocating, against v's type.
func checkDecodedSize(raw []byte, v any) error {
	t := reflect.TypeOf(v)
	if t == nil {
		return nil
	}
	// Each JSON value takes at least 2 bytes (a digit and a comma) and
	// decodes to at most a few times the largest type reachable from v.
	budget := decodeBudget(len(raw))
	if int64(len(raw)/2+1)*maxValueCost(t)+2*int64(len(raw)) <= budget || !json.Valid(raw) {
		return nil // an invalid body fails in json.Unmarshal, unallocated
	}
	w := costWalker{b: raw, limit: budget}
	w.value(t)
	if w.cost > w.limit {
		return fmt.Errorf("%w: the %d-byte body would decode to more than %d MiB", ErrResponseTooLarge, len(raw), budget>>20)
	}
	return nil
}

// Costs of decoding, in bytes of heap: upper bounds of what is allocated,
// garbage included, which the heap holds until the next GC (see the note
// at the top of this file for the runtime internals each one mirrors).
const (
	sliceGrowth   = 6
	mapGrowth     = 4
	mapEntryExtra = 16
	boxed         = 16
	anyMapEntry   = mapGrowth * (16 + 16 + mapEntryExtra)
)

var (
	rawMessageType = reflect.TypeOf(json.RawMessage(nil))
	timeType       = reflect.TypeOf(time.Time{})
)

var valueCostCache sync.Map // reflect.Type -> int64

// maxValueCost is an upper bound of what one JSON value costs to decode
// into any type reachable from t.
func maxValueCost(t reflect.Type) int64 {
	if c, ok := valueCostCache.Load(t); ok {
		return c.(int64)
	}
	seen := map[reflect.Type]bool{}
	worst := int64(anyMapEntry + boxed)
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		worst = max(worst, sliceGrowth*int64(t.Size())+boxed)
		if customDecoded(t) {
			worst = max(worst, 2*(anyMapEntry+boxed))
			return
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(t.Elem())
		case reflect.Map:
			worst = max(worst, mapGrowth*int64(t.Key().Size()+t.Elem().Size()+mapEntryExtra))
			walk(t.Key())
			walk(t.Elem())
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				walk(t.Field(i).Type)
			}
		}
	}
	walk(t)
	valueCostCache.Store(t, worst)
	return worst
}

// customDecoded reports whether t decodes itself (UnmarshalJSON or
// UnmarshalText), so its cost is estimated as a generic value's.
func customDecoded(t reflect.Type) bool {
	if t == rawMessageType || t == timeType {
		return false
	}
	pt := reflect.PointerTo(t)
	return pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType)
}

// costWalker walks valid JSON against a Go type, adding up what
// encoding/json allocates to decode it. It stops adding past limit.
type costWalker struct {
	b     []byte
	i     int
	cost  int64
	limit int64
}

func (w *costWalker) ws() {
	for w.i < len(w.b) {
		switch w.b[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// value walks one value decoded into t (nil: skipped by the decoder).
func (w *costWalker) value(t reflect.Type) {
	w.ws()
	if w.i >= len(w.b) || w.cost > w.limit {
		w.i = len(w.b)
		return
	}
	if t != nil && t != rawMessageType && t != timeType && customDecoded(t) {
		// A type that decodes itself may decode its object into a map,
		// or keep a copy: count it as a generic value, twice.
		start, before := w.i, w.cost
		w.generic()
		w.cost += (w.cost - before) + int64(w.i-start)
		return
	}
	c := w.b[w.i]
	switch {
	case t == nil:
		w.skip()
	case t == rawMessageType || t.Kind() == reflect.String:
		start := w.i
		w.skip()
		w.cost += int64(w.i - start)
	case t.Kind() == reflect.Interface:
		w.generic()
	case t.Kind() == reflect.Pointer:
		if c != 'n' {
			w.cost += int64(t.Elem().Size())
		}
		w.value(t.Elem())
	case c == '[' && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			w.skip() // []byte wants a base64 string
			return
		}
		size := int64(t.Elem().Size())
		w.elements(func() {
			if t.Kind() == reflect.Slice {
				w.cost += sliceGrowth * size
			}
			w.value(t.Elem())
		})
	case c == '{' && t.Kind() == reflect.Struct:
		fields := fieldsOf(t)
		w.members(func(key string) {
			if f, ok := fields.lookup(key); ok {
				w.value(f.typ)
			} else {
				w.value(nil)
			}
		})
	case c == '{' && t.Kind() == reflect.Map:
		entry := mapGrowth * int64(t.Key().Size()+t.Elem().Size()+mapEntryExtra)
		w.members(func(key string) {
			w.cost += entry + int64(len(key))
			w.value(t.Elem())
		})
	default:
		w.skip() // a number or literal, or a mismatch the decoder skips
	}
}

// generic walks a value decoded into an interface: maps, []any, boxed
// strings and numbers.
func (w *costWalker) generic() {
	w.ws()
	if w.i >= len(w.b) || w.cost > w.limit {
		w.i = len(w.b)
		return
	}
	switch c := w.b[w.i]; {
	case c == '{':
		w.cost += 48
		w.members(func(key string) {
			w.cost += anyMapEntry + int64(len(key))
			w.generic()
		})
	case c == '[':
		w.cost += 24
		w.elements(func() {
			w.cost += sliceGrowth * 16
			w.generic()
		})
	case c == '"':
		start := w.i
		w.skip()
		w.cost += boxed + int64(w.i-start)
	case c == 't' || c == 'f' || c == 'n':
		w.skip()
	default:
		w.skip()
		w.cost += boxed
	}
}

// elements walks an array, calling each for every element.
func (w *costWalker) elements(each func()) {
	w.i++ // [
	for {
		w.ws()
		if w.i >= len(w.b) {
			return
		}
		if w.b[w.i] == ']' {
			w.i++
			return
		}
		if w.b[w.i] == ',' {
			w.i++
			continue
		}
		before := w.i
		each()
		if w.i == before || w.cost > w.limit {
			w.i = len(w.b)
			return
		}
	}
}

// members walks an object, calling each with every key, positioned at its
// value.
func (w *costWalker) members(each func(key string)) {
	w.i++ // {
	for {
		w.ws()
		if w.i >= len(w.b) {
			return
		}
		switch w.b[w.i] {
		case '}':
			w.i++
			return
		case ',':
			w.i++
			continue
		}
		start := w.i
		w.skip() // the key
		key := w.b[start:w.i]
		w.ws()
		if w.i < len(w.b) && w.b[w.i] == ':' {
			w.i++
		}
		k := ""
		if len(key) >= 2 {
			k = string(key[1 : len(key)-1])
		}
		if strings.IndexByte(k, '\\') >= 0 {
			// An escaped key ("\u0075sers") names its field as
			// encoding/json unescapes it: a miss would skip its value.
			json.Unmarshal(key, &k)
		}
		before := w.i
		each(k)
		if w.i == before || w.cost > w.limit {
			w.i = len(w.b)
			return
		}
	}
}

// skip moves past one value without counting it.
func (w *costWalker) skip() {
	w.ws()
	if w.i >= len(w.b) {
		return
	}
	switch w.b[w.i] {
	case '"':
		w.i++
		for w.i < len(w.b) {
			switch w.b[w.i] {
			case '\\':
				w.i += 2
				continue
			case '"':
				w.i++
				return
			}
			w.i++
		}
	case '{', '[':
		depth, inString := 0, false
		for ; w.i < len(w.b); w.i++ {
			c := w.b[w.i]
			switch {
			case inString && c == '\\':
				w.i++
			case c == '"':
				inString = !inString
			case inString:
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth == 0 {
					w.i++
					return
				}
			}
		}
	default:
		for w.i < len(w.b) && scalarByte(w.b[w.i]) {
			w.i++
		}
	}
}
