// Runs Make's official TypeScript SDK (@makehq/sdk, pinned in package.json)
// against makefake. MAKE_BASE_URL is makefake's first line of output,
// MAKE_API_TOKEN any token. Prints one JSON object of what each call returned;
// any failure throws and exits non-zero.
import assert from "node:assert/strict";
import { Make } from "@makehq/sdk";

const base = new URL(process.env.MAKE_BASE_URL);
assert.equal(base.pathname, "/api/v2", "the SDK builds /api/v2 itself");
// The SDK takes a zone (a host name) and builds https://<zone>/api/v2; its
// public `protocol` property is "for testing in local environments": the
// zone may carry the port, and plain http is the loopback fake's.
const make = new Make(process.env.MAKE_API_TOKEN, base.host);
make.protocol = base.protocol.replace(/:$/, "");

const out = {};
out.me = await make.users.me();
out.authorization = await make.users.currentAuthorization();
out.list = await make.organizations.list();
out.created = await make.organizations.create({ name: "TS SDK Org", regionId: 1, timezoneId: 113, countryId: 1 });
out.got = await make.organizations.get(out.created.id);
out.updated = await make.organizations.update(out.created.id, { name: "TS SDK Org renamed" });
out.deleted = await make.organizations.delete(out.created.id);
out.listAfter = await make.organizations.list();
try {
  await make.organizations.get(out.created.id);
  out.getAfterDelete = "found";
} catch (e) {
  out.getAfterDelete = { name: e.name, statusCode: e.statusCode, message: e.message };
}
// Teams of organization 1 (its Pro plan allows more teams).
out.teams = await make.teams.list(1);
out.teamCreated = await make.teams.create({ name: "TS SDK Team", organizationId: 1, operationsLimit: 1000 });
out.teamGot = await make.teams.get(out.teamCreated.id);
await make.teams.delete(out.teamCreated.id);
out.teamsAfter = await make.teams.list(1);
console.log(JSON.stringify(out));
