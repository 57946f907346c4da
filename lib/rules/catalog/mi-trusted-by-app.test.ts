import { describe, expect, it } from "vitest";
import {
  createAppRoleAssignment,
  createAppWithPrincipal,
  createFederatedCredential,
  createManagedIdentity,
  createRoleAssignment,
  TEST_TENANT_ID,
} from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { AZURE_ROLE, GRAPH_APP_ROLE } from "../well-known-ids";
import { miTrustedByApp as rule } from "./mi-trusted-by-app";

const ISSUER = `https://login.microsoftonline.com/${TEST_TENANT_ID}/v2.0`;

function trust(
  options: {
    issuer?: string;
    subject?: (id: string) => string;
    audiences?: string[];
    kind?: "UserAssigned" | "SystemAssigned";
  } = {},
) {
  const mi = createManagedIdentity({ kind: options.kind ?? "UserAssigned" });
  const { application, principal } = createAppWithPrincipal();
  const fic = createFederatedCredential({
    ownerType: "Application",
    ownerId: application.id,
    issuer: options.issuer ?? ISSUER,
    subject: options.subject ? options.subject(mi.id) : mi.id,
    audiences: options.audiences ?? ["api://AzureADTokenExchange"],
  });
  return {
    mi,
    application,
    principal,
    fic,
    parts: { servicePrincipals: [mi, principal], applications: [application], federatedCredentials: [fic] },
  };
}

describe("mi-trusted-by-app", () => {
  it("fires with the app's privilege severity and names the federated credential", () => {
    const { mi, principal, fic, parts, application } = trust();
    const grant = createAppRoleAssignment({
      principalId: principal.id,
      appRoleId: GRAPH_APP_ROLE["Application.ReadWrite.All"],
    });
    const results = runRule(rule, { ...parts, appRoleAssignments: [grant] });
    expect(results).toEqual([expect.objectContaining({ subjectId: mi.id, target: fic.id, severity: "critical" })]);
    expect(results[0]?.evidence).toMatchObject({
      federatedCredentialId: fic.id,
      applicationObjectId: application.id,
      appPrivilege: { severity: "critical", grants: [expect.objectContaining({ assignmentId: grant.id })] },
    });
  });

  it("follows the app's Azure role scope for severity", () => {
    const { principal, parts } = trust();
    const results = runRule(rule, {
      ...parts,
      roleAssignments: [createRoleAssignment({ principalId: principal.id, roleDefinitionId: AZURE_ROLE.contributor })],
    });
    expect(results.map((r) => r.severity)).toEqual(["high"]);
  });

  it("is low when the app holds nothing privileged", () => {
    expect(runRule(rule, trust().parts).map((r) => r.severity)).toEqual(["low"]);
  });

  it("matches the issuer with a trailing slash and the cloud's audience", () => {
    expect(runRule(rule, trust({ issuer: `${ISSUER}/` }).parts)).toHaveLength(1);
    const usgov = trust({
      issuer: `https://login.microsoftonline.us/${TEST_TENANT_ID}/v2.0`,
      audiences: ["api://AzureADTokenExchangeUSGov"],
    });
    expect(runRule(rule, { ...usgov.parts, cloud: "usgov" })).toHaveLength(1);
  });

  it("does not fire for near misses: another tenant, wrong audience, a case-changed subject, a system-assigned identity", () => {
    expect(
      runRule(
        rule,
        trust({ issuer: "https://login.microsoftonline.com/99999999-9999-4999-8999-999999999999/v2.0" }).parts,
      ),
    ).toEqual([]);
    expect(runRule(rule, trust({ audiences: ["api://something-else"] }).parts)).toEqual([]);
    expect(runRule(rule, trust({ subject: (id) => id.toUpperCase() }).parts)).toEqual([]);
    expect(runRule(rule, trust({ kind: "SystemAssigned" }).parts)).toEqual([]);
    const wrongCloud = trust({ audiences: ["api://AzureADTokenExchange"] });
    expect(runRule(rule, { ...wrongCloud.parts, cloud: "usgov" })).toEqual([]);
  });
});
