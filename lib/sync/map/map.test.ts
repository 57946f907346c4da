import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as armSchemas from "../../schemas/arm";
import * as graphSchemas from "../../schemas/graph";
import { resourceRows, roleAssignmentRow, roleDefinitionRow } from "./arm";
import { parseArmId, scopeLevel } from "./arm-id";
import { appRoleAssignmentRow, managedIdentityOf, memberType, servicePrincipalRows } from "./graph";

const fixture = (file: string) => {
  const json = JSON.parse(
    readFileSync(join(process.cwd(), "..", "shared", "fixtures", "microsoft-examples", file), "utf8"),
  );
  return json.parameters && json.responses ? json.responses["200"].body : json;
};

describe("ARM ids", () => {
  it("parses a resource id case-insensitively", () => {
    expect(
      parseArmId("/subscriptions/ABC/resourceGroups/RG1/providers/Microsoft.Compute/virtualMachines/VM2/"),
    ).toEqual({
      id: "/subscriptions/abc/resourcegroups/rg1/providers/microsoft.compute/virtualmachines/vm2",
      subscriptionId: "abc",
      resourceGroup: "rg1",
      type: "microsoft.compute/virtualmachines",
      name: "vm2",
    });
  });
  it("names nested resource types", () => {
    expect(parseArmId("/subscriptions/s/resourcegroups/r/providers/Microsoft.Web/sites/app/slots/staging").type).toBe(
      "microsoft.web/sites/slots",
    );
  });
  it("tells every scope level apart", () => {
    expect(scopeLevel("/")).toBe("root");
    expect(scopeLevel("/providers/Microsoft.Management/managementGroups/contoso")).toBe("managementGroup");
    expect(scopeLevel("/subscriptions/s")).toBe("subscription");
    expect(scopeLevel("/subscriptions/s/resourceGroups/r")).toBe("resourceGroup");
    expect(scopeLevel("/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/v")).toBe("resource");
  });
});

describe("managed identity kind", () => {
  it("reads the real user-assigned capture (isExplicit=True, lower-case resourcegroups)", () => {
    const sp = graphSchemas.servicePrincipal.parse(
      fixture("graph/directoryObject-get-managedIdentity-userAssigned-realCapture.json"),
    );
    const { servicePrincipal, credentials } = servicePrincipalRows(sp);
    expect(servicePrincipal).toMatchObject({
      miKind: "UserAssigned",
      miResourceId:
        "/subscriptions/1b877039-42c8-467f-a80b-950b770fa4ff/resourcegroups/kjh-microsoft-learn/providers/microsoft.managedidentity/userassignedidentities/kjh-mi",
      subscriptionId: "1b877039-42c8-467f-a80b-950b770fa4ff",
      resourceType: "microsoft.managedidentity/userassignedidentities",
    });
    expect(credentials).toEqual([]);
  });
  it("treats isExplicit=False and a missing isExplicit as system-assigned, whatever the order", () => {
    expect(
      managedIdentityOf([
        "/subscriptions/s/resourcegroups/r/providers/Microsoft.Compute/virtualMachines/VM2",
        "isExplicit=False",
      ]),
    ).toEqual({
      kind: "SystemAssigned",
      armId: "/subscriptions/s/resourcegroups/r/providers/Microsoft.Compute/virtualMachines/VM2",
    });
    expect(managedIdentityOf(["/subscriptions/s/resourcegroups/r/providers/Microsoft.Web/sites/app"]).kind).toBe(
      "SystemAssigned",
    );
  });
  it("marks a managed identity's own certificate as platform-managed and an app's as not", () => {
    const base = {
      id: "x",
      appId: "y",
      keyCredentials: [
        { keyId: "k", type: "AsymmetricX509Cert", usage: "Verify", endDateTime: "2026-02-01T00:00:00Z" },
      ],
    };
    const mi = servicePrincipalRows(
      graphSchemas.servicePrincipal.parse({
        ...base,
        servicePrincipalType: "ManagedIdentity",
        alternativeNames: ["isExplicit=False", "/subscriptions/s/resourcegroups/r/providers/a/b/c"],
      }),
    );
    const app = servicePrincipalRows(
      graphSchemas.servicePrincipal.parse({ ...base, servicePrincipalType: "Application" }),
    );
    expect(mi.credentials[0]).toMatchObject({ kind: "certificate", isPlatformManaged: true });
    expect(app.credentials[0]).toMatchObject({ kind: "certificate", isPlatformManaged: false });
    expect(app.servicePrincipal.miKind).toBeNull();
  });
});

describe("grants", () => {
  it("names an app permission through the resource's own roles", () => {
    const page = graphSchemas.appRoleAssignmentPage.parse(
      fixture("graph/servicePrincipal-appRoleAssignments-list.json"),
    );
    const a = page.value[0]!;
    const row = appRoleAssignmentRow(a, {
      appId: "00000003-0000-0000-c000-000000000000",
      appRoles: [{ id: a.appRoleId, value: "Mail.ReadWrite" }],
    });
    expect(row).toMatchObject({
      appRoleValue: "Mail.ReadWrite",
      resourceAppId: "00000003-0000-0000-c000-000000000000",
    });
    expect(appRoleAssignmentRow(a, undefined).appRoleValue).toBeNull();
  });

  it("keeps the role definition GUID whatever form its id takes", () => {
    const page = armSchemas.roleAssignmentPage.parse(fixture("arm/roleAssignments-listForResourceGroup.json"));
    for (const a of page.value) {
      const row = roleAssignmentRow(a);
      expect(row.roleDefinitionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.id).toBe(String(row.id).toLowerCase());
    }
    const def = roleDefinitionRow(armSchemas.roleDefinition.parse(fixture("arm/roleDefinitions-getById.json")));
    expect(def.permissions).toEqual(expect.any(Array));
  });

  it("reads group, user and service principal members by @odata.type", () => {
    expect(memberType("#microsoft.graph.servicePrincipal")).toBe("ServicePrincipal");
    expect(memberType("#microsoft.graph.group")).toBe("Group");
    expect(memberType(undefined)).toBe("Other");
  });
});

describe("resources with identities", () => {
  it("lists the user-assigned identities a storage account carries, lower-cased", () => {
    const r = armSchemas.resource.parse(fixture("arm/storageAccount-create-userAssignedIdentity.json"));
    const { resource, attachments } = resourceRows(r);
    expect(resource).toMatchObject({
      type: "microsoft.storage/storageaccounts",
      principalId: null,
      identityType: "UserAssigned",
    });
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({
      principalId: "8d823284-1060-42a5-9ec4-ed3d831e24d7",
      clientId: "fbaa6278-1ecc-415c-819f-6e2058d3acb5",
    });
    expect(attachments[0]!.identityResourceId).toBe(String(attachments[0]!.identityResourceId).toLowerCase());
  });

  it("reads both spellings of the combined identity type", () => {
    for (const type of ["SystemAssigned, UserAssigned", "SystemAssigned,UserAssigned"]) {
      const r = armSchemas.resource.parse({
        id: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/vm",
        name: "vm",
        type: "Microsoft.Compute/virtualMachines",
        identity: {
          type,
          principalId: "p1",
          userAssignedIdentities: {
            "/subscriptions/s/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u": {},
          },
        },
      });
      const { resource, attachments } = resourceRows(r);
      expect(resource.principalId).toBe("p1");
      expect(attachments).toHaveLength(1);
    }
  });
});
