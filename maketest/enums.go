package maketest

// The 8 Enums operations (tag Enums in openapi.json), served from the fixed
// data below.
func init() {
	handle("enumsListCountries", fixed("countries", enumCountries))
	handle("enumsListTimezones", fixed("timezones", enumTimezones))
	handle("enumsListLocales", fixed("locales", enumLocales))
	handle("enumsListLanguages", enumsListLanguages)
	handle("enumsListRegions", fixed("imtRegions", enumRegions))
	handle("enumsListZones", fixed("imtZones", enumZones))
	handle("enumsListApiTokenScopes", fixed("userApiTokenScopes", enumAPITokenScopes()))
	handle("enumsListUserEmailNotifications", enumsListUserEmailNotifications)
}

// The fake's enums. Their IDs are those the fixtures use: organization 1 is
// in Czechia (1) and Europe/Prague (113), organization 2 in the United
// States (2) and America/New_York (28); the timezone and locale IDs are
// those the users' timezone and locale names come from.
var (
	enumCountries = []object{
		{{"id", 1}, {"name", "Czechia"}, {"code", "CZE"}, {"code2", "cz"}},
		{{"id", 2}, {"name", "United States"}, {"code", "USA"}, {"code2", "us"}},
		{{"id", 3}, {"name", "Germany"}, {"code", "DEU"}, {"code2", "de"}},
		{{"id", 4}, {"name", "United Kingdom"}, {"code", "GBR"}, {"code2", "gb"}},
	}
	enumTimezones = []object{
		{{"id", 1}, {"name", "(GMT+00:00) UTC"}, {"code", "UTC"}, {"offset", "+0000"}},
		{{"id", 28}, {"name", "(GMT-05:00) America/New_York"}, {"code", "America/New_York"}, {"offset", "-0500"}},
		{{"id", 113}, {"name", "(GMT+01:00) Europe/Prague"}, {"code", "Europe/Prague"}, {"offset", "+0100"}},
		{{"id", 114}, {"name", "(GMT+00:00) Europe/London"}, {"code", "Europe/London"}, {"offset", "+0000"}},
		{{"id", 120}, {"name", "(GMT+01:00) Europe/Berlin"}, {"code", "Europe/Berlin"}, {"offset", "+0100"}},
	}
	enumLocales = []object{
		{{"id", 1}, {"name", "English"}, {"code", "en"}, {"angularCode", "en"}},
		{{"id", 18}, {"name", "Czech"}, {"code", "cs"}, {"angularCode", "cs"}},
		{{"id", 19}, {"name", "English (United States)"}, {"code", "en-us"}, {"angularCode", "en-US"}},
		{{"id", 20}, {"name", "English (United Kingdom)"}, {"code", "en-gb"}, {"angularCode", "en-GB"}},
		{{"id", 21}, {"name", "German"}, {"code", "de"}, {"angularCode", "de"}},
	}
	// enumLanguages: code, English name, own name.
	enumLanguages = [][3]string{{"en", "English", "English"}, {"cs", "Czech", "Čeština"}, {"de", "German", "Deutsch"}, {"fr", "French", ""}}
	enumRegions   = []object{{{"id", 1}, {"name", "EU"}}, {{"id", 2}, {"name", "US"}}}
	enumZones     = []object{
		{{"id", 1}, {"domain", "eu1.make.com"}, {"name", "EU1"}},
		{{"id", 2}, {"domain", "eu2.make.com"}, {"name", "EU2"}},
		{{"id", 3}, {"domain", "us1.make.com"}, {"name", "US1"}},
		{{"id", 4}, {"domain", "us2.make.com"}, {"name", "US2"}},
	}
	// enumEmailNotifications: the notificationId values of the user team
	// notification endpoints.
	enumEmailNotifications = []object{
		{{"id", 1}, {"translationKey", "notifications.scenario-errors"}, {"name", "Scenario errors"}, {"description", "A scenario stopped with an error."}},
		{{"id", 2}, {"translationKey", "notifications.scenario-warnings"}, {"name", "Scenario warnings"}, {"description", "A scenario run ended with a warning."}},
		{{"id", 3}, {"translationKey", "notifications.operations-limit"}, {"name", "Operations limit"}, {"description", "The organization is close to its operations limit."}},
		{{"id", 4}, {"translationKey", "notifications.weekly-report"}, {"name", "Weekly report"}, {"description", "A summary of the team's week."}},
	}
)

// APITokenScopes returns the scopes the fake knows, those of
// GET /enums/user-api-token-scopes and the only ones
// POST /users/me/api-tokens accepts.
func APITokenScopes() []string { return AdminScopes() }

func enumAPITokenScopes() []object {
	out := []object{}
	for _, sc := range APITokenScopes() {
		out = append(out, object{{"name", sc}})
	}
	return out
}

// fixed answers {key: items}.
func fixed(key string, items []object) handlerFunc {
	return func(*call) (any, error) { return object{{key, items}}, nil }
}

// enumsListLanguages: GET /enums/languages; localized=true gives the own
// names and only the languages that have one.
func enumsListLanguages(c *call) (any, error) {
	localized, _ := c.queryBool("localized")
	out := []object{}
	for _, l := range enumLanguages {
		switch {
		case !localized:
			out = append(out, object{{"code", l[0]}, {"name", l[1]}})
		case l[2] != "":
			out = append(out, object{{"code", l[0]}, {"name", l[2]}})
		}
	}
	return object{{"languages", out}}, nil
}

// enumsListUserEmailNotifications: GET /enums/user-email-notifications; only
// language=en is supported.
func enumsListUserEmailNotifications(c *call) (any, error) {
	if c.query.Has("language") && c.query.Get("language") != "en" {
		return nil, errInvalid("language", "only en is supported, got %q.", c.query.Get("language"))
	}
	return object{{"userEmailNotifications", enumEmailNotifications}}, nil
}
