package make

// AdminService is the White Label administration API of Make (/admin/users).
// Its endpoints need an administrator's token with the admin:read or
// admin:write scope; a regular user's token gets 403. Reach it as
// client.Admin.
type AdminService service
