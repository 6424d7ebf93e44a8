package make_test

import (
	"context"
	"fmt"
	"math"

	. "github.com/make-sdk/make-go"
)

// teamIDCalls are the Teams and Admin > Teams methods that take integer
// path IDs (or the organization ID List requires), called with valid other
// arguments.
var teamIDCalls = []idCall{
	{"Teams.List", []string{"organizationId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Teams.List(ctx, id[0], nil)
		return err
	}},
	{"Teams.ListIter", []string{"organizationId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := drain(c.Teams.ListIter(ctx, id[0], nil))
		return err
	}},
	{"Teams.Get", []string{"teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Teams.Get(ctx, id[0], nil)
		return err
	}},
	{"Teams.Delete", []string{"teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Teams.Delete(ctx, id[0], &DeleteTeamOptions{Confirmed: true})
		return err
	}},
	{"Teams.ListVariables", []string{"teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Teams.ListVariables(ctx, id[0])
		return err
	}},
	{"Teams.CreateVariable", []string{"teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Teams.CreateVariable(ctx, id[0], &CreateVariableRequest{Name: "v", Value: BoolValue(true)})
		return err
	}},
	{"Teams.UpdateVariable", []string{"teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Teams.UpdateVariable(ctx, id[0], "v", &UpdateVariableRequest{Value: BoolValue(true)})
		return err
	}},
	{"Teams.DeleteVariable", []string{"teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		return c.Teams.DeleteVariable(ctx, id[0], "v", &DeleteVariableOptions{Confirmed: true})
	}},
	{"Teams.GetVariableHistory", []string{"teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Teams.GetVariableHistory(ctx, id[0], "v")
		return err
	}},
	{"Teams.GetUsage", []string{"teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Teams.GetUsage(ctx, id[0], nil)
		return err
	}},
	{"Teams.ListUserRoles", []string{"teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Teams.ListUserRoles(ctx, id[0], nil)
		return err
	}},
	{"Teams.ListUserRolesIter", []string{"teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := drain(c.Teams.ListUserRolesIter(ctx, id[0], nil))
		return err
	}},
	{"Teams.GetUserRole", []string{"teamId", "userId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Teams.GetUserRole(ctx, id[0], id[1], nil)
		return err
	}},
	{"Admin.DeleteTeam", []string{"teamId"}, func(ctx context.Context, c *Client, id []int64) error {
		_, err := c.Admin.DeleteTeam(ctx, id[0])
		return err
	}},
}

// teamBadCalls returns the bad inputs of the Teams and Admin > Teams
// methods.
func teamBadCalls() []badCall {
	bc := idBadCalls(teamIDCalls)
	add := func(method, what, field, rule string, call func(ctx context.Context, c *Client) error) {
		bc = append(bc, badCall{method, what, field, rule, call})
	}
	errOf := func(_ any, err error) error { return err }

	// Variable names: the rules of the organization variables, shared.
	for _, s := range badVariableNames {
		w := fmt.Sprintf("variableName %q", Shorten(s.v, 20))
		add("Teams.UpdateVariable", w, "variableName", s.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Teams.UpdateVariable(ctx, 1, s.v, &UpdateVariableRequest{Value: NumberValue(1)}))
		})
		add("Teams.DeleteVariable", w, "variableName", s.rule, func(ctx context.Context, c *Client) error {
			return c.Teams.DeleteVariable(ctx, 1, s.v, &DeleteVariableOptions{Confirmed: true})
		})
		add("Teams.GetVariableHistory", w, "variableName", s.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Teams.GetVariableHistory(ctx, 1, s.v))
		})
		add("Teams.CreateVariable", fmt.Sprintf("name %q", Shorten(s.v, 20)), "name", s.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Teams.CreateVariable(ctx, 1, &CreateVariableRequest{Name: s.v, Value: NumberValue(1)}))
		})
	}
	for _, b := range []struct {
		what, rule string
		v          VariableValue
	}{{"unset", "required", VariableValue{}}, {"NaN", "finite", NumberValue(math.NaN())}, {"+Inf", "finite", NumberValue(math.Inf(1))}} {
		add("Teams.CreateVariable", "value "+b.what, "value", b.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Teams.CreateVariable(ctx, 1, &CreateVariableRequest{Name: "v", Value: b.v}))
		})
		add("Teams.UpdateVariable", "value "+b.what, "value", b.rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Teams.UpdateVariable(ctx, 1, "v", &UpdateVariableRequest{Value: b.v}))
		})
	}
	add("Teams.CreateVariable", "nil body", "body", "required", func(ctx context.Context, c *Client) error {
		return errOf(c.Teams.CreateVariable(ctx, 1, nil))
	})
	add("Teams.UpdateVariable", "nil body", "body", "required", func(ctx context.Context, c *Client) error {
		return errOf(c.Teams.UpdateVariable(ctx, 1, "v", nil))
	})

	// Creating a team: a name, an organization, limits that are not
	// negative.
	create := func(what, field, rule string, r *CreateTeamRequest) {
		add("Teams.Create", what, field, rule, func(ctx context.Context, c *Client) error { return errOf(c.Teams.Create(ctx, r)) })
	}
	create("nil body", "body", "required", nil)
	create("no name", "name", "required", &CreateTeamRequest{OrganizationID: 1})
	create("blank name", "name", "required", &CreateTeamRequest{Name: "  ", OrganizationID: 1})
	create("padded name", "name", "space", &CreateTeamRequest{Name: " Ops", OrganizationID: 1})
	create("no organizationId", "organizationId", "positive", &CreateTeamRequest{Name: "Ops"})
	create("negative organizationId", "organizationId", "positive", &CreateTeamRequest{Name: "Ops", OrganizationID: -4})
	create("negative operationsLimit", "operationsLimit", "negative", &CreateTeamRequest{Name: "Ops", OrganizationID: 1, OperationsLimit: Ptr(int64(-1))})
	create("negative transferLimit", "transferLimit", "negative", &CreateTeamRequest{Name: "Ops", OrganizationID: 1, TransferLimit: Ptr(int64(-1))})
	adminCreate := func(what, field, rule string, r *AdminCreateTeamRequest) {
		add("Admin.CreateTeam", what, field, rule, func(ctx context.Context, c *Client) error { return errOf(c.Admin.CreateTeam(ctx, r)) })
	}
	adminCreate("nil body", "body", "required", nil)
	adminCreate("no name", "name", "required", &AdminCreateTeamRequest{OrganizationID: 1})
	adminCreate("no organizationId", "organizationId", "positive", &AdminCreateTeamRequest{Name: "Ops"})
	adminCreate("negative userTeamAdmin", "userTeamAdmin", "positive", &AdminCreateTeamRequest{Name: "Ops", OrganizationID: 1, UserTeamAdmin: -2})

	// Pagination, for every paginated list and its iterator, and the one
	// record GetUserRole documents pg[...] for.
	for _, b := range badListOptions {
		w := fmt.Sprintf("%+v", b.o)
		lists := map[string]func(ctx context.Context, c *Client, o ListOptions) error{
			"Teams.List": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(c.Teams.List(ctx, 1, &ListTeamsOptions{ListOptions: o}))
			},
			"Teams.ListIter": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(drain(c.Teams.ListIter(ctx, 1, &ListTeamsOptions{ListOptions: o})))
			},
			"Teams.ListUserRoles": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(c.Teams.ListUserRoles(ctx, 1, &ListTeamUserRolesOptions{ListOptions: o}))
			},
			"Teams.ListUserRolesIter": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(drain(c.Teams.ListUserRolesIter(ctx, 1, &ListTeamUserRolesOptions{ListOptions: o})))
			},
			"Teams.GetUserRole": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(c.Teams.GetUserRole(ctx, 1, 1, &GetTeamUserRoleOptions{ListOptions: o}))
			},
			"Admin.ListTeams": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(c.Admin.ListTeams(ctx, &AdminListTeamsOptions{ListOptions: o}))
			},
			"Admin.ListTeamsIter": func(ctx context.Context, c *Client, o ListOptions) error {
				return errOf(drain(c.Admin.ListTeamsIter(ctx, &AdminListTeamsOptions{ListOptions: o})))
			},
		}
		for name, f := range lists {
			add(name, w, b.field, b.rule, func(ctx context.Context, c *Client) error { return f(ctx, c, b.o) })
		}
	}
	for _, o := range []*AdminListTeamsOptions{{ListOptions: ListOptions{SortBy: "id"}}, {OrganizationID: -1}} {
		field, rule := "pg[sortBy]", "name"
		if o.OrganizationID < 0 {
			field, rule = "organizationId", "positive"
		}
		add("Admin.ListTeams", fmt.Sprintf("%+v", *o), field, rule, func(ctx context.Context, c *Client) error {
			return errOf(c.Admin.ListTeams(ctx, o))
		})
		add("Admin.ListTeamsIter", fmt.Sprintf("%+v", *o), field, rule, func(ctx context.Context, c *Client) error {
			return errOf(drain(c.Admin.ListTeamsIter(ctx, o)))
		})
	}
	return bc
}
