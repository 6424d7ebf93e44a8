package make

// OrganizationsService is the Organizations API of Make: organizations,
// their invitations, subscriptions and payments, custom variables, usage and
// feature controls. Reach it as client.Organizations.
type OrganizationsService service
