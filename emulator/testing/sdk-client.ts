// Runs Microsoft's own clients against a running emulator, configured only through the environment
// the emulator prints (plus STEWARD_TEST_SUBSCRIPTION), and prints one JSON line of what they saw.
// Run in a child process so NODE_EXTRA_CA_CERTS applies from start-up, as it does for users.
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { ManagedIdentityCredential } from "@azure/identity";
import {
  BatchRequestContent,
  BatchResponseContent,
  Client,
  PageIterator,
  type PageCollection,
} from "@microsoft/microsoft-graph-client";

async function main() {
  const env = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} is not set`);
    return v;
  };
  const graphUrl = env("STEWARD_GRAPH_URL");
  const armUrl = env("STEWARD_ARM_URL");
  const subscriptionId = env("STEWARD_TEST_SUBSCRIPTION");
  const credential = new ManagedIdentityCredential();

  const graphToken = await credential.getToken("https://graph.microsoft.com/.default");
  const client = Client.init({
    authProvider: (done) => done(null, graphToken.token),
    baseUrl: graphUrl,
    customHosts: new Set([new URL(graphUrl).hostname]),
    defaultVersion: "v1.0",
  });
  const first = (await client
    .api("/servicePrincipals")
    .filter("servicePrincipalType eq 'ManagedIdentity'")
    .select("id,displayName")
    .top(7)
    .get()) as PageCollection;
  let graphItems = 0;
  const firstNextLink = first["@odata.nextLink"] ?? null;
  const iterator = new PageIterator(client, first, () => {
    graphItems++;
    return true;
  });
  await iterator.iterate();

  const batch = new BatchRequestContent([
    { id: "1", request: new Request(`${graphUrl}/v1.0/servicePrincipals?$top=1`, { method: "GET" }) },
    {
      id: "2",
      request: new Request(`${graphUrl}/v1.0/servicePrincipals/00000000-0000-4000-8000-000000000000`, {
        method: "GET",
      }),
    },
  ]);
  const batchResponse = new BatchResponseContent(await client.api("/$batch").post(await batch.getContent()));
  const batchStatuses = [batchResponse.getResponseById("1")?.status, batchResponse.getResponseById("2")?.status];

  const auth = new AuthorizationManagementClient(credential, subscriptionId, { endpoint: armUrl });
  let roleAssignments = 0;
  for await (const ra of auth.roleAssignments.listForSubscription()) {
    if (!ra.createdOn || Number.isNaN(ra.createdOn.getTime())) throw new Error("createdOn did not parse");
    roleAssignments++;
  }
  const builtIn: string[] = [];
  for await (const def of auth.roleDefinitions.list(`subscriptions/${subscriptionId}`, {
    filter: "type eq 'BuiltInRole'",
  }))
    builtIn.push(def.roleName ?? "");

  const msi = new ManagedServiceIdentityClient(credential, subscriptionId, { endpoint: armUrl });
  const identities: { name: string; rg: string }[] = [];
  for await (const u of msi.userAssignedIdentities.listBySubscription())
    identities.push({ name: u.name ?? "", rg: (u.id ?? "").split("/")[4] ?? "" });
  let fics = 0;
  for (const i of identities) for await (const _f of msi.federatedIdentityCredentials.list(i.rg, i.name)) fics++;

  const arg = new ResourceGraphClient(credential, { endpoint: armUrl });
  const query =
    "Resources | where isnotempty(identity) | project id, name, type, subscriptionId, identityType=tostring(identity.type), principalId=tostring(identity.principalId), uami=identity.userAssignedIdentities";
  let argRows = 0;
  let skipToken: string | undefined;
  let argTotal = 0;
  do {
    const page = await arg.resources({ query, subscriptions: [subscriptionId], options: { top: 5, skipToken } });
    argRows += page.count;
    argTotal = page.totalRecords;
    if (page.resultTruncated !== "false") throw new Error(`resultTruncated ${page.resultTruncated}`);
    skipToken = page.skipToken;
  } while (skipToken);

  process.stdout.write(
    `${JSON.stringify({ graphItems, firstNextLink, batchStatuses, roleAssignments, builtIn, identities: identities.length, fics, argRows, argTotal })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stdout.write(
    `${JSON.stringify({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })}\n`,
  );
  process.exitCode = 1;
});
