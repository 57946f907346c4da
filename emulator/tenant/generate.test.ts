import { describe, expect, it } from "vitest";
import { applyChurn } from "./churn";
import { generateTenant, STEWARD_WEB_CLIENT_SECRET } from "./generate";
import { DAY, lower, type RoleAssignment, type ServicePrincipal, type Tenant } from "./model";
import { createAuthorityTenant } from "./authority-tenant";

const NOW = Date.UTC(2026, 0, 15);
const demo = generateTenant({ seed: 1, size: "demo", now: NOW });
const PRIVILEGED = new Set([
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  "b24988ac-6180-42a0-ab88-20f7382dd24c",
  "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
]);
const GA = "62e90394-69f5-4237-9190-012177145e10";

const mis = (t: Tenant) =>
  t.servicePrincipals.filter((s) => !s.deleted && s.servicePrincipalType === "ManagedIdentity");
const ras = (t: Tenant, id: string) => t.roleAssignmentsByPrincipal.get(id) ?? [];
const level = (ra: RoleAssignment) =>
  ra.scope === "/" || /managementGroups/i.test(ra.scope)
    ? "mg"
    : /\/providers\//i.test(ra.scope)
      ? "resource"
      : /resourceGroups/i.test(ra.scope)
        ? "rg"
        : "sub";
const isPrivilegedRole = (t: Tenant, ra: RoleAssignment) => {
  const def = t.roleDefinitionByName.get(lower(ra.roleDefinitionName));
  return (
    PRIVILEGED.has(ra.roleDefinitionName) ||
    !!def?.actions.some((a) => a === "*" || a === "Microsoft.Authorization/*/write")
  );
};
const attachments = (t: Tenant, uamiId: string) =>
  [...t.resources.values()].filter((r) => r.userAssigned.some((u) => lower(u) === lower(uamiId)));
const graphRoles = (t: Tenant, sp: ServicePrincipal) =>
  (t.appRoleAssignmentsByPrincipal.get(sp.id) ?? []).map((a) => a.appRoleId);

describe("the demo tenant makes every rule of the catalog fire", () => {
  it("mi-privileged-azure-role at every scope level, including a custom role that writes role assignments", () => {
    const levels = new Set(
      mis(demo).flatMap((sp) =>
        ras(demo, sp.id)
          .filter((ra) => isPrivilegedRole(demo, ra))
          .map(level),
      ),
    );
    expect([...levels].sort()).toEqual(["mg", "resource", "rg", "sub"]);
    const custom = mis(demo).some((sp) =>
      ras(demo, sp.id).some(
        (ra) =>
          demo.roleDefinitionByName.get(lower(ra.roleDefinitionName))?.type === "CustomRole" &&
          isPrivilegedRole(demo, ra),
      ),
    );
    expect(custom).toBe(true);
  });
  it("mi-privileged-directory-role, critical and high", () => {
    const roles = demo.directoryRoleAssignments
      .filter((a) => demo.spById.get(a.principalId)?.servicePrincipalType === "ManagedIdentity")
      .map((a) => a.roleDefinitionId);
    expect(roles).toContain(GA);
    expect(roles).toContain("fe930be7-5e62-47db-91af-98c3a49a38b1");
  });
  it("mi-dangerous-graph-permission, critical and high", () => {
    const held = mis(demo).flatMap((sp) => graphRoles(demo, sp));
    expect(held).toContain("9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8");
    expect(held).toContain("b633e1c5-b582-4048-a93e-9f11b44c7e96");
  });
  it("mi-privileged-group-member, directly in a role-assignable group and transitively in a group that owns a subscription", () => {
    const direct = mis(demo).some((sp) =>
      (demo.memberOf.get(sp.id) ?? []).some((g) => demo.groupById.get(g)?.isAssignableToRole),
    );
    expect(direct).toBe(true);
    const transitive = mis(demo).some((sp) => {
      const directIds = new Set(demo.memberOf.get(sp.id) ?? []);
      return demo
        .transitiveMemberOf(sp.id)
        .some((g) => !directIds.has(g) && ras(demo, g).some((ra) => isPrivilegedRole(demo, ra)));
    });
    expect(transitive).toBe(true);
  });
  it("mi-orphaned-user-assigned (with and without grants) and mi-orphaned-system-assigned", () => {
    const orphans = mis(demo).filter((sp) => sp.miKind === "UserAssigned" && attachments(demo, sp.armId!).length === 0);
    expect(orphans.some((sp) => ras(demo, sp.id).length > 0)).toBe(true);
    expect(orphans.some((sp) => ras(demo, sp.id).length === 0 && graphRoles(demo, sp).length === 0)).toBe(true);
    const ghosts = mis(demo).filter((sp) => sp.miKind === "SystemAssigned" && !demo.resources.has(lower(sp.armId!)));
    expect(ghosts.length).toBeGreaterThan(0);
    expect(ghosts.every((sp) => demo.subscriptionById.has(lower(sp.armId!.split("/")[2]!)))).toBe(true);
  });
  it("mi-shared-user-assigned across subscriptions and on more than five resources", () => {
    const spread = mis(demo)
      .filter((sp) => sp.miKind === "UserAssigned")
      .map((sp) => attachments(demo, sp.armId!));
    expect(spread.some((rs) => new Set(rs.map((r) => r.subscriptionId)).size > 1)).toBe(true);
    expect(spread.some((rs) => rs.length > 5)).toBe(true);
  });
  it("mi-federated-credential-risk: pull_request, wildcard and foreign issuer subjects; mi-trusted-by-app", () => {
    const fics = [...demo.resources.values()].flatMap((r) => r.uami?.federatedCredentials ?? []);
    expect(fics.some((f) => f.subject.endsWith(":pull_request"))).toBe(true);
    expect(fics.some((f) => f.subject.includes("*"))).toBe(true);
    expect(
      fics.some(
        (f) =>
          !/^https:\/\/(token\.actions\.githubusercontent\.com|oidc\.prod-aks\.azure\.com\/|login\.microsoftonline\.com\/)/.test(
            f.issuer,
          ),
      ),
    ).toBe(true);
    const trusted = demo.applications.flatMap((a) =>
      a.federatedIdentityCredentials
        .filter(
          (f) =>
            f.issuer === `https://login.microsoftonline.com/${demo.tenantId}/v2.0` &&
            demo.spById.get(f.subject)?.miKind === "UserAssigned",
        )
        .map(() => a),
    );
    expect(trusted.length).toBeGreaterThan(0);
    expect(graphRoles(demo, demo.spByAppId.get(trusted[0]!.appId)!)).toContain("19dbc75e-c2e2-444c-a770-ec69d8559fc7");
  });
  it("mi-escalation-path: someone who controls the host holds less than the identity", () => {
    const found = mis(demo).some((sp) => {
      if (
        sp.miKind !== "SystemAssigned" ||
        !ras(demo, sp.id).some((ra) => ra.roleDefinitionName === "8e3af657-a8ff-443c-a75c-2fe8c4bcb635")
      )
        return false;
      const rgScope = lower(sp.armId!.split("/providers/")[0]!);
      return [...demo.roleAssignmentsBySubscription.values()]
        .flat()
        .some(
          (ra) =>
            ra.principalType === "User" &&
            lower(ra.scope) === rgScope &&
            ra.roleDefinitionName === "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
        );
    });
    expect(found).toBe(true);
  });
  it("mi-inactive-privileged and mi-disabled-with-access", () => {
    expect(
      mis(demo).some(
        (sp) =>
          sp.lastSignIn !== null &&
          sp.lastSignIn !== undefined &&
          sp.lastSignIn < NOW - 90 * DAY &&
          ras(demo, sp.id).some((ra) => isPrivilegedRole(demo, ra)),
      ),
    ).toBe(true);
    expect(mis(demo).some((sp) => !sp.accountEnabled && ras(demo, sp.id).length > 0)).toBe(true);
  });
  it("app-secret-credential, app-certificate-credential, app-credential-expiring, app-azure-workload", () => {
    const life = (c: { start: number; end: number }) => (c.end - c.start) / DAY;
    expect(demo.applications.some((a) => a.passwordCredentials.some((c) => life(c) > 730))).toBe(true);
    expect(demo.applications.some((a) => a.passwordCredentials.filter((c) => c.end > NOW).length > 1)).toBe(true);
    expect(demo.applications.some((a) => a.keyCredentials.some((c) => life(c) > 730))).toBe(true);
    expect(demo.applications.some((a) => a.keyCredentials.some((c) => life(c) <= 730))).toBe(true);
    expect(
      demo.applications.some((a) => a.passwordCredentials.some((c) => c.end > NOW && c.end < NOW + 30 * DAY)),
    ).toBe(true);
    expect(demo.applications.some((a) => a.keyCredentials.some((c) => c.end < NOW))).toBe(true);
    expect(
      demo.applications.some(
        (a) => a.passwordCredentials.length > 0 && ras(demo, demo.spByAppId.get(a.appId)!.id).length > 0,
      ),
    ).toBe(true);
  });
  it("user-as-service-account: a svc- user with Azure roles and no interactive sign-in", () => {
    expect(
      demo.users.some(
        (u) => u.userPrincipalName.startsWith("svc-") && u.lastInteractiveSignIn === null && ras(demo, u.id).length > 0,
      ),
    ).toBe(true);
  });
  it("also holds clean identities: attached, active, narrowly granted", () => {
    const clean = mis(demo).filter(
      (sp) =>
        sp.accountEnabled &&
        sp.lastSignIn !== null &&
        sp.lastSignIn! > NOW - 30 * DAY &&
        (sp.miKind === "SystemAssigned"
          ? demo.resources.has(lower(sp.armId!.replace("/resourcegroups/", "/resourceGroups/")))
          : attachments(demo, sp.armId!).length > 0) &&
        !ras(demo, sp.id).some((ra) => isPrivilegedRole(demo, ra)) &&
        graphRoles(demo, sp).length === 0 &&
        (demo.memberOf.get(sp.id) ?? []).length === 0,
    );
    expect(clean.length).toBeGreaterThan(3);
  });
});

describe("the product's own identity and app", () => {
  const authority = createAuthorityTenant(demo);
  it("issues managed-identity tokens for identity-steward by default, with its Graph roles", () => {
    const mi = authority.findManagedIdentity("system")!;
    expect(demo.spById.get(mi.objectId)?.displayName).toBe("identity-steward");
    expect(mi.roles.sort()).toEqual([
      "Application.Read.All",
      "AuditLog.Read.All",
      "Directory.Read.All",
      "RoleManagement.Read.Directory",
    ]);
    expect(ras(demo, mi.objectId).map((ra) => [ra.scope, ra.roleDefinitionName])).toEqual([
      [`/providers/Microsoft.Management/managementGroups/${demo.tenantId}`, "acdd72a7-3385-48ef-bd42-f606fba81ae7"],
    ]);
    expect(authority.findManagedIdentity({ clientId: mi.appId })?.objectId).toBe(mi.objectId);
    expect(authority.findManagedIdentity({ resourceId: mi.resourceId.toUpperCase() })?.objectId).toBe(mi.objectId);
  });
  it("has the web app with a known secret and users holding each Steward role", () => {
    const web = demo.applications.find((a) => a.displayName === "Identity Steward (web)")!;
    const app = authority.findApplication(web.appId)!;
    expect(app.secrets[0]?.secretText).toBe(STEWARD_WEB_CLIENT_SECRET);
    expect(Date.parse(app.secrets[0]!.endDateTime)).toBeGreaterThan(NOW);
    const roles = authority.users().flatMap((u) => u.roles);
    for (const r of ["Steward.Reader", "Steward.Remediator", "Steward.Admin"]) expect(roles).toContain(r);
    expect(authority.users().some((u) => u.roles.length === 0)).toBe(true);
  });
});

describe("determinism and scale", () => {
  const fingerprint = (t: Tenant) =>
    JSON.stringify([
      t.tenantId,
      t.servicePrincipals.map((s) => [s.id, s.appId, s.displayName, s.lastSignIn]),
      [...t.roleAssignmentsBySubscription.values()].flat().map((r) => r.name),
    ]);
  it("gives the same tenant for the same seed and day, and another for another seed", () => {
    expect(fingerprint(generateTenant({ seed: 1, size: "demo", now: NOW }))).toBe(fingerprint(demo));
    expect(fingerprint(generateTenant({ seed: 2, size: "demo", now: NOW }))).not.toBe(fingerprint(demo));
  });
  it("keeps dates relative to the reference day", () => {
    const later = generateTenant({ seed: 1, size: "demo", now: NOW + 10 * DAY });
    const a = demo.applications.find((x) => x.displayName === "HR Feed")!.passwordCredentials[0]!;
    const b = later.applications.find((x) => x.displayName === "HR Feed")!.passwordCredentials[0]!;
    expect(b.end - a.end).toBe(10 * DAY);
  });
  it("generates exactly the requested number of service principals in realistic proportions", () => {
    const t = generateTenant({ seed: 9, size: 3000, now: NOW });
    expect(t.servicePrincipals.length).toBe(3000);
    const share = mis(t).length / 3000;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.25);
    let raCount = 0;
    for (const l of t.roleAssignmentsBySubscription.values()) raCount += l.length;
    expect(raCount).toBeGreaterThan(3000 * 4);
    expect(t.subscriptions.length).toBe(30);
    const kinds = new Set([...t.resources.values()].map((r) => r.type));
    expect(kinds.size).toBeGreaterThanOrEqual(10);
    const shared = mis(t).filter(
      (sp) => sp.miKind === "UserAssigned" && new Set(attachments(t, sp.armId!).map((r) => r.subscriptionId)).size > 1,
    );
    expect(shared.length).toBeGreaterThan(0);
  });
});

describe("churn", () => {
  it("applies the requested number of changes deterministically and reports them truthfully", () => {
    const a = generateTenant({ seed: 1, size: "demo", now: NOW });
    const b = generateTenant({ seed: 1, size: "demo", now: NOW });
    const ra = applyChurn(a, { count: 30, seed: 11 });
    const rb = applyChurn(b, { count: 30, seed: 11 });
    expect(ra).toEqual(rb);
    expect(ra.changes.length).toBeGreaterThanOrEqual(30);
    for (const c of ra.changes) {
      if (c.type === "identity.deleted") {
        expect(a.spById.has(c.id)).toBe(false);
        expect(a.resources.has(lower(c.resourceId))).toBe(false);
      }
      if (c.type === "identity.created") expect(a.spById.get(c.id)?.appId).toBe(c.appId);
      if (c.type === "azureRoleAssignment.added" && a.spById.has(c.principalId))
        expect(a.findRoleAssignment(c.name)).toBeDefined();
      if (c.type === "azureRoleAssignment.removed") expect(a.findRoleAssignment(c.name)).toBeUndefined();
    }
    expect(ra.seqAfter).toBeGreaterThan(ra.seqBefore);
  });
});
