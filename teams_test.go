package make_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allColsTeam is the docs' all-cols sample of List teams: counters as
// numeric strings.
const allColsTeam = `{"id":5,"name":"My Team","organizationId":5,"operations":"2015","transfer":"27914902","operationsLimit":10000,
	"transferLimit":"100","consumedOperations":10,"consumedTransfer":"100","isPaused":false}`

func TestTeamsService_List(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/teams", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"organizationId": {"5"}, "cols[]": {"id", "name", "operations", "transfer"},
			"includePrivateSpaces": {"true"}, "pg[limit]": {"10"}, "pg[sortBy]": {"name"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"teams":[`+allColsTeam+`],"pg":{"sortBy":"name","sortDir":"asc","limit":10,"offset":0}}`)
	})
	opts := &ListTeamsOptions{Cols: []string{"id", "name", "operations", "transfer"}, IncludePrivateSpaces: true,
		ListOptions: ListOptions{Limit: 10, SortBy: "name"}}
	got, err := client.Teams.List(ctx(t), 5, opts)
	require.NoError(t, err)
	assert.Equal(t, &TeamList{
		Teams: []Team{{ID: 5, Name: "My Team", OrganizationID: 5, Operations: NewNumericString("2015"),
			Transfer: NewNumericString("27914902"), OperationsLimit: 10000, TransferLimit: NewNumericString("100"),
			ConsumedOperations: 10, ConsumedTransfer: NewNumericString("100")}},
		Pg: Pagination{SortBy: "name", SortDir: SortAsc, Limit: 10},
	}, got)
	ops, ok := got.Teams[0].Operations.Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(2015), ops)
}

// TestTeam_CountersInEitherForm: the counters Make sends as numbers or
// numeric strings decode in both forms and encode back as they came.
func TestTeam_CountersInEitherForm(t *testing.T) {
	client, mux := setup(t)
	body := `{"team":{"id":7,"name":"Ops","organizationId":1,"operations":2015,"transfer":"0","transferLimit":536870,
		"consumedTransfer":100,"consumedCenticredits":"250","centicredits":"12.5","activeScenarios":3,"activeApps":1,
		"type":"personal","scenarioDrafts":true}}`
	mux.HandleFunc("GET /teams/7", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
	got, err := client.Teams.Get(ctx(t), 7, nil)
	require.NoError(t, err)
	assert.Equal(t, &Team{ID: 7, Name: "Ops", OrganizationID: 1, Type: TeamPersonal, ActiveScenarios: 3, ActiveApps: 1,
		Operations: NewNumber(2015), Transfer: NewNumericString("0"), TransferLimit: NewNumber(536870),
		ConsumedTransfer: NewNumber(100), ConsumedCenticredits: NewNumericString("250"), Centicredits: NewNumericString("12.5"),
		ScenarioDrafts: true}, got)
	f, ok := got.Centicredits.Float64()
	assert.True(t, ok)
	assert.Equal(t, 12.5, f)
	assert.JSONEq(t, `{"id":7,"name":"Ops","organizationId":1,"type":"personal","activeScenarios":3,"activeApps":1,
		"operations":2015,"transfer":"0","transferLimit":536870,"consumedTransfer":100,"consumedCenticredits":"250",
		"centicredits":"12.5","scenarioDrafts":true}`, mustJSON(t, got))
}

// TestTeamsService_ListIter asks for the largest documented page (10000)
// and moves pg[offset] on; the organization ID goes with every page.
func TestTeamsService_ListIter(t *testing.T) {
	client, mux := setup(t)
	var offsets []string
	mux.HandleFunc("GET /teams", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		assert.Equal(t, "1", q.Get("organizationId"))
		offsets = append(offsets, q.Get("pg[offset]"))
		if q.Get("pg[limit]") != "2" {
			assert.Equal(t, "10000", q.Get("pg[limit]"))
			writeJSON(w, 200, `{"teams":[{"id":1,"name":"A"}],"pg":{"limit":10000}}`)
			return
		}
		switch q.Get("pg[offset]") {
		case "":
			writeJSON(w, 200, `{"teams":[{"id":1},{"id":2}],"pg":{"limit":2}}`)
		case "2":
			writeJSON(w, 200, `{"teams":[{"id":3}],"pg":{"limit":2,"offset":2}}`)
		}
	})
	opts := &ListTeamsOptions{ListOptions: ListOptions{Limit: 2}}
	got, err := drain(client.Teams.ListIter(ctx(t), 1, opts))
	require.NoError(t, err)
	assert.Equal(t, []Team{{ID: 1}, {ID: 2}, {ID: 3}}, got)
	assert.Equal(t, []string{"", "2"}, offsets)
	assert.Equal(t, 0, opts.Offset, "the caller's options are not changed")

	got, err = drain(client.Teams.ListIter(ctx(t), 1, nil))
	require.NoError(t, err)
	assert.Equal(t, []Team{{ID: 1, Name: "A"}}, got)
}

func TestTeamsService_Create(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/teams", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"name":"New Team","organizationId":1,"operationsLimit":0,"transferLimit":536870}`)
		writeJSON(w, 200, `{"team":{"id":26,"name":"New Team","organizationId":1,"operationsLimit":0,"transferLimit":"536870"},
			"userTeamRole":{"usersRoleId":1,"userId":1,"teamId":26,"changeable":false}}`)
	})
	got, err := client.Teams.Create(ctx(t), &CreateTeamRequest{Name: "New Team", OrganizationID: 1,
		OperationsLimit: Ptr(int64(0)), TransferLimit: Ptr(int64(536870))})
	require.NoError(t, err)
	assert.Equal(t, &CreatedTeam{
		Team:         Team{ID: 26, Name: "New Team", OrganizationID: 1, TransferLimit: NewNumericString("536870")},
		UserTeamRole: &UserTeamRole{UsersRoleID: 1, UserID: 1, TeamID: 26},
	}, got)
}

func TestTeamsService_Get(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/teams/1", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"cols[]": {"id", "name", "scenarioDrafts"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"team":{"id":1,"name":"Team 1","organizationId":1,"scenarioDrafts":false}}`)
	})
	got, err := client.Teams.Get(ctx(t), 1, &GetTeamOptions{Cols: []string{"id", "name", "scenarioDrafts"}})
	require.NoError(t, err)
	assert.Equal(t, &Team{ID: 1, Name: "Team 1", OrganizationID: 1}, got)
}

func TestTeamsService_Delete(t *testing.T) {
	// Make's published spec answers the ID as a number; one of its SDKs
	// declares a string: both give the ID.
	for _, answer := range []string{`{"team":12}`, `{"team":"12"}`} {
		t.Run(answer, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/teams/12", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodDelete)
				testQuery(t, r, url.Values{"confirmed": {"true"}})
				testNoBody(t, r)
				writeJSON(w, 200, answer)
			})
			id, err := client.Teams.Delete(ctx(t), 12, &DeleteTeamOptions{Confirmed: true})
			require.NoError(t, err)
			assert.Equal(t, int64(12), id)
		})
	}
}

func TestTeamsService_Delete_BadAnswer(t *testing.T) {
	for _, answer := range []string{`{"team":null}`, `{}`, `{"team":"twelve"}`} {
		t.Run(answer, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("DELETE /teams/12", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, answer) })
			id, err := client.Teams.Delete(ctx(t), 12, &DeleteTeamOptions{Confirmed: true})
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, 200, de.StatusCode)
			assert.Zero(t, id)
		})
	}
}

func TestTeamsService_Delete_NotConfirmed(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("DELETE /teams/12", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, nil)
		writeJSON(w, http.StatusNotAcceptable, `{"message":"Confirmation required","code":"IM004","detail":"Add confirmed=true."}`)
	})
	_, err := client.Teams.Delete(ctx(t), 12, nil)
	require.ErrorIs(t, err, ErrConfirmationRequired)
	assert.Contains(t, err.Error(), "Confirmed: true")
}

func TestTeamsService_ListVariables(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/teams/5/variables", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		testNoBody(t, r)
		writeJSON(w, 200, `{"teamVariables":[{"name":"teamId","typeId":1,"value":5,"isSystem":true},
			{"name":"launch","typeId":4,"value":"1998-03-06T12:31:00.000Z","isSystem":false}]}`)
	})
	got, err := client.Teams.ListVariables(ctx(t), 5)
	require.NoError(t, err)
	assert.Equal(t, []OrganizationVariable{
		{Name: "teamId", Value: NumberValue(5), IsSystem: true},
		{Name: "launch", Value: DateValue(time.Date(1998, 3, 6, 12, 31, 0, 0, time.UTC))},
	}, got)
}

// TestTeamsService_ListVariables_TypeMismatch: the typed values are the
// organization variables' own, with their strict check and its path.
func TestTeamsService_ListVariables_TypeMismatch(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /teams/5/variables", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"teamVariables":[{"name":"ok","typeId":2,"value":"x"},{"name":"flag","typeId":3,"value":"yes"}]}`)
	})
	_, err := client.Teams.ListVariables(ctx(t), 5)
	require.ErrorIs(t, err, ErrUnexpectedType)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "teamVariables[1]", de.Path)
	assert.Contains(t, err.Error(), `variable "flag"`)
}

func TestTeamsService_CreateVariable(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/teams/5/variables", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"name":"region","typeId":2,"value":"emea"}`)
		writeJSON(w, 200, `{"teamVariable":{"name":"region","typeId":2,"value":"emea","isSystem":false}}`)
	})
	got, err := client.Teams.CreateVariable(ctx(t), 5, &CreateVariableRequest{Name: "region", Value: StringValue("emea")})
	require.NoError(t, err)
	assert.Equal(t, &OrganizationVariable{Name: "region", Value: StringValue("emea")}, got)
}

// TestTeamsService_CreateVariable_MissingEnvelope: an answer under the
// organization's key is not a team variable.
func TestTeamsService_CreateVariable_MissingEnvelope(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("POST /teams/5/variables", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"organizationVariable":{"name":"region","typeId":2,"value":"emea","isSystem":false}}`)
	})
	got, err := client.Teams.CreateVariable(ctx(t), 5, &CreateVariableRequest{Name: "region", Value: StringValue("emea")})
	assert.Nil(t, got)
	require.ErrorIs(t, err, ErrMissingEnvelope)
	assert.Contains(t, err.Error(), "teamVariable")
}

func TestTeamsService_UpdateVariable(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/teams/5/variables/{name}", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		testQuery(t, r, nil)
		assert.Equal(t, "/teams/5/variables/%C4%8Das_$1", r.URL.EscapedPath(), "the name is path-escaped")
		testJSONBody(t, r, `{"typeId":1,"value":12.5}`)
		writeJSON(w, 200, `{"teamVariable":{"name":"čas_$1","typeId":1,"value":12.5,"isSystem":false}}`)
	})
	got, err := client.Teams.UpdateVariable(ctx(t), 5, "čas_$1", &UpdateVariableRequest{Value: NumberValue(12.5)})
	require.NoError(t, err)
	assert.Equal(t, &OrganizationVariable{Name: "čas_$1", Value: NumberValue(12.5)}, got)
}

func TestTeamsService_DeleteVariable(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/teams/5/variables/region", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testQuery(t, r, url.Values{"confirmed": {"true"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"ok":1}`)
	})
	require.NoError(t, client.Teams.DeleteVariable(ctx(t), 5, "region", &DeleteVariableOptions{Confirmed: true}))
}

func TestTeamsService_GetVariableHistory(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/teams/5/variables/region/history", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		testNoBody(t, r)
		writeJSON(w, 200, `{"teamVariableHistory":[{"id":1002,"diffObject":{"originalValue":"emea","newValue":"apac","author":"Jane Doe"}}]}`)
	})
	got, err := client.Teams.GetVariableHistory(ctx(t), 5, "region")
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, int64(1002), got[0].ID)
	assert.Equal(t, map[string]any{"originalValue": "emea", "newValue": "apac", "author": "Jane Doe"}, got[0].DiffObject)
}

func TestTeamsService_GetUsage(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/teams/5/usage", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"organizationTimezone": {"true"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"data":[{"date":"2024-03-01","operations":120,"dataTransfer":20480,"centicredits":1200}]}`)
	})
	got, err := client.Teams.GetUsage(ctx(t), 5, &GetUsageOptions{OrganizationTimezone: true})
	require.NoError(t, err)
	assert.Equal(t, []UsageDay{{Date: "2024-03-01", Operations: 120, DataTransfer: 20480, Centicredits: NewNumber(1200)}}, got)
}

func TestTeamsService_ListUserRoles(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/teams/5/user-team-roles", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"cols[]": {"userId", "usersRoleId"}, "pg[offset]": {"1"}, "pg[limit]": {"2"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"userTeamRoles":[{"usersRoleId":3,"userId":7,"teamId":5,"changeable":true,"ssoPending":false}]}`)
	})
	got, err := client.Teams.ListUserRoles(ctx(t), 5, &ListTeamUserRolesOptions{Cols: []string{"userId", "usersRoleId"},
		ListOptions: ListOptions{Offset: 1, Limit: 2}})
	require.NoError(t, err)
	assert.Equal(t, []UserTeamRole{{UsersRoleID: 3, UserID: 7, TeamID: 5, Changeable: true}}, got)
}

// TestTeamsService_ListUserRolesIter: Make's answer has no "pg": the
// iterator pages by its own limit, stops at the first short page, and stops
// with ErrPageRepeated when the server ignores pg[offset].
func TestTeamsService_ListUserRolesIter(t *testing.T) {
	client, mux := setup(t)
	var offsets []string
	mux.HandleFunc("GET /teams/5/user-team-roles", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		offsets = append(offsets, q.Get("pg[offset]"))
		limit, _ := strconv.Atoi(q.Get("pg[limit]"))
		offset, _ := strconv.Atoi(q.Get("pg[offset]"))
		var roles string
		for id := offset + 1; id <= min(offset+limit, 5); id++ {
			if roles != "" {
				roles += ","
			}
			roles += fmt.Sprintf(`{"usersRoleId":3,"userId":%d,"teamId":5}`, id)
		}
		writeJSON(w, 200, `{"userTeamRoles":[`+roles+`]}`)
	})
	got, err := drain(client.Teams.ListUserRolesIter(ctx(t), 5, &ListTeamUserRolesOptions{ListOptions: ListOptions{Limit: 2}}))
	require.NoError(t, err)
	require.Len(t, got, 5)
	assert.Equal(t, int64(5), got[4].UserID)
	assert.Equal(t, []string{"", "2", "4"}, offsets)

	offsets = nil
	got, err = drain(client.Teams.ListUserRolesIter(ctx(t), 5, nil))
	require.NoError(t, err)
	assert.Len(t, got, 5)
	assert.Equal(t, []string{""}, offsets, "one page of the default size (100)")

	mux.HandleFunc("GET /teams/6/user-team-roles", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"userTeamRoles":[{"usersRoleId":3,"userId":1,"teamId":6},{"usersRoleId":3,"userId":2,"teamId":6}]}`)
	})
	got, err = drain(client.Teams.ListUserRolesIter(ctx(t), 6, &ListTeamUserRolesOptions{ListOptions: ListOptions{Limit: 2}}))
	require.ErrorIs(t, err, ErrPageRepeated)
	assert.Len(t, got, 2)
}

func TestTeamsService_GetUserRole(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/teams/5/user-team-roles/7", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"cols[]": {"usersRoleId"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"userTeamRole":{"usersRoleId":4,"userId":7,"teamId":5,"changeable":true}}`)
	})
	got, err := client.Teams.GetUserRole(ctx(t), 5, 7, &GetTeamUserRoleOptions{Cols: []string{"usersRoleId"}})
	require.NoError(t, err)
	assert.Equal(t, &UserTeamRole{UsersRoleID: 4, UserID: 7, TeamID: 5, Changeable: true}, got)
}

func TestAdminService_ListTeams(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/teams", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, url.Values{"organizationId": {"1"}, "externalId": {"crm-7"}, "pg[sortBy]": {"name"}, "pg[sortDir]": {"desc"}})
		testNoBody(t, r)
		writeJSON(w, 200, `{"teams":[{"id":22,"name":"Sales","organizationId":22,"scenarioDrafts":false,"deleted":true,"externalId":"crm-7"},
			{"id":20,"name":"Ops","organizationId":20,"scenarioDrafts":true,"deleted":false,"externalId":null}],
			"pg":{"sortBy":"name","sortDir":"desc","limit":10000,"offset":0}}`)
	})
	got, err := client.Admin.ListTeams(ctx(t), &AdminListTeamsOptions{OrganizationID: 1, ExternalID: "crm-7",
		ListOptions: ListOptions{SortBy: "name", SortDir: SortDesc}})
	require.NoError(t, err)
	assert.Equal(t, &TeamList{
		Teams: []Team{
			{ID: 22, Name: "Sales", OrganizationID: 22, Deleted: true, ExternalID: Ptr("crm-7")},
			{ID: 20, Name: "Ops", OrganizationID: 20, ScenarioDrafts: true},
		},
		Pg: Pagination{SortBy: "name", SortDir: SortDesc, Limit: 10000},
	}, got)
}

func TestAdminService_ListTeamsIter(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /admin/teams", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "10000", r.URL.Query().Get("pg[limit]"), "the largest documented page")
		writeJSON(w, 200, `{"teams":[{"id":1},{"id":2}],"pg":{"limit":10000}}`)
	})
	got, err := drain(client.Admin.ListTeamsIter(ctx(t), nil))
	require.NoError(t, err)
	assert.Equal(t, []Team{{ID: 1}, {ID: 2}}, got)
}

func TestAdminService_CreateTeam(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/teams", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"name":"Support","organizationId":1,"userTeamAdmin":3}`)
		writeJSON(w, 200, `{"team":{"id":9,"name":"Support","organizationId":1,"deleted":false,"externalId":null},
			"userTeamRole":{"usersRoleId":1,"userId":3,"teamId":9,"changeable":true}}`)
	})
	got, err := client.Admin.CreateTeam(ctx(t), &AdminCreateTeamRequest{Name: "Support", OrganizationID: 1, UserTeamAdmin: 3})
	require.NoError(t, err)
	assert.Equal(t, &CreatedTeam{Team: Team{ID: 9, Name: "Support", OrganizationID: 1},
		UserTeamRole: &UserTeamRole{UsersRoleID: 1, UserID: 3, TeamID: 9, Changeable: true}}, got)
}

func TestAdminService_DeleteTeam(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/admin/teams/9", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testQuery(t, r, nil)
		testNoBody(t, r)
		writeJSON(w, 200, `{"team":9}`)
	})
	id, err := client.Admin.DeleteTeam(ctx(t), 9)
	require.NoError(t, err)
	assert.Equal(t, int64(9), id)
}
