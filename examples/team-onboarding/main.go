// Command team-onboarding onboards a new colleague with make-go: it creates a
// team, invites the colleague to the organization (and into the team), gives
// them a team role found by its name, sets a team variable, and reads the
// team's usage.
//
// With MAKE_API_TOKEN unset it runs against the embedded fake Make API, so it
// needs no account:
//
//	go run ./examples/team-onboarding
//
// With MAKE_API_TOKEN and MAKE_ZONE set it runs against the real API and
// changes it: it creates the team -team in the organization given by -org
// (or MAKE_ORGANIZATION_ID) and invites -email, so -email is required there.
// The token needs the scopes teams:read, teams:write, team-variables:write,
// organizations:read, organizations:write and user:read, user:write. The team
// variable is set only if the organization's plan has custom variables.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
)

type options struct {
	org      int64
	team     string
	email    string
	name     string
	teamRole string
}

func main() {
	var o options
	flag.Int64Var(&o.org, "org", 0, "organization ID (default: MAKE_ORGANIZATION_ID; the fake's organization 1 without MAKE_API_TOKEN)")
	flag.StringVar(&o.team, "team", "Onboarding", "name of the team to create")
	flag.StringVar(&o.email, "email", "", "email of the colleague to invite (default with the fake: sam@example.com)")
	flag.StringVar(&o.name, "name", "Sam Newman", "name of the colleague")
	flag.StringVar(&o.teamRole, "team-role", "Team Operator", "the colleague's team role, by name (as Users.ListRoles lists it)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "team-onboarding:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	client, live, stop, err := newClient()
	if err != nil {
		return err
	}
	defer stop()
	if o.org, err = organizationID(o.org, live); err != nil {
		return err
	}
	if o.email == "" {
		if live {
			return errors.New("give -email: against the real API this example creates a team and invites that user")
		}
		o.email = "sam@example.com"
	}

	// 1. Create the team; the caller becomes its Team Admin.
	created, err := client.Teams.Create(ctx, &make.CreateTeamRequest{Name: o.team, OrganizationID: o.org})
	if err != nil {
		return err
	}
	team := created.Team
	fmt.Printf("Created team %d %q in organization %d\n", team.ID, team.Name, team.OrganizationID)

	// 2. Invite the colleague to the organization as a Member, straight
	// into the new team.
	orgRoles, err := client.Users.ListRoles(ctx, &make.ListRolesOptions{Category: make.RoleCategoryOrganization})
	if err != nil {
		return err
	}
	member, ok := orgRoles.ByName("Member", make.RoleCategoryOrganization)
	if !ok {
		return errors.New(`no organization role named "Member"`)
	}
	invited, err := client.Organizations.InviteUser(ctx, o.org, &make.InviteUserRequest{
		Email: o.email, Name: o.name, UsersRoleID: member.ID, TeamsID: []int64{team.ID}, Note: "Welcome to " + o.team + "!",
	})
	if err != nil {
		return err
	}
	user := invited.User
	fmt.Printf("Invited %s <%s> (user %d) to organization %d as %s\n", user.Name, user.Email, user.ID, o.org, member.Name)

	// 3. Give them their team role, found by its name rather than a
	// hard-coded usersRoleId.
	teamRoles, err := client.Users.ListRoles(ctx, &make.ListRolesOptions{Category: make.RoleCategoryTeam, TeamID: team.ID})
	if err != nil {
		return err
	}
	role, ok := teamRoles.ByName(o.teamRole, make.RoleCategoryTeam)
	if !ok {
		return fmt.Errorf("no team role named %q", o.teamRole)
	}
	if _, err := client.Users.UpdateTeamRole(ctx, user.ID, team.ID, &make.UpdateTeamRoleRequest{UsersRoleID: role.ID}); err != nil {
		return err
	}
	fmt.Printf("\nMembers of team %d:\n", team.ID)
	for r, err := range client.Teams.ListUserRolesIter(ctx, team.ID, nil) {
		if err != nil {
			return err
		}
		name := strconv.FormatInt(r.UsersRoleID, 10)
		if tr, ok := teamRoleName(teamRoles, r.UsersRoleID); ok {
			name = tr
		}
		fmt.Printf("  user %-4d %s\n", r.UserID, name)
	}

	// 4. A team variable, typed (a string here; NumberValue, BoolValue and
	// DateValue make the others) for the team's scenarios. It needs the
	// organization's custom variables feature.
	org, err := client.Organizations.Get(ctx, o.org, nil)
	if err != nil {
		return err
	}
	if org.License != nil && org.License.CustomVariables {
		cohort := time.Now().UTC().Format("2006-01")
		v, err := client.Teams.CreateVariable(ctx, team.ID, &make.CreateVariableRequest{Name: "onboarding_cohort", Value: make.StringValue(cohort)})
		if err != nil {
			return err
		}
		fmt.Printf("\nTeam variable %s = %v (%s)\n", v.Name, v.Value, v.Value.Type())
	} else {
		fmt.Println("\nThe organization's plan has no custom variables: no team variable set.")
	}

	// 5. The team's usage over the past 30 days.
	days, err := client.Teams.GetUsage(ctx, team.ID, &make.GetUsageOptions{OrganizationTimezone: true})
	if err != nil {
		return err
	}
	var ops, transfer int64
	for _, d := range days {
		ops += d.Operations
		transfer += d.DataTransfer
	}
	fmt.Printf("Usage of team %d over %d days: %d operations, %d bytes of data transfer\n", team.ID, len(days), ops, transfer)
	return nil
}

// teamRoleName returns the name of a team role.
func teamRoleName(roles make.UserRoles, id int64) (string, bool) {
	for _, r := range roles {
		if r.ID == id {
			return r.Name, true
		}
	}
	return "", false
}

// newClient returns a client for the real API when MAKE_API_TOKEN is set, and
// for an embedded fake otherwise.
func newClient() (client *make.Client, live bool, stop func(), err error) {
	if os.Getenv("MAKE_API_TOKEN") != "" {
		client, err = make.NewClientFromEnv()
		return client, true, func() {}, err
	}
	srv := maketest.New()
	fmt.Println("MAKE_API_TOKEN is not set: using the embedded fake Make API at", srv.URL())
	client, err = make.NewClient("", maketest.DefaultToken, make.WithBaseURL(srv.URL()))
	return client, false, srv.Close, err
}

// organizationID picks -org, then MAKE_ORGANIZATION_ID; the fake's default
// organization without MAKE_API_TOKEN.
func organizationID(flagValue int64, live bool) (int64, error) {
	switch {
	case flagValue > 0:
		return flagValue, nil
	case os.Getenv("MAKE_ORGANIZATION_ID") != "":
		return strconv.ParseInt(os.Getenv("MAKE_ORGANIZATION_ID"), 10, 64)
	case !live:
		return maketest.DefaultOrganizationID, nil
	}
	return 0, errors.New("give -org or set MAKE_ORGANIZATION_ID")
}
