package make_test

import (
	"net/http"
	"net/url"
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnumsService(t *testing.T) {
	client, mux := setup(t)
	serve := func(path string, query url.Values, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			testMethod(t, r, http.MethodGet)
			testQuery(t, r, query)
			testNoBody(t, r)
			writeJSON(w, 200, body)
		})
	}
	serve("/enums/countries", nil, `{"countries":[{"id":4,"name":"Afghanistan","code":"AFG","code2":"af"},{"id":56,"name":"Czechia","code":"CZE","code2":"cz","stripeRegion":"eu"}]}`)
	serve("/enums/timezones", nil, `{"timezones":[{"id":113,"name":"(GMT+01:00) Europe/Prague","code":"Europe/Prague","offset":"+0100"}]}`)
	serve("/enums/locales", nil, `{"locales":[{"id":18,"name":"English (United States)","code":"en-US","angularCode":"en"}]}`)
	serve("/enums/languages", url.Values{"localized": {"true"}}, `{"languages":[{"code":"cs","name":"Čeština"}]}`)
	serve("/enums/imt-regions", nil, `{"imtRegions":[{"id":1,"name":"Local"}]}`)
	serve("/enums/imt-zones", nil, `{"imtZones":[{"id":1,"domain":"eu1.make.com","name":"EU1"}]}`)
	serve("/enums/user-api-token-scopes", nil, `{"userApiTokenScopes":[{"name":"scenarios:read"}]}`)
	serve("/enums/user-email-notifications", url.Values{"language": {"en"}}, `{"userEmailNotifications":[{"id":1,"translationKey":"notif.errors","name":"Errors","description":"Scenario errors"}]}`)
	c := ctx(t)

	countries, err := client.Enums.ListCountries(c)
	require.NoError(t, err)
	assert.Equal(t, Countries{{ID: 4, Name: "Afghanistan", Code: "AFG", Code2: "af"}, {ID: 56, Name: "Czechia", Code: "CZE", Code2: "cz", StripeRegion: "eu"}}, countries)
	cz, ok := countries.ByCode("cz")
	assert.True(t, ok)
	assert.Equal(t, int64(56), cz.ID)
	afg, ok := countries.ByCode("afg")
	assert.True(t, ok)
	assert.Equal(t, int64(4), afg.ID)
	_, ok = countries.ByCode("xx")
	assert.False(t, ok)

	timezones, err := client.Enums.ListTimezones(c)
	require.NoError(t, err)
	assert.Equal(t, Timezones{{ID: 113, Name: "(GMT+01:00) Europe/Prague", Code: "Europe/Prague", Offset: "+0100"}}, timezones)
	prague, ok := timezones.ByCode("Europe/Prague")
	assert.True(t, ok)
	assert.Equal(t, int64(113), prague.ID)

	locales, err := client.Enums.ListLocales(c)
	require.NoError(t, err)
	assert.Equal(t, []Locale{{ID: 18, Name: "English (United States)", Code: "en-US", AngularCode: "en"}}, locales)

	languages, err := client.Enums.ListLanguages(c, &ListLanguagesOptions{Localized: true})
	require.NoError(t, err)
	assert.Equal(t, []Language{{Code: "cs", Name: "Čeština"}}, languages)

	regions, err := client.Enums.ListRegions(c)
	require.NoError(t, err)
	assert.Equal(t, []Region{{ID: 1, Name: "Local"}}, regions)

	zones, err := client.Enums.ListZones(c)
	require.NoError(t, err)
	assert.Equal(t, []ZoneInfo{{ID: 1, Domain: "eu1.make.com", Name: "EU1"}}, zones)
	assert.Equal(t, ZoneEU1, zones[0].Zone())

	scopes, err := client.Enums.ListAPITokenScopes(c)
	require.NoError(t, err)
	assert.Equal(t, []APITokenScope{{Name: "scenarios:read"}}, scopes)

	notifications, err := client.Enums.ListUserEmailNotifications(c, &ListUserEmailNotificationsOptions{Language: "en"})
	require.NoError(t, err)
	assert.Equal(t, []EmailNotificationType{{ID: 1, TranslationKey: "notif.errors", Name: "Errors", Description: "Scenario errors"}}, notifications)
}

func TestEnumsService_NilOptions(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /enums/languages", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"languages":[]}`)
	})
	mux.HandleFunc("GET /enums/user-email-notifications", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"userEmailNotifications":[]}`)
	})
	_, err := client.Enums.ListLanguages(ctx(t), nil)
	require.NoError(t, err)
	_, err = client.Enums.ListUserEmailNotifications(ctx(t), nil)
	require.NoError(t, err)
}
