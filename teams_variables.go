package make

import "context"

// Team variables are the custom variables of one team. They take the
// Organizations variable types (CreateVariableRequest, UpdateVariableRequest,
// DeleteVariableOptions, OrganizationVariable) and go through the same code
// (variableHome): a value is typed as for an organization, 1 number,
// 2 string, 3 boolean, 4 date. They need the custom variables feature of the
// team's organization (License.CustomVariables); without it Make answers 404
// to every call but ListVariables.

// variables returns the team's home of variables.
func (s *TeamsService) variables(teamID int64) variableHome {
	return variableHome{s.client, "teamId", teamID, teamPath(teamID), "teamVariable",
		"team-variables:read", "team-variables:write"}
}

// ListVariables returns the team's variables: all of them with the custom
// variables feature, otherwise only Make's system variables.
//
// Make API: GET /teams/{teamId}/variables (scope team-variables:read)
func (s *TeamsService) ListVariables(ctx context.Context, teamID int64) ([]OrganizationVariable, error) {
	return s.variables(teamID).list(ctx)
}

// CreateVariable creates a custom team variable and returns it:
//
//	client.Teams.CreateVariable(ctx, teamID, &make.CreateVariableRequest{Name: "region", Value: make.StringValue("emea")})
//
// Make API: POST /teams/{teamId}/variables (scope team-variables:write)
func (s *TeamsService) CreateVariable(ctx context.Context, teamID int64, body *CreateVariableRequest) (*OrganizationVariable, error) {
	return s.variables(teamID).create(ctx, body)
}

// UpdateVariable changes a custom team variable's value (and with it, its
// type) and returns the variable.
//
// Make API: PATCH /teams/{teamId}/variables/{variableName} (scope team-variables:write)
func (s *TeamsService) UpdateVariable(ctx context.Context, teamID int64, name string, body *UpdateVariableRequest) (*OrganizationVariable, error) {
	return s.variables(teamID).update(ctx, name, body)
}

// DeleteVariable deletes a custom team variable. Make deletes only with
// Confirmed set; otherwise the error matches ErrConfirmationRequired.
//
// Make API: DELETE /teams/{teamId}/variables/{variableName} (scope team-variables:write)
func (s *TeamsService) DeleteVariable(ctx context.Context, teamID int64, name string, opts *DeleteVariableOptions) error {
	return s.variables(teamID).delete(ctx, name, opts)
}

// GetVariableHistory returns the updates of a custom team variable, newest
// first.
//
// Make API: GET /teams/{teamId}/variables/{variableName}/history (scope team-variables:read)
func (s *TeamsService) GetVariableHistory(ctx context.Context, teamID int64, name string) ([]OrganizationVariableHistoryEntry, error) {
	return s.variables(teamID).history(ctx, name)
}
