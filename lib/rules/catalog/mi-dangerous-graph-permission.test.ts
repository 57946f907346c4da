import { describe, expect, it } from "vitest";
import { createAppRoleAssignment, createManagedIdentity, createServicePrincipal } from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { GRAPH_APP_ROLE, MICROSOFT_GRAPH_APP_ID, SHAREPOINT_ONLINE_APP_ID } from "../well-known-ids";
import { miDangerousGraphPermission as rule } from "./mi-dangerous-graph-permission";

function withPermission(appRoleId: string, resourceAppId: string | null = MICROSOFT_GRAPH_APP_ID, extra = {}) {
  const mi = createManagedIdentity();
  const assignment = createAppRoleAssignment({ principalId: mi.id, appRoleId, resourceAppId, ...extra });
  return { mi, assignment, results: runRule(rule, { servicePrincipals: [mi], appRoleAssignments: [assignment] }) };
}

describe("mi-dangerous-graph-permission", () => {
  it.each([
    "RoleManagement.ReadWrite.Directory",
    "AppRoleAssignment.ReadWrite.All",
    "Application.ReadWrite.All",
    "Directory.ReadWrite.All",
  ] as const)("is critical for %s", (name) => {
    const { results, assignment } = withPermission(GRAPH_APP_ROLE[name]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ severity: "critical", title: expect.stringContaining(name) });
    expect(results[0]?.evidence["appRoleAssignments"]).toEqual([
      expect.objectContaining({ assignmentId: assignment.id, appRoleId: GRAPH_APP_ROLE[name], permission: name }),
    ]);
  });

  it.each(["User.ReadWrite.All", "Mail.Send", "Sites.FullControl.All", "Application.ReadWrite.OwnedBy"] as const)(
    "is high for %s",
    (name) => {
      expect(withPermission(GRAPH_APP_ROLE[name]).results.map((r) => r.severity)).toEqual(["high"]);
    },
  );

  it("keys on resource appId + appRoleId: SharePoint's reuse of the User.ReadWrite.All GUID is not Graph", () => {
    expect(withPermission(GRAPH_APP_ROLE["User.ReadWrite.All"], SHAREPOINT_ONLINE_APP_ID).results).toEqual([]);
  });

  it("resolves the resource appId through the resource service principal when the assignment lacks it", () => {
    const graph = createServicePrincipal({
      appId: MICROSOFT_GRAPH_APP_ID,
      displayName: "Microsoft Graph",
      appOwnerOrganizationId: null,
    });
    const mi = createManagedIdentity();
    const results = runRule(rule, {
      servicePrincipals: [graph, mi],
      appRoleAssignments: [
        createAppRoleAssignment({
          principalId: mi.id,
          appRoleId: GRAPH_APP_ROLE["Directory.ReadWrite.All"].toUpperCase(),
          resourceAppId: null,
          resourceId: graph.id,
        }),
      ],
    });
    expect(results.map((r) => r.severity)).toEqual(["critical"]);
  });

  it("does not fire for read permissions, unresolvable resources, or application principals", () => {
    expect(withPermission(GRAPH_APP_ROLE["Directory.Read.All"]).results).toEqual([]);
    expect(withPermission(GRAPH_APP_ROLE["Directory.ReadWrite.All"], null).results).toEqual([]);
    const app = createServicePrincipal();
    const results = runRule(rule, {
      servicePrincipals: [app],
      appRoleAssignments: [
        createAppRoleAssignment({ principalId: app.id, appRoleId: GRAPH_APP_ROLE["Directory.ReadWrite.All"] }),
      ],
    });
    expect(results).toEqual([]);
  });
});
