// Benchmark: generate the 100k-service-principal tenant, then serve it page by page over https
// (Graph service principals, ARM role assignments of one subscription, Resource Graph identities).
// Run: npx tsx bench/emulator-generate.ts [size]   Targets: generation < 30 s and < 1 GiB.
import { request, Agent } from "node:https";
import { request as httpRequest } from "node:http";
import { readFileSync } from "node:fs";
import { startEmulator } from "../emulator/index";
import { generateTenant, todayUtc } from "../emulator/tenant/generate";
import { tenantCounts } from "../emulator/control";

const size = Number(process.argv[2] ?? 100_000);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function fetchJson(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent },
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const fn = u.protocol === "https:" ? request : httpRequest;
    const req = fn(u, { method: init.method ?? "GET", headers: init.headers, agent: init.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

async function main() {
  const t0 = performance.now();
  const tenant = generateTenant({ seed: 1, size, now: todayUtc() });
  const genMs = performance.now() - t0;
  const afterGen = process.memoryUsage();
  const counts = tenantCounts(tenant);
  console.log(
    `generate ${size} SPs: ${(genMs / 1000).toFixed(1)} s, rss ${mb(afterGen.rss)}, heap ${mb(afterGen.heapUsed)}, peak rss ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
  console.log(`  ${JSON.stringify(counts)}`);

  const emulator = await startEmulator({ tenant, seed: 1 });
  const agent = new Agent({ ca: readFileSync(emulator.env.NODE_EXTRA_CA_CERTS!, "utf8"), keepAlive: true });
  const token = async (resource: string) => {
    const r = await fetchJson(
      `${emulator.env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}`,
      { headers: { "X-IDENTITY-HEADER": emulator.env.IDENTITY_HEADER! } },
    );
    return r.body.access_token as string;
  };
  const graphToken = await token("https://graph.microsoft.com");
  const armToken = await token("https://management.azure.com");

  let t = performance.now();
  let next: string | undefined =
    `${emulator.urls.graph}/v1.0/servicePrincipals?$top=999&$select=id,appId,displayName,servicePrincipalType,alternativeNames,accountEnabled`;
  let pages = 0;
  let items = 0;
  while (next) {
    const r = await fetchJson(next, { headers: { Authorization: `Bearer ${graphToken}` }, agent });
    if (r.status !== 200) throw new Error(`graph ${r.status} ${JSON.stringify(r.body)}`);
    items += (r.body.value as unknown[]).length;
    next = r.body["@odata.nextLink"] as string | undefined;
    pages++;
  }
  let ms = performance.now() - t;
  console.log(
    `graph servicePrincipals: ${items} in ${pages} pages, ${(ms / 1000).toFixed(1)} s (${(ms / pages).toFixed(0)} ms/page)`,
  );

  let lastDeltaLink: string | undefined;
  t = performance.now();
  next = `${emulator.urls.graph}/v1.0/servicePrincipals/delta?$select=id,displayName,servicePrincipalType`;
  pages = 0;
  items = 0;
  while (next) {
    const r = await fetchJson(next, { headers: { Authorization: `Bearer ${graphToken}` }, agent });
    if (r.status !== 200) throw new Error(`delta ${r.status} ${JSON.stringify(r.body)}`);
    items += (r.body.value as unknown[]).length;
    next = r.body["@odata.nextLink"] as string | undefined;
    lastDeltaLink = (r.body["@odata.deltaLink"] as string | undefined) ?? lastDeltaLink;
    pages++;
  }
  ms = performance.now() - t;
  console.log(`graph servicePrincipals/delta: ${items} in ${pages} pages, ${(ms / 1000).toFixed(1)} s`);

  t = performance.now();
  next = `${emulator.urls.graph}/v1.0/groups/delta?$select=id,displayName,members`;
  pages = 0;
  items = 0;
  let memberRefs = 0;
  while (next) {
    const r = await fetchJson(next, { headers: { Authorization: `Bearer ${graphToken}` }, agent });
    if (r.status !== 200) throw new Error(`groups delta ${r.status} ${JSON.stringify(r.body)}`);
    const value = r.body.value as { "members@delta"?: unknown[] }[];
    items += value.length;
    for (const g of value) memberRefs += g["members@delta"]?.length ?? 0;
    next = r.body["@odata.nextLink"] as string | undefined;
    pages++;
  }
  ms = performance.now() - t;
  console.log(
    `graph groups/delta with members: ${items} groups, ${memberRefs} memberships in ${pages} pages, ${(ms / 1000).toFixed(1)} s`,
  );

  const deltaLink = lastDeltaLink;
  t = performance.now();
  const churn = await fetchJson(`${emulator.urls.graph}/_emulator/churn`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ fraction: 0.01, seed: 1 }),
    agent,
  });
  const churnMs = performance.now() - t;
  t = performance.now();
  next = deltaLink;
  pages = 0;
  items = 0;
  while (next) {
    const r = await fetchJson(next, { headers: { Authorization: `Bearer ${graphToken}` }, agent });
    if (r.status !== 200) throw new Error(`delta ${r.status} ${JSON.stringify(r.body)}`);
    items += (r.body.value as unknown[]).length;
    next = r.body["@odata.nextLink"] as string | undefined;
    pages++;
  }
  ms = performance.now() - t;
  console.log(
    `churn 1 % of identities: ${(churn.body.changes as unknown[]).length} changes in ${churnMs.toFixed(0)} ms; incremental delta: ${items} items in ${pages} pages, ${ms.toFixed(0)} ms`,
  );

  const sub = tenant.subscriptions[3]?.subscriptionId ?? tenant.subscriptions[0]!.subscriptionId;
  t = performance.now();
  next = `${emulator.urls.arm}/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`;
  pages = 0;
  items = 0;
  while (next) {
    const r = await fetchJson(next, { headers: { Authorization: `Bearer ${armToken}` }, agent });
    if (r.status !== 200) throw new Error(`arm ${r.status} ${JSON.stringify(r.body)}`);
    items += (r.body.value as unknown[]).length;
    next = r.body.nextLink as string | undefined;
    pages++;
  }
  ms = performance.now() - t;
  console.log(`arm roleAssignments (one subscription): ${items} in ${pages} pages, ${ms.toFixed(0)} ms`);

  t = performance.now();
  const query =
    "Resources | where isnotempty(identity) | project id, name, type, subscriptionId, identityType=tostring(identity.type), principalId=tostring(identity.principalId), uami=identity.userAssignedIdentities";
  let skipToken: string | undefined;
  pages = 0;
  items = 0;
  do {
    const r = await fetchJson(
      `${emulator.urls.arm}/providers/Microsoft.ResourceGraph/resources?api-version=2021-06-01-preview`,
      {
        method: "POST",
        headers: { Authorization: `Bearer ${armToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({ query, options: { $top: 1000, ...(skipToken ? { $skipToken: skipToken } : {}) } }),
        agent,
      },
    );
    if (r.status !== 200) throw new Error(`arg ${r.status} ${JSON.stringify(r.body)}`);
    items += r.body.count as number;
    skipToken = r.body.$skipToken as string | undefined;
    pages++;
  } while (skipToken);
  ms = performance.now() - t;
  console.log(`resource graph identities: ${items} in ${pages} pages, ${(ms / 1000).toFixed(1)} s`);
  console.log(`peak rss overall ${mb(process.resourceUsage().maxRSS * 1024)}`);
  agent.destroy();
  await emulator.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
