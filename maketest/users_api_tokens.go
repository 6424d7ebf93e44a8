package maketest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// The Users > API tokens operations. A token created here is a working
// token of the fake (it authenticates with its scopes) until deleted.
func init() {
	handle("usersListApiTokens", usersListAPITokens)
	handleJSON("usersCreateApiToken", usersCreateAPIToken)
	handle("usersDeleteApiToken", usersDeleteAPIToken)
}

// apiToken is a token created through POST /users/me/api-tokens.
type apiToken struct {
	value, created, label string
	scopes                []string
}

// maskToken shows a token as Make's list does: its first group, then stars.
func maskToken(v string) string {
	first, _, _ := strings.Cut(v, "-")
	return first + "-****-****-****-************"
}

func apiTokenObject(t *apiToken, value string) object {
	return object{{"token", value}, {"scope", t.scopes}, {"created", t.created}, {"label", t.label}}
}

// usersListApiTokens: GET /users/me/api-tokens (user:read); values masked.
func usersListAPITokens(c *call) (any, error) {
	out := []object{}
	for _, t := range c.st.userData(c.tok.userID).apiTokens {
		out = append(out, apiTokenObject(t, maskToken(t.value)))
	}
	return object{{"apiTokens", out}}, nil
}

// usersCreateApiToken: POST /users/me/api-tokens (user:write). label and
// scope are required; every scope must be one of APITokenScopes. created is
// the time with milliseconds, unique per user (it keys the deletion).
func usersCreateAPIToken(c *call, body *struct {
	Label string   `json:"label"`
	Scope []string `json:"scope"`
}) (any, error) {
	switch {
	case strings.TrimSpace(body.Label) == "":
		return nil, errInvalid("label", "is required.")
	case len(body.Scope) == 0:
		return nil, errInvalid("scope", "is required: give at least one scope.")
	}
	for _, sc := range body.Scope {
		if !contains(APITokenScopes(), sc) {
			return nil, errInvalid("scope", "contains an unknown scope %q.", sc)
		}
	}
	d := c.st.userData(c.tok.userID)
	at := c.s.now().UTC().Truncate(time.Millisecond)
	created := at.Format(timeLayout)
	for taken := true; taken; {
		taken = false
		for _, t := range d.apiTokens {
			if t.created == created {
				at = at.Add(time.Millisecond)
				created, taken = at.Format(timeLayout), true
			}
		}
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("maketest-api-token-%d-%d-%s", c.tok.userID, c.st.next(), created)))
	h := hex.EncodeToString(sum[:16])
	value := h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
	t := &apiToken{value: value, created: created, label: body.Label, scopes: append([]string(nil), body.Scope...)}
	d.apiTokens = append(d.apiTokens, t)
	c.s.addToken(value, c.tok.userID, false, t.scopes)
	return object{{"apiToken", apiTokenObject(t, value)}}, nil
}

// usersDeleteApiToken: DELETE /users/me/api-tokens/{timestamp} (user:write).
// The token stops authenticating.
func usersDeleteAPIToken(c *call) (any, error) {
	created := c.r.PathValue("timestamp")
	d := c.st.userData(c.tok.userID)
	for i, t := range d.apiTokens {
		if t.created == created {
			d.apiTokens = append(d.apiTokens[:i:i], d.apiTokens[i+1:]...)
			delete(c.s.tokens, t.value)
			return object{{"apiToken", created}}, nil
		}
	}
	return nil, errNotFound(fmt.Sprintf("API token created at %s not found.", created))
}
