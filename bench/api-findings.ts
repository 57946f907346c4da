// Benchmark: the findings API's page query (lib/data/listFindings, the function GET /api/findings
// calls) on the synced, evaluated 100k tenant, SQLite and PostgreSQL: p50/p95 of a filtered, sorted
// page at page 1 and at page 1,000. Targets: p95 < 50 ms; page 1,000 ≤ 1.5× page 1.
//
//   node --conditions=react-server --import tsx bench/api-findings.ts [sqlite|postgresql]… [--rounds N]
//
// The 100k tenant holds ~120k findings. A view with at least 50,000 rows is paged 50 at a time; a
// narrower one gets the page size that reaches page 1,000 (printed). Pages are keyset-paged: the
// cursor for page 1,000 is found by walking once, then page 1 and page 1,000 are timed alternately.
import { createDb, type Db } from "../lib/db";
import type { DatabaseKind } from "../lib/database-url";
import { countFindings } from "../lib/data/count-findings";
import { listFindings } from "../lib/data/list-findings";
import type { FindingFilters } from "../lib/url-state/findings";
import { benchDatabase } from "./support/bench-database";
import { interleaved, loadAverage, ms } from "./support/latency";

const args = process.argv.slice(2);
const roundsArg = args.indexOf("--rounds");
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 200;
const chosen = args.filter((a): a is DatabaseKind => a === "sqlite" || a === "postgresql");
const kinds: DatabaseKind[] = chosen.length > 0 ? chosen : ["sqlite", "postgresql"];
const DEEP_PAGE = 1000;
const MAX_TAKE = 50;

interface Scenario {
  name: string;
  filters: FindingFilters;
}

// The views people open most: the queue as it comes (worst first), the urgent work by deadline, one
// rule's findings by recency, and the unowned backlog by subject. All but the last include the
// active-queue status filter the URL implies when it names no status.
const scenarios: Scenario[] = [
  { name: "active queue, worst first", filters: {} },
  { name: "critical + high, by due date", filters: { severity: ["critical", "high"], sort: "due", dir: "asc" } },
  { name: "unassigned, by subject", filters: { owner: "unassigned", sort: "subject", dir: "asc" } },
  {
    name: "every status, last seen first",
    filters: {
      status: ["open", "in_progress", "resolved", "risk_accepted", "false_positive"],
      sort: "lastSeen",
      dir: "desc",
    },
  },
];

async function cursorOfPage(db: Db, tenantId: string, filters: FindingFilters, take: number, page: number) {
  let cursor: string | undefined;
  for (let p = 1; p < page; p += 1) {
    const next = (await listFindings(tenantId, { ...filters, cursor }, { db, take })).nextCursor;
    if (!next) return { cursor, reached: p };
    cursor = next;
  }
  return { cursor, reached: page };
}

async function main() {
  console.log(`findings API page benchmark — ${rounds} timed rounds per case, load average ${loadAverage()}`);
  for (const kind of kinds) {
    const bench = await benchDatabase(kind);
    const db = createDb(bench.url);
    try {
      const findings = await db.finding.count({ where: { tenantId: bench.tenantId } });
      console.log(
        `\n${kind}: ${findings.toLocaleString("en-US")} findings on ${bench.identities.toLocaleString("en-US")} managed identities (synced ${bench.syncedAt})`,
      );
      console.log("| view | rows/page | page 1 p50 / p95 | page 1,000 p50 / p95 | p95 ratio | load |");
      console.log("|---|---|---|---|---|---|");
      for (const scenario of scenarios) {
        const total = await countFindings(bench.tenantId, scenario.filters, { db });
        const take = Math.max(1, Math.min(MAX_TAKE, Math.floor(total / DEEP_PAGE)));
        const deep = await cursorOfPage(db, bench.tenantId, scenario.filters, take, DEEP_PAGE);
        const first = () => listFindings(bench.tenantId, scenario.filters, { db, take });
        const deepPage = () => listFindings(bench.tenantId, { ...scenario.filters, cursor: deep.cursor }, { db, take });
        const result = await interleaved(
          { first, deep: deepPage },
          {
            rounds,
            warmup: 10,
            check: (_key, page) => {
              if (page.items.length !== take) throw new Error(`${scenario.name}: a short page was timed`);
            },
          },
        );
        const label = deep.reached === DEEP_PAGE ? "page 1,000" : `page ${deep.reached} (last)`;
        console.log(
          `| ${scenario.name} (${total.toLocaleString("en-US")} rows) | ${take} | ${ms(result.first.p50)} / ${ms(result.first.p95)} | ${label}: ${ms(result.deep.p50)} / ${ms(result.deep.p95)} | ${(result.deep.p95 / result.first.p95).toFixed(2)}× | ${loadAverage()} |`,
        );
      }
    } finally {
      await db.$disconnect();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
