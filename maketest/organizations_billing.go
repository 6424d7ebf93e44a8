package maketest

import (
	"fmt"
	"strings"
)

// Organizations > Billing: payments, the subscription, payment methods.
func init() {
	handle("organizationsListPayments", orgsListPayments)
	handle("organizationsGetSubscription", orgsGetSubscription)
	handleJSON("organizationsCreateSubscription", orgsCreateSubscription)
	handle("organizationsCancelSubscription", orgsCancelSubscription)
	handleJSON("organizationsChangeSubscription", orgsChangeSubscription)
	handle("organizationsSetFreeSubscription", orgsSetFreeSubscription)
	handle("organizationsListPaymentMethodTypes", orgsListPaymentMethodTypes)
	handle("organizationsListPaymentMethods", orgsListPaymentMethods)
	handle("organizationsDeletePaymentMethod", orgsDeletePaymentMethod)
	handleJSON("organizationsSetDefaultPaymentMethod", orgsSetDefaultPaymentMethod)
	handle("organizationsClaimCancellationOffer", orgsClaimCancellationOffer)
}

// TFA enforcement availability of a plan.
const (
	tfaUnavailable = iota // 400: the feature is not available
	tfaUpgrade            // 402: upgrade the plan
	tfaIncluded
)

// orgPlan is a plan of the fake's price list. The service name of an
// organization (Organization.ServiceName) names its plan.
type orgPlan struct {
	service, product   string
	productID, priceID int64
	price              float64
	apiLimit           int
	tfa                int
}

// orgPlans is the fake's price list (monthly USD prices).
var orgPlans = []orgPlan{
	{"free", "Free", 1, 10, 0, 60, tfaUnavailable},
	{"core", "Core", 2, 20, 10.59, 60, tfaUpgrade},
	{"pro", "Pro", 3, 30, 18.82, 120, tfaUpgrade},
	{"teams", "Teams", 4, 40, 34.12, 240, tfaIncluded},
	{"enterprise", "Enterprise", 5, 50, 299, 1000, tfaIncluded},
}

func planByService(service string) *orgPlan {
	for i := range orgPlans {
		if orgPlans[i].service == service {
			return &orgPlans[i]
		}
	}
	return nil
}

func planByPrice(priceID int64) *orgPlan {
	for i := range orgPlans {
		if orgPlans[i].priceID == priceID {
			return &orgPlans[i]
		}
	}
	return nil
}

// orgCoupons are the coupon codes the fake accepts, with the share of the
// price that remains.
var orgCoupons = map[string]float64{"WELCOME10": 0.9}

// paymentsPage is the pagination of the past payments (newest first).
var paymentsPage = pageConfig{
	SortFields: []string{"created", "id", "invoice_number"}, DefaultSortBy: "created", DefaultSortDir: "desc",
	DefaultLimit: 10, MaxLimit: 10000,
}

func paymentSortKey(p *orgPayment, field string) any {
	switch field {
	case "id":
		return p.id
	case "invoice_number":
		return p.invoiceNumber
	}
	return p.created.Format(timeLayout)
}

func paymentNumber(p *orgPayment) int64 { return p.invoiceNumber }

func (p *orgPayment) object() object {
	return object{
		{"id", p.id}, {"invoice_number", p.invoiceNumber}, {"created", p.created.Format(timeLayout)},
		{"type_name", p.typeName}, {"status_name", p.status}, {"product_name", object{{"en", p.product}}},
		{"payment_method", object{{"type", p.method}}}, {"amount_total", p.amount}, {"currency_code", "USD"},
		{"invoice_url", "https://invoices.maketest.invalid/" + p.id + ".pdf"},
		{"hosted_invoice_url", "https://invoices.maketest.invalid/" + p.id},
		{"period_from", p.from.Format("2006-01-02")}, {"period_to", p.to.Format("2006-01-02")},
	}
}

// orgsListPayments: GET /organizations/{organizationId}/payments
// (organizations:read); Owners, Admins and Accountants.
func orgsListPayments(c *call) (any, error) {
	pg, err := c.page(paymentsPage)
	if err != nil {
		return nil, err
	}
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, p := range sortPage(d.payments, pg, paymentSortKey, paymentNumber) {
		out = append(out, p.object())
	}
	return object{{"payments", out}, {"pg", pg}}, nil
}

// activePaid returns the organization's subscription when it is a paid one.
func (d *orgData) activePaid() *orgSubscription {
	if d.subscription != nil && d.subscription.plan.price > 0 {
		return d.subscription
	}
	return nil
}

// orgsGetSubscription: GET /organizations/{organizationId}/subscription
// (organizations:read); 404 without a subscription.
func orgsGetSubscription(c *call) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	sub := d.subscription
	if sub == nil {
		return nil, errNotFound("The organization has no active subscription.")
	}
	p := sub.plan
	product := object{
		{"id", p.productID}, {"name", p.product}, {"nextBill", sub.nextBill.Format("2006-01-02")},
		{"price", object{{"id", p.priceID}, {"price", p.price}, {"currencyCode", "USD"}, {"period", "monthly"}}},
	}
	if cp := sub.coupon; cp != nil {
		product = append(product, field{"coupon", object{
			{"validFrom", cp.from.Format("2006-01-02")}, {"validTo", cp.to.Format("2006-01-02")}, {"price", cp.price},
			{"currencyCode", "USD"}, {"productId", p.productID}, {"productName", p.product},
		}})
	}
	return object{{"product", product}}, nil
}

// subscriptionBody is the body of creating or changing a subscription.
type subscriptionBody struct {
	PriceID    int64   `json:"priceId"`
	CouponCode *string `json:"couponCode"`
	Customer   *struct {
		Email      *string `json:"email"`
		Name       *string `json:"name"`
		IsBusiness *bool   `json:"isBusiness"`
		CountryID  *int64  `json:"countryId"`
	} `json:"customer"`
}

// subscriptionFor resolves {organizationId} (Owners, Admins and
// Accountants), validates the body and returns the paid plan of priceId.
func (c *call) subscriptionFor(b *subscriptionBody) (*Organization, *orgData, *orgPlan, error) {
	o, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := b.plan()
	return o, d, p, err
}

// plan validates the body and returns the paid plan of priceId.
func (b *subscriptionBody) plan() (*orgPlan, error) {
	p := planByPrice(b.PriceID)
	if p == nil {
		return nil, errNotFound(fmt.Sprintf("Price with ID %d not found.", b.PriceID))
	}
	if p.price == 0 {
		return nil, errInvalid("priceId", "is the Free plan's price; switch to it with POST /organizations/{organizationId}/subscription-free.")
	}
	if cu := b.Customer; cu != nil {
		switch {
		case cu.Email == nil || !validEmail(*cu.Email):
			return nil, errInvalid("customer.email", "is required and must be a valid email address.")
		case cu.Name == nil || strings.TrimSpace(*cu.Name) == "":
			return nil, errInvalid("customer.name", "is required.")
		case cu.IsBusiness == nil:
			return nil, errInvalid("customer.isBusiness", "is required.")
		case cu.CountryID == nil || *cu.CountryID <= 0:
			return nil, errInvalid("customer.countryId", "is required and must be a positive integer.")
		}
	}
	return p, nil
}

// applyPlan puts the organization on the plan.
func (c *call) applyPlan(o *Organization, d *orgData, p *orgPlan, price float64) {
	o.ServiceName, o.ProductName, o.License.APILimit = p.service, p.product, p.apiLimit
	if p.tfa != tfaIncluded {
		o.TFAEnforced = false
	}
	d.subscription = &orgSubscription{plan: p, price: price, nextBill: firstOfNextMonth(c.s.now())}
}

// orgsCreateSubscription: POST /organizations/{organizationId}/subscription
// (organizations:write). The fake takes the checkout as paid at once.
func orgsCreateSubscription(c *call, body *subscriptionBody) (any, error) {
	o, d, p, err := c.subscriptionFor(body)
	if err != nil {
		return nil, err
	}
	if d.activePaid() != nil {
		return nil, errBadRequest("The organization has an active subscription already; change it with PATCH /organizations/{organizationId}/subscription.")
	}
	price := p.price
	if body.CouponCode != nil && *body.CouponCode != "" {
		share, ok := orgCoupons[*body.CouponCode]
		if !ok {
			return nil, errInvalid("couponCode", "is not a valid coupon code.")
		}
		price = roundCents(price * share)
	}
	c.applyPlan(o, d, p, price)
	st := c.st
	d.payments = append(d.payments, st.newPayment(p.product, price, c.s.now()))
	session, sub := st.next(), st.next()
	return object{{"sessionId", session}, {"url", fmt.Sprintf("https://checkout.maketest.invalid/session/%d", session)}, {"subscriptionId", sub}}, nil
}

func roundCents(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// orgsCancelSubscription: DELETE /organizations/{organizationId}/subscription
// (organizations:write).
func orgsCancelSubscription(c *call) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	if d.activePaid() == nil {
		return nil, errBadRequest("The organization has no active paid subscription to cancel.")
	}
	d.subscription = nil
	return object{{"ok", 1}}, nil
}

// orgsChangeSubscription: PATCH /organizations/{organizationId}/subscription
// (organizations:write).
func orgsChangeSubscription(c *call, body *subscriptionBody) (any, error) {
	o, d, p, err := c.subscriptionFor(body)
	if err != nil {
		return nil, err
	}
	if d.activePaid() == nil {
		return nil, errBadRequest("The organization has no active paid subscription; create one with POST /organizations/{organizationId}/subscription.")
	}
	c.applyPlan(o, d, p, p.price)
	d.payments = append(d.payments, c.st.newPayment(p.product, p.price, c.s.now()))
	return object{{"ok", 1}}, nil
}

// orgsSetFreeSubscription: POST /organizations/{organizationId}/subscription-free
// (organizations:write). Leaving a paid plan needs confirmed=true.
func orgsSetFreeSubscription(c *call) (any, error) {
	confirmed, _ := c.queryBool("confirmed")
	o, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	if d.activePaid() != nil && !confirmed {
		return nil, errConfirmationRequired("The organization has a paid subscription; add confirmed=true to switch to the Free plan.")
	}
	c.applyPlan(o, d, planByService("free"), 0)
	return object{{"customerId", 1000 + o.ID}, {"subscriptionId", c.st.next()}}, nil
}

// orgsListPaymentMethodTypes: GET .../subscription/payment-method-types
// (organizations:read).
func orgsListPaymentMethodTypes(c *call) (any, error) {
	if _, _, err := c.orgFor(accessPayments); err != nil {
		return nil, err
	}
	return object{{"paymentMethodTypes", []object{
		{{"value", "card"}, {"label", "Card"}, {"canBeDefaultForSubscription", true}, {"canBeDefaultForExtras", true}},
		{{"value", "sepa_debit"}, {"label", "SEPA Direct Debit"}, {"canBeDefaultForSubscription", true}, {"canBeDefaultForExtras", false}},
		{{"value", "paypal"}, {"label", "PayPal"}, {"canBeDefaultForSubscription", true}, {"canBeDefaultForExtras", true}},
	}}}, nil
}

func (m *orgPaymentMethod) object() object {
	details := object{}
	if m.typ == "card" {
		details = object{{"brand", m.brand}, {"last4", m.last4}, {"expYear", m.validUntilYear}}
	} else if m.ibanLast4 != "" {
		details = object{{"last4", m.ibanLast4}}
	}
	return object{
		{"id", m.id}, {"type", m.typ}, {"valid", true}, {"customerDefaultMethod", m.defaultSub},
		{"customerDefaultExtrasMethod", m.defaultExtras}, {"isImmediate", m.immediate},
		{"created", m.created.UTC().Format(timeLayout)}, {"methodDetails", details},
	}
}

// orgsListPaymentMethods: GET .../subscription/payment-methods
// (organizations:read).
func orgsListPaymentMethods(c *call) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	out := []object{}
	for _, m := range d.methods {
		out = append(out, m.object())
	}
	return object{{"paymentMethods", out}, {"pg", page{SortBy: "created", SortDir: "asc", Limit: 10000}}}, nil
}

// paymentMethod resolves {paymentMethodId} (404 if unknown).
func (c *call) paymentMethod(d *orgData) (int, *orgPaymentMethod, error) {
	id := c.r.PathValue("paymentMethodId")
	for i, m := range d.methods {
		if m.id == id {
			return i, m, nil
		}
	}
	return 0, nil, errNotFound(fmt.Sprintf("Payment method %q not found.", id))
}

// orgsDeletePaymentMethod: DELETE .../payment-methods/{paymentMethodId}
// (organizations:write). The subscription's default method cannot be deleted
// while a paid subscription is active.
func orgsDeletePaymentMethod(c *call) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	i, m, err := c.paymentMethod(d)
	if err != nil {
		return nil, err
	}
	if m.defaultSub && d.activePaid() != nil {
		return nil, errBadRequest("The payment method is the default of the active subscription; make another one the default first.")
	}
	d.methods = append(d.methods[:i:i], d.methods[i+1:]...)
	return object{{"ok", 1}}, nil
}

// orgsSetDefaultPaymentMethod: PATCH .../payment-methods/{paymentMethodId}/default
// (organizations:write). extras and both need an immediate method.
func orgsSetDefaultPaymentMethod(c *call, body *struct {
	Target *string `json:"target"`
}) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	target := "both"
	if body.Target != nil {
		target = *body.Target
	}
	if !contains([]string{"both", "extras", "subscription"}, target) {
		return nil, errInvalid("target", "must be both, extras or subscription, got %q.", target)
	}
	_, m, err := c.paymentMethod(d)
	if err != nil {
		return nil, err
	}
	if target != "subscription" && !m.immediate {
		return nil, errBadRequest(fmt.Sprintf("Payment method %q is not immediate; it can be the default for the subscription only.", m.id))
	}
	for _, other := range d.methods {
		if target != "extras" {
			other.defaultSub = other == m
		}
		if target != "subscription" {
			other.defaultExtras = other == m
		}
	}
	return object{{"paymentMethodId", m.id}, {"paymentMethodType", m.typ},
		{"isDefaultForSubscription", m.defaultSub}, {"isDefaultForExtras", m.defaultExtras}}, nil
}

// orgsClaimCancellationOffer: POST .../universal-discount/claim-cancellation-offer
// (organizations:write). A paid subscription without a coupon gets 50 % off
// for three months, once.
func orgsClaimCancellationOffer(c *call) (any, error) {
	_, d, err := c.orgFor(accessPayments)
	if err != nil {
		return nil, err
	}
	sub := d.activePaid()
	switch {
	case sub == nil:
		return nil, errBadRequest("The organization has no paid subscription to discount.")
	case d.discountClaimed || sub.coupon != nil:
		return nil, errBadRequest("The organization is not eligible: it has a universal discount or an active coupon already.")
	}
	now := c.s.now().UTC()
	sub.coupon = &orgCoupon{from: now, to: now.AddDate(0, 3, 0), price: roundCents(sub.price / 2)}
	d.discountClaimed = true
	return object{{"ok", 1}}, nil
}

// SeedPayments adds n past payments to the organization, one a month back
// from its oldest, and returns their IDs.
func (s *Server) SeedPayments(orgID int64, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.orgs[orgID]
	if o == nil {
		return nil
	}
	st := s.st
	d := st.orgData(o)
	oldest := fixtureTime
	for _, p := range d.payments {
		if p.created.Before(oldest) {
			oldest = p.created
		}
	}
	ids := make([]string, 0, max(n, 0))
	for i := 1; i <= n; i++ {
		p := st.newPayment(o.ProductName, 9.99, oldest.AddDate(0, -i, 0))
		d.payments = append(d.payments, p)
		ids = append(ids, p.id)
	}
	return ids
}
