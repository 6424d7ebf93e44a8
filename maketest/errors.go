package maketest

// The one error writer: every error the fake answers is an *apiError written
// by writeError (or encoded by runOp) as Make's JSON error body.

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// ErrorBody is the JSON body of every error answered by the fake, as Make
// documents it: {"message", "code", "detail", "suberrors"}.
type ErrorBody struct {
	Message   string     `json:"message"`
	Code      string     `json:"code"`
	Detail    string     `json:"detail,omitempty"`
	Suberrors []Suberror `json:"suberrors,omitempty"`
}

// Suberror is one entry of ErrorBody.Suberrors.
type Suberror struct {
	Message string `json:"message"`
	Code    string `json:"code,omitempty"`
}

// MakeErrorBody returns a Make-style JSON error body, handy for Fault.Body.
func MakeErrorBody(message, code, detail string) string {
	b, _ := json.Marshal(ErrorBody{Message: message, Code: code, Detail: detail})
	return string(b)
}

// apiError is an error answered with an HTTP status and a Make error body.
type apiError struct {
	status int
	header http.Header
	body   ErrorBody
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s (%s)", e.status, e.body.Code, e.body.Message, e.body.Detail)
}

// encode is the JSON body of the error.
func (e *apiError) encode() []byte {
	b, _ := json.Marshal(e.body)
	return b
}

func newError(status int, code, message, detail string) *apiError {
	return &apiError{status: status, body: ErrorBody{Message: message, Code: code, Detail: detail}}
}

// errInvalid is a 400 IM005 naming the offending parameter in its detail.
func errInvalid(param, format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, CodeInvalidParams, "Invalid input parameters",
		fmt.Sprintf("Parameter '%s' %s", param, fmt.Sprintf(format, args...)))
}

// errBadRequest is a 400 IM005 with a free detail.
func errBadRequest(detail string) *apiError {
	return newError(http.StatusBadRequest, CodeInvalidParams, "Invalid input parameters", detail)
}

func errUnauthorized(detail string) *apiError {
	return newError(http.StatusUnauthorized, CodeInvalidCredentials, "Invalid credentials.", detail)
}

// errWrongPassword is the 400 answered when a current password does not match.
func errWrongPassword(param string) *apiError {
	return newError(http.StatusBadRequest, CodeInvalidCredentials, "Invalid credentials.",
		fmt.Sprintf("Parameter '%s' does not match the user's current password.", param))
}

// errForbidden is Make's documented 403 body.
func errForbidden() *apiError {
	return newError(http.StatusForbidden, CodeForbidden, "Permission denied", "Access denied.")
}

// errMissingScope is Make's 403 for a token without a scope the operation
// needs; the detail names the scope.
func errMissingScope(scope string) *apiError {
	return newError(http.StatusForbidden, CodeForbidden, "Permission denied",
		fmt.Sprintf("Access denied. The token lacks the scope %s.", scope))
}

// errNotImplemented answers an operation of the catalogue that has no
// handler yet.
func errNotImplemented(op *operation) *apiError {
	return newError(http.StatusNotImplemented, CodeNotImplemented, "Not implemented",
		fmt.Sprintf("maketest does not implement %s (%s %s) yet.", op.id, op.method, op.path))
}

func errNotFound(detail string) *apiError {
	return newError(http.StatusNotFound, CodeNotFound, "Not found", detail)
}

// errConfirmationRequired is the 406 IM004 for operations needing confirmed=true.
func errConfirmationRequired(detail string) *apiError {
	return newError(http.StatusNotAcceptable, CodeConfirmationRequired, "Confirmation required", detail)
}

// writeError writes e with its headers.
func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, e.header, e.encode())
}

// writeJSON writes every answer of the fake but the faults: status, the
// headers, and a JSON payload, in the shape of production (writeShaped).
func writeJSON(w http.ResponseWriter, status int, header http.Header, payload []byte) {
	for k, vs := range header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	writeShaped(w, status, payload)
}
