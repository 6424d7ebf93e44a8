package make

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strconv"
)

// TeamsService is the Teams API of Make: an organization's teams, their
// custom variables, usage and user roles. Reach it as client.Teams.
type TeamsService service

// teamPath returns "teams/{id}" followed by the given path segments.
func teamPath(teamID int64, segments ...string) string {
	p := "teams/" + strconv.FormatInt(teamID, 10)
	for _, s := range segments {
		p += "/" + s
	}
	return p
}

// TeamType tells a standard team from a personal one (a private space).
type TeamType string

// The two team types.
const (
	TeamStandard TeamType = "standard"
	TeamPersonal TeamType = "personal" // a private space
)

// Team is a Make team: a container of scenarios and data that only its
// members can access. Which fields are filled depends on the endpoint and
// on cols[]: without cols[], List returns id, name and organizationId, Get
// also scenarioDrafts, and Admin.ListTeams also deleted and externalId.
type Team struct {
	ID              int64    `json:"id"`
	Name            string   `json:"name,omitempty"`
	OrganizationID  int64    `json:"organizationId,omitempty"`
	Type            TeamType `json:"type,omitempty"`
	ActiveScenarios int      `json:"activeScenarios,omitempty"`
	ActiveApps      int      `json:"activeApps,omitempty"`
	OperationsLimit int64    `json:"operationsLimit,omitempty"`

	// Usage counters and the transfer limit. Make sends them as numbers or
	// as numeric strings ("2015"); Number keeps the form. Read them with
	// Int64.
	Operations           Number `json:"operations,omitzero"`
	Transfer             Number `json:"transfer,omitzero"`
	TransferLimit        Number `json:"transferLimit,omitzero"`
	ConsumedOperations   int64  `json:"consumedOperations,omitempty"`
	ConsumedTransfer     Number `json:"consumedTransfer,omitzero"`
	ConsumedCenticredits Number `json:"consumedCenticredits,omitzero"`
	// Centicredits has no documented JSON type: a Number keeps a number or
	// a numeric string as sent.
	Centicredits Number `json:"centicredits,omitzero"`

	IsPaused       bool    `json:"isPaused,omitempty"`
	ScenarioDrafts bool    `json:"scenarioDrafts,omitempty"` // private instances only; ignored on Make's cloud
	Deleted        bool    `json:"deleted,omitempty"`        // Admin.ListTeams lists deleted teams too
	ExternalID     *string `json:"externalId,omitempty"`     // White Label instances; nil when not set
}

func (t *Team) pageKey() itemKey { return itemKey{n: t.ID} }

// TeamList is one page of List teams (and of the admin List teams).
type TeamList struct {
	Teams []Team     `json:"teams"`
	Pg    Pagination `json:"pg,omitempty" make:"optional"`
}

func (l *TeamList) pageItems() ([]Team, Pagination) { return l.Teams, l.Pg }

// maxTeamsPageSize is the documented default page of GET /teams and GET
// /admin/teams (the pg.limit of the docs' samples requested without
// pg[limit]).
const maxTeamsPageSize = 10000

// ListTeamsOptions are the query parameters of List teams besides the
// required organizationId, which List takes as an argument. Sorted by name
// ascending unless pg[sortBy] says otherwise.
type ListTeamsOptions struct {
	Cols                 []string `url:"cols,omitempty,brackets"`
	IncludePrivateSpaces bool     `url:"includePrivateSpaces,omitempty"` // also list private spaces (personal teams)
	ListOptions
}

// pageSize: GET /teams documents a default page of 10000.
func (*ListTeamsOptions) pageSize() int { return maxTeamsPageSize }

func (o *ListTeamsOptions) validate() error {
	if o == nil {
		return nil
	}
	return o.ListOptions.validate()
}

// List returns one page of the teams of the organization. opts may be nil.
// A token limited to one team gets 403 here; read that team with Get.
//
// Make API: GET /teams (scope teams:read)
func (s *TeamsService) List(ctx context.Context, organizationID int64, opts *ListTeamsOptions) (*TeamList, error) {
	if err := firstError(checkID("organizationId", organizationID), opts.validate()); err != nil {
		return nil, err
	}
	q := struct {
		OrganizationID int64 `url:"organizationId"`
		ListTeamsOptions
	}{OrganizationID: organizationID}
	if opts != nil {
		q.ListTeamsOptions = *opts
	}
	var out TeamList
	if err := s.client.call(ctx, http.MethodGet, "teams", "teams:read", q, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListIter ranges over all teams of the organization List returns, page by
// page, fetching lazily. It does not change opts. An error is yielded once,
// and ends the iteration.
//
// Make API: GET /teams (scope teams:read)
func (s *TeamsService) ListIter(ctx context.Context, organizationID int64, opts *ListTeamsOptions) iter.Seq2[Team, error] {
	return listIter[Team](ctx, opts, func(ctx context.Context, o *ListTeamsOptions) (*TeamList, error) {
		return s.List(ctx, organizationID, o)
	})
}

// CreateTeamRequest is the body of Create a team. Name and OrganizationID
// are required.
type CreateTeamRequest struct {
	Name           string `json:"name"`
	OrganizationID int64  `json:"organizationId"`
	// OperationsLimit is the most operations the team may use; nil sends
	// none, and Make applies its default.
	OperationsLimit *int64 `json:"operationsLimit,omitempty"`
	// TransferLimit is the most data transfer the team may use. Only Make's
	// TypeScript SDK documents it; the API may ignore it.
	TransferLimit *int64 `json:"transferLimit,omitempty"`
}

// checkTeamName refuses a team name that is blank or starts or ends with a
// space.
func checkTeamName(name string) error {
	return firstError(checkRequired("name", name), checkName("name", name, 0))
}

// checkLimit refuses a negative limit.
func checkLimit(field string, v *int64) error {
	if v != nil && *v < 0 {
		return invalid(field, "must not be negative, got %d", *v)
	}
	return nil
}

func (r *CreateTeamRequest) validate() error {
	if r == nil {
		return checkBody(r)
	}
	return firstError(
		checkTeamName(r.Name),
		checkID("organizationId", r.OrganizationID),
		checkLimit("operationsLimit", r.OperationsLimit),
		checkLimit("transferLimit", r.TransferLimit),
	)
}

// CreatedTeam is the result of creating a team: the team and the role of
// its team admin (the caller's for Create; for Admin.CreateTeam, that of
// UserTeamAdmin or the caller's, nil when Make names no team admin).
type CreatedTeam struct {
	Team         Team          `json:"team"`
	UserTeamRole *UserTeamRole `json:"userTeamRole,omitempty" make:"optional"`
}

// Create creates a team in the organization and makes the caller its team
// admin.
//
// Make API: POST /teams (scope teams:write)
func (s *TeamsService) Create(ctx context.Context, body *CreateTeamRequest) (*CreatedTeam, error) {
	if err := body.validate(); err != nil {
		return nil, err
	}
	var out CreatedTeam
	if err := s.client.call(ctx, http.MethodPost, "teams", "teams:write", nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetTeamOptions are the query parameters of Get team details.
type GetTeamOptions struct {
	// Cols asks for more columns, e.g. activeScenarios, activeApps,
	// operations, transfer, centicredits, operationsLimit.
	Cols []string `url:"cols,omitempty,brackets"`
}

// Get returns the team. opts may be nil.
//
// Make API: GET /teams/{teamId} (scope teams:read)
func (s *TeamsService) Get(ctx context.Context, teamID int64, opts *GetTeamOptions) (*Team, error) {
	if err := checkID("teamId", teamID); err != nil {
		return nil, err
	}
	var out struct {
		Team *Team `json:"team"`
	}
	if err := s.client.call(ctx, http.MethodGet, teamPath(teamID), "teams:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Team, nil
}

// DeleteTeamOptions are the query parameters of Delete a team.
type DeleteTeamOptions struct {
	// Confirmed must be true: without it Make refuses and deletes nothing
	// (ErrConfirmationRequired).
	Confirmed bool `url:"confirmed,omitempty"`
}

// deletedTeam is the answer of both team deletions: the team's ID, a
// number (or, in one of Make's SDKs, a numeric string).
type deletedTeam struct {
	Team Number `json:"team"`
}

// checkResult refuses a "team" that is no integer: the call's error is then
// a *DecodeError.
func (d *deletedTeam) checkResult() error {
	if _, ok := d.Team.Int64(); !ok {
		return fmt.Errorf("%w: the key \"team\" holds %q, not a team ID", ErrUnexpectedType, shorten(d.Team.String(), 40))
	}
	return nil
}

func (d *deletedTeam) id() int64 {
	id, _ := d.Team.Int64()
	return id
}

// Delete deletes the team with all its data (scenarios, webhooks, team
// variables...) and returns its ID. Make deletes only with Confirmed set;
// otherwise the error matches ErrConfirmationRequired.
//
// Make API: DELETE /teams/{teamId} (scope teams:write)
func (s *TeamsService) Delete(ctx context.Context, teamID int64, opts *DeleteTeamOptions) (int64, error) {
	if err := checkID("teamId", teamID); err != nil {
		return 0, err
	}
	var out deletedTeam
	if err := s.client.call(ctx, http.MethodDelete, teamPath(teamID), "teams:write", opts, nil, &out); err != nil {
		return 0, err
	}
	return out.id(), nil
}

// GetUsage returns the team's daily centicredits, operations and data
// transfer over all its scenarios for the past 30 days. opts may be nil.
//
// Make API: GET /teams/{teamId}/usage (scope teams:read)
func (s *TeamsService) GetUsage(ctx context.Context, teamID int64, opts *GetUsageOptions) ([]UsageDay, error) {
	if err := checkID("teamId", teamID); err != nil {
		return nil, err
	}
	var out struct {
		Data []UsageDay `json:"data"`
	}
	if err := s.client.call(ctx, http.MethodGet, teamPath(teamID, "usage"), "teams:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return out.Data, nil
}
