// The repository's CI tools (.ci/run): a module of their own, so that what
// they need (golang.org/x/mod) stays out of the SDK's go.mod. Never published.
module ci

go 1.25.0

require golang.org/x/mod v0.40.0
