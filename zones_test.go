package make_test

import (
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseZone(t *testing.T) {
	ok := map[string]Zone{
		"eu1":                                  ZoneEU1,
		"EU2":                                  ZoneEU2,
		"us1":                                  ZoneUS1,
		"us2":                                  ZoneUS2,
		"celonis-eu1":                          ZoneCelonisEU1,
		"celonis-us1":                          ZoneCelonisUS1,
		"eu1.make.com":                         ZoneEU1,
		"US1.Make.com":                         ZoneUS1,
		"https://eu1.make.com":                 ZoneEU1,
		"https://eu1.make.com/":                ZoneEU1,
		"https://eu1.make.com/api/v2":          ZoneEU1,
		"https://eu1.make.com/api/v2/":         ZoneEU1,
		"us1.make.celonis.com":                 ZoneCelonisUS1,
		"make.example.com":                     "make.example.com",
		"https://make.example.com:8443/api/v2": "make.example.com:8443",
	}
	for in, want := range ok {
		got, err := ParseZone(in)
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, got, in)
		}
	}
	bad := map[string]string{
		"":                                  "is empty",
		"eu3":                               "not a valid host",
		"eu1 .make.com":                     "spaces",
		" eu1":                              "spaces",
		"eu1.make.com\n":                    "control",
		"http://eu1.make.com":               "only https",
		"ftp://eu1.make.com":                "only https",
		"https://user:pw@eu1.make.com":      "credentials",
		"https://eu1.make.com/api/v2?x=1":   "query",
		"https://eu1.make.com/#frag":        "query or fragment",
		"https://eu1.make.com/api/v1":       "only /api/v2",
		"https://eu1.make.com/other":        "only /api/v2",
		"eu1.make.com/api/v2":               "not a host name",
		"user@eu1.make.com":                 "not a host name",
		"-bad-.make.com":                    "not a valid host",
		"make_example.com":                  "not a valid host",
		"https://":                          "not a valid host",
		"https://make.example.com:port/api": "not a valid",
	}
	for in, why := range bad {
		_, err := ParseZone(in)
		var ve *ValidationError
		if assert.ErrorAs(t, err, &ve, "%q", in) {
			assert.Equal(t, "zone", ve.Field)
			assert.Contains(t, ve.Reason, why, "%q", in)
			assert.Contains(t, err.Error(), "eu1, eu2, us1, us2", "the error says what is accepted")
		}
	}
}

func TestZone(t *testing.T) {
	assert.Equal(t, "https://eu1.make.com/api/v2", ZoneEU1.BaseURL())
	assert.Equal(t, "https://us1.make.celonis.com/api/v2", ZoneCelonisUS1.BaseURL())
	assert.Len(t, Zones(), 6)
	for _, z := range Zones() {
		assert.False(t, z.IsWhiteLabel(), z)
		got, err := ParseZone(z.String())
		require.NoError(t, err)
		assert.Equal(t, z, got)
	}
	assert.True(t, Zone("make.example.com").IsWhiteLabel())
}
