// Command org-variables walks through an organization's custom variables
// with make-go: it sizes the client's rate limiter from the organization's
// license, creates a variable of each type (number, string, boolean, date),
// reads them back typed, updates two of them (one changes its type), shows a
// variable's history, and deletes them, the first time without confirmation
// to show ErrConfirmationRequired.
//
// With MAKE_API_TOKEN unset it runs against the embedded fake Make API, so it
// needs no account:
//
//	go run ./examples/org-variables
//
// With MAKE_API_TOKEN and MAKE_ZONE set it runs against the real API, in the
// organization given by -org or MAKE_ORGANIZATION_ID. It then creates
// variables named makego_example_<time>_... and deletes them at the end; the
// token needs the organizations:read and organization-variables:read/write
// scopes, and the organization the custom variables feature.
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

func main() {
	orgFlag := flag.Int64("org", 0, "organization ID (default: MAKE_ORGANIZATION_ID; the fake's organization 1 without MAKE_API_TOKEN)")
	flag.Parse()
	if err := run(*orgFlag); err != nil {
		fmt.Fprintln(os.Stderr, "org-variables:", err)
		os.Exit(1)
	}
}

func run(orgID int64) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	client, live, stop, err := newClient()
	if err != nil {
		return err
	}
	defer stop()
	if orgID, err = organizationID(orgID, live); err != nil {
		return err
	}
	orgs := client.Organizations

	// 1. The organization, and the client's limiter sized from its license.
	org, err := orgs.Get(ctx, orgID, nil)
	if err != nil {
		return err
	}
	fmt.Printf("Organization %d %q (%s)\n", org.ID, org.Name, org.Zone)
	if perMinute, ok := org.APILimit(); ok {
		if err := client.SetRateLimit(perMinute); err != nil {
			return err
		}
		fmt.Printf("  license.apiLimit is %d requests a minute: the client now keeps under it\n", perMinute)
	}
	if org.License != nil && !org.License.CustomVariables {
		return fmt.Errorf("organization %d has no custom variables feature (license.customVariables is false)", orgID)
	}

	// 2. One variable of each type. The value carries its type: there is no
	// typeId to keep in step.
	prefix := "example_"
	if live {
		prefix = fmt.Sprintf("makego_example_%d_", time.Now().Unix())
	}
	launch := time.Date(1998, 3, 6, 12, 31, 0, 0, time.UTC)
	values := []struct {
		name  string
		value make.VariableValue
	}{
		{prefix + "threshold", make.NumberValue(12.5)},
		{prefix + "greeting", make.StringValue("Hello from make-go")},
		{prefix + "enabled", make.BoolValue(true)},
		{prefix + "launch", make.DateValue(launch)},
	}
	created := map[string]bool{}
	defer func() { // leave nothing behind, also when a step fails
		for name := range created {
			_ = orgs.DeleteVariable(context.Background(), orgID, name, &make.DeleteVariableOptions{Confirmed: true})
		}
	}()
	fmt.Println("\nCreating variables:")
	for _, v := range values {
		got, err := orgs.CreateVariable(ctx, orgID, &make.CreateVariableRequest{Name: v.name, Value: v.value})
		if err != nil {
			return err
		}
		created[got.Name] = true
		fmt.Printf("  %-40s %-8s %s\n", got.Name, got.Value.Type(), got.Value)
	}

	// 3. Read them back, typed.
	all, err := orgs.ListVariables(ctx, orgID)
	if err != nil {
		return err
	}
	fmt.Printf("\nThe organization has %d variables; ours, read back as Go values:\n", len(all))
	for _, v := range all {
		if !created[v.Name] {
			continue
		}
		fmt.Printf("  %-40s %s\n", v.Name, describe(v.Value))
	}

	// 4. Update: a new number, and a string that becomes a boolean.
	threshold, greeting := values[0].name, values[1].name
	if _, err := orgs.UpdateVariable(ctx, orgID, threshold, &make.UpdateVariableRequest{Value: make.NumberValue(20)}); err != nil {
		return err
	}
	updated, err := orgs.UpdateVariable(ctx, orgID, greeting, &make.UpdateVariableRequest{Value: make.BoolValue(false)})
	if err != nil {
		return err
	}
	fmt.Printf("\nUpdated %s to 20, and %s to %s\n", threshold, greeting, describe(updated.Value))

	// 5. The history of the number variable, newest first.
	history, err := orgs.GetVariableHistory(ctx, orgID, threshold)
	if err != nil {
		return err
	}
	fmt.Printf("\nHistory of %s:\n", threshold)
	for _, h := range history {
		fmt.Printf("  entry %d: %v\n", h.ID, h.DiffObject)
	}

	// 6. Delete: Make insists on confirmation.
	err = orgs.DeleteVariable(ctx, orgID, threshold, nil)
	if !errors.Is(err, make.ErrConfirmationRequired) {
		return fmt.Errorf("deleting without confirmation: want ErrConfirmationRequired, got %v", err)
	}
	fmt.Printf("\nDeleting without confirmation is refused:\n  %v\n", err)
	fmt.Println("Deleting with Confirmed: true:")
	for _, v := range values {
		if err := orgs.DeleteVariable(ctx, orgID, v.name, &make.DeleteVariableOptions{Confirmed: true}); err != nil {
			return err
		}
		delete(created, v.name)
		fmt.Printf("  deleted %s\n", v.name)
	}
	return nil
}

// describe renders a value through its typed accessor.
func describe(v make.VariableValue) string {
	switch v.Type() {
	case make.VariableNumber:
		f, _ := v.Float()
		return fmt.Sprintf("float64 %v", f)
	case make.VariableString:
		s, _ := v.Str()
		return fmt.Sprintf("string %q", s)
	case make.VariableBool:
		b, _ := v.Bool()
		return fmt.Sprintf("bool %v", b)
	case make.VariableDate:
		t, _ := v.Time()
		return fmt.Sprintf("time.Time %s (%s)", t.Format(time.RFC3339), t.Weekday())
	}
	return "no value"
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

// organizationID picks the organization: the flag, MAKE_ORGANIZATION_ID, or
// the fake's default organization.
func organizationID(flagValue int64, live bool) (int64, error) {
	if flagValue > 0 {
		return flagValue, nil
	}
	if env := os.Getenv("MAKE_ORGANIZATION_ID"); env != "" {
		id, err := strconv.ParseInt(env, 10, 64)
		if err != nil || id <= 0 {
			return 0, fmt.Errorf("MAKE_ORGANIZATION_ID must be a positive integer, got %q", env)
		}
		return id, nil
	}
	if live {
		return 0, errors.New("against the real API, give the organization with -org or MAKE_ORGANIZATION_ID")
	}
	return maketest.DefaultOrganizationID, nil
}
