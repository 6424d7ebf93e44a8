package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync/atomic"
	"text/tabwriter"
)

// sink writes a result in one output format. Lists are written item by
// item, so that an iterator's items stream out as they arrive; except in
// json, whose one document is held until the list's end, so that a list
// that fails part way leaves nothing rather than an unfinished array.
type sink struct {
	format string
	w      *bufio.Writer // over dst, or over hold for json
	dst    io.Writer
	hold   *bytes.Buffer // json: the document until it is whole
	cols   []string      // the columns of table and csv: --cols, else the first item's keys
	rawCSV bool          // --csv-raw: csv cells as they are, formulas included

	n   int // items written
	tw  *tabwriter.Writer
	csv *csv.Writer
}

func newSink(format string, w io.Writer, cols []string, rawCSV bool) *sink {
	s := &sink{format: format, dst: w, cols: cols, rawCSV: rawCSV}
	if format == "json" {
		s.hold = new(bytes.Buffer)
		w = s.hold
	}
	s.w = bufio.NewWriter(w)
	return s
}

// flush writes out what is buffered: for json, the whole document.
func (s *sink) flush() error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	if s.hold != nil {
		_, err := s.dst.Write(s.hold.Bytes())
		s.hold.Reset()
		return err
	}
	return nil
}

// abort ends the output of a list that failed part way: json writes
// nothing (stdout holds one valid document or nothing); jsonl, csv and
// table write what was fetched (the error follows on stderr).
func (s *sink) abort() {
	if s.hold != nil {
		s.hold = nil
		return
	}
	if s.csv != nil {
		s.csv.Flush()
	}
	if s.tw != nil {
		s.tw.Flush()
	}
	s.w.Flush()
}

// whole writes a result that is not streamed: json writes it as it is (one
// document); the other formats write its items (see items).
func (s *sink) whole(v reflect.Value) error {
	if s.format == "json" {
		b, err := json.MarshalIndent(v.Interface(), "", "  ")
		if err != nil {
			return err
		}
		s.w.Write(b)
		s.w.WriteByte('\n')
		return s.flush()
	}
	for _, it := range items(v) {
		if err := s.item(it); err != nil {
			return err
		}
	}
	return s.end()
}

// items returns what table, csv and jsonl show of a result, one row or line
// each: a slice's elements; a list's items (the first array field of the
// SDK's XxxList structs, such as UserList, whose other fields are paging and
// the like); else the value itself.
func items(v reflect.Value) []any {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct && strings.HasSuffix(v.Type().Name(), "List") {
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if f.IsExported() && f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() != reflect.Uint8 && f.Tag.Get("json") != "-" {
				v = v.Field(i)
				break
			}
		}
	}
	if v.Kind() == reflect.Slice && v.Type().Elem().Kind() != reflect.Uint8 {
		out := make([]any, v.Len())
		for i := range out {
			out[i] = v.Index(i).Interface()
		}
		return out
	}
	return []any{v.Interface()}
}

// item writes one item of a list.
func (s *sink) item(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	s.n++
	switch s.format {
	case "json":
		if s.n == 1 {
			s.w.WriteString("[\n  ")
		} else {
			s.w.WriteString(",\n  ")
		}
		var ind bytes.Buffer
		json.Indent(&ind, b, "  ", "  ")
		s.w.Write(ind.Bytes())
	case "jsonl":
		s.w.Write(b)
		s.w.WriteByte('\n')
	case "table", "csv":
		keys, vals := fields(b)
		if s.n == 1 {
			if len(s.cols) == 0 {
				s.cols = keys
			}
			s.header()
		}
		row := make([]string, len(s.cols))
		for i, c := range s.cols {
			row[i] = cell(vals[c])
		}
		if s.csv != nil {
			for i, c := range s.cols {
				if !isNumber(vals[c]) {
					row[i] = s.csvCell(row[i])
				}
			}
			return s.csv.Write(row)
		}
		for i := range row {
			// Server data reaches a terminal: every control character is
			// escaped visibly (a tab, \v or newline would also forge a column
			// or a row).
			row[i] = visible(row[i])
		}
		fmt.Fprintln(s.tw, strings.Join(row, "\t"))
	}
	return nil
}

func (s *sink) header() {
	if s.format == "csv" {
		s.csv = csv.NewWriter(s.w)
		head := make([]string, len(s.cols))
		for i, c := range s.cols {
			head[i] = s.csvCell(c) // the keys are the server's too
		}
		s.csv.Write(head)
		return
	}
	s.tw = tabwriter.NewWriter(s.w, 0, 4, 2, ' ', 0)
	up := make([]string, len(s.cols))
	for i, c := range s.cols {
		up[i] = visible(strings.ToUpper(c)) // the keys are the server's too
	}
	fmt.Fprintln(s.tw, strings.Join(up, "\t"))
}

// end finishes the output after the last item.
func (s *sink) end() error {
	switch {
	case s.format == "json" && s.n == 0:
		s.w.WriteString("[]\n")
	case s.format == "json":
		s.w.WriteString("\n]\n")
	case s.n == 0 && len(s.cols) > 0 && (s.format == "csv" || s.format == "table"):
		s.header() // an empty list still has its header
	}
	if s.csv != nil {
		s.csv.Flush()
		if err := s.csv.Error(); err != nil {
			return err
		}
	}
	if s.tw != nil {
		s.tw.Flush()
	}
	return s.flush()
}

// csvCell neutralises a cell that a spreadsheet would run as a formula
// (OWASP, "CSV Injection"): one that starts with = + - @, a tab or a carriage
// return gets a leading apostrophe, which spreadsheets show as text and do
// not evaluate. Make's name rules allow "@SUM(1+1)" and "-2+3", so any member
// could otherwise plant a formula in an admin's export. --csv-raw keeps the
// values as they are. JSON numbers (-5, -1.5e3) are left alone: they are
// numbers to a spreadsheet, never formulas.
func (s *sink) csvCell(v string) string {
	if s.rawCSV || v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return v
	}
	return "'" + v
}

// isNumber reports whether a raw JSON value is a number.
func isNumber(raw json.RawMessage) bool {
	if len(raw) == 0 || raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return false
	}
	var n json.Number
	return json.Unmarshal(raw, &n) == nil
}

// fields returns a JSON value's top-level keys in their order and their raw
// values; a value that is not an object is one column, "value".
func fields(b []byte) ([]string, map[string]json.RawMessage) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return []string{"value"}, map[string]json.RawMessage{"value": b}
	}
	var keys []string
	vals := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		k, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			break
		}
		keys = append(keys, k)
		vals[k] = raw
	}
	return keys, vals
}

// cell renders a JSON value for a table or csv cell: strings unquoted, null
// and absent values empty, anything else as compact JSON.
func cell(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) == nil {
		return b.String()
	}
	return string(raw)
}

// progressLine shows, on a terminal's stderr, how far a list of several
// pages has come.
type progressLine struct {
	w     io.Writer
	pages *atomic.Int64 // counted by the SDK's logger (pageCounter)
	last  int64
}

func (p *progressLine) update(items int) {
	if n := p.pages.Load(); n > 1 && n != p.last {
		p.last = n
		fmt.Fprintf(p.w, "\rmakectl: %d items, page %d…", items, n)
	}
}

func (p *progressLine) done(items int) {
	if p.last > 0 {
		fmt.Fprintf(p.w, "\rmakectl: %d items, %d pages\n", items, p.pages.Load())
	}
}

// streamIter ranges over an iter.Seq2[T, error] (an SDK ...Iter method's
// result) and writes each item as it comes: all pages, memory flat; with
// maxItems > 0 it stops after maxItems items (the iterator fetches no further page).
func streamIter(seq reflect.Value, out *sink, p *progressLine, maxItems int) error {
	var failed error
	n := 0
	yield := reflect.MakeFunc(seq.Type().In(0), func(args []reflect.Value) []reflect.Value {
		if e := args[1]; !e.IsNil() {
			failed = e.Interface().(error)
			return []reflect.Value{reflect.ValueOf(false)}
		}
		n++
		if p != nil {
			p.update(n)
		}
		if err := out.item(args[0].Interface()); err != nil {
			failed = err
			return []reflect.Value{reflect.ValueOf(false)}
		}
		return []reflect.Value{reflect.ValueOf(maxItems == 0 || n < maxItems)}
	})
	seq.Call([]reflect.Value{yield})
	if p != nil {
		p.done(n)
	}
	if failed != nil {
		out.abort()
		return failed
	}
	return out.end()
}
