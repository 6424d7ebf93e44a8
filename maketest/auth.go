package maketest

import (
	"strings"
	"time"
)

type token struct {
	value  string
	userID int64
	scopes []string
	oauth  bool
	// Of an access token issued by the authorization server (oauth.go):
	expires  time.Time // zero: never
	clientID string
	grant    int64
	revoked  bool // kept, so that WithAnyToken does not take it for a new token
}

// AddToken registers an API token of the user with the given scopes (no
// scopes means none: every operation answers 403). API tokens are accepted as
// "Authorization: Token <token>" and "Authorization: Bearer <token>".
// Re-adding a token replaces it.
func (s *Server) AddToken(tok string, userID int64, scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addToken(tok, userID, false, scopes)
}

// AddOAuthToken registers an OAuth 2.0 access token of the user. It is
// accepted only as "Authorization: Bearer <token>", and
// GET /users/me/current-authorization reports authUsed "oauth".
func (s *Server) AddOAuthToken(tok string, userID int64, scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addToken(tok, userID, true, scopes)
}

// RemoveToken revokes a token; later requests with it get 401.
func (s *Server) RemoveToken(tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, tok)
}

func (s *Server) addToken(tok string, userID int64, oauth bool, scopes []string) {
	s.tokens[tok] = &token{value: tok, userID: userID, scopes: append([]string(nil), scopes...), oauth: oauth}
}

// parseAuthorization splits an Authorization header into scheme and token.
func parseAuthorization(h string) (scheme, tok string) {
	h = strings.TrimSpace(h)
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok {
		return h, ""
	}
	return strings.ToLower(scheme), strings.TrimSpace(tok)
}

// authenticate resolves the Authorization header. s.mu must be held.
func (s *Server) authenticate(header string) (*token, *apiError) {
	if strings.TrimSpace(header) == "" {
		return nil, errUnauthorized("Missing Authorization header; send 'Authorization: Token <api-token>'.")
	}
	scheme, value := parseAuthorization(header)
	if scheme != "token" && scheme != "bearer" {
		return nil, errUnauthorized("Unsupported authorization scheme; use 'Token <api-token>' or 'Bearer <access-token>'.")
	}
	if value == "" {
		return nil, errUnauthorized("Missing token in the Authorization header.")
	}
	t, ok := s.tokens[value]
	if !ok && s.anyToken {
		t, ok = &token{value: value, userID: DefaultUserID, scopes: s.currentToken().scopes}, true
	}
	if !ok || t.revoked || (t.oauth && scheme != "bearer") {
		return nil, errUnauthorized("The token is invalid, expired or revoked.")
	}
	if !t.expires.IsZero() && !s.now().Before(t.expires) {
		return nil, errUnauthorized("The access token has expired; refresh it.")
	}
	if u := s.st.user(t.userID); u == nil {
		return nil, errUnauthorized("The user of this token does not exist.")
	}
	return t, nil
}

func (t *token) has(scope string) bool {
	for _, sc := range t.scopes {
		if sc == scope {
			return true
		}
	}
	return false
}

// SetScopes sets the scopes of the current user's token, DefaultToken (the
// token Client uses; with WithAnyToken, of every unknown token too). An
// operation needing a scope the token lacks answers Make's 403 naming it.
func (s *Server) SetScopes(scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.currentToken().scopes = append([]string(nil), scopes...)
}

// currentToken returns DefaultToken's record, registering it again without
// scopes if RemoveToken removed it. s.mu must be held.
func (s *Server) currentToken() *token {
	if s.tokens[DefaultToken] == nil {
		s.addToken(DefaultToken, DefaultUserID, false, nil)
	}
	return s.tokens[DefaultToken]
}

// SetAdmin makes the current user (DefaultUserID) a White Label
// administrator, who may use the Admin operations, and adds admin:read and
// admin:write to DefaultToken's scopes (on); or takes both away (off).
func (s *Server) SetAdmin(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok := s.currentToken()
	var kept []string
	for _, sc := range tok.scopes {
		if sc != "admin:read" && sc != "admin:write" {
			kept = append(kept, sc)
		}
	}
	s.st.users[DefaultUserID].UsersAdminsRoleID = 0
	if on {
		kept = append(kept, "admin:read", "admin:write")
		s.st.users[DefaultUserID].UsersAdminsRoleID = 1
	}
	tok.scopes = kept
}
