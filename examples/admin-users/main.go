// Command admin-users shows the White Label administration API: list the
// instance's users and admin roles, create a user with an invitation mail,
// give them a team role, take it away again with an explicit removal, and
// delete the user.
//
// With MAKE_API_TOKEN unset it runs everything against the embedded fake
// Make API, so it needs no account:
//
//	go run ./examples/admin-users
//
// With MAKE_API_TOKEN and MAKE_ZONE set (an administrator's token with the
// admin:read and user:read scopes) it only lists. The changing part runs against the real
// API only when asked for, and then needs admin:write and the IDs to use:
//
//	go run ./examples/admin-users -write -email new.user@yourcompany.com -organization 123 -team 456
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
)

// The roles given below, by the names Make shows; their IDs come from
// Users.ListRoles.
const (
	roleOrganizationMember = "Member"
	roleTeamMember         = "Team Member"
)

type config struct {
	write          bool
	email          string
	organizationID int64
	teamID         int64
}

func main() {
	var cfg config
	flag.BoolVar(&cfg.write, "write", false, "against the real API: also create, change and delete a user")
	flag.StringVar(&cfg.email, "email", "", "email of the user to create (needed with -write against the real API)")
	flag.Int64Var(&cfg.organizationID, "organization", 0, "organization to add the new user to (needed with -write against the real API)")
	flag.Int64Var(&cfg.teamID, "team", 0, "team of that organization to give the new user a role in (needed with -write against the real API)")
	flag.Parse()
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "admin-users:", err)
		os.Exit(1)
	}
}

func run(cfg config) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	client, live, stop, err := newClient(&cfg)
	if err != nil {
		return err
	}
	defer stop()

	// 1. Read: the admin roles and the first users of the instance.
	roles, err := client.Admin.ListAdminRoles(ctx, nil)
	if err != nil {
		return err
	}
	fmt.Printf("%d admin roles:\n", len(roles))
	for _, r := range roles {
		fmt.Printf("  %-3d %-14s (%s)\n", r.ID, r.Name, r.Category)
	}
	fmt.Println("\nUsers of the instance (at most 10):")
	n := 0
	for u, err := range client.Admin.ListUsersIter(ctx, &make.AdminListUsersOptions{ListOptions: make.ListOptions{Limit: 5, SortBy: "id", SortDir: make.SortAsc}}) {
		if err != nil {
			return err
		}
		n++
		fmt.Printf("  %-5d %-16s %s\n", u.ID, u.Name, u.Email)
		if n == 10 {
			break
		}
	}

	if live && !cfg.write {
		fmt.Printf("\nRunning against %s with your token: read-only. Pass -write (with -email, -organization, -team) to create, change and delete a user.\n", client.BaseURL())
		return nil
	}

	// 2. Find the roles to give by name: role IDs differ between instances.
	userRoles, err := client.Users.ListRoles(ctx, nil)
	if err != nil {
		return err
	}
	orgMember, ok := userRoles.ByName(roleOrganizationMember, make.RoleCategoryOrganization)
	if !ok {
		return fmt.Errorf("no organization role named %q", roleOrganizationMember)
	}
	teamMember, ok := userRoles.ByName(roleTeamMember, make.RoleCategoryTeam)
	if !ok {
		return fmt.Errorf("no team role named %q", roleTeamMember)
	}
	fmt.Printf("\nRoles: %s is %d, %s is %d.\n", orgMember.Name, orgMember.ID, teamMember.Name, teamMember.ID)

	// 3. Create a user; Make emails them a generated password.
	user, err := client.Admin.CreateUser(ctx, &make.CreateUserRequest{Name: "Example User", Email: cfg.email, SendEmail: true})
	if err != nil {
		return err
	}
	fmt.Printf("Created user %d <%s>; an invitation mail carries their password.\n", user.ID, user.Email)

	// 4. Make them a member of the organization, then give them a team role.
	if _, err := client.Admin.SetUserOrganizationRole(ctx, user.ID, cfg.organizationID,
		&make.SetUserOrganizationRoleRequest{UsersRoleID: orgMember.ID}); err != nil {
		return err
	}
	fmt.Printf("Added user %d to organization %d as %s.\n", user.ID, cfg.organizationID, orgMember.Name)
	teamRole, err := client.Admin.SetUserTeamRole(ctx, user.ID, cfg.teamID, &make.SetUserTeamRoleRequest{UsersRoleID: teamMember.ID})
	if err != nil {
		return err
	}
	fmt.Printf("Gave user %d role %d in team %d.\n", user.ID, teamRole.UsersRoleID, cfg.teamID)

	// A request without a role never removes anyone: it is refused unsent.
	_, err = client.Admin.SetUserTeamRole(ctx, user.ID, cfg.teamID, &make.SetUserTeamRoleRequest{})
	var invalid *make.ValidationError
	if !errors.As(err, &invalid) {
		return fmt.Errorf("expected SetUserTeamRole without a role to be refused, got %v", err)
	}
	fmt.Printf("SetUserTeamRole without a role is refused: %s\n", invalid.Reason)

	// 5. Removal is its own call.
	if _, err := client.Admin.RemoveUserFromTeam(ctx, user.ID, cfg.teamID, nil); err != nil {
		return err
	}
	fmt.Printf("Removed user %d from team %d (their connections kept).\n", user.ID, cfg.teamID)

	// 6. Delete the user. They own no organization, so nothing else goes.
	deleted, err := client.Admin.DeleteUser(ctx, user.ID, nil)
	if err != nil {
		return err
	}
	fmt.Printf("Deleted user %d.\n", deleted)
	return nil
}

// newClient returns a client for the real API when MAKE_API_TOKEN is set, and
// for an embedded fake otherwise, with the fake's example data (several users
// to list, and its White Label administrator's token) and its IDs filled in
// where no flag gave them.
func newClient(cfg *config) (client *make.Client, live bool, stop func(), err error) {
	if os.Getenv("MAKE_API_TOKEN") != "" {
		if cfg.write && (cfg.email == "" || cfg.organizationID <= 0 || cfg.teamID <= 0) {
			return nil, true, nil, errors.New("-write against the real API needs -email, -organization and -team")
		}
		client, err = make.NewClientFromEnv()
		return client, true, func() {}, err
	}
	srv := maketest.New(maketest.WithExampleData())
	fmt.Println("MAKE_API_TOKEN is not set: using the embedded fake Make API at", srv.URL())
	if cfg.email == "" {
		cfg.email = "new.user@example.com"
	}
	if cfg.organizationID == 0 {
		cfg.organizationID, cfg.teamID = maketest.DefaultOrganizationID, maketest.DefaultTeamID
	}
	client, err = make.NewClient("", maketest.AdminToken, make.WithBaseURL(srv.URL()))
	if err != nil {
		srv.Close()
		return nil, false, nil, err
	}
	return client, false, srv.Close, nil
}
