package maketest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"time"
)

// Organizations > Custom variables.
func init() {
	handle("organizationsListVariables", orgsListVariables)
	handleJSON("organizationsCreateVariable", orgsCreateVariable)
	handle("organizationsDeleteVariable", orgsDeleteVariable)
	handleJSON("organizationsUpdateVariable", orgsUpdateVariable)
	handle("organizationsGetVariableHistory", orgsGetVariableHistory)
}

var varNameRe = regexp.MustCompile(`^[\p{L}\p{N}$_]+$`)

const varDateLayout = "2006-01-02T15:04:05.000Z"

// varValue checks a JSON value against typeId and returns it as stored.
func varValue(typeID int, raw json.RawMessage) (any, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, errInvalid("value", "is required.")
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errInvalid("value", "is not valid JSON.")
	}
	mismatch := func(want string) (any, error) {
		return nil, errInvalid("value", "must be a %s for typeId %d, got %s.", want, typeID, raw)
	}
	switch typeID {
	case varNumber:
		if _, ok := v.(float64); !ok {
			return mismatch("number")
		}
	case varString:
		if _, ok := v.(string); !ok {
			return mismatch("string")
		}
	case varBool:
		if _, ok := v.(bool); !ok {
			return mismatch("boolean")
		}
	case varDate:
		s, ok := v.(string)
		if !ok {
			return mismatch("date (YYYY-MM-DDTHH:mm:ss.sssZ)")
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return mismatch("date (YYYY-MM-DDTHH:mm:ss.sssZ)")
		}
		return t.UTC().Format(varDateLayout), nil
	default:
		return nil, errInvalid("typeId", "must be 1 (number), 2 (string), 3 (boolean) or 4 (date), got %d.", typeID)
	}
	return v, nil
}

func varObject(name string, typeID int, value any, system bool) object {
	return object{{"name", name}, {"typeId", typeID}, {"value", value}, {"isSystem", system}}
}

// varHome is an owner of custom variables, an organization or a team: both
// serve the same five operations (Organizations > Custom variables and the
// team variables of Teams) through the functions below, under their own
// envelope keys (key+"s", key, key+"History").
type varHome struct {
	what   string // "organization 1", "team 5": for messages
	key    string // organizationVariable or teamVariable
	vars   map[string]*orgVariable
	system []object      // Make's system variables of the owner
	org    *Organization // whose license decides on custom variables
}

// orgVarHome resolves {organizationId} to its variables: orgFor with the
// access.
func (c *call) orgVarHome(access orgAccess) (varHome, error) {
	o, d, err := c.orgFor(access)
	if err != nil {
		return varHome{}, err
	}
	return varHome{
		what: fmt.Sprintf("organization %d", o.ID), key: "organizationVariable", vars: d.vars, org: o,
		system: []object{varObject("organizationId", varNumber, o.ID, true), varObject("organizationName", varString, o.Name, true)},
	}, nil
}

// isSystem reports whether name is one of the owner's system variables.
func (h varHome) isSystem(name string) bool {
	for _, v := range h.system {
		if v[0].val == name {
			return true
		}
	}
	return false
}

// customVariables checks the custom variables feature (404 without it).
func (h varHome) customVariables() error {
	if !h.org.License.CustomVariables {
		return errNotFound(fmt.Sprintf("Custom variables are not available for %s (license.customVariables of organization %d is false).", h.what, h.org.ID))
	}
	return nil
}

// variable resolves {variableName} of a custom variable: 404 without the
// custom variables feature or the variable; to change one, a system
// variable's name is a 400.
func (h varHome) variable(c *call, change bool) (*orgVariable, error) {
	if err := h.customVariables(); err != nil {
		return nil, err
	}
	name := c.r.PathValue("variableName")
	if change && h.isSystem(name) {
		return nil, errBadRequest(fmt.Sprintf("Variable %q is a system variable and cannot be changed.", name))
	}
	v := h.vars[name]
	if v == nil {
		return nil, errNotFound(fmt.Sprintf("Custom variable %q not found in %s.", name, h.what))
	}
	return v, nil
}

// list: system variables first, then the custom ones by name; custom ones
// only with the custom variables feature.
func (h varHome) list() object {
	out := append([]object{}, h.system...)
	if h.org.License.CustomVariables {
		names := make([]string, 0, len(h.vars))
		for n := range h.vars {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			v := h.vars[n]
			out = append(out, varObject(v.name, v.typeID, v.value, false))
		}
	}
	return object{{h.key + "s", out}}
}

// varCreateBody is the body of a variable's creation.
type varCreateBody struct {
	Name   string          `json:"name"`
	TypeID int             `json:"typeId"`
	Value  json.RawMessage `json:"value"`
}

func (h varHome) create(c *call, body *varCreateBody) (any, error) {
	if err := h.customVariables(); err != nil {
		return nil, err
	}
	name := body.Name
	if !varNameRe.MatchString(name) {
		return nil, errInvalid("name", "may contain only letters, digits, $ and _, got %q.", name)
	}
	value, err := varValue(body.TypeID, body.Value)
	if err != nil {
		return nil, err
	}
	if h.vars[name] != nil || h.isSystem(name) {
		return nil, errInvalid("name", "%q is taken by another variable.", name)
	}
	v := &orgVariable{name: name, typeID: body.TypeID, value: value, createdID: c.st.next()}
	h.vars[name] = v
	return object{{h.key, varObject(v.name, v.typeID, v.value, false)}}, nil
}

// varUpdateBody is the body of a variable's update.
type varUpdateBody struct {
	TypeID *int            `json:"typeId"`
	Value  json.RawMessage `json:"value"`
}

// update: type and value always stay in step: a new typeId alone must fit
// the current value, a new value alone the current type.
func (h varHome) update(c *call, body *varUpdateBody) (any, error) {
	v, err := h.variable(c, true)
	if err != nil {
		return nil, err
	}
	if body.TypeID == nil && body.Value == nil {
		return nil, errBadRequest("Give typeId, value or both.")
	}
	typeID := v.typeID
	if body.TypeID != nil {
		typeID = *body.TypeID
	}
	raw := body.Value
	if raw == nil {
		raw, _ = json.Marshal(v.value)
	}
	value, err := varValue(typeID, raw)
	if err != nil {
		return nil, err
	}
	if typeID != v.typeID || value != v.value {
		v.history = append([]object{{
			{"id", c.st.next()},
			{"diffObject", object{
				{"originalValue", v.value}, {"newValue", value}, {"originalTypeId", v.typeID}, {"typeId", typeID},
				{"changed", c.s.now().UTC().Format(timeLayout)}, {"author", c.me().Name},
			}},
		}}, v.history...)
		v.typeID, v.value = typeID, value
	}
	return object{{h.key, varObject(v.name, v.typeID, v.value, false)}}, nil
}

// delete needs confirmed=true (else 406 IM004).
func (h varHome) delete(c *call) (any, error) {
	confirmed, _ := c.queryBool("confirmed")
	v, err := h.variable(c, true)
	if err != nil {
		return nil, err
	}
	if !confirmed {
		return nil, errConfirmationRequired(fmt.Sprintf("Add confirmed=true to delete the variable %q.", v.name))
	}
	delete(h.vars, v.name)
	return object{{"ok", 1}}, nil
}

// history: newest first; a variable never updated has one entry holding
// its current value.
func (h varHome) history(c *call) (any, error) {
	v, err := h.variable(c, false)
	if err != nil {
		return nil, err
	}
	out := v.history
	if len(out) == 0 {
		out = []object{{{"id", v.createdID}, {"diffObject", object{{"name", v.name}, {"typeId", v.typeID}, {"value", v.value}}}}}
	}
	return object{{h.key + "History", out}}, nil
}

// orgsListVariables: GET /organizations/{organizationId}/variables
// (organization-variables:read).
func orgsListVariables(c *call) (any, error) {
	h, err := c.orgVarHome(accessView)
	if err != nil {
		return nil, err
	}
	return h.list(), nil
}

// orgsCreateVariable: POST /organizations/{organizationId}/variables
// (organization-variables:write); Owners and Admins.
func orgsCreateVariable(c *call, body *varCreateBody) (any, error) {
	h, err := c.orgVarHome(accessManage)
	if err != nil {
		return nil, err
	}
	return h.create(c, body)
}

// orgsUpdateVariable: PATCH .../variables/{variableName}
// (organization-variables:write).
func orgsUpdateVariable(c *call, body *varUpdateBody) (any, error) {
	h, err := c.orgVarHome(accessManage)
	if err != nil {
		return nil, err
	}
	return h.update(c, body)
}

// orgsDeleteVariable: DELETE .../variables/{variableName}
// (organization-variables:write).
func orgsDeleteVariable(c *call) (any, error) {
	h, err := c.orgVarHome(accessManage)
	if err != nil {
		return nil, err
	}
	return h.delete(c)
}

// orgsGetVariableHistory: GET .../variables/{variableName}/history
// (organization-variables:read).
func orgsGetVariableHistory(c *call) (any, error) {
	h, err := c.orgVarHome(accessView)
	if err != nil {
		return nil, err
	}
	return h.history(c)
}

// SetVariable stores a custom variable of an organization, replacing one of
// the same name: value is a number (any integer or float type), a string, a
// bool or a time.Time (a date variable). It panics if the organization does
// not exist or value has another type.
func (s *Server) SetVariable(orgID int64, name string, value any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.orgs[orgID]
	if o == nil {
		panic(fmt.Sprintf("maketest: SetVariable: no organization %d", orgID))
	}
	s.st.storeVariable("SetVariable", s.st.orgData(o).vars, name, value)
}

// Variable returns the value of an organization's custom variable as the
// API encodes it: a float64, a string, a bool, or a date as a string in
// Make's format (2024-01-31T09:00:00.000Z).
func (s *Server) Variable(orgID int64, name string) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.orgs[orgID]
	if o == nil {
		return nil, false
	}
	return variableValue(s.st.orgData(o).vars, name)
}

// SetTeamVariable stores a custom variable of a team, as SetVariable does
// for an organization. It panics if the team does not exist or value has
// another type.
func (s *Server) SetTeamVariable(teamID int64, name string, value any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.teams[teamID] == nil {
		panic(fmt.Sprintf("maketest: SetTeamVariable: no team %d", teamID))
	}
	s.st.storeVariable("SetTeamVariable", s.st.teamVarsOf(teamID), name, value)
}

// TeamVariable returns the value of a team's custom variable as the API
// encodes it (see Variable).
func (s *Server) TeamVariable(teamID int64, name string) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return variableValue(s.st.teamVars[teamID], name)
}

// storeVariable stores a custom variable given as a Go value (see
// SetVariable); fn names the caller in a panic.
func (st *state) storeVariable(fn string, vars map[string]*orgVariable, name string, value any) {
	typeID := varNumber
	switch v := value.(type) {
	case string:
		typeID = varString
	case bool:
		typeID = varBool
	case time.Time:
		typeID, value = varDate, v.UTC().Format(time.RFC3339Nano)
	}
	raw, _ := json.Marshal(value)
	stored, err := varValue(typeID, raw)
	if err != nil {
		panic(fmt.Sprintf("maketest: %s %q: a %T is no variable value", fn, name, value))
	}
	vars[name] = &orgVariable{name: name, typeID: typeID, value: stored, createdID: st.next()}
}

// variableValue returns the stored value of a variable.
func variableValue(vars map[string]*orgVariable, name string) (any, bool) {
	v := vars[name]
	if v == nil {
		return nil, false
	}
	return v.value, true
}
