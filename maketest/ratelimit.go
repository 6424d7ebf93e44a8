package maketest

import (
	"math"
	"time"
)

// rateCheck counts a request of the token and reports whether it is over the
// limit, and if so the seconds until a slot frees. s.mu must be held.
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
