package make_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// orgFixture answers with testdata/organizations/<name>.
func orgFixture(t *testing.T, w http.ResponseWriter, name string) {
	t.Helper()
	w.Header().Set("Content-Type", "application/json")
	w.Write(fixture(t, "organizations/"+name))
}

func TestOrganizationsService_List(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{
			"zone":        {"eu1.make.com"},
			"externalId":  {"TESTORG003"},
			"cols[]":      {"id", "name", "license"},
			"pg[offset]":  {"4"},
			"pg[limit]":   {"2"},
			"pg[sortBy]":  {"name"},
			"pg[sortDir]": {"asc"},
		})
		testNoBody(t, r)
		orgFixture(t, w, "list.json")
	})
	opts := &ListOrganizationsOptions{
		Zone:        "eu1", // the short form is sent as the host
		ExternalID:  "TESTORG003",
		Cols:        []string{"id", "name", "license"},
		ListOptions: ListOptions{Offset: 4, Limit: 2, SortBy: "name", SortDir: SortAsc},
	}
	got, err := client.Organizations.List(ctx(t), opts)
	require.NoError(t, err)
	assert.Equal(t, &OrganizationList{
		Organizations: []Organization{
			{ID: 5, Name: "Acme", TimezoneID: 113, CountryID: 1, Zone: "eu1.make.com",
				License: &OrganizationLicense{APILimit: 240, Users: 50}, ServiceName: "pro", ProductName: "Pro", TFAEnforced: true},
			{ID: 6, Name: "Globex", TimezoneID: 28},
		},
		Pg: Pagination{SortBy: "name", SortDir: SortAsc, Limit: 2, Offset: 4},
	}, got)
	assert.Equal(t, Zone("eu1"), opts.Zone, "List must not change the caller's options")
}

func TestOrganizationsService_List_NilOptions(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"organizations":[{"id":1,"name":"A","timezoneId":113}],"pg":{"sortBy":"name","sortDir":"asc","limit":10000,"offset":0}}`)
	})
	got, err := client.Organizations.List(ctx(t), nil)
	require.NoError(t, err)
	assert.Equal(t, []Organization{{ID: 1, Name: "A", TimezoneID: 113}}, got.Organizations)
	assert.Equal(t, 10000, got.Pg.Limit)
}

func TestOrganizationsService_Create(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"name":"New organization","regionId":1,"timezoneId":113,"countryId":1}`)
		orgFixture(t, w, "create.json")
	})
	got, err := client.Organizations.Create(ctx(t), &CreateOrganizationRequest{Name: "New organization", RegionID: 1, TimezoneID: 113, CountryID: 1})
	require.NoError(t, err)
	got.Organization.License.ForgetRaw() // compared by Extra
	assert.Equal(t, &CreatedOrganization{
		Organization: Organization{ID: 9, Name: "New organization", TimezoneID: 113, CountryID: 1,
			License: &OrganizationLicense{Apps: NewStringList(), Users: 50, DSLimit: 40, FSLimit: 2147483648, IOLimit: 10000, AdvSched: true,
				DSSLimit: 524288000, FullText: true, Interval: 1, Transfer: 1099511627776, Operations: 800000000},
			Zone: "slave1.make.cloud", ServiceName: "default", Teams: []TeamRef{{ID: 6, Name: "My Team"}}},
		UserOrganizationRole: UserOrganizationRole{UserID: 3, OrganizationID: 9, UsersRoleID: 11},
	}, got)
	_, ok := got.Organization.APILimit()
	assert.False(t, ok, "a license without apiLimit gives no limit")
}

func TestOrganizationsService_Get(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/10", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"wait": {"true"}, "cols[]": {"id", "name", "license"}})
		testNoBody(t, r)
		orgFixture(t, w, "get.json")
	})
	got, err := client.Organizations.Get(ctx(t), 10, &GetOrganizationOptions{Wait: true, Cols: []string{"id", "name", "license"}})
	require.NoError(t, err)
	want := &Organization{
		ID: 10, Name: "Organization 10", CreatedAt: Ptr(time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)),
		ServiceName: "unlimited", LastReset: Ptr("2024-03-01T00:00:00.000Z"),
		Operations: NewNumericString("0"), Transfer: NewNumericString("0"), OperationsExt: NewNumericString("5"),
		TransferExt: NewNumericString("1024"), UnusedOperations: NewNumericString("100"), UnusedTransfer: NewNumericString("2048"),
		CountryID: 1, TimezoneID: 113,
		License: &OrganizationLicense{
			Apps: NewStringList("T2", "T3"), Users: 50, DSLimit: 40, FSLimit: 2147483648, IOLimit: 10000, DSSLimit: 524288000,
			FullText: true, Interval: 1, Transfer: 1099511627776, Operations: 800000000, APILimit: 1000, Priority: "high",
			CustomVariables: true, DedicatedSSO: true, MakeAITools: 3,
		},
		Features: map[string]any{"allow_apps": true}, Zone: "local.make.cloud", Teams: []TeamRef{{ID: 16, Name: "My Team"}},
		ExternalID: Ptr("TESTORG003"), Scenarios: 12, ActiveScenarios: 4, ActiveApps: 2, TFAEnforced: true,
		AutoPurchasingActivated: true, FeatureControls: []map[string]any{{"id": float64(1), "enabled": true}},
		SolutionPartnerLink: "https://partner.example.com",
		PrivateSpaces:       []OrganizationPrivateSpace{{ID: 77, Name: "Jane's space", IsOwner: true}},
	}
	assert.Equal(t, map[string]json.RawMessage{"quantumScheduler": json.RawMessage(`{"enabled": true}`)}, got.License.Extra())
	plain := *got
	plain.License = Ptr(*got.License)
	plain.License.ForgetRaw() // compared by Extra
	assert.Equal(t, want, &plain)
	n, ok := got.UnusedOperations.Int64()
	require.True(t, ok)
	assert.Equal(t, int64(100), n)

	perMinute, ok := got.APILimit()
	require.True(t, ok)
	assert.Equal(t, 1000, perMinute)
	require.NoError(t, client.SetRateLimit(perMinute))
	assert.Equal(t, 1000, client.LimiterForTest().(*RateLimiter).Limit(), "the limiter is sized from license.apiLimit")

	// The license keeps unknown keys when encoded again.
	b, err := json.Marshal(got.License)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"quantumScheduler":{"enabled":true}`)
	assert.Contains(t, string(b), `"apiLimit":1000`)
}

func TestOrganizationsService_Get_NoLicense(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /organizations/3", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, 200, `{"organization":{"id":3,"name":"Other zone","timezoneId":1}}`)
	})
	got, err := client.Organizations.Get(ctx(t), 3, nil)
	require.NoError(t, err)
	assert.Nil(t, got.License)
	_, ok := got.APILimit()
	assert.False(t, ok)
	_, ok = (*Organization)(nil).APILimit()
	assert.False(t, ok)
}

func TestOrganizationsService_Delete(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/10", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testQuery(t, r, url.Values{"confirmed": {"true"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"organization":10}`)
	})
	id, err := client.Organizations.Delete(ctx(t), 10, &DeleteOrganizationOptions{Confirmed: true})
	require.NoError(t, err)
	assert.Equal(t, int64(10), id)
}

func TestOrganizationsService_Delete_NeedsConfirmation(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("DELETE /organizations/10", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, http.StatusNotAcceptable, `{"message":"Confirmation required","code":"IM004","detail":"The organization has active scenarios."}`)
	})
	_, err := client.Organizations.Delete(ctx(t), 10, nil)
	assert.ErrorIs(t, err, ErrConfirmationRequired)
	assert.Contains(t, err.Error(), "Confirmed: true in the options")
}

func TestOrganizationsService_Update(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/10", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"name":"Organization 10","timezoneId":113}`)
		orgFixture(t, w, "update.json")
	})
	got, err := client.Organizations.Update(ctx(t), 10, &UpdateOrganizationRequest{Name: "Organization 10", TimezoneID: 113})
	require.NoError(t, err)
	assert.Equal(t, &Organization{ID: 10, Name: "Organization 10", CountryID: 1, TimezoneID: 113,
		License: &OrganizationLicense{Apps: SingleStringList("T2"), Users: 50, DSLimit: 40,
			FSLimit: 2147483648, IOLimit: 10000, DSSLimit: 524288000, FullText: true, Interval: 1, Transfer: 1099511627776, Operations: 800000000},
		Zone: "local.make.cloud", ServiceName: "limit1", Teams: []TeamRef{{ID: 10, Name: "My Team"}}}, got)
	assert.Equal(t, []string{"T2"}, got.License.Apps.Values(), `"apps": "T2" (as in Make's own SDK's recording) reads as one app`)
	assert.Contains(t, mustJSON(t, got.License), `"apps":"T2"`, "and encodes back as sent")
}

func TestOrganizationsService_ListApps(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/apps", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		testNoBody(t, r)
		orgFixture(t, w, "apps.json")
	})
	got, err := client.Organizations.ListApps(ctx(t), 11)
	require.NoError(t, err)
	assert.Equal(t, []InstalledApp{
		{AppName: "my-crm-x4kd9a", AppVersion: 2, OrganizationID: 11, InstalledAt: "2024-02-03T10:00:00.000Z", InstalledBy: 1},
		{AppName: "billing-9sk2lq", AppVersion: 1, OrganizationID: 11},
	}, got)
}

func TestOrganizationsService_ListPayments(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/payments", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"pg[offset]": {"10"}, "pg[limit]": {"5"}, "pg[sortBy]": {"created"}, "pg[sortDir]": {"desc"}})
		testNoBody(t, r)
		orgFixture(t, w, "payments.json")
	})
	got, err := client.Organizations.ListPayments(ctx(t), 11, &ListPaymentsOptions{ListOptions{Offset: 10, Limit: 5, SortBy: "created", SortDir: SortDesc}})
	require.NoError(t, err)
	assert.Equal(t, &PaymentList{
		Payments: []Payment{{
			ID: "in_1PqR2s", InvoiceNumber: 20240301, Created: "2024-03-01T00:00:00.000Z", TypeName: "subscription", StatusName: "paid",
			ProductName: map[string]any{"en": "Pro"}, PaymentMethod: map[string]any{"type": "card", "last4": "4242"},
			AmountTotal: 18.82, CurrencyCode: "USD", InvoiceURL: "https://invoices.example.com/in_1PqR2s.pdf",
			HostedInvoiceURL: "https://invoices.example.com/in_1PqR2s", PeriodFrom: "2024-03-01", PeriodTo: "2024-03-31",
		}},
		Pg: Pagination{SortBy: "created", SortDir: SortDesc, Limit: 5, Offset: 10},
	}, got)
}

// TestOrganizationsService_ListPaymentsIter: a server that caps pg[limit]
// below the asked size loses no item (the rest of the contract is
// TestIterators').
func TestOrganizationsService_ListPaymentsIter(t *testing.T) {
	client, mux := setup(t)
	var offsets []string
	mux.HandleFunc("GET /organizations/12/payments", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Set("pg[limit]", "2")
		r.URL.RawQuery = q.Encode()
		pagedHandler(t, "payments", `{"id":"in_%d"}`, 5, &offsets)(w, r)
	})
	var ids []string
	for p, err := range client.Organizations.ListPaymentsIter(ctx(t), 12, &ListPaymentsOptions{ListOptions{Limit: 50}}) {
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	assert.Equal(t, []string{"in_100", "in_99", "in_98", "in_97", "in_96"}, ids)
	assert.Equal(t, []string{"", "2", "4"}, offsets)
}

func TestOrganizationsService_GetSubscription(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/subscription", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		testNoBody(t, r)
		orgFixture(t, w, "subscription.json")
	})
	got, err := client.Organizations.GetSubscription(ctx(t), 11)
	require.NoError(t, err)
	assert.Equal(t, &ActiveSubscription{Product: &SubscriptionProduct{
		ID: 4, Name: "Pro", NextBill: "2024-04-01",
		Price:  &SubscriptionPrice{ID: 41, Price: 18.82, CurrencyCode: "USD", Period: "monthly"},
		Coupon: &SubscriptionCoupon{ValidFrom: "2024-03-01", ValidTo: "2024-06-01", Price: 9.41, CurrencyCode: "USD", ProductID: 4, ProductName: "Pro"},
	}}, got)
}

func TestOrganizationsService_CreateSubscription(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/subscription", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"priceId":41,"couponCode":"SPRING","customer":{"email":"billing@example.com","name":"Acme s.r.o.",
			"isBusiness":true,"companyName":"Acme s.r.o.","taxId":"CZ123","countryId":1,"city":"Prague","line1":"Main 1","postalCode":"11000"}}`)
		writeJSON(w, 200, `{"sessionId":98765,"url":"https://checkout.example.com/s/98765","subscriptionId":555}`)
	})
	got, err := client.Organizations.CreateSubscription(ctx(t), 11, &CreateSubscriptionRequest{PriceID: 41, CouponCode: "SPRING",
		Customer: &SubscriptionCustomer{Email: "billing@example.com", Name: "Acme s.r.o.", IsBusiness: true, CompanyName: "Acme s.r.o.",
			TaxID: "CZ123", CountryID: 1, City: "Prague", Line1: "Main 1", PostalCode: "11000"}})
	require.NoError(t, err)
	assert.Equal(t, &CheckoutSession{SessionID: NewNumber(98765), URL: "https://checkout.example.com/s/98765", SubscriptionID: 555}, got)
	assert.JSONEq(t, `{"sessionId":98765,"url":"https://checkout.example.com/s/98765","subscriptionId":555}`, mustJSON(t, got),
		"sessionId survives encoding the result")
}

func TestOrganizationsService_CreateSubscription_StringSessionID(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("POST /organizations/11/subscription", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"priceId":41}`)
		writeJSON(w, 200, `{"sessionId":"cs_test_a1","url":"https://checkout.example.com/cs_test_a1"}`)
	})
	got, err := client.Organizations.CreateSubscription(ctx(t), 11, &CreateSubscriptionRequest{PriceID: 41})
	require.NoError(t, err)
	assert.Equal(t, &CheckoutSession{SessionID: NewNumericString("cs_test_a1"), URL: "https://checkout.example.com/cs_test_a1"}, got)
	assert.Equal(t, "cs_test_a1", got.SessionID.String())
	assert.JSONEq(t, `{"sessionId":"cs_test_a1","url":"https://checkout.example.com/cs_test_a1"}`, mustJSON(t, got))
}

func TestOrganizationsService_CancelSubscription(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/subscription", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testQuery(t, r, nil)
		testNoBody(t, r)
		writeJSON(w, 200, `{"ok":1}`)
	})
	require.NoError(t, client.Organizations.CancelSubscription(ctx(t), 11))
}

func TestOrganizationsService_ChangeSubscription(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/subscription", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"priceId":42,"customer":{"email":"b@example.com","name":"Bob","isBusiness":false,"countryId":2}}`)
		writeJSON(w, 200, `{"ok":1}`)
	})
	require.NoError(t, client.Organizations.ChangeSubscription(ctx(t), 11, &ChangeSubscriptionRequest{PriceID: 42,
		Customer: &SubscriptionCustomer{Email: "b@example.com", Name: "Bob", CountryID: 2}}))
}

func TestOrganizationsService_SetFreeSubscription(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/subscription-free", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, url.Values{"confirmed": {"true"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"customerId":31,"subscriptionId":32}`)
	})
	got, err := client.Organizations.SetFreeSubscription(ctx(t), 11, &SetFreeSubscriptionOptions{Confirmed: true})
	require.NoError(t, err)
	assert.Equal(t, &FreeSubscription{CustomerID: 31, SubscriptionID: 32}, got)
}

func TestOrganizationsService_ListPaymentMethodTypes(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/subscription/payment-method-types", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		orgFixture(t, w, "payment_method_types.json")
	})
	got, err := client.Organizations.ListPaymentMethodTypes(ctx(t), 11)
	require.NoError(t, err)
	assert.Equal(t, []PaymentMethodType{
		{Value: "card", Label: "Card", CanBeDefaultForSubscription: true, CanBeDefaultForExtras: true},
		{Value: "sepa_debit", Label: "SEPA Direct Debit", CanBeDefaultForSubscription: true},
	}, got)
}

func TestOrganizationsService_ListPaymentMethods(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/subscription/payment-methods", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		orgFixture(t, w, "payment_methods.json")
	})
	got, err := client.Organizations.ListPaymentMethods(ctx(t), 11)
	require.NoError(t, err)
	assert.Equal(t, &PaymentMethodList{
		PaymentMethods: []PaymentMethod{{ID: "pm_1Abc", Type: "card", Valid: true, CustomerDefaultMethod: true, IsImmediate: true,
			Created: "2024-01-05T12:00:00.000Z", MethodDetails: map[string]any{"brand": "visa", "last4": "4242"}}},
		Pg: Pagination{Limit: 10},
	}, got)
}

func TestOrganizationsService_DeletePaymentMethod(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/subscription/payment-methods/{id}", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testQuery(t, r, nil)
		testNoBody(t, r)
		assert.Equal(t, "/organizations/11/subscription/payment-methods/pm%201=y%3Bz", r.URL.EscapedPath(), "the ID is path-escaped")
		assert.Equal(t, "pm 1=y;z", r.PathValue("id"))
		writeJSON(w, 200, `{"ok":1}`)
	})
	require.NoError(t, client.Organizations.DeletePaymentMethod(ctx(t), 11, "pm 1=y;z"))
}

func TestOrganizationsService_SetDefaultPaymentMethod(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/subscription/payment-methods/pm_1Abc/default", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"target":"extras"}`)
		writeJSON(w, 200, `{"paymentMethodId":"pm_1Abc","paymentMethodType":"card","isDefaultForSubscription":false,"isDefaultForExtras":true}`)
	})
	got, err := client.Organizations.SetDefaultPaymentMethod(ctx(t), 11, "pm_1Abc", &SetDefaultPaymentMethodRequest{Target: PaymentMethodTargetExtras})
	require.NoError(t, err)
	assert.Equal(t, &DefaultPaymentMethod{PaymentMethodID: "pm_1Abc", PaymentMethodType: "card", IsDefaultForExtras: true}, got)
}

func TestOrganizationsService_SetDefaultPaymentMethod_NoBody(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("PATCH /organizations/11/subscription/payment-methods/pm_2/default", func(w http.ResponseWriter, r *http.Request) {
		testNoBody(t, r)
		writeJSON(w, 200, `{"paymentMethodId":"pm_2","paymentMethodType":"card","isDefaultForSubscription":true,"isDefaultForExtras":true}`)
	})
	got, err := client.Organizations.SetDefaultPaymentMethod(ctx(t), 11, "pm_2", nil)
	require.NoError(t, err)
	assert.True(t, got.IsDefaultForSubscription && got.IsDefaultForExtras)
}

func TestOrganizationsService_ClaimCancellationOffer(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/universal-discount/claim-cancellation-offer", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testNoBody(t, r)
		writeJSON(w, 200, `{"ok":1}`)
	})
	require.NoError(t, client.Organizations.ClaimCancellationOffer(ctx(t), 11))
}

func TestOrganizationsService_InviteUser(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/invite", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"usersRoleId":13,"email":"sam@example.com","name":"Sam Invited","note":"Welcome!","teamsId":[1,2]}`)
		orgFixture(t, w, "invite.json")
	})
	got, err := client.Organizations.InviteUser(ctx(t), 11, &InviteUserRequest{UsersRoleID: 13, Email: "sam@example.com",
		Name: "Sam Invited", Note: "Welcome!", TeamsID: []int64{1, 2}})
	require.NoError(t, err)
	assert.Equal(t, &OrganizationMembership{
		User:                 User{ID: 21, Name: "Sam Invited", Email: "sam@example.com", Language: "en", TimezoneID: 113, LocaleID: 18, CountryID: 1},
		UserOrganizationRole: UserOrganizationRole{UserID: 21, OrganizationID: 11, UsersRoleID: 13, Invitation: Ptr("pending")},
	}, got)
}

func TestOrganizationsService_InviteUser_Minimal(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("POST /organizations/11/invite", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"email":"sam@example.com","name":"Sam"}`)
		orgFixture(t, w, "invite.json")
	})
	_, err := client.Organizations.InviteUser(ctx(t), 11, &InviteUserRequest{Email: "sam@example.com", Name: "Sam"})
	require.NoError(t, err)
}

const testInvitationHash Secret = "bf1effe1-bc9d-4ab3-9414-9c3b66175305"

func TestOrganizationsService_GetInvitation(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/invitation", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"hash": {testInvitationHash.Reveal()}})
		testNoBody(t, r)
		orgFixture(t, w, "invitation.json")
	})
	got, err := client.Organizations.GetInvitation(ctx(t), testInvitationHash)
	require.NoError(t, err)
	assert.Equal(t, &InvitationDetail{
		Organization: OrganizationRef{ID: 13, Name: "New organization"},
		User: User{ID: 1, Name: "Martin", Email: "user@example.com", Language: "en", TimezoneID: 113, LocaleID: 18, CountryID: 1,
			Features: map[string]any{}, Avatar: "https://secure.gravatar.com/avatar/6b1a74d20d925c12a73af32bf0dd7164.jpg?d=mm"},
		UserOrganizationRole: UserOrganizationRole{UserID: 1, OrganizationID: 13, UsersRoleID: 12, Invitation: Ptr("pending")},
	}, got)
}

func TestOrganizationsService_AcceptInvitation(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/accept-invitation", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"hash":"`+testInvitationHash.Reveal()+`"}`)
		orgFixture(t, w, "accept.json")
	})
	got, err := client.Organizations.AcceptInvitation(ctx(t), testInvitationHash)
	require.NoError(t, err)
	assert.Equal(t, &OrganizationMembership{
		User: User{ID: 1, Name: "Martin", Email: "user@example.com", Language: "en", TimezoneID: 113, LocaleID: 18, CountryID: 1,
			Features: map[string]any{}, Avatar: "https://secure.gravatar.com/avatar/6b1a74d20d925c12a73af32bf0dd7164.jpg?d=mm"},
		UserOrganizationRole: UserOrganizationRole{UserID: 1, OrganizationID: 13, UsersRoleID: 12},
	}, got)
}

// TestOrganizationsService_InvitationHashNeverShown checks that the hash of
// GetInvitation (a query parameter) and AcceptInvitation (a body field)
// appears in no error and no log line, for an API error and for a
// connection failure.
func TestOrganizationsService_InvitationHashNeverShown(t *testing.T) {
	calls := map[string]func(context.Context, *Client) error{
		"GetInvitation": func(ctx context.Context, c *Client) error {
			_, err := c.Organizations.GetInvitation(ctx, testInvitationHash)
			return err
		},
		"AcceptInvitation": func(ctx context.Context, c *Client) error {
			_, err := c.Organizations.AcceptInvitation(ctx, testInvitationHash)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			client, mux := setup(t, WithLogger(logger), WithRetry(RetryConfig{MaxRetries: 1}))
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusNotFound, `{"message":"Not found","code":"SC404","detail":"Invitation not found."}`)
			})
			err := call(ctx(t), client)
			require.ErrorIs(t, err, ErrNotFound)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.NotContains(t, err.Error(), testInvitationHash.Reveal())
			assert.NotContains(t, apiErr.URL, testInvitationHash.Reveal())
			assert.NotContains(t, fmt.Sprintf("%+v %#v", apiErr, apiErr), testInvitationHash.Reveal())
			assert.NotEmpty(t, logs.String(), "the request was logged")
			assert.NotContains(t, logs.String(), testInvitationHash.Reveal())

			// A connection failure, retried once: neither the error nor the logs show the hash.
			logs.Reset()
			dead, err := NewClient("", testToken, WithBaseURL("http://127.0.0.1:1/api/v2"), WithLogger(logger),
				WithRetry(RetryConfig{MaxRetries: 1}))
			require.NoError(t, err)
			err = call(ctx(t), dead)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), testInvitationHash.Reveal())
			assert.NotContains(t, logs.String(), testInvitationHash.Reveal())
		})
	}
}

func TestOrganizationsService_ListVariables(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/variables", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		testNoBody(t, r)
		orgFixture(t, w, "variables.json")
	})
	got, err := client.Organizations.ListVariables(ctx(t), 11)
	require.NoError(t, err)
	launch := time.Date(1998, 3, 6, 12, 31, 0, 0, time.UTC)
	assert.Equal(t, []OrganizationVariable{
		{Name: "threshold", Value: NumberValue(12.5)},
		{Name: "greeting", Value: StringValue("Hello, world")},
		{Name: "$enabled_1", Value: BoolValue(false)},
		{Name: "launch", Value: DateValue(launch)},
		{Name: "organizationId", Value: NumberValue(11), IsSystem: true},
	}, got)

	f, ok := got[0].Value.Float()
	assert.True(t, ok)
	assert.Equal(t, 12.5, f)
	s, ok := got[1].Value.Str()
	assert.True(t, ok)
	assert.Equal(t, "Hello, world", s)
	b, ok := got[2].Value.Bool()
	assert.True(t, ok)
	assert.False(t, b)
	d, ok := got[3].Value.Time()
	assert.True(t, ok)
	assert.True(t, d.Equal(launch))
	assert.Equal(t, VariableDate, got[3].Value.Type())
}

func TestOrganizationsService_ListVariables_TypeMismatch(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /organizations/11/variables", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"organizationVariables":[{"name":"ok","typeId":2,"value":"x"},{"name":"flag","typeId":3,"value":"yes"}]}`)
	})
	// Strict (as in every test): the call fails, naming the variable.
	got, err := client.Organizations.ListVariables(ctx(t), 11)
	assert.Nil(t, got)
	require.ErrorIs(t, err, ErrUnexpectedType)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "organizationVariables[1]", de.Path)
	assert.Contains(t, err.Error(), `variable "flag"`)
	assert.Contains(t, err.Error(), `typeId 3 (boolean) with the value "yes"`)

	// By default the other variables are returned; the odd one is left zero.
	lenient, err := NewClient("", testToken, WithBaseURL(client.BaseURL()), WithRetry(RetryConfig{}))
	require.NoError(t, err)
	got, err = lenient.Organizations.ListVariables(ctx(t), 11)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, OrganizationVariable{Name: "ok", Value: StringValue("x")}, got[0])
	assert.Equal(t, OrganizationVariable{}, got[1])
}

func TestOrganizationsService_CreateVariable(t *testing.T) {
	date := time.Date(1998, 3, 6, 12, 31, 0, 0, time.UTC)
	tests := []struct {
		name  string
		value VariableValue
		wire  string // typeId and value as sent and echoed
	}{
		{"number", NumberValue(12.5), `"typeId":1,"value":12.5`},
		{"integer", NumberValue(-3), `"typeId":1,"value":-3`},
		{"string", StringValue("Hello, world"), `"typeId":2,"value":"Hello, world"`},
		{"empty string", StringValue(""), `"typeId":2,"value":""`},
		{"bool true", BoolValue(true), `"typeId":3,"value":true`},
		{"bool false", BoolValue(false), `"typeId":3,"value":false`},
		{"date", DateValue(date), `"typeId":4,"value":"1998-03-06T12:31:00.000Z"`},
		{"date in another zone", DateValue(time.Date(1998, 3, 6, 13, 31, 0, 123456789, time.FixedZone("CET", 3600))),
			`"typeId":4,"value":"1998-03-06T12:31:00.123Z"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/organizations/11/variables", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				testQuery(t, r, nil)
				testJSONBody(t, r, `{"name":"my_var",`+tc.wire+`}`)
				writeJSON(w, 200, `{"organizationVariable":{"name":"my_var",`+tc.wire+`,"isSystem":false}}`)
			})
			got, err := client.Organizations.CreateVariable(ctx(t), 11, &CreateVariableRequest{Name: "my_var", Value: tc.value})
			require.NoError(t, err)
			assert.Equal(t, &OrganizationVariable{Name: "my_var", Value: tc.value}, got)
		})
	}
}

func TestOrganizationsService_UpdateVariable(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/variables/{name}", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		testQuery(t, r, nil)
		assert.Equal(t, "/organizations/11/variables/%C4%8Das_$1", r.URL.EscapedPath(), "the name is path-escaped")
		testJSONBody(t, r, `{"typeId":3,"value":true}`)
		writeJSON(w, 200, `{"organizationVariable":{"name":"čas_$1","typeId":3,"value":true,"isSystem":false}}`)
	})
	got, err := client.Organizations.UpdateVariable(ctx(t), 11, "čas_$1", &UpdateVariableRequest{Value: BoolValue(true)})
	require.NoError(t, err)
	assert.Equal(t, &OrganizationVariable{Name: "čas_$1", Value: BoolValue(true)}, got)
}

func TestOrganizationsService_DeleteVariable(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/variables/threshold", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testQuery(t, r, url.Values{"confirmed": {"true"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"ok":1}`)
	})
	require.NoError(t, client.Organizations.DeleteVariable(ctx(t), 11, "threshold", &DeleteVariableOptions{Confirmed: true}))
}

func TestOrganizationsService_DeleteVariable_NotConfirmed(t *testing.T) {
	for name, opts := range map[string]*DeleteVariableOptions{"nil options": nil, "Confirmed false": {}} {
		t.Run(name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("DELETE /organizations/11/variables/threshold", func(w http.ResponseWriter, r *http.Request) {
				testQuery(t, r, nil)
				writeJSON(w, http.StatusNotAcceptable, `{"message":"Confirmation required","code":"IM004","detail":"Set confirmed=true to delete the variable."}`)
			})
			err := client.Organizations.DeleteVariable(ctx(t), 11, "threshold", opts)
			require.ErrorIs(t, err, ErrConfirmationRequired)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusNotAcceptable, apiErr.StatusCode)
			assert.Equal(t, "IM004", apiErr.Code)
			assert.Contains(t, err.Error(), "repeat the call with confirmed=true, e.g. Confirmed: true in the options", "the message says how to confirm")
		})
	}
}

func TestOrganizationsService_GetVariableHistory(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/variables/threshold/history", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		testNoBody(t, r)
		orgFixture(t, w, "history.json")
	})
	got, err := client.Organizations.GetVariableHistory(ctx(t), 11, "threshold")
	require.NoError(t, err)
	assert.Equal(t, map[string]json.RawMessage{"action": json.RawMessage(`"organization_variable_edited"`)}, got[0].Extra())
	assert.Nil(t, got[1].Extra())
	b, err := json.Marshal(got[0])
	require.NoError(t, err)
	for i := range got {
		got[i].ForgetRaw() // compared by Extra
	}
	assert.Equal(t, []OrganizationVariableHistoryEntry{
		{ID: 1002,
			DiffObject: map[string]any{"originalValue": "10", "newValue": "12.5", "typeId": float64(1), "changed": "2024-03-02T10:00:00.000Z", "author": "Jane Doe"}},
		{ID: 1001, DiffObject: map[string]any{"name": "threshold", "value": float64(10), "typeId": float64(1)}},
	}, got)
	assert.JSONEq(t, `{"id":1002,"diffObject":{"originalValue":"10","newValue":"12.5","typeId":1,"changed":"2024-03-02T10:00:00.000Z","author":"Jane Doe"},
		"action":"organization_variable_edited"}`, string(b))
}

func TestOrganizationsService_GetUsage(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/usage", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"organizationTimezone": {"true"}})
		testNoBody(t, r)
		orgFixture(t, w, "usage.json")
	})
	got, err := client.Organizations.GetUsage(ctx(t), 11, &GetUsageOptions{OrganizationTimezone: true})
	require.NoError(t, err)
	assert.Equal(t, []UsageDay{
		{Date: "2024-03-01", Operations: 120, DataTransfer: 20480, Centicredits: NewNumber(1200)},
		{Date: "2024-03-02", Centicredits: NewNumericString("0")},
	}, got)
}

func TestOrganizationsService_ListFeatureControls(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/feature-controls", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"featureControlName": {"Make AI Tools"}, "cols[]": {"id", "name", "enabled"}})
		testNoBody(t, r)
		orgFixture(t, w, "feature_controls.json")
	})
	got, err := client.Organizations.ListFeatureControls(ctx(t), 11, &ListFeatureControlsOptions{FeatureControlName: "Make AI Tools", Cols: []string{"id", "name", "enabled"}})
	require.NoError(t, err)
	assert.Equal(t, &FeatureControlList{FeatureControls: []FeatureControl{
		{ID: 7, Name: "Make AI Tools", Label: map[string]any{"en": "Make AI Tools"}, Description: map[string]any{"en": "AI modules in scenarios"},
			Tags: []string{"ai"}, WarningMessage: map[string]any{"en": "Disabling stops AI modules."}, Enabled: true},
		{ID: 3, Name: "Custom functions"},
	}}, got)
}

func TestOrganizationsService_UpdateFeatureControl(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/11/feature-controls", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"id":7,"enabled":false}`)
		writeJSON(w, 200, `{"featureControls":{"id":7,"enabled":false}}`)
	})
	got, err := client.Organizations.UpdateFeatureControl(ctx(t), 11, &UpdateFeatureControlRequest{ID: 7, Enabled: false})
	require.NoError(t, err)
	assert.Equal(t, &FeatureControlState{ID: 7, Enabled: false}, got)
}

func TestOrganizationsService_SetTFAEnforcement(t *testing.T) {
	for _, enable := range []bool{true, false} {
		t.Run(fmt.Sprint(enable), func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/organizations/11/tfa-enforcement", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPatch)
				testQuery(t, r, nil)
				testJSONBody(t, r, fmt.Sprintf(`{"enable":%t}`, enable))
				writeJSON(w, 200, fmt.Sprintf(`{"organization":{"tfaEnforced":%t}}`, enable))
			})
			got, err := client.Organizations.SetTFAEnforcement(ctx(t), 11, enable)
			require.NoError(t, err)
			assert.Equal(t, enable, got)
		})
	}
}

func TestOrganizationsService_SetTFAEnforcement_Errors(t *testing.T) {
	t.Run("400 feature not available", func(t *testing.T) {
		client, mux := setup(t)
		mux.HandleFunc("PATCH /organizations/11/tfa-enforcement", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusBadRequest, `{"message":"TFA enforcement feature is not available"}`)
		})
		_, err := client.Organizations.SetTFAEnforcement(ctx(t), 11, true)
		assert.ErrorIs(t, err, ErrBadRequest)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
		assert.Contains(t, err.Error(), "TFA enforcement feature is not available")
		assert.Contains(t, err.Error(), "not available for this organization")
	})
	t.Run("402 plan upgrade needed", func(t *testing.T) {
		client, mux := setup(t)
		mux.HandleFunc("PATCH /organizations/11/tfa-enforcement", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusPaymentRequired, `{"message":"Payment required","code":"SC402"}`)
		})
		_, err := client.Organizations.SetTFAEnforcement(ctx(t), 11, true)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusPaymentRequired, apiErr.StatusCode)
		assert.Equal(t, "SC402", apiErr.Code)
		assert.Contains(t, err.Error(), "402 Payment Required")
		assert.Contains(t, err.Error(), "upgrade the plan")
		assert.NotErrorIs(t, err, ErrBadRequest)
		assert.NotErrorIs(t, err, ErrForbidden)
	})
	t.Run("403 insufficient rights", func(t *testing.T) {
		client, mux := setup(t)
		mux.HandleFunc("PATCH /organizations/11/tfa-enforcement", forbidden)
		_, err := client.Organizations.SetTFAEnforcement(ctx(t), 11, false)
		testAPIError(t, err, "organizations:write")
		assert.Contains(t, err.Error(), "right to modify the organization's settings")
	})
}

func TestOrganizationsService_CheckTeamPermission(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/123/check-team-permission", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"teamPermission": {"scenario add"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"hasPermission":true}`)
	})
	ok, err := client.Organizations.CheckTeamPermission(ctx(t), 123, "scenario add")
	require.NoError(t, err)
	assert.True(t, ok)
}

// ---------------------------------------------------------------------------
// Variable values

func TestOrganizationsVariableValue_Accessors(t *testing.T) {
	date := time.Date(2024, 2, 29, 23, 59, 58, 999_000_000, time.UTC)
	tests := []struct {
		v    VariableValue
		typ  VariableType
		text string
	}{
		{NumberValue(1.25), VariableNumber, "1.25"},
		{StringValue("x"), VariableString, "x"},
		{BoolValue(true), VariableBool, "true"},
		{DateValue(date), VariableDate, "2024-02-29T23:59:58.999Z"},
		{VariableValue{}, 0, "<unset>"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.typ, tc.v.Type())
		assert.Equal(t, tc.text, tc.v.String())
		assert.Equal(t, tc.typ == 0, tc.v.IsZero())
		_, isNum := tc.v.Float()
		_, isStr := tc.v.Str()
		_, isBool := tc.v.Bool()
		_, isDate := tc.v.Time()
		assert.Equal(t, []bool{tc.typ == VariableNumber, tc.typ == VariableString, tc.typ == VariableBool, tc.typ == VariableDate},
			[]bool{isNum, isStr, isBool, isDate}, "exactly the accessor of the type reports ok: %v", tc.v)
	}
	assert.Equal(t, "number", VariableNumber.String())
	assert.Equal(t, "boolean", VariableBool.String())
	assert.Equal(t, "VariableType(9)", VariableType(9).String())

	// DateValue keeps what Make keeps: UTC, milliseconds.
	local := time.Date(2024, 1, 2, 3, 4, 5, 678_901_234, time.FixedZone("X", -5*3600))
	got, _ := DateValue(local).Time()
	assert.Equal(t, time.Date(2024, 1, 2, 8, 4, 5, 678_000_000, time.UTC), got)
}

func TestOrganizationsVariableValue_JSONRoundTrip(t *testing.T) {
	values := []VariableValue{
		NumberValue(0), NumberValue(-1.5e10), NumberValue(math.MaxFloat64), StringValue(""), StringValue(`"quoted" ✓`),
		BoolValue(false), BoolValue(true), DateValue(time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)),
		DateValue(time.Date(2999, 12, 31, 23, 59, 59, 999_000_000, time.UTC)),
	}
	for _, v := range values {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var back VariableValue
		require.NoError(t, json.Unmarshal(b, &back), "%s", b)
		assert.Equal(t, v, back, "%s", b)

		ov := OrganizationVariable{Name: "v", Value: v, IsSystem: true}
		b, err = json.Marshal(ov)
		require.NoError(t, err)
		var ovBack OrganizationVariable
		require.NoError(t, json.Unmarshal(b, &ovBack), "%s", b)
		assert.Equal(t, ov, ovBack, "%s", b)
	}
	b, err := json.Marshal(OrganizationVariable{Name: "n", Value: NumberValue(2)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"n","typeId":1,"value":2,"isSystem":false}`, string(b))

	// A date with an offset decodes to the same instant.
	var v VariableValue
	require.NoError(t, json.Unmarshal([]byte(`{"typeId":4,"value":"1998-03-06T13:31:00+01:00"}`), &v))
	d, _ := v.Time()
	assert.True(t, d.Equal(time.Date(1998, 3, 6, 12, 31, 0, 0, time.UTC)))
}

func TestOrganizationsVariableValue_Mismatches(t *testing.T) {
	tests := map[string]string{
		"boolean as a word":      `{"typeId":3,"value":"yes"}`,
		"boolean as a number":    `{"typeId":3,"value":1}`,
		"number as a string":     `{"typeId":1,"value":"12"}`,
		"number as a boolean":    `{"typeId":1,"value":true}`,
		"string as a number":     `{"typeId":2,"value":12}`,
		"string as an object":    `{"typeId":2,"value":{"a":1}}`,
		"date not a date":        `{"typeId":4,"value":"tomorrow"}`,
		"date without time":      `{"typeId":4,"value":"1998-03-06"}`,
		"date as a number":       `{"typeId":4,"value":889187460000}`,
		"null value":             `{"typeId":2,"value":null}`,
		"missing value":          `{"typeId":1}`,
		"missing typeId":         `{"value":"x"}`,
		"unknown typeId":         `{"typeId":5,"value":"x"}`,
		"typeId zero":            `{"typeId":0,"value":0}`,
		"variable with bad type": `{"name":"flag","typeId":3,"value":"no","isSystem":false}`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			var v VariableValue
			err := json.Unmarshal([]byte(body), &v)
			assert.ErrorIs(t, err, ErrVariableType)
			assert.True(t, v.IsZero(), "nothing is decoded on error")

			var ov OrganizationVariable
			err = json.Unmarshal([]byte(body), &ov)
			assert.ErrorIs(t, err, ErrVariableType)
		})
	}
	var v VariableValue
	err := json.Unmarshal([]byte(`{"typeId":3,"value":"yes"}`), &v)
	assert.EqualError(t, err, `make: variable value does not match its typeId: typeId 3 (boolean) with the value "yes"`)
	assert.Error(t, json.Unmarshal([]byte(`{"typeId":"3","value":true}`), &v), "typeId must be a number")
}

func TestOrganizationsVariableValue_MarshalRefusesUnsendable(t *testing.T) {
	for name, v := range map[string]VariableValue{
		"zero": {}, "NaN": NumberValue(math.NaN()), "+Inf": NumberValue(math.Inf(1)), "unknown type": VariableValueOfType(7),
	} {
		_, err := json.Marshal(v)
		assert.Error(t, err, name)
		_, err = json.Marshal(CreateVariableRequest{Name: "x", Value: v})
		assert.Error(t, err, name)
		_, err = json.Marshal(UpdateVariableRequest{Value: v})
		assert.Error(t, err, name)
	}
}

// ---------------------------------------------------------------------------
// Every method: API errors and refused input

func TestOrganizationsService_RefusedInput(t *testing.T) {
	o := func(c *Client) *OrganizationsService { return c.Organizations }
	long := strings.Repeat("n", 251)
	createOrg := func(r *CreateOrganizationRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := o(c).Create(ctx, r); return err }
	}
	updateOrg := func(r *UpdateOrganizationRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := o(c).Update(ctx, 1, r); return err }
	}
	invite := func(r *InviteUserRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := o(c).InviteUser(ctx, 1, r); return err }
	}
	createVar := func(r *CreateVariableRequest) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { _, err := o(c).CreateVariable(ctx, 1, r); return err }
	}
	deletePM := func(id string) func(context.Context, *Client) error {
		return func(ctx context.Context, c *Client) error { return o(c).DeletePaymentMethod(ctx, 1, id) }
	}
	validOrg := CreateOrganizationRequest{Name: "Acme", RegionID: 1, TimezoneID: 113, CountryID: 1}
	with := func(f func(*CreateOrganizationRequest)) *CreateOrganizationRequest {
		r := validOrg
		f(&r)
		return &r
	}
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"List bad zone", "zone", func(ctx context.Context, c *Client) error {
			_, err := o(c).List(ctx, &ListOrganizationsOptions{Zone: "eu 1"})
			return err
		}},
		{"List negative offset", "pg[offset]", func(ctx context.Context, c *Client) error {
			_, err := o(c).List(ctx, &ListOrganizationsOptions{ListOptions: ListOptions{Offset: -1}})
			return err
		}},
		{"ListIter bad sortDir", "pg[sortDir]", func(ctx context.Context, c *Client) error {
			for _, err := range o(c).ListIter(ctx, &ListOrganizationsOptions{ListOptions: ListOptions{SortDir: "up"}}) {
				return err
			}
			return nil
		}},
		{"Create nil", "body", createOrg(nil)},
		{"Create no name", "name", createOrg(with(func(r *CreateOrganizationRequest) { r.Name = "" }))},
		{"Create blank name", "name", createOrg(with(func(r *CreateOrganizationRequest) { r.Name = "   " }))},
		{"Create leading space", "name", createOrg(with(func(r *CreateOrganizationRequest) { r.Name = " Acme" }))},
		{"Create trailing space", "name", createOrg(with(func(r *CreateOrganizationRequest) { r.Name = "Acme " }))},
		{"Create no region", "regionId", createOrg(with(func(r *CreateOrganizationRequest) { r.RegionID = 0 }))},
		{"Create no timezone", "timezoneId", createOrg(with(func(r *CreateOrganizationRequest) { r.TimezoneID = 0 }))},
		{"Create negative country", "countryId", createOrg(with(func(r *CreateOrganizationRequest) { r.CountryID = -1 }))},
		{"GetInvitation empty hash", "hash", func(ctx context.Context, c *Client) error { _, err := o(c).GetInvitation(ctx, ""); return err }},
		{"AcceptInvitation empty hash", "hash", func(ctx context.Context, c *Client) error {
			_, err := o(c).AcceptInvitation(ctx, " ")
			return err
		}},
		{"Get zero id", "organizationId", func(ctx context.Context, c *Client) error { _, err := o(c).Get(ctx, 0, nil); return err }},
		{"Delete negative id", "organizationId", func(ctx context.Context, c *Client) error { _, err := o(c).Delete(ctx, -1, nil); return err }},
		{"Update zero id", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).Update(ctx, 0, &UpdateOrganizationRequest{Name: "x"})
			return err
		}},
		{"Update nil", "body", updateOrg(nil)},
		{"Update empty", "body", updateOrg(&UpdateOrganizationRequest{})},
		{"Update trailing space", "name", updateOrg(&UpdateOrganizationRequest{Name: "Acme "})},
		{"Update negative timezone", "timezoneId", updateOrg(&UpdateOrganizationRequest{TimezoneID: -3})},
		{"ListApps zero id", "organizationId", func(ctx context.Context, c *Client) error { _, err := o(c).ListApps(ctx, 0); return err }},
		{"ListPayments zero id", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).ListPayments(ctx, 0, nil)
			return err
		}},
		{"ListPayments negative limit", "pg[limit]", func(ctx context.Context, c *Client) error {
			_, err := o(c).ListPayments(ctx, 1, &ListPaymentsOptions{ListOptions{Limit: -1}})
			return err
		}},
		{"ListPaymentsIter bad sortDir", "pg[sortDir]", func(ctx context.Context, c *Client) error {
			for _, err := range o(c).ListPaymentsIter(ctx, 1, &ListPaymentsOptions{ListOptions{SortDir: "down"}}) {
				return err
			}
			return nil
		}},
		{"GetSubscription zero id", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).GetSubscription(ctx, 0)
			return err
		}},
		{"CreateSubscription nil", "body", func(ctx context.Context, c *Client) error {
			_, err := o(c).CreateSubscription(ctx, 1, nil)
			return err
		}},
		{"CreateSubscription no price", "priceId", func(ctx context.Context, c *Client) error {
			_, err := o(c).CreateSubscription(ctx, 1, &CreateSubscriptionRequest{CouponCode: "X"})
			return err
		}},
		{"CreateSubscription customer without email", "customer.email", func(ctx context.Context, c *Client) error {
			_, err := o(c).CreateSubscription(ctx, 1, &CreateSubscriptionRequest{PriceID: 1, Customer: &SubscriptionCustomer{Name: "N", CountryID: 1}})
			return err
		}},
		{"CreateSubscription customer without country", "customer.countryId", func(ctx context.Context, c *Client) error {
			_, err := o(c).CreateSubscription(ctx, 1, &CreateSubscriptionRequest{PriceID: 1, Customer: &SubscriptionCustomer{Email: "e@example.com", Name: "N"}})
			return err
		}},
		{"CancelSubscription zero id", "organizationId", func(ctx context.Context, c *Client) error { return o(c).CancelSubscription(ctx, 0) }},
		{"ChangeSubscription nil", "body", func(ctx context.Context, c *Client) error { return o(c).ChangeSubscription(ctx, 1, nil) }},
		{"ChangeSubscription no price", "priceId", func(ctx context.Context, c *Client) error {
			return o(c).ChangeSubscription(ctx, 1, &ChangeSubscriptionRequest{})
		}},
		{"ChangeSubscription customer without name", "customer.name", func(ctx context.Context, c *Client) error {
			return o(c).ChangeSubscription(ctx, 1, &ChangeSubscriptionRequest{PriceID: 1, Customer: &SubscriptionCustomer{Email: "e@example.com", CountryID: 1}})
		}},
		{"SetFreeSubscription zero id", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).SetFreeSubscription(ctx, 0, &SetFreeSubscriptionOptions{Confirmed: true})
			return err
		}},
		{"ListPaymentMethodTypes zero id", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).ListPaymentMethodTypes(ctx, 0)
			return err
		}},
		{"ListPaymentMethods zero id", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).ListPaymentMethods(ctx, 0)
			return err
		}},
		{"DeletePaymentMethod empty id", "paymentMethodId", deletePM("")},
		{"DeletePaymentMethod blank id", "paymentMethodId", deletePM("  ")},
		{"DeletePaymentMethod slash", "paymentMethodId", deletePM("pm_1/default")},
		{"DeletePaymentMethod backslash", "paymentMethodId", deletePM(`pm_1\x`)},
		{"DeletePaymentMethod dotdot", "paymentMethodId", deletePM("..")},
		{"DeletePaymentMethod dot", "paymentMethodId", deletePM(".")},
		{"DeletePaymentMethod control char", "paymentMethodId", deletePM("pm_1\n")},
		{"DeletePaymentMethod zero org", "organizationId", func(ctx context.Context, c *Client) error {
			return o(c).DeletePaymentMethod(ctx, 0, "pm_1")
		}},
		{"SetDefaultPaymentMethod dotdot", "paymentMethodId", func(ctx context.Context, c *Client) error {
			_, err := o(c).SetDefaultPaymentMethod(ctx, 1, "../../subscription", nil)
			return err
		}},
		{"SetDefaultPaymentMethod bad target", "target", func(ctx context.Context, c *Client) error {
			_, err := o(c).SetDefaultPaymentMethod(ctx, 1, "pm_1", &SetDefaultPaymentMethodRequest{Target: "everything"})
			return err
		}},
		{"ClaimCancellationOffer zero id", "organizationId", func(ctx context.Context, c *Client) error {
			return o(c).ClaimCancellationOffer(ctx, 0)
		}},
		{"InviteUser zero org", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).InviteUser(ctx, 0, &InviteUserRequest{Email: "a@example.com", Name: "A"})
			return err
		}},
		{"InviteUser nil", "body", invite(nil)},
		{"InviteUser no email", "email", invite(&InviteUserRequest{Name: "A"})},
		{"InviteUser not an email", "email", invite(&InviteUserRequest{Email: "someone", Name: "A"})},
		{"InviteUser email with space", "email", invite(&InviteUserRequest{Email: "a b@example.com", Name: "A"})},
		{"InviteUser no name", "name", invite(&InviteUserRequest{Email: "a@example.com"})},
		{"InviteUser leading space", "name", invite(&InviteUserRequest{Email: "a@example.com", Name: " A"})},
		{"InviteUser long name", "name", invite(&InviteUserRequest{Email: "a@example.com", Name: long})},
		{"InviteUser negative role", "usersRoleId", invite(&InviteUserRequest{Email: "a@example.com", Name: "A", UsersRoleID: -1})},
		{"InviteUser zero team", "teamsId", invite(&InviteUserRequest{Email: "a@example.com", Name: "A", TeamsID: []int64{1, 0}})},
		{"ListVariables zero id", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).ListVariables(ctx, 0)
			return err
		}},
		{"CreateVariable nil", "body", createVar(nil)},
		{"CreateVariable no name", "name", createVar(&CreateVariableRequest{Value: NumberValue(1)})},
		{"CreateVariable name with dash", "name", createVar(&CreateVariableRequest{Name: "my-var", Value: NumberValue(1)})},
		{"CreateVariable name with space", "name", createVar(&CreateVariableRequest{Name: "my var", Value: NumberValue(1)})},
		{"CreateVariable name with slash", "name", createVar(&CreateVariableRequest{Name: "a/../b", Value: NumberValue(1)})},
		{"CreateVariable no value", "value", createVar(&CreateVariableRequest{Name: "v"})},
		{"CreateVariable NaN", "value", createVar(&CreateVariableRequest{Name: "v", Value: NumberValue(math.NaN())})},
		{"CreateVariable -Inf", "value", createVar(&CreateVariableRequest{Name: "v", Value: NumberValue(math.Inf(-1))})},
		{"CreateVariable zero org", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).CreateVariable(ctx, 0, &CreateVariableRequest{Name: "v", Value: NumberValue(1)})
			return err
		}},
		{"DeleteVariable empty name", "variableName", func(ctx context.Context, c *Client) error {
			return o(c).DeleteVariable(ctx, 1, "", &DeleteVariableOptions{Confirmed: true})
		}},
		{"DeleteVariable path traversal", "variableName", func(ctx context.Context, c *Client) error {
			return o(c).DeleteVariable(ctx, 1, "../invite", &DeleteVariableOptions{Confirmed: true})
		}},
		{"DeleteVariable zero org", "organizationId", func(ctx context.Context, c *Client) error {
			return o(c).DeleteVariable(ctx, 0, "v", &DeleteVariableOptions{Confirmed: true})
		}},
		{"UpdateVariable bad name", "variableName", func(ctx context.Context, c *Client) error {
			_, err := o(c).UpdateVariable(ctx, 1, "v?x=1", &UpdateVariableRequest{Value: BoolValue(true)})
			return err
		}},
		{"UpdateVariable nil", "body", func(ctx context.Context, c *Client) error {
			_, err := o(c).UpdateVariable(ctx, 1, "v", nil)
			return err
		}},
		{"UpdateVariable no value", "value", func(ctx context.Context, c *Client) error {
			_, err := o(c).UpdateVariable(ctx, 1, "v", &UpdateVariableRequest{})
			return err
		}},
		{"GetVariableHistory bad name", "variableName", func(ctx context.Context, c *Client) error {
			_, err := o(c).GetVariableHistory(ctx, 1, "a b")
			return err
		}},
		{"GetUsage zero id", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).GetUsage(ctx, 0, nil)
			return err
		}},
		{"ListFeatureControls zero id", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).ListFeatureControls(ctx, 0, nil)
			return err
		}},
		{"UpdateFeatureControl nil", "body", func(ctx context.Context, c *Client) error {
			_, err := o(c).UpdateFeatureControl(ctx, 1, nil)
			return err
		}},
		{"UpdateFeatureControl no id", "id", func(ctx context.Context, c *Client) error {
			_, err := o(c).UpdateFeatureControl(ctx, 1, &UpdateFeatureControlRequest{Enabled: true})
			return err
		}},
		{"SetTFAEnforcement zero id", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).SetTFAEnforcement(ctx, 0, true)
			return err
		}},
		{"CheckTeamPermission empty", "teamPermission", func(ctx context.Context, c *Client) error {
			_, err := o(c).CheckTeamPermission(ctx, 1, "")
			return err
		}},
		{"CheckTeamPermission zero id", "organizationId", func(ctx context.Context, c *Client) error {
			_, err := o(c).CheckTeamPermission(ctx, 0, "team view")
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			noRequests(t, mux)
			testRefused(t, tc.call(ctx(t), client), tc.field)
		})
	}
}

// TestOrganizationsService_RefusedErrorsAreNotAPIErrors checks that refused
// input is told apart from Make's answers.
func TestOrganizationsService_RefusedErrorsAreNotAPIErrors(t *testing.T) {
	client, mux := setup(t)
	noRequests(t, mux)
	err := client.Organizations.DeleteVariable(ctx(t), 1, "bad name", nil)
	var apiErr *APIError
	assert.False(t, errors.As(err, &apiErr))
	assert.NotErrorIs(t, err, ErrConfirmationRequired)
	assert.Contains(t, err.Error(), "nothing was sent")
}

// ---------------------------------------------------------------------------
// End to end against the fake, through the contract check

// fakeBehindContract starts the fake Make API behind setup's contract check
// (every request is validated against testdata/openapi.json, then forwarded)
// and returns a client for the White Label administrator of the fake's
// example data, who owns organizations 1 and 2, and a function making clients
// for other tokens.
func fakeBehindContract(t *testing.T) (*Client, *maketest.Server, func(token string) *Client) {
	t.Helper()
	srv := maketest.New(maketest.WithExampleData())
	t.Cleanup(srv.Close)
	srv.AddToken(testToken, maketest.AdminUserID, maketest.AdminScopes()...)
	target, err := url.Parse(srv.URL())
	require.NoError(t, err)
	client, mux := setup(t)
	mux.Handle("/", &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(target) }})
	clientFor := func(token string) *Client {
		c, err := NewClient("", token, WithBaseURL(client.BaseURL()), WithRetry(RetryConfig{}))
		require.NoError(t, err)
		return c
	}
	return client, srv, clientFor
}

// TestOrganizationsService_AgainstFake runs all 30 Organizations operations
// end to end against the stateful fake.
func TestOrganizationsService_AgainstFake(t *testing.T) {
	client, srv, clientFor := fakeBehindContract(t)
	ctx := ctx(t)
	orgs := client.Organizations

	// The limiter sized from the license.
	acme, err := orgs.Get(ctx, maketest.DefaultOrganizationID, &GetOrganizationOptions{Wait: true})
	require.NoError(t, err)
	perMinute, ok := acme.APILimit()
	require.True(t, ok)
	assert.Equal(t, 240, perMinute)
	require.NoError(t, client.SetRateLimit(perMinute))
	assert.Equal(t, 240, client.LimiterForTest().(*RateLimiter).Limit())
	require.NoError(t, client.SetRateLimit(0)) // off again: this test sends many requests

	// Lifecycle.
	created, err := orgs.Create(ctx, &CreateOrganizationRequest{Name: "Initech", RegionID: 1, TimezoneID: 113, CountryID: 1})
	require.NoError(t, err)
	id := created.Organization.ID
	assert.Equal(t, int64(11), created.UserOrganizationRole.UsersRoleID, "the creator owns it")
	got, err := orgs.Get(ctx, id, &GetOrganizationOptions{Wait: true, Cols: []string{"id", "name", "teams"}})
	require.NoError(t, err)
	assert.Equal(t, "Initech", got.Name)
	require.Len(t, got.Teams, 1)
	updated, err := orgs.Update(ctx, id, &UpdateOrganizationRequest{Name: "Initech (EU)", CountryID: 2})
	require.NoError(t, err)
	assert.Equal(t, "Initech (EU)", updated.Name)
	assert.Equal(t, int64(2), updated.CountryID)
	var names []string
	for o, err := range orgs.ListIter(ctx, &ListOrganizationsOptions{ListOptions: ListOptions{Limit: 1}}) {
		require.NoError(t, err)
		names = append(names, o.Name)
	}
	assert.Equal(t, []string{"Acme", "Globex", "Initech (EU)"}, names, "by name, one page at a time")
	eu, err := orgs.List(ctx, &ListOrganizationsOptions{Zone: "eu1", Cols: []string{"id", "name", "license"}})
	require.NoError(t, err)
	assert.Len(t, eu.Organizations, 2)
	deleted, err := orgs.Delete(ctx, id, nil)
	require.NoError(t, err)
	assert.Equal(t, id, deleted)
	_, err = orgs.Get(ctx, id, nil)
	assert.ErrorIs(t, err, ErrNotFound)

	// Variables keep their types and history.
	launch := time.Date(1998, 3, 6, 12, 31, 0, 0, time.UTC)
	want := map[string]VariableValue{
		"threshold": NumberValue(12.5), "greeting": StringValue("Hello"), "$enabled_1": BoolValue(true), "launch": DateValue(launch),
	}
	for name, v := range want {
		created, err := orgs.CreateVariable(ctx, 1, &CreateVariableRequest{Name: name, Value: v})
		require.NoError(t, err)
		assert.Equal(t, &OrganizationVariable{Name: name, Value: v}, created)
	}
	vars, err := orgs.ListVariables(ctx, 1)
	require.NoError(t, err)
	for _, v := range vars {
		if v.IsSystem {
			continue
		}
		assert.Equal(t, want[v.Name], v.Value, v.Name)
	}
	assert.Len(t, vars, 6, "2 system variables and ours")
	changed, err := orgs.UpdateVariable(ctx, 1, "$enabled_1", &UpdateVariableRequest{Value: StringValue("maybe")})
	require.NoError(t, err)
	assert.Equal(t, StringValue("maybe"), changed.Value)
	history, err := orgs.GetVariableHistory(ctx, 1, "$enabled_1")
	require.NoError(t, err)
	require.Len(t, history, 1)
	assert.Equal(t, true, history[0].DiffObject["originalValue"])
	assert.Equal(t, "maybe", history[0].DiffObject["newValue"])
	err = orgs.DeleteVariable(ctx, 1, "launch", nil)
	assert.ErrorIs(t, err, ErrConfirmationRequired)
	require.NoError(t, orgs.DeleteVariable(ctx, 1, "launch", &DeleteVariableOptions{Confirmed: true}))
	_, err = orgs.GetVariableHistory(ctx, 1, "launch")
	assert.ErrorIs(t, err, ErrNotFound)

	// Invitations: fetched and accepted once.
	invited, err := orgs.InviteUser(ctx, 1, &InviteUserRequest{Email: "sam@example.com", Name: "Sam", UsersRoleID: 13, TeamsID: []int64{1}})
	require.NoError(t, err)
	const samToken = "22222222-0000-4000-8000-00000000000a"
	srv.AddToken(samToken, invited.User.ID, maketest.DefaultScopes()...)
	sam := clientFor(samToken)
	mine, err := sam.Users.ListMyOrganizationInvitations(ctx)
	require.NoError(t, err)
	require.Len(t, mine, 1)
	detail, err := sam.Organizations.GetInvitation(ctx, mine[0].Hash)
	require.NoError(t, err)
	assert.Equal(t, OrganizationRef{ID: 1, Name: "Acme"}, detail.Organization)
	assert.Equal(t, Ptr("pending"), detail.UserOrganizationRole.Invitation)
	accepted, err := sam.Organizations.AcceptInvitation(ctx, mine[0].Hash)
	require.NoError(t, err)
	assert.Nil(t, accepted.UserOrganizationRole.Invitation)
	_, err = sam.Organizations.AcceptInvitation(ctx, mine[0].Hash)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotContains(t, err.Error(), mine[0].Hash.Reveal())

	// Billing.
	sub, err := orgs.GetSubscription(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "Pro", sub.Product.Name)
	_, err = orgs.SetTFAEnforcement(ctx, 1, true)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusPaymentRequired, apiErr.StatusCode)
	require.NoError(t, orgs.ChangeSubscription(ctx, 1, &ChangeSubscriptionRequest{PriceID: 40}))
	enforced, err := orgs.SetTFAEnforcement(ctx, 1, true)
	require.NoError(t, err)
	assert.True(t, enforced)
	require.NoError(t, orgs.ClaimCancellationOffer(ctx, 1))
	sub, err = orgs.GetSubscription(ctx, 1)
	require.NoError(t, err)
	require.NotNil(t, sub.Product.Coupon)
	_, err = orgs.SetFreeSubscription(ctx, 1, nil)
	assert.ErrorIs(t, err, ErrConfirmationRequired)
	free, err := orgs.SetFreeSubscription(ctx, 1, &SetFreeSubscriptionOptions{Confirmed: true})
	require.NoError(t, err)
	assert.Equal(t, int64(1001), free.CustomerID)
	_, err = orgs.SetTFAEnforcement(ctx, 1, false)
	assert.ErrorIs(t, err, ErrBadRequest)
	session, err := orgs.CreateSubscription(ctx, 1, &CreateSubscriptionRequest{PriceID: 30, CouponCode: "WELCOME10",
		Customer: &SubscriptionCustomer{Email: "billing@example.com", Name: "Acme", IsBusiness: true, CountryID: 1}})
	require.NoError(t, err)
	assert.NotEmpty(t, session.SessionID)
	assert.Contains(t, session.URL, session.SessionID.String())
	require.NoError(t, orgs.CancelSubscription(ctx, 1))
	_, err = orgs.GetSubscription(ctx, 1)
	assert.ErrorIs(t, err, ErrNotFound)

	srv.SeedPayments(1, 10)
	n := 0
	for p, err := range orgs.ListPaymentsIter(ctx, 1, &ListPaymentsOptions{ListOptions{Limit: 4}}) {
		require.NoError(t, err)
		assert.NotEmpty(t, p.ID)
		n++
	}
	assert.Equal(t, 3+2+10, n, "3 fixtures, the change and the new subscription, 10 seeded")

	types, err := orgs.ListPaymentMethodTypes(ctx, 1)
	require.NoError(t, err)
	assert.Len(t, types, 3)
	methods, err := orgs.ListPaymentMethods(ctx, 1)
	require.NoError(t, err)
	require.Len(t, methods.PaymentMethods, 2)
	def, err := orgs.SetDefaultPaymentMethod(ctx, 1, "pm_fake_sepa_3000", &SetDefaultPaymentMethodRequest{Target: PaymentMethodTargetSubscription})
	require.NoError(t, err)
	assert.True(t, def.IsDefaultForSubscription)
	_, err = orgs.SetDefaultPaymentMethod(ctx, 1, "pm_fake_sepa_3000", nil)
	assert.ErrorIs(t, err, ErrBadRequest, "a method that is not immediate cannot be the default for extras")
	require.NoError(t, orgs.DeletePaymentMethod(ctx, 1, "pm_fake_card_4242"))
	assert.ErrorIs(t, orgs.DeletePaymentMethod(ctx, 1, "pm_fake_card_4242"), ErrNotFound)

	// Usage, feature controls, permissions, apps.
	usage, err := orgs.GetUsage(ctx, 1, &GetUsageOptions{OrganizationTimezone: true})
	require.NoError(t, err)
	require.Len(t, usage, 30)
	cc, ok := usage[29].Centicredits.Int64()
	require.True(t, ok)
	assert.Equal(t, usage[29].Operations*100, cc)
	controls, err := orgs.ListFeatureControls(ctx, 1, &ListFeatureControlsOptions{FeatureControlName: "Make AI Tools"})
	require.NoError(t, err)
	require.Len(t, controls.FeatureControls, 1)
	assert.True(t, controls.FeatureControls[0].Enabled)
	state, err := orgs.UpdateFeatureControl(ctx, 1, &UpdateFeatureControlRequest{ID: controls.FeatureControls[0].ID, Enabled: false})
	require.NoError(t, err)
	assert.False(t, state.Enabled)
	can, err := orgs.CheckTeamPermission(ctx, 1, "scenario add")
	require.NoError(t, err)
	assert.True(t, can)
	apps, err := orgs.ListApps(ctx, 1)
	require.NoError(t, err)
	assert.Len(t, apps, 2)

	// A read-only token gets Make's 403, naming the scope.
	ro := clientFor(maketest.ReadOnlyToken)
	_, err = ro.Organizations.CreateVariable(ctx, 1, &CreateVariableRequest{Name: "x", Value: BoolValue(true)})
	testAPIError(t, err, "organization-variables:write")
}

// ExampleOrganization_APILimit sizes the client's rate limiter from the
// organization's license (here against the embedded fake).
func ExampleOrganization_APILimit() {
	srv := maketest.New()
	defer srv.Close()
	client, err := NewClient("", maketest.DefaultToken, WithBaseURL(srv.URL()))
	if err != nil {
		panic(err)
	}

	org, err := client.Organizations.Get(context.Background(), maketest.DefaultOrganizationID, nil)
	if err != nil {
		panic(err)
	}
	if perMinute, ok := org.APILimit(); ok {
		if err := client.SetRateLimit(perMinute); err != nil {
			panic(err)
		}
		fmt.Printf("%s: at most %d requests a minute\n", org.Name, perMinute)
	}
	// Output: Acme: at most 240 requests a minute
}
