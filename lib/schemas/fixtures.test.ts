// The product's parsers accept every payload Microsoft publishes for the operations it calls
// (../shared/fixtures/microsoft-examples). A fixture without a parser here fails the test.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as arm from "./arm";
import { odataPage } from "./common";
import * as graph from "./graph";

const root = join(process.cwd(), "..", "shared", "fixtures", "microsoft-examples");

/** ARM spec examples wrap the wire body; everything else is the bare body. */
function body(file: string): unknown {
  const json = JSON.parse(readFileSync(join(root, file), "utf8"));
  return json.parameters && json.responses ? json.responses["200"].body : json;
}

const parsers: Record<string, { schema: z.ZodType; check?: (parsed: never) => void }> = {
  "graph/servicePrincipals-list.json": { schema: graph.servicePrincipalPage },
  "graph/servicePrincipal-get.json": { schema: graph.servicePrincipal },
  "graph/servicePrincipal-get-microsoftGraph-select-appRoles.json": {
    schema: graph.servicePrincipal,
    check: (sp: graph.GraphServicePrincipal) => expect(sp.appRoles.length).toBeGreaterThan(0),
  },
  "graph/directoryObject-get-managedIdentity-userAssigned-realCapture.json": {
    schema: graph.servicePrincipal,
    check: (sp: graph.GraphServicePrincipal) => expect(sp.alternativeNames[0]).toBe("isExplicit=True"),
  },
  "graph/servicePrincipal-appRoleAssignments-list.json": { schema: graph.appRoleAssignmentPage },
  "graph/servicePrincipal-memberOf-list.json": { schema: graph.directoryObjectPage },
  "graph/servicePrincipal-memberOf-group-search-count.json": { schema: graph.groupPage },
  "graph/servicePrincipal-transitiveMemberOf-list.json": { schema: graph.directoryObjectPage },
  // This sample was taken with a $select that leaves out `id`: every property present must still parse.
  "graph/servicePrincipal-transitiveMemberOf-group-filter-count.json": { schema: odataPage(graph.group.partial()) },
  "graph/servicePrincipals-delta-firstPage.json": {
    schema: graph.servicePrincipalDeltaPage,
    check: (page: z.infer<typeof graph.servicePrincipalDeltaPage>) =>
      expect(page["@odata.nextLink"]).toContain("$skiptoken="),
  },
  "graph/directory-roleAssignments-filter-principalId.json": { schema: graph.unifiedRoleAssignmentPage },
  "graph/directory-roleAssignments-filter-roleDefinitionId-expand-principal.json": {
    schema: graph.unifiedRoleAssignmentPage,
  },
  "graph/directory-roleDefinitions-list.json": { schema: graph.unifiedRoleDefinitionPage },
  "graph/application-federatedIdentityCredentials-list-managedIdentityAsFic.json": {
    schema: graph.federatedIdentityCredentialPage,
  },
  "graph/reports-servicePrincipalSignInActivities-list-beta.json": {
    schema: graph.servicePrincipalSignInActivityPage,
    check: (page: z.infer<typeof graph.servicePrincipalSignInActivityPage>) =>
      // "-8:00" in Microsoft's sample is read as UTC−08:00.
      expect(page.value[0]!.applicationAuthenticationClientSignInActivity!.lastSignInDateTime!.toISOString()).toBe(
        "2021-03-01T08:00:00.000Z",
      ),
  },
  "graph/batch-request.json": { schema: graph.batchRequest },
  "graph/batch-response.json": { schema: graph.batchResponse },
  "graph/error-404-Request_ResourceNotFound.json": { schema: graph.graphError },
  "graph/error-429-TooManyRequests.json": { schema: graph.graphError },
  "arm/roleAssignments-listForScope-subscription.json": { schema: arm.roleAssignmentPage },
  "arm/roleAssignments-listForResourceGroup.json": { schema: arm.roleAssignmentPage },
  "arm/roleDefinitions-getById.json": { schema: arm.roleDefinition },
  "arm/userAssignedIdentities-listBySubscription.json": { schema: arm.userAssignedIdentityPage },
  "arm/userAssignedIdentities-get.json": { schema: arm.userAssignedIdentity },
  "arm/userAssignedIdentity-azCliShow-realCapture.json": {
    schema: arm.userAssignedIdentity,
    check: (mi: arm.ArmUserAssignedIdentity) =>
      expect(mi.properties.principalId).toBe("8097154c-b14f-4898-928c-16ca80e12dfd"),
  },
  "arm/federatedIdentityCredentials-list.json": { schema: arm.federatedIdentityCredentialPage },
  "arm/systemAssignedIdentity-getByScope.json": { schema: arm.systemAssignedIdentity },
  "arm/virtualMachine-create-userAssignedIdentity.json": {
    schema: arm.resource,
    check: (r: arm.ArmResource) => expect(Object.keys(r.identity?.userAssignedIdentities ?? {})).toHaveLength(1),
  },
  "arm/storageAccount-create-userAssignedIdentity.json": { schema: arm.resource },
  "arm/resourceGraph-resources-firstPage.json": { schema: arm.resourceGraphResponse },
  "arm/resourceGraph-resources-nextPage.json": { schema: arm.resourceGraphResponse },
  "arm/subscriptions-list.json": { schema: arm.subscriptionPage },
  "arm/managementGroups-get.json": { schema: arm.managementGroup },
  "arm/token-imds-response.json": { schema: arm.managedIdentityToken },
  "arm/token-appService-2019-08-01-response.json": { schema: arm.managedIdentityToken },
};

const fixtures = ["graph", "arm"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".json"))
    .map((f) => `${dir}/${f}`),
);

describe("Microsoft's example payloads", () => {
  it("each has a parser", () => {
    expect(fixtures.filter((f) => !(f in parsers))).toEqual([]);
  });

  it.each(fixtures)("%s is accepted", (file) => {
    const parser = parsers[file];
    if (!parser) return; // reported by the test above
    const result = parser.schema.safeParse(body(file));
    expect(result.success ? [] : result.error.issues).toEqual([]);
    parser.check?.(result.data as never);
  });
});
