package maketest

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// rateKey returns what the rate limit counts a request against: like Make,
// its organization when the request names one (an organizationId in the path
// or the query, or a teamId of a known team), else its token. s.mu must be
// held.
func (s *Server) rateKey(r *http.Request, token string) string {
	query := r.URL.Query()
	for _, get := range []func(string) string{r.PathValue, query.Get} {
		if id, err := strconv.ParseInt(get("organizationId"), 10, 64); err == nil {
			return "organization " + strconv.FormatInt(id, 10)
		}
		if id, err := strconv.ParseInt(get("teamId"), 10, 64); err == nil && s.st.teams[id] != nil {
			return "organization " + strconv.FormatInt(s.st.teams[id].OrganizationID, 10)
		}
	}
	return "token " + token
}

// rateCheck counts a request against key (see rateKey) and reports whether
// it is over the limit, and if so the seconds until a slot frees. s.mu must
// be held.
func (s *Server) rateCheck(key string) (limited bool, retryAfter int) {
	if s.rateLimit <= 0 {
		return false, 0
	}
	now := s.now()
	window := now.Add(-time.Minute)
	hits := s.hits[key]
	i := 0
	for i < len(hits) && !hits[i].After(window) {
		i++
	}
	hits = hits[i:]
	if len(hits) >= s.rateLimit {
		s.hits[key] = hits
		wait := hits[0].Add(time.Minute).Sub(now)
		secs := int(math.Ceil(wait.Seconds()))
		if secs < 1 {
			secs = 1
		}
		return true, secs
	}
	s.hits[key] = append(hits, now)
	return false, 0
}
