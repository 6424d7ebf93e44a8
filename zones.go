package make

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Zone is the host of a Make instance, such as "eu1.make.com". The six
// documented zones are constants; a White Label instance's host is a Zone too
// (see ParseZone).
type Zone string

// The documented zones of Make's public cloud.
const (
	ZoneEU1        Zone = "eu1.make.com"
	ZoneEU2        Zone = "eu2.make.com"
	ZoneUS1        Zone = "us1.make.com"
	ZoneUS2        Zone = "us2.make.com"
	ZoneCelonisEU1 Zone = "eu1.make.celonis.com"
	ZoneCelonisUS1 Zone = "us1.make.celonis.com"
)

// apiPath is the path of API v2 on every zone.
const apiPath = "/api/v2"

// zoneAliases maps the short names accepted by ParseZone to their zones.
var zoneAliases = map[string]Zone{
	"eu1":         ZoneEU1,
	"eu2":         ZoneEU2,
	"us1":         ZoneUS1,
	"us2":         ZoneUS2,
	"celonis-eu1": ZoneCelonisEU1,
	"celonis-us1": ZoneCelonisUS1,
}

// Zones returns the six documented zones of Make's public cloud.
func Zones() []Zone {
	return []Zone{ZoneEU1, ZoneEU2, ZoneUS1, ZoneUS2, ZoneCelonisEU1, ZoneCelonisUS1}
}

// BaseURL returns the zone's API v2 base URL, e.g. "https://eu1.make.com/api/v2".
func (z Zone) BaseURL() string { return "https://" + string(z) + apiPath }

// IsWhiteLabel reports whether z is not one of the documented public zones.
func (z Zone) IsWhiteLabel() bool {
	for _, d := range Zones() {
		if z == d {
			return false
		}
	}
	return true
}

// String returns the zone's host.
func (z Zone) String() string { return string(z) }

const zoneForms = `a zone name (eu1, eu2, us1, us2, celonis-eu1, celonis-us1), ` +
	`a host ("eu1.make.com" or a White Label host such as "make.example.com"), ` +
	`or an https URL of that host, optionally ending in /api/v2`

// ParseZone turns what a user writes for a zone into a Zone. It accepts a
// short name ("eu1", "celonis-us1"), a host ("eu1.make.com", or a White Label
// host such as "make.example.com"), or an https URL of a host with no path
// other than "/api/v2" ("https://eu1.make.com/api/v2"). Anything else, such as
// an empty string, a URL with a query, credentials or another path, a scheme
// other than https, or spaces, is refused with a *ValidationError that says
// what is accepted.
func ParseZone(s string) (Zone, error) {
	refuse := func(why string) (Zone, error) {
		return "", &ValidationError{Field: "zone", Reason: why + "; want " + zoneForms}
	}
	if s == "" {
		return refuse("is empty")
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return refuse("contains spaces or control characters")
	}
	if z, ok := zoneAliases[strings.ToLower(s)]; ok {
		return z, nil
	}
	host := s
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil {
			return refuse("is not a valid URL")
		}
		switch {
		case !strings.EqualFold(u.Scheme, "https"):
			return refuse("has scheme " + u.Scheme + ", only https is allowed")
		case u.User != nil:
			return refuse("must not contain credentials")
		case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
			return refuse("must not contain a query or fragment")
		case u.Path != "" && u.Path != "/" && strings.TrimSuffix(u.Path, "/") != apiPath:
			return refuse("has path " + u.Path + ", only " + apiPath + " is allowed")
		}
		host = u.Host
	} else if strings.ContainsAny(s, "/?#@") {
		return refuse("is not a host name")
	}
	host = strings.ToLower(host)
	if !validHost(host) {
		return refuse("is not a valid host name")
	}
	return Zone(host), nil
}

// validHost reports whether h is a DNS host name with at least two labels,
// optionally followed by a port (1 to 65535).
func validHost(h string) bool {
	name := h
	if strings.Contains(h, ":") {
		n, port, err := net.SplitHostPort(h)
		if err != nil || port == "" || strings.Trim(port, "0123456789") != "" {
			return false
		}
		if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
			return false
		}
		name = n
	}
	if len(name) > 253 || !strings.Contains(name, ".") {
		return false
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}
