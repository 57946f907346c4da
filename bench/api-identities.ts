// Benchmark: the identities API's page query (lib/data/listIdentities, the function GET
// /api/identities calls) on the synced 100k tenant, SQLite and PostgreSQL: p50/p95 of a filtered,
// sorted page at page 1 and at page 1,000. Targets: p95 < 50 ms; page 1,000 ≤ 1.5× page 1.
//
//   node --conditions=react-server --import tsx bench/api-identities.ts [sqlite|postgresql]… [--rounds N]
//
// The 100k tenant holds ~20k managed identities, so page 1,000 exists at 20 rows a page for the
// whole inventory; a filtered view has fewer rows, so its page size is set to reach page 1,000
// (and printed). Pages are keyset-paged: the cursor for page 1,000 is found by walking once, then
// page 1 and page 1,000 are timed alternately.
import { createDb, type Db } from "../lib/db";
import type { DatabaseKind } from "../lib/database-url";
import { countIdentities } from "../lib/data/count-identities";
import { getIdentity } from "../lib/data/get-identity";
import { getOverview } from "../lib/data/get-overview";
import { listIdentityFilterOptions } from "../lib/data/list-identity-filter-options";
import { listIdentities } from "../lib/data/list-identities";
import type { IdentityFilters } from "../lib/url-state/identities";
import { benchDatabase } from "./support/bench-database";
import { interleaved, loadAverage, ms } from "./support/latency";

const args = process.argv.slice(2);
const roundsArg = args.indexOf("--rounds");
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 200;
const kinds = (args.filter((a) => a === "sqlite" || a === "postgresql") as DatabaseKind[]).length
  ? (args.filter((a) => a === "sqlite" || a === "postgresql") as DatabaseKind[])
  : (["sqlite", "postgresql"] as DatabaseKind[]);
const DEEP_PAGE = 1000;

interface Scenario {
  name: string;
  filters: IdentityFilters;
  /** Rows per page; null: as many as reach page 1,000 (at most 50). */
  take: number | null;
}

const scenarios: Scenario[] = [
  { name: "whole inventory, by name", filters: {}, take: 20 },
  {
    name: "system-assigned, by risk (highest first)",
    filters: { kind: "SystemAssigned", sort: "privilege", dir: "desc" },
    take: null,
  },
  {
    name: "with open findings, by Azure roles",
    filters: { findings: "open", sort: "azureRoles", dir: "desc" },
    take: null,
  },
  { name: "by last sign-in (NULLs last)", filters: { sort: "lastSignIn", dir: "desc" }, take: 20 },
];

async function cursorOfPage(db: Db, tenantId: string, filters: IdentityFilters, take: number, page: number) {
  let cursor: string | undefined;
  for (let p = 1; p < page; p += 1) {
    const next = (await listIdentities(tenantId, { ...filters, cursor }, { db, take })).nextCursor;
    if (!next) return { cursor, reached: p };
    cursor = next;
  }
  return { cursor, reached: page };
}

async function main() {
  console.log(`identities API page benchmark — ${rounds} timed rounds per case, load average ${loadAverage()}`);
  for (const kind of kinds) {
    const bench = await benchDatabase(kind);
    const db = createDb(bench.url);
    console.log(`\n${kind}: ${bench.identities.toLocaleString("en-US")} managed identities (synced ${bench.syncedAt})`);
    console.log("| view | rows/page | page 1 p50 / p95 | page 1,000 p50 / p95 | p95 ratio | load |");
    console.log("|---|---|---|---|---|---|");
    try {
      for (const scenario of scenarios) {
        const total = await countIdentities(bench.tenantId, scenario.filters, { db });
        const take = scenario.take ?? Math.max(1, Math.min(50, Math.floor(total / DEEP_PAGE)));
        const deep = await cursorOfPage(db, bench.tenantId, scenario.filters, take, DEEP_PAGE);
        const first = () => listIdentities(bench.tenantId, scenario.filters, { db, take });
        const deepPage = () =>
          listIdentities(bench.tenantId, { ...scenario.filters, cursor: deep.cursor }, { db, take });
        const result = await interleaved(
          { first, deep: deepPage },
          {
            rounds,
            warmup: 10,
            check: (_key, page) => {
              if (page.items.length === 0) throw new Error(`${scenario.name}: an empty page was timed`);
            },
          },
        );
        const label = deep.reached === DEEP_PAGE ? "page 1,000" : `page ${deep.reached} (last)`;
        console.log(
          `| ${scenario.name} (${total.toLocaleString("en-US")} rows) | ${take} | ${ms(result.first.p50)} / ${ms(result.first.p95)} | ${label}: ${ms(result.deep.p50)} / ${ms(result.deep.p95)} | ${(result.deep.p95 / result.first.p95).toFixed(2)}× | ${loadAverage()} |`,
        );
      }
      // Not paged, but read on every visit: the detail of the identities people look at most (the
      // riskiest, with the most grants and controllers) and the overview.
      const top = await listIdentities(bench.tenantId, { sort: "privilege", dir: "desc" }, { db, take: 5 });
      const detailRounds = Math.max(20, Math.round(rounds / 4));
      let next = 0;
      const other = await interleaved<"detail" | "overview" | "options", unknown>(
        {
          detail: () => getIdentity(bench.tenantId, top.items[next++ % top.items.length]!.id, { db }),
          overview: () => getOverview(bench.tenantId, { db }),
          options: () => listIdentityFilterOptions(bench.tenantId, { db }),
        },
        { rounds: detailRounds, warmup: 3 },
      );
      console.log(
        `\n${kind} identity detail (riskiest identities): p50 ${ms(other.detail.p50)}, p95 ${ms(other.detail.p95)}; overview: p50 ${ms(other.overview.p50)}, p95 ${ms(other.overview.p95)}; filter options: p50 ${ms(other.options.p50)}, p95 ${ms(other.options.p95)} (${detailRounds} rounds, load ${loadAverage()})`,
      );
    } finally {
      await db.$disconnect();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
