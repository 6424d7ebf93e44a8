package make

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// ---------------------------------------------------------------------------
// API tokens: the current user's API tokens

// APIToken is an API token of the current user. ListAPITokens returns its
// value masked as Make does (e.g. "2544847b-****-****-****-************");
// CreateAPIToken returns it whole, once. Either way Token prints redacted:
// read it with Token.Reveal().
type APIToken struct {
	Token Secret   `json:"token"`
	Scope []string `json:"scope"` // e.g. "apps:read"; see Enums.ListAPITokenScopes
	// Created is the token's creation timestamp exactly as Make sent it
	// (ISO 8601, e.g. "2019-11-05T09:22:31.249Z"). It is also the token's
	// key: pass it unchanged to DeleteAPIToken. It stays a string so that
	// no round trip through time.Time re-formats it; CreatedTime parses it.
	Created string `json:"created"`
	Label   string `json:"label,omitempty"`
}

// CreatedTime parses Created.
func (t APIToken) CreatedTime() (time.Time, error) { return time.Parse(time.RFC3339Nano, t.Created) }

// LogValue logs the APIToken with its value redacted.
func (t APIToken) LogValue() slog.Value { return redactedLogValue(t) }

// APITokens is a list of API tokens. It logs with the values redacted (slog
// resolves a LogValuer only at the top of an attribute).
type APITokens []APIToken

// LogValue logs the tokens with their values redacted.
func (l APITokens) LogValue() slog.Value { return redactedLogValue(l) }

// ListAPITokens returns the current user's API tokens, their values masked.
//
// Make API: GET /users/me/api-tokens (scope user:read)
func (s *UsersService) ListAPITokens(ctx context.Context) (APITokens, error) {
	var out struct {
		APITokens APITokens `json:"apiTokens"`
	}
	if err := s.client.call(ctx, http.MethodGet, "users/me/api-tokens", "user:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.APITokens, nil
}

// CreateAPITokenRequest is the body of Create new API token; both fields are
// required.
type CreateAPITokenRequest struct {
	Label string   `json:"label"` // shown in the user's profile
	Scope []string `json:"scope"` // e.g. "scenarios:read"; list them with Enums.ListAPITokenScopes
}

func (r *CreateAPITokenRequest) validate() error {
	if err := checkBody(r); err != nil {
		return err
	}
	if len(r.Scope) == 0 {
		return invalid("scope", "is required: give at least one scope (see Enums.ListAPITokenScopes)")
	}
	for _, sc := range r.Scope {
		if err := checkRequired("scope", sc); err != nil {
			return invalid("scope", "must not hold an empty scope")
		}
	}
	return checkRequired("label", r.Label)
}

// CreateAPIToken creates an API token for the current user and returns it
// with its value. Make returns the value only here: store it now. The value
// is a Secret, sent and returned whole but printed and logged redacted.
//
// Make API: POST /users/me/api-tokens (scope user:write)
func (s *UsersService) CreateAPIToken(ctx context.Context, body *CreateAPITokenRequest) (*APIToken, error) {
	if err := body.validate(); err != nil {
		return nil, err
	}
	var out struct {
		APIToken *APIToken `json:"apiToken"`
	}
	if err := s.client.call(ctx, http.MethodPost, "users/me/api-tokens", "user:write", nil, body, &out); err != nil {
		return nil, err
	}
	return out.APIToken, nil
}

// DeleteAPIToken deletes the current user's API token whose Created is
// created: pass APIToken.Created exactly as ListAPITokens returned it (it is
// path-escaped here, never re-formatted). It returns the deleted token's
// timestamp as Make echoes it.
//
// Make API: DELETE /users/me/api-tokens/{timestamp} (scope user:write)
func (s *UsersService) DeleteAPIToken(ctx context.Context, created string) (string, error) {
	if err := checkPathSegment("timestamp", created); err != nil {
		return "", err
	}
	var out struct {
		APIToken string `json:"apiToken"`
	}
	err := s.client.call(ctx, http.MethodDelete, "users/me/api-tokens/"+url.PathEscape(created), "user:write", nil, nil, &out)
	return out.APIToken, err
}
