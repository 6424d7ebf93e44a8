package make

import (
	"context"
	"net/http"
	"slices"
	"strings"
)

// EnumsService is the Enums API of Make: the lookups that IDs of the other
// services refer to (countryId, timezoneId, localeId, language, regionId,
// zones, API token scopes, notificationId). Reach it as client.Enums.
// The lists are small and change rarely: fetch them once and keep them.
type EnumsService service

// Country is a country: ID is the countryId of users and organizations.
type Country struct {
	ID           int64  `json:"id"`
	Name         string `json:"name,omitempty"`
	Code         string `json:"code,omitempty"`         // three letters, e.g. "AFG"
	Code2        string `json:"code2,omitempty"`        // two letters, e.g. "af"
	StripeRegion string `json:"stripeRegion,omitempty"` // published spec only
}

// Countries is the list of countries, with lookups.
type Countries []Country

// ByCode returns the country whose two- or three-letter code is code
// (compared case-insensitively), and whether there is one.
func (l Countries) ByCode(code string) (Country, bool) {
	return firstMatch(l, func(c Country) bool { return strings.EqualFold(c.Code, code) || strings.EqualFold(c.Code2, code) })
}

// firstMatch returns the first element for which match is true.
func firstMatch[T any](l []T, match func(T) bool) (T, bool) {
	if i := slices.IndexFunc(l, match); i >= 0 {
		return l[i], true
	}
	var zero T
	return zero, false
}

// ListCountries returns the countries and their countryId values.
//
// Make API: GET /enums/countries (scope organization:read)
func (s *EnumsService) ListCountries(ctx context.Context) (Countries, error) {
	var out struct {
		Countries Countries `json:"countries"`
	}
	if err := s.client.call(ctx, http.MethodGet, "enums/countries", "organization:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Countries, nil
}

// Timezone is a timezone: ID is the timezoneId of users and organizations.
type Timezone struct {
	ID     int64  `json:"id"`
	Name   string `json:"name,omitempty"`   // e.g. "(GMT+01:00) Europe/Prague"
	Code   string `json:"code,omitempty"`   // the IANA name, e.g. "Europe/Prague"
	Offset string `json:"offset,omitempty"` // e.g. "+0100"
}

// Timezones is the list of timezones, with lookups.
type Timezones []Timezone

// ByCode returns the timezone whose IANA name is code (e.g.
// "Europe/Prague"), and whether there is one.
func (l Timezones) ByCode(code string) (Timezone, bool) {
	return firstMatch(l, func(t Timezone) bool { return t.Code == code })
}

// ListTimezones returns the timezones and their timezoneId values.
//
// Make API: GET /enums/timezones (scope organization:read)
func (s *EnumsService) ListTimezones(ctx context.Context) (Timezones, error) {
	var out struct {
		Timezones Timezones `json:"timezones"`
	}
	if err := s.client.call(ctx, http.MethodGet, "enums/timezones", "organization:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Timezones, nil
}

// Locale is a locale: ID is the localeId of users.
type Locale struct {
	ID          int64  `json:"id"`
	Name        string `json:"name,omitempty"`
	Code        string `json:"code,omitempty"`
	AngularCode string `json:"angularCode,omitempty"`
}

// ListLocales returns the locales, their localeId values and codes.
//
// Make API: GET /enums/locales (scope organization:read)
func (s *EnumsService) ListLocales(ctx context.Context) ([]Locale, error) {
	var out struct {
		Locales []Locale `json:"locales"`
	}
	if err := s.client.call(ctx, http.MethodGet, "enums/locales", "organization:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Locales, nil
}

// Language is a language: Code is the language of users.
type Language struct {
	Code string `json:"code"`
	Name string `json:"name,omitempty"`
}

// ListLanguagesOptions are the query parameters of List languages.
type ListLanguagesOptions struct {
	// Localized asks for the languages' own names (Deutsch, Čeština) and
	// only the languages that have one.
	Localized bool `url:"localized,omitempty"`
}

// ListLanguages returns the languages and their codes. opts may be nil.
//
// Make API: GET /enums/languages (scope organization:read)
func (s *EnumsService) ListLanguages(ctx context.Context, opts *ListLanguagesOptions) ([]Language, error) {
	var out struct {
		Languages []Language `json:"languages"`
	}
	if err := s.client.call(ctx, http.MethodGet, "enums/languages", "organization:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Languages, nil
}

// Region is a Make region: ID is the regionId of Organizations.Create.
type Region struct {
	ID   int64  `json:"id"`
	Name string `json:"name,omitempty"`
}

// ListRegions returns the Make regions and their regionId values.
//
// Make API: GET /enums/imt-regions (scope organization:read)
func (s *EnumsService) ListRegions(ctx context.Context) ([]Region, error) {
	var out struct {
		Regions []Region `json:"imtRegions"`
	}
	if err := s.client.call(ctx, http.MethodGet, "enums/imt-regions", "organization:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Regions, nil
}

// ZoneInfo is Make's record of a zone (schema ImtZone), not to be confused
// with Zone, the host a Client talks to: ZoneInfo.Zone gives that.
type ZoneInfo struct {
	ID     int64  `json:"id"`               // the zoneId, e.g. of Users.UnreadNotifications
	Domain string `json:"domain,omitempty"` // e.g. "eu1.make.com"
	Name   string `json:"name,omitempty"`
}

// Zone returns the zone's host as a Zone, for NewClient.
func (z ZoneInfo) Zone() Zone { return Zone(z.Domain) }

// ListZones returns Make's zones and their zoneId values. Make's Enums
// page calls zoneId a required field of Organizations.Create, whose
// documented body has none: the SDK follows the documented body (the zone
// is the one the client calls) and sends no zoneId.
//
// Make API: GET /enums/imt-zones (scope organization:read)
func (s *EnumsService) ListZones(ctx context.Context) ([]ZoneInfo, error) {
	var out struct {
		Zones []ZoneInfo `json:"imtZones"`
	}
	if err := s.client.call(ctx, http.MethodGet, "enums/imt-zones", "organization:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Zones, nil
}

// APITokenScope is a scope an API token can be given.
type APITokenScope struct {
	Name string `json:"name"` // e.g. "scenarios:read"
}

// ListAPITokenScopes returns the scopes Users.CreateAPIToken accepts. The
// path is the published spec's; Make's API tokens page spells it
// /enums/user-api-tokes-scopes, a typo the SDK does not follow.
//
// Make API: GET /enums/user-api-token-scopes (scope organization:read)
func (s *EnumsService) ListAPITokenScopes(ctx context.Context) ([]APITokenScope, error) {
	var out struct {
		Scopes []APITokenScope `json:"userApiTokenScopes"`
	}
	if err := s.client.call(ctx, http.MethodGet, "enums/user-api-token-scopes", "organization:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Scopes, nil
}

// EmailNotificationType is a type of email notification: ID is the
// notificationId of the user team notification methods.
type EmailNotificationType struct {
	ID             int64  `json:"id"`
	TranslationKey string `json:"translationKey,omitempty"`
	Name           string `json:"name,omitempty"`
	Description    string `json:"description,omitempty"`
}

// ListUserEmailNotificationsOptions are the query parameters of List email
// notification settings.
type ListUserEmailNotificationsOptions struct {
	// Language of the descriptions, ISO 639-1; Make supports only "en".
	// Empty means the user's language.
	Language string `url:"language,omitempty"`
}

func (o *ListUserEmailNotificationsOptions) validate() error {
	if o != nil && o.Language != "" && o.Language != "en" {
		return invalid("language", `only "en" is supported, got %q`, o.Language)
	}
	return nil
}

// ListUserEmailNotifications returns the email notification types and their
// notificationId values. opts may be nil.
//
// Make API: GET /enums/user-email-notifications (scope organization:read)
func (s *EnumsService) ListUserEmailNotifications(ctx context.Context, opts *ListUserEmailNotificationsOptions) ([]EmailNotificationType, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	var out struct {
		Notifications []EmailNotificationType `json:"userEmailNotifications"`
	}
	if err := s.client.call(ctx, http.MethodGet, "enums/user-email-notifications", "organization:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Notifications, nil
}
