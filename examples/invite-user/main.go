// Command invite-user invites a user to an organization with make-go and
// lets the invited user accept: the inviter calls InviteUser; the invitee
// finds the invitation's hash with Users.ListMyOrganizationInvitations, looks
// the invitation up with GetInvitation and accepts it with AcceptInvitation.
// The hash is a make.Secret: it never shows in output, errors or logs.
//
// With MAKE_API_TOKEN unset it runs against the embedded fake Make API, so it
// needs no account:
//
//	go run ./examples/invite-user
//
// With MAKE_API_TOKEN and MAKE_ZONE set it runs against the real API: it
// invites -email (named -name, with the organization role -role) to the
// organization given by -org or MAKE_ORGANIZATION_ID. Without -email it only
// lists the current user's pending invitations. The invitee accepts only if
// MAKE_INVITEE_TOKEN holds an API token of the invited user.
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
	org   int64
	email string
	name  string
	role  string
}

func main() {
	var o options
	flag.Int64Var(&o.org, "org", 0, "organization ID (default: MAKE_ORGANIZATION_ID; the fake's organization 1 without MAKE_API_TOKEN)")
	flag.StringVar(&o.email, "email", "", "email of the user to invite (default with the fake: sam@example.com)")
	flag.StringVar(&o.name, "name", "Sam Newman", "name of the user to invite")
	flag.StringVar(&o.role, "role", "Member", "organization role of the invited user, by name (as Users.ListRoles lists it)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "invite-user:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	env, err := newEnv()
	if err != nil {
		return err
	}
	defer env.stop()
	if o.org, err = organizationID(o.org, env.live); err != nil {
		return err
	}
	if o.email == "" {
		if env.live {
			return listMyInvitations(ctx, env.inviter)
		}
		o.email = "sam@example.com"
	}

	// 1. The inviter finds the role by name, and invites: into the
	// organization, and into its first team.
	roles, err := env.inviter.Users.ListRoles(ctx, &make.ListRolesOptions{Category: make.RoleCategoryOrganization, OrganizationID: o.org})
	if err != nil {
		return err
	}
	role, ok := roles.ByName(o.role, make.RoleCategoryOrganization)
	if !ok {
		return fmt.Errorf("no organization role named %q", o.role)
	}
	req := &make.InviteUserRequest{UsersRoleID: role.ID, Email: o.email, Name: o.name, Note: "Welcome aboard!"}
	if !env.live {
		req.TeamsID = []int64{maketest.DefaultTeamID}
	}
	invited, err := env.inviter.Organizations.InviteUser(ctx, o.org, req)
	if err != nil {
		return err
	}
	fmt.Printf("Invited %s <%s> (user %d) to organization %d as %s (role %d): invitation %s\n",
		invited.User.Name, invited.User.Email, invited.User.ID, o.org, role.Name,
		invited.UserOrganizationRole.UsersRoleID, deref(invited.UserOrganizationRole.Invitation))

	invitee, err := env.inviteeClient(invited.User.ID)
	if err != nil {
		return err
	}
	if invitee == nil {
		fmt.Println("MAKE_INVITEE_TOKEN is not set: the invited user accepts from the invitation email.")
		return nil
	}

	// 2. The invitee finds the invitation and its hash.
	invitations, err := invitee.Users.ListMyOrganizationInvitations(ctx)
	if err != nil {
		return err
	}
	var hash make.Secret
	for _, inv := range invitations {
		if inv.OrganizationID == o.org {
			hash = inv.Hash
			fmt.Printf("\nThe invitee sees the invitation to %q (%s); its hash prints as %v\n", inv.OrganizationName, inv.Invitation, inv.Hash)
		}
	}
	if hash == "" {
		return fmt.Errorf("the invitee has no invitation to organization %d", o.org)
	}

	// 3. Look it up, then accept it.
	detail, err := invitee.Organizations.GetInvitation(ctx, hash)
	if err != nil {
		return err
	}
	fmt.Printf("Invitation detail: organization %d %q, user %s, state %s\n",
		detail.Organization.ID, detail.Organization.Name, detail.User.Email, deref(detail.UserOrganizationRole.Invitation))

	accepted, err := invitee.Organizations.AcceptInvitation(ctx, hash)
	if err != nil {
		return err
	}
	fmt.Printf("Accepted: user %d is now in organization %d with role %d (invitation %s)\n",
		accepted.User.ID, accepted.UserOrganizationRole.OrganizationID, accepted.UserOrganizationRole.UsersRoleID,
		deref(accepted.UserOrganizationRole.Invitation))

	// 4. An invitation is accepted once; the error does not show the hash.
	_, err = invitee.Organizations.AcceptInvitation(ctx, hash)
	var apiErr *make.APIError
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("accepting twice: want an API error, got %v", err)
	}
	fmt.Printf("\nAccepting again fails (%d %s): %s\n", apiErr.StatusCode, apiErr.Code, apiErr.Detail)
	return nil
}

// listMyInvitations prints the current user's pending invitations.
func listMyInvitations(ctx context.Context, c *make.Client) error {
	invitations, err := c.Users.ListMyOrganizationInvitations(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("No -email given: listing your %d pending invitations instead.\n", len(invitations))
	for _, inv := range invitations {
		fmt.Printf("  organization %d %q (%s): %s, hash %v\n", inv.OrganizationID, inv.OrganizationName, inv.Zone, inv.Invitation, inv.Hash)
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return "accepted"
	}
	return *s
}

// env holds the inviter's client and how to make the invitee's.
type env struct {
	live    bool
	inviter *make.Client
	srv     *maketest.Server // nil against the real API
	stop    func()
}

// newEnv returns clients for the real API when MAKE_API_TOKEN is set, and for
// an embedded fake otherwise.
func newEnv() (*env, error) {
	if os.Getenv("MAKE_API_TOKEN") != "" {
		c, err := make.NewClientFromEnv()
		return &env{live: true, inviter: c, stop: func() {}}, err
	}
	srv := maketest.New()
	fmt.Println("MAKE_API_TOKEN is not set: using the embedded fake Make API at", srv.URL())
	c, err := make.NewClient("", maketest.DefaultToken, make.WithBaseURL(srv.URL()))
	return &env{inviter: c, srv: srv, stop: srv.Close}, err
}

// inviteeClient returns a client authorized as the invited user: with
// MAKE_INVITEE_TOKEN against the real API (nil if unset), with a token the
// fake issues otherwise.
func (e *env) inviteeClient(userID int64) (*make.Client, error) {
	if e.live {
		tok := os.Getenv("MAKE_INVITEE_TOKEN")
		if tok == "" {
			return nil, nil
		}
		var opts []make.Option // the inviter's zone or base URL, the invitee's token
		if base := os.Getenv("MAKE_BASE_URL"); base != "" {
			opts = append(opts, make.WithBaseURL(base))
		}
		return make.NewClient(make.Zone(os.Getenv("MAKE_ZONE")), tok, opts...)
	}
	const tok = "11111111-0000-4000-8000-00000000beef"
	e.srv.AddToken(tok, userID, maketest.DefaultScopes()...)
	return make.NewClient("", tok, make.WithBaseURL(e.srv.URL()))
}

// organizationID picks the organization: the flag, MAKE_ORGANIZATION_ID, or
// the fake's default organization.
func organizationID(flagValue int64, live bool) (int64, error) {
	if flagValue > 0 {
		return flagValue, nil
	}
	if v := os.Getenv("MAKE_ORGANIZATION_ID"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return 0, fmt.Errorf("MAKE_ORGANIZATION_ID must be a positive integer, got %q", v)
		}
		return id, nil
	}
	if live {
		return 0, errors.New("against the real API, give the organization with -org or MAKE_ORGANIZATION_ID")
	}
	return maketest.DefaultOrganizationID, nil
}
