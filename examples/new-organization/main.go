// Command new-organization creates an organization with make-go, taking its
// region, timezone and country from the Enums lookups rather than from
// hard-coded IDs: Enums.ListRegions, ListTimezones (by IANA name) and
// ListCountries (by ISO code).
//
// With MAKE_API_TOKEN unset it runs against the embedded fake Make API, so it
// needs no account:
//
//	go run ./examples/new-organization
//
// With MAKE_API_TOKEN and MAKE_ZONE set it resolves the IDs against the real
// API and prints them; it creates the organization only with -write (which
// needs a token with admin:write and organizations:write):
//
//	go run ./examples/new-organization -name "Initech" -timezone Europe/Prague -country CZ -write
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
)

type options struct {
	name, timezone, country, region string
	write                           bool
}

func main() {
	var o options
	flag.StringVar(&o.name, "name", "Initech", "name of the new organization")
	flag.StringVar(&o.timezone, "timezone", "Europe/Prague", "timezone, by IANA name")
	flag.StringVar(&o.country, "country", "CZ", "country, by ISO code (two or three letters)")
	flag.StringVar(&o.region, "region", "", "Make region, by name (default: the first one listed)")
	flag.BoolVar(&o.write, "write", false, "against the real API: also create the organization")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "new-organization:", err)
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

	// 1. The IDs the body needs, from the lookups.
	timezones, err := client.Enums.ListTimezones(ctx)
	if err != nil {
		return err
	}
	tz, ok := timezones.ByCode(o.timezone)
	if !ok {
		return fmt.Errorf("no timezone %q among the %d Make lists", o.timezone, len(timezones))
	}
	countries, err := client.Enums.ListCountries(ctx)
	if err != nil {
		return err
	}
	country, ok := countries.ByCode(o.country)
	if !ok {
		return fmt.Errorf("no country with the code %q", o.country)
	}
	regions, err := client.Enums.ListRegions(ctx)
	if err != nil {
		return err
	}
	if len(regions) == 0 {
		return fmt.Errorf("no region listed by Make")
	}
	region := regions[0]
	if o.region != "" {
		region.ID = 0
		for _, r := range regions {
			if r.Name == o.region {
				region = r
			}
		}
		if region.ID == 0 {
			return fmt.Errorf("no region named %q", o.region)
		}
	}
	fmt.Printf("Region %q is %d, timezone %s is %d, country %s is %d.\n", region.Name, region.ID, tz.Code, tz.ID, country.Name, country.ID)

	if live && !o.write {
		fmt.Println("Running against the real API: nothing created. Pass -write to create the organization.")
		return nil
	}

	// 2. Create the organization with them.
	created, err := client.Organizations.Create(ctx, &make.CreateOrganizationRequest{
		Name: o.name, RegionID: region.ID, TimezoneID: tz.ID, CountryID: country.ID})
	if err != nil {
		return err
	}
	org := created.Organization
	fmt.Printf("Created organization %d %q (timezone %d, country %d); the caller is its owner (role %d).\n",
		org.ID, org.Name, org.TimezoneID, org.CountryID, created.UserOrganizationRole.UsersRoleID)
	return nil
}

// newClient returns a client for the real API when MAKE_API_TOKEN is set, and
// for an embedded fake otherwise, whose current user is made a White Label
// administrator (creating organizations needs admin:write).
func newClient() (client *make.Client, live bool, stop func(), err error) {
	if os.Getenv("MAKE_API_TOKEN") != "" {
		client, err = make.NewClientFromEnv()
		return client, true, func() {}, err
	}
	srv := maketest.New()
	srv.SetAdmin(true)
	fmt.Println("MAKE_API_TOKEN is not set: using the embedded fake Make API at", srv.URL())
	client, err = make.NewClient("", maketest.DefaultToken, make.WithBaseURL(srv.URL()))
	if err != nil {
		srv.Close()
		return nil, false, nil, err
	}
	return client, false, srv.Close, nil
}
