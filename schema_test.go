package make_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// schemaTypes are the Go types of the catalogue's response schemas.
var schemaTypes = map[string]reflect.Type{
	"Pagination":                       reflect.TypeFor[Pagination](),
	"PrivateSpace":                     reflect.TypeFor[PrivateSpace](),
	"UserOrganizationRole":             reflect.TypeFor[UserOrganizationRole](),
	"UserTeamRole":                     reflect.TypeFor[UserTeamRole](),
	"User":                             reflect.TypeFor[User](),
	"PermissionUser":                   reflect.TypeFor[PermissionUser](),
	"MembershipPromise":                reflect.TypeFor[MembershipPromise](),
	"Authorization":                    reflect.TypeFor[Authorization](),
	"UserOrganizationInvitation":       reflect.TypeFor[UserOrganizationInvitation](),
	"OrganizationLicense":              reflect.TypeFor[OrganizationLicense](),
	"TeamRef":                          reflect.TypeFor[TeamRef](),
	"OrganizationPrivateSpace":         reflect.TypeFor[OrganizationPrivateSpace](),
	"Organization":                     reflect.TypeFor[Organization](),
	"InstalledApp":                     reflect.TypeFor[InstalledApp](),
	"Payment":                          reflect.TypeFor[Payment](),
	"SubscriptionCustomer":             reflect.TypeFor[SubscriptionCustomer](),
	"ActiveSubscription":               reflect.TypeFor[ActiveSubscription](),
	"PaymentMethodType":                reflect.TypeFor[PaymentMethodType](),
	"PaymentMethod":                    reflect.TypeFor[PaymentMethod](),
	"OrganizationVariableHistoryEntry": reflect.TypeFor[OrganizationVariableHistoryEntry](),
	"UsageDay":                         reflect.TypeFor[UsageDay](),
	"FeatureControl":                   reflect.TypeFor[FeatureControl](),
	"AdminUser":                        reflect.TypeFor[AdminUser](),
	"AdminRole":                        reflect.TypeFor[AdminRole](),
	"Team":                             reflect.TypeFor[Team](),
}

// operationTypes are the Go types of the 200 responses whose schema is not a
// single component (flat results and envelopes with siblings).
var operationTypes = map[string]reflect.Type{
	"usersList":                            reflect.TypeFor[UserList](),
	"usersUpdateEmail":                     reflect.TypeFor[EmailChange](),
	"organizationsList":                    reflect.TypeFor[OrganizationList](),
	"organizationsCreate":                  reflect.TypeFor[CreatedOrganization](),
	"organizationsGetInvitation":           reflect.TypeFor[InvitationDetail](),
	"organizationsAcceptInvitation":        reflect.TypeFor[OrganizationMembership](),
	"organizationsInviteUser":              reflect.TypeFor[OrganizationMembership](),
	"organizationsListPayments":            reflect.TypeFor[PaymentList](),
	"organizationsGetSubscription":         reflect.TypeFor[ActiveSubscription](),
	"organizationsCreateSubscription":      reflect.TypeFor[CheckoutSession](),
	"organizationsSetFreeSubscription":     reflect.TypeFor[FreeSubscription](),
	"organizationsListPaymentMethods":      reflect.TypeFor[PaymentMethodList](),
	"organizationsSetDefaultPaymentMethod": reflect.TypeFor[DefaultPaymentMethod](),
	"organizationsListFeatureControls":     reflect.TypeFor[FeatureControlList](),
	"adminUsersListDetails":                reflect.TypeFor[AdminUserList](),
	"teamsList":                            reflect.TypeFor[TeamList](),
	"teamsCreate":                          reflect.TypeFor[CreatedTeam](),
	"adminTeamsList":                       reflect.TypeFor[TeamList](),
	"adminTeamsCreate":                     reflect.TypeFor[CreatedTeam](),
	"adminUsersList":                       reflect.TypeFor[AdminUserList](),
}

// TestSchemas_NothingDocumentedIsDropped checks every property of the
// catalogue's response schemas (components and the flat results above,
// nested objects included) against the JSON keys of its Go type: a
// documented field the Go type lacks would be dropped on decoding.
// OrganizationVariable encodes its keys itself and is checked by its
// encoding.
func TestSchemas_NothingDocumentedIsDropped(t *testing.T) {
	var spec struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]*schema `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(fixture(t, "openapi.json"), &spec))
	resolve := func(s *schema) *schema {
		for s != nil && s.Ref != "" {
			s = spec.Components.Schemas[s.Ref[strings.LastIndex(s.Ref, "/")+1:]]
		}
		return s
	}
	var check func(path string, s *schema, typ reflect.Type)
	check = func(path string, s *schema, typ reflect.Type) {
		s = resolve(s)
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if s == nil {
			return
		}
		if s.Items != nil {
			check(path+"[]", s.Items, typ)
			return
		}
		if len(s.Properties) == 0 || typ.Kind() != reflect.Struct {
			return
		}
		fields := JSONFields(typ)
		for key, prop := range s.Properties {
			f, ok := fields[key]
			if !ok && prop.AliasOf != "" {
				f, ok = fields[prop.AliasOf]
			}
			if assert.True(t, ok, "%s.%s is documented, but %s has no field for it", path, key, typ) {
				check(path+"."+key, prop, f)
			}
		}
	}
	for name, typ := range schemaTypes {
		s, ok := spec.Components.Schemas[name]
		require.True(t, ok, name)
		check(name, s, typ)
	}
	for id, typ := range operationTypes {
		var found bool
		for _, ops := range spec.Paths {
			for _, raw := range ops {
				var op struct {
					ID        string `json:"operationId"`
					Responses map[string]struct {
						Content map[string]struct {
							Schema *schema `json:"schema"`
						} `json:"content"`
					} `json:"responses"`
				}
				if json.Unmarshal(raw, &op) != nil || op.ID != id {
					continue
				}
				found = true
				check(id, op.Responses["200"].Content["application/json"].Schema, typ)
			}
		}
		assert.True(t, found, id)
	}

	v := spec.Components.Schemas["OrganizationVariable"]
	var keys map[string]any
	require.NoError(t, json.Unmarshal([]byte(mustJSON(t, OrganizationVariable{Name: "n", Value: BoolValue(true)})), &keys))
	for key := range v.Properties {
		assert.Contains(t, keys, key, "OrganizationVariable.%s", key)
	}
}

// schema is the part of an OpenAPI schema the check reads.
type schema struct {
	Ref        string             `json:"$ref"`
	Properties map[string]*schema `json:"properties"`
	Items      *schema            `json:"items"`
	AliasOf    string             `json:"x-alias-of"`
}
