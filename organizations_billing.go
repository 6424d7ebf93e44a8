package make

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// ---------------------------------------------------------------------------
// Payments, subscriptions and payment methods

// Payment is a past payment of an organization.
type Payment struct {
	ID               string         `json:"id"`
	InvoiceNumber    int64          `json:"invoice_number,omitempty"`
	Created          string         `json:"created,omitempty"`
	TypeName         string         `json:"type_name,omitempty"`
	StatusName       string         `json:"status_name,omitempty"`
	ProductName      map[string]any `json:"product_name,omitempty"` // an object, as documented
	PaymentMethod    map[string]any `json:"payment_method,omitempty"`
	AmountTotal      float64        `json:"amount_total,omitempty"`
	CurrencyCode     string         `json:"currency_code,omitempty"`
	InvoiceURL       string         `json:"invoice_url,omitempty"`
	HostedInvoiceURL string         `json:"hosted_invoice_url,omitempty"`
	PeriodFrom       string         `json:"period_from,omitempty"`
	PeriodTo         string         `json:"period_to,omitempty"`
}

// PaymentList is one page of past payments.
type PaymentList struct {
	Payments []Payment  `json:"payments"`
	Pg       Pagination `json:"pg,omitempty" make:"optional"`
}

func (l *PaymentList) pageItems() ([]Payment, Pagination) { return l.Payments, l.Pg }

// ListPaymentsOptions are the query parameters of Get list of past payments.
type ListPaymentsOptions struct {
	ListOptions
}

// ListPayments returns one page of the organization's past payments. opts
// may be nil.
//
// Make API: GET /organizations/{organizationId}/payments (scope organizations:read)
func (s *OrganizationsService) ListPayments(ctx context.Context, organizationID int64, opts *ListPaymentsOptions) (*PaymentList, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	if opts != nil {
		if err := opts.ListOptions.validate(); err != nil {
			return nil, err
		}
	}
	var out PaymentList
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "payments"), "organizations:read", opts, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListPaymentsIter ranges over all past payments ListPayments returns, page
// by page, fetching lazily. It does not change opts. An error is yielded
// once, and ends the iteration.
//
// Make API: GET /organizations/{organizationId}/payments (scope organizations:read)
func (s *OrganizationsService) ListPaymentsIter(ctx context.Context, organizationID int64, opts *ListPaymentsOptions) iter.Seq2[Payment, error] {
	return listIter[Payment](ctx, opts, func(ctx context.Context, o *ListPaymentsOptions) (*PaymentList, error) {
		return s.ListPayments(ctx, organizationID, o)
	})
}

// ActiveSubscription is the organization's active subscription.
type ActiveSubscription struct {
	Product *SubscriptionProduct `json:"product"`
}

// SubscriptionProduct is the product (plan) of a subscription.
type SubscriptionProduct struct {
	ID       int64               `json:"id"`
	Name     string              `json:"name,omitempty"`
	NextBill string              `json:"nextBill,omitempty"`
	Price    *SubscriptionPrice  `json:"price,omitempty"`
	Coupon   *SubscriptionCoupon `json:"coupon,omitempty"`
}

// SubscriptionPrice is the price of a subscription's product.
type SubscriptionPrice struct {
	ID           int64   `json:"id"`
	Price        float64 `json:"price"`
	CurrencyCode string  `json:"currencyCode,omitempty"`
	Period       string  `json:"period,omitempty"`
}

// SubscriptionCoupon is a coupon applied to a subscription.
type SubscriptionCoupon struct {
	ValidFrom    string  `json:"validFrom,omitempty"`
	ValidTo      string  `json:"validTo,omitempty"`
	Price        float64 `json:"price,omitempty"`
	CurrencyCode string  `json:"currencyCode,omitempty"`
	ProductID    int64   `json:"productId,omitempty"`
	ProductName  string  `json:"productName,omitempty"`
}

// GetSubscription returns the organization's active subscription.
//
// Make API: GET /organizations/{organizationId}/subscription (scope organizations:read)
func (s *OrganizationsService) GetSubscription(ctx context.Context, organizationID int64) (*ActiveSubscription, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out ActiveSubscription
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "subscription"), "organizations:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SubscriptionCustomer is the billing customer of a subscription. Email,
// Name, IsBusiness and CountryID are required.
type SubscriptionCustomer struct {
	Email       string `json:"email"`
	Name        string `json:"name"`
	IsBusiness  bool   `json:"isBusiness"`
	CompanyName string `json:"companyName,omitempty"`
	TaxID       string `json:"taxId,omitempty"`
	CountryID   int64  `json:"countryId"`
	City        string `json:"city,omitempty"`
	Line1       string `json:"line1,omitempty"`
	Line2       string `json:"line2,omitempty"`
	PostalCode  string `json:"postalCode,omitempty"`
	State       string `json:"state,omitempty"`
}

func (c *SubscriptionCustomer) validate() error {
	if c == nil {
		return nil
	}
	return firstError(
		checkRequired("customer.email", c.Email),
		checkRequired("customer.name", c.Name),
		checkID("customer.countryId", c.CountryID),
	)
}

// CreateSubscriptionRequest is the body of Create a new subscription.
type CreateSubscriptionRequest struct {
	PriceID    int64                 `json:"priceId"` // required
	CouponCode string                `json:"couponCode,omitempty"`
	Customer   *SubscriptionCustomer `json:"customer,omitempty"`
}

// CheckoutSession is the result of Create a new subscription: where the
// customer completes the payment.
type CheckoutSession struct {
	// SessionID is documented as a number; a payment provider's string ID
	// is kept too (read it with String), in the form Make sent it.
	SessionID      Number `json:"sessionId,omitzero" make:"optional"`
	URL            string `json:"url"` // the checkout URL
	SubscriptionID int64  `json:"subscriptionId,omitempty" make:"optional"`
}

// CreateSubscription subscribes the organization to the price PriceID and
// returns the checkout session.
//
// Make API: POST /organizations/{organizationId}/subscription (scope organizations:write)
func (s *OrganizationsService) CreateSubscription(ctx context.Context, organizationID int64, body *CreateSubscriptionRequest) (*CheckoutSession, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	if err := checkBody(body); err != nil {
		return nil, err
	}
	if err := firstError(checkID("priceId", body.PriceID), body.Customer.validate()); err != nil {
		return nil, err
	}
	var out CheckoutSession
	if err := s.client.call(ctx, http.MethodPost, orgPath(organizationID, "subscription"), "organizations:write", nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CancelSubscription cancels the organization's active subscription.
//
// Make API: DELETE /organizations/{organizationId}/subscription (scope organizations:write)
func (s *OrganizationsService) CancelSubscription(ctx context.Context, organizationID int64) error {
	if err := checkID("organizationId", organizationID); err != nil {
		return err
	}
	return s.client.call(ctx, http.MethodDelete, orgPath(organizationID, "subscription"), "organizations:write", nil, nil, &okResponse{})
}

// ChangeSubscriptionRequest is the body of Change subscription.
type ChangeSubscriptionRequest struct {
	PriceID  int64                 `json:"priceId"` // required: the new price
	Customer *SubscriptionCustomer `json:"customer,omitempty"`
}

// ChangeSubscription moves the subscription to another price (plan).
//
// Make API: PATCH /organizations/{organizationId}/subscription (scope organizations:write)
func (s *OrganizationsService) ChangeSubscription(ctx context.Context, organizationID int64, body *ChangeSubscriptionRequest) error {
	if err := checkID("organizationId", organizationID); err != nil {
		return err
	}
	if err := checkBody(body); err != nil {
		return err
	}
	if err := firstError(checkID("priceId", body.PriceID), body.Customer.validate()); err != nil {
		return err
	}
	return s.client.call(ctx, http.MethodPatch, orgPath(organizationID, "subscription"), "organizations:write", nil, body, &okResponse{})
}

// SetFreeSubscriptionOptions are the query parameters of Sets Free plan
// subscription.
type SetFreeSubscriptionOptions struct {
	Confirmed bool `url:"confirmed,omitempty"` // confirms the switch
}

// FreeSubscription is the result of Sets Free plan subscription.
type FreeSubscription struct {
	CustomerID     int64 `json:"customerId,omitempty" make:"optional"`
	SubscriptionID int64 `json:"subscriptionId"`
}

// SetFreeSubscription switches the organization to the Free plan. opts may
// be nil; when Make asks for confirmation (ErrConfirmationRequired), repeat
// the call with Confirmed set.
//
// Make API: POST /organizations/{organizationId}/subscription-free (scope organizations:write)
func (s *OrganizationsService) SetFreeSubscription(ctx context.Context, organizationID int64, opts *SetFreeSubscriptionOptions) (*FreeSubscription, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out FreeSubscription
	if err := s.client.call(ctx, http.MethodPost, orgPath(organizationID, "subscription-free"), "organizations:write", opts, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// PaymentMethodType is a payment method type available for a subscription.
type PaymentMethodType struct {
	Value                       string `json:"value"`
	Label                       string `json:"label,omitempty"`
	CanBeDefaultForSubscription bool   `json:"canBeDefaultForSubscription,omitempty"`
	CanBeDefaultForExtras       bool   `json:"canBeDefaultForExtras,omitempty"`
}

// ListPaymentMethodTypes returns the payment method types available for the
// organization's subscription.
//
// Make API: GET /organizations/{organizationId}/subscription/payment-method-types (scope organizations:read)
func (s *OrganizationsService) ListPaymentMethodTypes(ctx context.Context, organizationID int64) ([]PaymentMethodType, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out struct {
		PaymentMethodTypes []PaymentMethodType `json:"paymentMethodTypes"`
	}
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "subscription", "payment-method-types"), "organizations:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.PaymentMethodTypes, nil
}

// PaymentMethod is a payment method of an organization's subscription.
type PaymentMethod struct {
	ID                          string         `json:"id"`
	Type                        string         `json:"type,omitempty"`
	Valid                       bool           `json:"valid,omitempty"`
	CustomerDefaultMethod       bool           `json:"customerDefaultMethod,omitempty"`
	CustomerDefaultExtrasMethod bool           `json:"customerDefaultExtrasMethod,omitempty"`
	IsImmediate                 bool           `json:"isImmediate,omitempty"`
	Created                     string         `json:"created,omitempty"`
	MethodDetails               map[string]any `json:"methodDetails,omitempty"`
}

// PaymentMethodList is the result of List payment methods, with the pg
// object Make sends along.
type PaymentMethodList struct {
	PaymentMethods []PaymentMethod `json:"paymentMethods"`
	Pg             Pagination      `json:"pg,omitempty" make:"optional"`
}

// ListPaymentMethods returns the payment methods of the organization's
// subscription.
//
// Make API: GET /organizations/{organizationId}/subscription/payment-methods (scope organizations:read)
func (s *OrganizationsService) ListPaymentMethods(ctx context.Context, organizationID int64) (*PaymentMethodList, error) {
	if err := checkID("organizationId", organizationID); err != nil {
		return nil, err
	}
	var out PaymentMethodList
	if err := s.client.call(ctx, http.MethodGet, orgPath(organizationID, "subscription", "payment-methods"), "organizations:read", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// maxPathSegment bounds a string path parameter (a payment method ID, a
// variable name): longer than any ID or name Make issues, and far below the
// URL lengths servers refuse.
const maxPathSegment = 255

// checkPathSegment refuses a string path parameter that could leave its path
// segment or cannot be an ID: empty, over maxPathSegment bytes, with a slash
// or backslash, "." or "..", ?, # or % (a query, a fragment, or an ID escaped
// twice), or with control characters. What remains is escaped with
// url.PathEscape.
func checkPathSegment(field, v string) error {
	switch {
	case strings.TrimSpace(v) == "":
		return invalid(field, "is required")
	case len(v) > maxPathSegment:
		return invalid(field, "must be at most %d bytes, got %d", maxPathSegment, len(v))
	case strings.ContainsAny(v, `/\`):
		return invalid(field, "must not contain a slash, got %q", v)
	case v == "." || strings.Contains(v, ".."):
		return invalid(field, "must not be . or contain .., got %q", v)
	case strings.ContainsAny(v, "?#%"):
		return invalid(field, "must not contain ?, # or %% (give the ID unescaped), got %q", v)
	case strings.ContainsFunc(v, unicode.IsControl):
		return invalid(field, "must not contain control characters, got %q", v)
	}
	return nil
}

// DeletePaymentMethod deletes a payment method of the organization's
// subscription.
//
// Make API: DELETE /organizations/{organizationId}/subscription/payment-methods/{paymentMethodId} (scope organizations:write)
func (s *OrganizationsService) DeletePaymentMethod(ctx context.Context, organizationID int64, paymentMethodID string) error {
	if err := firstError(checkID("organizationId", organizationID), checkPathSegment("paymentMethodId", paymentMethodID)); err != nil {
		return err
	}
	path := orgPath(organizationID, "subscription", "payment-methods", url.PathEscape(paymentMethodID))
	return s.client.call(ctx, http.MethodDelete, path, "organizations:write", nil, nil, &okResponse{})
}

// PaymentMethodTarget says for what SetDefaultPaymentMethod makes a payment
// method the default.
type PaymentMethodTarget string

// The documented targets.
const (
	PaymentMethodTargetBoth         PaymentMethodTarget = "both" // Make's default
	PaymentMethodTargetExtras       PaymentMethodTarget = "extras"
	PaymentMethodTargetSubscription PaymentMethodTarget = "subscription"
)

// SetDefaultPaymentMethodRequest is the optional body of Set default payment
// method.
type SetDefaultPaymentMethodRequest struct {
	// Target is both (the default when empty), extras or subscription.
	// Extras and both fail with 400 for a method that is not immediate.
	Target PaymentMethodTarget `json:"target,omitempty"`
}

// DefaultPaymentMethod is the result of Set default payment method.
type DefaultPaymentMethod struct {
	PaymentMethodID          string `json:"paymentMethodId"`
	PaymentMethodType        string `json:"paymentMethodType,omitempty" make:"optional"`
	IsDefaultForSubscription bool   `json:"isDefaultForSubscription"`
	IsDefaultForExtras       bool   `json:"isDefaultForExtras"`
}

// SetDefaultPaymentMethod makes a payment method the default for the
// subscription, extras or both. body may be nil (both).
//
// Make API: PATCH /organizations/{organizationId}/subscription/payment-methods/{paymentMethodId}/default (scope organizations:write)
func (s *OrganizationsService) SetDefaultPaymentMethod(ctx context.Context, organizationID int64, paymentMethodID string, body *SetDefaultPaymentMethodRequest) (*DefaultPaymentMethod, error) {
	if err := firstError(checkID("organizationId", organizationID), checkPathSegment("paymentMethodId", paymentMethodID)); err != nil {
		return nil, err
	}
	if body != nil {
		switch body.Target {
		case "", PaymentMethodTargetBoth, PaymentMethodTargetExtras, PaymentMethodTargetSubscription:
		default:
			return nil, invalid("target", "must be both, extras or subscription, got %q", body.Target)
		}
	}
	path := orgPath(organizationID, "subscription", "payment-methods", url.PathEscape(paymentMethodID), "default")
	var out DefaultPaymentMethod
	if err := s.client.call(ctx, http.MethodPatch, path, "organizations:write", nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ClaimCancellationOffer claims the cancellation-offer discount. The user
// needs the payment edit permission, and the organization must be eligible
// (no universal discount yet, no active coupon or promotion).
//
// Make API: POST /organizations/{organizationId}/universal-discount/claim-cancellation-offer (scope organizations:write)
func (s *OrganizationsService) ClaimCancellationOffer(ctx context.Context, organizationID int64) error {
	if err := checkID("organizationId", organizationID); err != nil {
		return err
	}
	path := orgPath(organizationID, "universal-discount", "claim-cancellation-offer")
	return s.client.call(ctx, http.MethodPost, path, "organizations:write", nil, nil, &okResponse{})
}
