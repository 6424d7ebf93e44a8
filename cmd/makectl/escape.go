package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// visible returns s for a human's terminal: every character that is not
// printable is written as a visible Go-style escape, so that no server data
// reaches the terminal as a control sequence (kubectl's CVE-2021-25743).
// That covers C0 controls (ESC, so CSI and OSC sequences; BEL; \v, which
// would forge a column), DEL, C1 controls (U+009B is a one-character CSI),
// format characters (bidi overrides such as U+202E, zero-width ones),
// separators other than the ASCII space (U+2028, NBSP), and bytes that are
// not UTF-8. Printable text, in any script, is kept as it is.
//
// Everything makectl writes for a human goes through it: table cells and
// headers, error messages, prompts. The machine formats (json, jsonl, csv)
// keep the data exact.
func visible(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return !printable(r) })
	if i < 0 {
		return s // the common case: nothing to escape
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i]) // not UTF-8
		case printable(r):
			b.WriteString(s[i : i+w])
		default:
			b.WriteString(escapeRune(r))
		}
		i += w
	}
	return b.String()
}

// printable reports whether r may reach a terminal as it is. The decoding
// error rune is not: visible tells a bad byte from a literal U+FFFD.
func printable(r rune) bool {
	return r == ' ' || r != utf8.RuneError && unicode.IsPrint(r)
}

// escapeRune writes a non-printable rune as a Go escape: \a \b \f \n \r \t
// \v by name, other ASCII as \xHH, the rest as \uHHHH or \UHHHHHHHH.
func escapeRune(r rune) string {
	switch r {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	case '\v':
		return `\v`
	case utf8.RuneError:
		return `\ufffd`
	}
	switch {
	case r < utf8.RuneSelf:
		return fmt.Sprintf(`\x%02x`, r)
	case r <= 0xFFFF:
		return fmt.Sprintf(`\u%04x`, r)
	}
	return fmt.Sprintf(`\U%08x`, r)
}
