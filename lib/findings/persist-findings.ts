// Writes one evaluation into the database. While rules run, an EvaluationStage compares each
// finding with what is stored (content hash, status, whether the latest evaluation saw it) and
// stages in TEMP tables only what needs writing: the content of findings that are new or changed,
// and the keys of findings whose status or last-seen mark may move. An unchanged finding still
// detected costs a hash and is not written at all (its lastSeenAt says "seen by the latest
// evaluation", lib/findings/last-seen.ts). persistFindings then applies the stage in one
// transaction: findings upserted by their stable key (owner, status and comments untouched), system
// status changes with a hash-chained audit entry each, a trend point, migration candidates replaced
// by difference, the identity counters and the tenant's evaluation time.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import type { MigrationCandidate } from "@/lib/rules/candidates/types";
import type { EvaluatedResult } from "@/lib/rules/registry";
import { dateColumn, parseStoredDate, q, type SqlConnection } from "@/lib/sync/sql/connection";
import {
  auditHash,
  dueDateFor,
  nextStatus,
  type AuditEntryContent,
  type FindingStatus,
  type StatusChange,
} from "./finding-lifecycle";
import { SEEN_BY_LATEST_EVALUATION } from "./last-seen";

export interface PersistFindingsInput {
  runId: string;
  now: Date;
  stage: EvaluationStage;
}

export interface PersistFindingsCounts {
  /** Findings this evaluation produced (open or not). */
  produced: number;
  /** Findings seen for the first time. */
  new: number;
  /** Existing findings whose severity, title, evidence or subject changed. */
  updated: number;
  /** Findings still detected, new ones excluded. */
  seen: number;
  resolved: number;
  reopened: number;
  acceptanceExpired: number;
  candidates: { total: number; added: number; changed: number; removed: number };
  auditEntries: number;
  /** Milliseconds per step (status, upsert, seen, trend, candidates, counters, audit). */
  stepsMs: Record<string, number>;
}

type Kind = "text" | "json" | "datetime" | "int" | { enum: string };

/** The columns an evaluation may rewrite in an existing finding. */
const CONTENT = ["severity", "title", "evidence", "subjectName", "subjectKind", "subscriptionId"] as const;
const contentKind = (c: string): Kind => (c === "severity" ? { enum: "Severity" } : c === "evidence" ? "json" : "text");

export const SYSTEM_ACTOR = "system";

/** What an evaluation writes into a finding besides its key; the hash covers exactly this. */
const FINDING_COLUMNS = [
  "key",
  "id",
  "ruleId",
  "severity",
  "subjectId",
  "subjectName",
  "subjectKind",
  "subscriptionId",
  "target",
  "title",
  "evidence",
  "dueDate",
  "contentHash",
];

export function findingContentHash(result: EvaluatedResult, evidenceJson: string): string {
  return createHash("sha1")
    .update(
      JSON.stringify([
        result.severity,
        result.title,
        result.subjectName,
        result.subjectKind,
        result.subscriptionId ?? null,
      ]),
    )
    .update(evidenceJson)
    .digest("base64url");
}

async function tempTable(conn: SqlConnection, name: string, columns: string[], key: string): Promise<void> {
  const def = (c: string) => (conn.kind === "postgresql" ? `${q(c)} text` : q(c));
  await conn.exec(`DROP TABLE IF EXISTS ${q(name)}`);
  await conn.exec(`CREATE TEMP TABLE ${q(name)} (${columns.map(def).join(", ")}, PRIMARY KEY (${q(key)}))`);
}

/**
 * Appends rows to a TEMP table; the first row of a key wins. On PostgreSQL one JSON parameter per
 * chunk (serialised natively) instead of driver-escaped text arrays, which cost seconds for
 * megabytes of evidence; callers keep chunks to a few MB.
 */
async function stageRows(conn: SqlConnection, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  if (conn.kind !== "postgresql") return conn.insertRows(table, columns, rows);
  const json = JSON.stringify(
    rows.map((row) =>
      Object.fromEntries(columns.map((c, j) => [c, row[j] === null || row[j] === undefined ? null : String(row[j])])),
    ),
  );
  await conn.run(
    `INSERT INTO ${q(table)} (${columns.map(q).join(", ")})
     SELECT ${columns.map((c) => `x.${q(c)}`).join(", ")} FROM json_to_recordset(${conn.p(1)}::json) AS x(${columns.map((c) => `${q(c)} text`).join(", ")})
     ON CONFLICT DO NOTHING`,
    [json],
  );
}

/** Flush a buffer once it holds this much (evidence JSON dominates) or this many keys. */
const FLUSH_BYTES = 4 * 1024 * 1024;
const FLUSH_ROWS = 20_000;

/** Migration candidates as staged: the plan carries the target's reasoning. */
const CANDIDATE_COLUMNS = [
  "id",
  "principalKind",
  "appId",
  "displayName",
  "credentialSummary",
  "score",
  "recommendedTarget",
  "reasons",
  "plan",
];
const CANDIDATE_KINDS: Kind[] = [
  "text",
  "text",
  "text",
  "text",
  "text",
  "int",
  { enum: "CandidateTarget" },
  "json",
  "json",
];

/** A stored finding persisting must look at if this evaluation produces it: resolved, accepted until a date, or not marked seen. */
const WATCH_IF_PRODUCED = 1;
/** …or if it does not: open or in progress, accepted until a date, or marked seen by the latest evaluation. */
const WATCH_IF_MISSING = 2;

interface StoredFinding {
  hash: string | null;
  watch: number;
}

/**
 * One evaluation on its way to the database. `add` is synchronous and cheap; call `flush` whenever
 * `full` is true, and `finish` once the rules are done. Nothing here touches stored data: the stage
 * lives in this connection's TEMP tables until persistFindings applies it, so an evaluation that
 * fails or is abandoned changes nothing.
 */
export class EvaluationStage {
  /** Findings staged with their content (new, or changed since they were stored). */
  staged = 0;
  /** Findings the rules produced. */
  produced = 0;
  /** Milliseconds spent reading what is stored, and hashing, serialising and staging findings. */
  elapsedMs = 0;
  /** [key, produced] of the stored findings whose status or last-seen mark may move. */
  private watchBuffer: unknown[][] = [];
  private contentBuffer: unknown[][] = [];
  private bufferedBytes = 0;
  private finished = false;

  private constructor(
    private readonly conn: SqlConnection,
    private readonly now: Date,
    /** The tenant's stored findings not produced yet (a finding is forgotten as it is produced). */
    private readonly stored: Map<string, StoredFinding>,
  ) {}

  static async open(conn: SqlConnection, tenantId: string, now: Date): Promise<EvaluationStage> {
    const start = performance.now();
    const stored = new Map<string, StoredFinding>();
    const rows = await conn.all<{
      key: string;
      contentHash: string | null;
      status: string;
      dated: number;
      current: number;
    }>(
      `SELECT "key", "contentHash", "status",
              CASE WHEN "acceptedUntil" IS NULL THEN 0 ELSE 1 END AS "dated",
              CASE WHEN "lastSeenAt" = ${conn.cast(conn.p(2), "datetime")} THEN 1 ELSE 0 END AS "current"
       FROM "Finding" WHERE "tenantId" = ${conn.p(1)}`,
      [tenantId, conn.date(SEEN_BY_LATEST_EVALUATION)],
    );
    for (const row of rows) {
      const dated = row.status === "risk_accepted" && Number(row.dated) === 1;
      const current = Number(row.current) === 1;
      const active = row.status === "open" || row.status === "in_progress";
      const watch =
        (dated || row.status === "resolved" || !current ? WATCH_IF_PRODUCED : 0) |
        (dated || active || current ? WATCH_IF_MISSING : 0);
      stored.set(row.key, { hash: row.contentHash, watch });
    }
    await tempTable(conn, "stage_finding_keys", ["key", "produced"], "key");
    await tempTable(conn, "stage_findings", FINDING_COLUMNS, "key");
    await tempTable(conn, "stage_candidates", CANDIDATE_COLUMNS, "id");
    const stage = new EvaluationStage(conn, now, stored);
    stage.elapsedMs = performance.now() - start;
    return stage;
  }

  /** Stages one finding: its content if new or changed, its key if its status or mark may move. Rules never repeat a key. */
  add(result: EvaluatedResult): void {
    const start = performance.now();
    this.produced += 1;
    const evidence = JSON.stringify(result.evidence);
    const hash = findingContentHash(result, evidence);
    const stored = this.stored.get(result.key);
    // Forget it as it is seen: the map shrinks as the evaluation goes, and what is left was not produced.
    if (stored !== undefined) {
      this.stored.delete(result.key);
      if (stored.watch & WATCH_IF_PRODUCED) this.watchBuffer.push([result.key, "1"]);
    }
    if (stored?.hash !== hash) {
      const due = dueDateFor(result.severity, this.now);
      this.contentBuffer.push([
        result.key,
        randomUUID(),
        result.ruleId,
        result.severity,
        result.subjectId,
        result.subjectName,
        result.subjectKind,
        result.subscriptionId ?? null,
        result.target,
        result.title,
        evidence,
        due === null ? null : this.conn.date(due),
        hash,
      ]);
      this.bufferedBytes += evidence.length + result.title.length + 200;
      this.staged += 1;
    }
    this.elapsedMs += performance.now() - start;
  }

  get full(): boolean {
    return this.bufferedBytes >= FLUSH_BYTES || this.contentBuffer.length + this.watchBuffer.length >= FLUSH_ROWS;
  }

  async flush(): Promise<void> {
    const start = performance.now();
    const keys = this.watchBuffer;
    const content = this.contentBuffer;
    this.watchBuffer = [];
    this.contentBuffer = [];
    this.bufferedBytes = 0;
    await stageRows(this.conn, "stage_finding_keys", ["key", "produced"], keys);
    await stageRows(this.conn, "stage_findings", FINDING_COLUMNS, content);
    this.elapsedMs += performance.now() - start;
  }

  /** The rules are done: stages the stored findings they did not produce that persisting must look at. */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    for (const [key, stored] of this.stored) {
      if (stored.watch & WATCH_IF_MISSING) this.watchBuffer.push([key, "0"]);
    }
    this.stored.clear();
    await this.flush();
  }

  /** Stages the migration candidates, so the plans need not stay in memory until persisting. */
  async candidates(candidates: readonly MigrationCandidate[]): Promise<void> {
    const pg = this.conn.kind === "postgresql";
    // Plans run to kilobytes each: a few hundred per statement keeps each parameter small.
    for (let i = 0; i < candidates.length; i += 500) {
      await stageRows(
        this.conn,
        "stage_candidates",
        CANDIDATE_COLUMNS,
        candidates
          .slice(i, i + 500)
          .map((c) => [
            c.id,
            c.principalKind,
            c.appId,
            c.displayName,
            c.credentialSummary,
            pg ? String(c.score) : c.score,
            c.recommendedTarget,
            JSON.stringify(c.reasons),
            JSON.stringify({ ...c.plan, targetReasoning: c.targetReasoning }),
          ]),
      );
    }
  }
}

/**
 * The ids of the tenant's (`p(1)`) findings a stage table names, that also meet `condition` (on `s`
 * and `f`). The stage drives: SQLite loops over the CROSS JOIN's left table and finds each finding
 * by its key, where a plain join would walk all the tenant's findings (its statistics do not know
 * the stage is small).
 */
function stagedFindingIds(
  conn: SqlConnection,
  stage: "stage_findings" | "stage_finding_keys",
  condition: string,
): string {
  return `SELECT f."id" FROM ${q(stage)} s CROSS JOIN "Finding" f
          WHERE f."tenantId" = ${conn.p(1)} AND f."key" = s."key" AND (${condition})`;
}

export async function persistFindings(
  conn: SqlConnection,
  tenantId: string,
  input: PersistFindingsInput,
): Promise<PersistFindingsCounts> {
  const p = conn.p;
  const at = (d: Date | null) => (d === null ? null : conn.date(d));
  const cast = (ref: string, kind: Kind) => conn.cast(ref, kind);
  const distinct = (a: string, b: string) => conn.distinct(a, b);
  const now = at(input.now)!;
  const nowParam = (n: number) => cast(p(n), "datetime");
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await conn.all<{ n: number | string }>(sql, params))[0]?.n ?? 0);
  await input.stage.finish();
  const seenNow = at(SEEN_BY_LATEST_EVALUATION)!;

  return conn.transaction(async () => {
    const steps: Record<string, number> = {};
    let mark = performance.now();
    const lap = (name: string) => {
      const t = performance.now();
      steps[name] = Math.round(t - mark);
      mark = t;
    };
    // 1. Status changes the system makes, decided by the pure lifecycle on the few rows concerned
    // (the stage watched them; the status is read again here, in the transaction).
    const candidates = await conn.all<Record<string, unknown>>(
      `SELECT f."id", f."key", f."status", f."resolvedReason", ${dateColumn(conn, 'f."acceptedUntil"', "acceptedUntil")},
              ${dateColumn(conn, 'f."resolvedAt"', "resolvedAt")}, f."acceptanceReason", s."produced"
       FROM "stage_finding_keys" s CROSS JOIN "Finding" f
       WHERE f."tenantId" = ${p(1)} AND f."key" = s."key"
         AND ((f."status" IN ('open', 'in_progress') AND s."produced" = '0')
           OR (f."status" = 'resolved' AND s."produced" = '1')
           OR (f."status" = 'risk_accepted' AND f."acceptedUntil" IS NOT NULL))
       ORDER BY f."id"`,
      [tenantId],
    );
    const changes: { id: string; key: string; before: Record<string, unknown>; change: StatusChange }[] = [];
    for (const row of candidates) {
      const before = {
        status: String(row.status) as FindingStatus,
        resolvedReason: (row.resolvedReason as string | null) ?? null,
        resolvedAt: parseStoredDate(row.resolvedAt),
        acceptedUntil: parseStoredDate(row.acceptedUntil),
        acceptanceReason: (row.acceptanceReason as string | null) ?? null,
      };
      const change = nextStatus(before, Number(row.produced) === 1, input.now);
      if (change) changes.push({ id: String(row.id), key: String(row.key), before, change });
    }
    const statusColumns = ["id", "status", "resolvedReason", "resolvedAt", "clearAcceptance"];
    await tempTable(conn, "stage_finding_status", statusColumns, "id");
    await conn.insertRows(
      "stage_finding_status",
      statusColumns,
      changes.map(({ id, change }) => [
        id,
        change.status,
        change.resolvedReason,
        at(change.resolvedAt),
        change.clearAcceptance ? "1" : "0",
      ]),
    );
    if (changes.length > 0) {
      await conn.run(
        `UPDATE "Finding" AS f SET
           "status" = ${cast('s."status"', { enum: "FindingStatus" })},
           "resolvedReason" = s."resolvedReason",
           "resolvedAt" = ${cast('s."resolvedAt"', "datetime")},
           "acceptedUntil" = CASE WHEN s."clearAcceptance" = '1' THEN NULL ELSE f."acceptedUntil" END,
           "acceptanceReason" = CASE WHEN s."clearAcceptance" = '1' THEN NULL ELSE f."acceptanceReason" END,
           "updatedAt" = ${nowParam(1)}
         FROM "stage_finding_status" s WHERE s."id" = f."id" AND f."tenantId" = ${p(2)}`,
        [now, tenantId],
      );
    }

    lap("status");
    // 2. New findings, and content that changed (the stage holds content only for those two).
    const countRows = await conn.all<{ fresh: number | string; changed: number | string }>(
      `SELECT
         sum(CASE WHEN f."id" IS NULL THEN 1 ELSE 0 END) AS "fresh",
         sum(CASE WHEN f."id" IS NOT NULL AND (${CONTENT.map((c) => distinct(`f.${q(c)}`, cast(`s.${q(c)}`, contentKind(c)))).join(" OR ")}) THEN 1 ELSE 0 END) AS "changed"
       FROM "stage_findings" s LEFT JOIN "Finding" f ON f."tenantId" = ${p(1)} AND f."key" = s."key"`,
      [tenantId],
    );
    const fresh = Number(countRows[0]?.fresh ?? 0);
    const updated = Number(countRows[0]?.changed ?? 0);
    const produced = input.stage.produced;
    await conn.run(
      `INSERT INTO "Finding" ("id", "tenantId", "key", "ruleId", "severity", "status", "subjectId", "subjectName", "subjectKind",
         "subscriptionId", "target", "title", "evidence", "contentHash", "dueDate", "firstSeenAt", "lastSeenAt", "updatedAt")
       SELECT s."id", ${p(1)}, s."key", s."ruleId", ${cast('s."severity"', { enum: "Severity" })}, ${cast("'open'", { enum: "FindingStatus" })},
         s."subjectId", s."subjectName", s."subjectKind", s."subscriptionId", s."target", s."title", ${cast('s."evidence"', "json")},
         s."contentHash", ${cast('s."dueDate"', "datetime")}, ${nowParam(2)}, ${nowParam(3)}, ${nowParam(2)}
       FROM "stage_findings" s
       WHERE NOT EXISTS (SELECT 1 FROM "Finding" f WHERE f."tenantId" = ${p(1)} AND f."key" = s."key")`,
      [tenantId, now, seenNow],
    );
    // Owner, status, due date and comments stay; updatedAt moves only when the content really did.
    if (updated > 0) {
      const differs = CONTENT.map((c) => distinct(`f.${q(c)}`, cast(`s.${q(c)}`, contentKind(c)))).join(" OR ");
      await conn.run(
        `UPDATE "Finding" AS f SET ${CONTENT.map((c) => `${q(c)} = ${cast(`s.${q(c)}`, contentKind(c))}`).join(", ")}, "updatedAt" = ${nowParam(2)}
         FROM "stage_findings" s
         WHERE f."id" IN (${stagedFindingIds(conn, "stage_findings", differs)}) AND f."tenantId" = ${p(1)} AND f."key" = s."key"`,
        [tenantId, now],
      );
    }
    // A hash that was missing or stale (content equal but written before hashes, or by older code).
    if (input.stage.staged > 0) {
      await conn.run(
        `UPDATE "Finding" AS f SET "contentHash" = s."contentHash"
         FROM "stage_findings" s
         WHERE f."id" IN (${stagedFindingIds(conn, "stage_findings", distinct('f."contentHash"', 's."contentHash"'))})
           AND f."tenantId" = ${p(1)} AND f."key" = s."key"`,
        [tenantId],
      );
    }
    lap("upsert");
    // 3. Last seen. A finding the latest evaluation detected is marked so, and read as the tenant's
    // evaluation time: only those that stop being detected (last seen by the previous evaluation)
    // or come back are written, never the 100k that are simply still there.
    await conn.run(
      `UPDATE "Finding" SET "lastSeenAt" = coalesce((SELECT t."findingsEvaluatedAt" FROM "Tenant" t WHERE t."id" = ${p(1)}), ${nowParam(2)})
       WHERE "id" IN (${stagedFindingIds(conn, "stage_finding_keys", `s."produced" = '0' AND f."lastSeenAt" = ${nowParam(3)}`)})`,
      [tenantId, now, seenNow],
    );
    await conn.run(
      `UPDATE "Finding" SET "lastSeenAt" = ${nowParam(2)}
       WHERE "id" IN (${stagedFindingIds(conn, "stage_finding_keys", `s."produced" = '1' AND f."lastSeenAt" <> ${nowParam(2)}`)})`,
      [tenantId, seenNow],
    );
    await conn.run(`UPDATE "Tenant" SET "findingsEvaluatedAt" = ${nowParam(2)} WHERE "id" = ${p(1)}`, [tenantId, now]);
    lap("seen");
    // 4. A trend point for this run.
    const byStatus = await conn.all<{ severity: string; status: string; n: number | string }>(
      `SELECT "severity", "status", count(*) AS "n" FROM "Finding" WHERE "tenantId" = ${p(1)} GROUP BY "severity", "status"`,
      [tenantId],
    );
    const trend = { critical: 0, high: 0, medium: 0, low: 0, info: 0, resolved: 0, accepted: 0 };
    for (const row of byStatus) {
      const n = Number(row.n);
      const status = String(row.status);
      if (status === "open" || status === "in_progress") trend[String(row.severity) as "critical"] += n;
      else if (status === "resolved") trend.resolved += n;
      else if (status === "risk_accepted") trend.accepted += n;
    }
    await conn.run(
      `INSERT INTO "FindingTrendPoint" ("tenantId", "runId", "at", "openCritical", "openHigh", "openMedium", "openLow", "openInfo", "resolved", "acceptedRisk")
       VALUES (${p(1)}, ${p(2)}, ${nowParam(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)})
       ON CONFLICT ("tenantId", "runId") DO UPDATE SET "at" = excluded."at", "openCritical" = excluded."openCritical",
         "openHigh" = excluded."openHigh", "openMedium" = excluded."openMedium", "openLow" = excluded."openLow",
         "openInfo" = excluded."openInfo", "resolved" = excluded."resolved", "acceptedRisk" = excluded."acceptedRisk"`,
      [
        tenantId,
        input.runId,
        now,
        trend.critical,
        trend.high,
        trend.medium,
        trend.low,
        trend.info,
        trend.resolved,
        trend.accepted,
      ],
    );

    lap("trend");
    // 5. Migration candidates (staged already) by difference: rows that did not change are not written.
    const candidateColumns = CANDIDATE_COLUMNS;
    const candidateKinds = CANDIDATE_KINDS;
    const candidateAdded = await conn.all<{ n: number | string }>(
      `SELECT count(*) AS "n" FROM "stage_candidates" s WHERE NOT EXISTS
         (SELECT 1 FROM "MigrationCandidate" m WHERE m."tenantId" = ${p(1)} AND m."id" = s."id")`,
      [tenantId],
    );
    const removedCandidates = await conn.run(
      `DELETE FROM "MigrationCandidate" WHERE "tenantId" = ${p(1)}
         AND NOT EXISTS (SELECT 1 FROM "stage_candidates" s WHERE s."id" = "MigrationCandidate"."id")`,
      [tenantId],
    );
    const nonKey = candidateColumns.slice(1);
    const writtenCandidates = await conn.run(
      `INSERT INTO "MigrationCandidate" ("tenantId", ${candidateColumns.map(q).join(", ")}, "computedAt")
       SELECT ${p(1)}, ${candidateColumns.map((c, i) => cast(`s.${q(c)}`, candidateKinds[i]!)).join(", ")}, ${nowParam(2)}
       FROM "stage_candidates" s WHERE true
       ON CONFLICT ("tenantId", "id") DO UPDATE SET ${[...nonKey, "computedAt"].map((c) => `${q(c)} = excluded.${q(c)}`).join(", ")}
       WHERE ${nonKey.map((c) => distinct(`"MigrationCandidate".${q(c)}`, `excluded.${q(c)}`)).join(" OR ")}`,
      [tenantId, now],
    );
    const addedCandidates = Number(candidateAdded[0]?.n ?? 0);

    lap("candidates");
    // 6. Inventory counters of every principal, written only where they moved.
    // One aggregate over the tenant's open findings, joined to every principal (0 where none).
    await conn.run(
      `UPDATE "ServicePrincipal" AS sp SET "openFindingCount" = x."n", "privilegeLevel" = x."lvl"
       FROM (SELECT s."id", coalesce(a."n", 0) AS "n", coalesce(a."lvl", 0) AS "lvl"
             FROM "ServicePrincipal" s LEFT JOIN (
               SELECT f."subjectId", count(*) AS "n",
                      max(CASE f."severity" WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END) AS "lvl"
               FROM "Finding" f WHERE f."tenantId" = ${p(1)} AND f."status" IN ('open', 'in_progress')
               GROUP BY f."subjectId") a ON a."subjectId" = s."id"
             WHERE s."tenantId" = ${p(1)}) x
       WHERE sp."tenantId" = ${p(1)} AND sp."id" = x."id"
         AND (${distinct('sp."openFindingCount"', 'x."n"')} OR ${distinct('sp."privilegeLevel"', 'x."lvl"')})`,
      [tenantId],
    );

    lap("counters");
    // 7. The audit trail of the system's status changes, appended to the tenant's hash chain.
    const auditEntries = await appendAuditEntries(
      conn,
      tenantId,
      changes.map(({ id, key, before, change }) => ({
        tenantId,
        at: input.now,
        actorId: SYSTEM_ACTOR,
        actorName: "Identity Steward",
        action: change.action,
        entityType: "finding",
        entityId: id,
        before: { key, ...jsonDates(before) },
        after: {
          key,
          status: change.status,
          resolvedReason: change.resolvedReason,
          resolvedAt: change.resolvedAt?.toISOString() ?? null,
          acceptedUntil: change.clearAcceptance ? null : ((before.acceptedUntil as Date | null)?.toISOString() ?? null),
          acceptanceReason: change.clearAcceptance ? null : (before.acceptanceReason ?? null),
        },
        requestId: input.runId,
      })),
    );

    lap("audit");
    const changed = (action: string) => changes.filter((c) => c.change.action === action).length;
    return {
      new: fresh,
      updated,
      produced,
      seen: produced - fresh,
      resolved: changed("finding.auto_resolved"),
      reopened: changed("finding.reopened"),
      acceptanceExpired: changed("finding.acceptance_expired"),
      candidates: {
        total: await count(`SELECT count(*) AS "n" FROM "stage_candidates"`),
        added: addedCandidates,
        changed: Math.max(0, writtenCandidates - addedCandidates),
        removed: removedCandidates,
      },
      auditEntries,
      stepsMs: steps,
    };
  });
}

function jsonDates(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}

/**
 * Appends entries to the tenant's audit chain. The chain needs one writer at a time: SQLite's
 * write transaction already is one; on PostgreSQL the table is locked against other writers
 * (readers go on) until the surrounding transaction commits. Call inside `conn.transaction`.
 */
export async function appendAuditEntries(
  conn: SqlConnection,
  tenantId: string,
  entries: readonly AuditEntryContent[],
): Promise<number> {
  if (entries.length === 0) return 0;
  const pg = conn.kind === "postgresql";
  const p = conn.p;
  if (pg) await conn.exec(`LOCK TABLE "AuditEntry" IN SHARE ROW EXCLUSIVE MODE`);
  const last = await conn.all<{ hash: string }>(
    `SELECT "hash" FROM "AuditEntry" WHERE "tenantId" = ${p(1)} ORDER BY "id" DESC LIMIT 1`,
    [tenantId],
  );
  let prevHash: string | null = last[0]?.hash ?? null;
  const columns = [
    "seq",
    "at",
    "actorId",
    "actorName",
    "action",
    "entityType",
    "entityId",
    "before",
    "after",
    "requestId",
    "prevHash",
    "hash",
  ];
  const rows: unknown[][] = [];
  entries.forEach((e, i) => {
    const hash = auditHash(e, prevHash);
    rows.push([
      pg ? String(i).padStart(10, "0") : i,
      conn.date(e.at),
      e.actorId,
      e.actorName,
      e.action,
      e.entityType,
      e.entityId,
      e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
      e.requestId,
      prevHash,
      hash,
    ]);
    prevHash = hash;
  });
  await conn.exec(`DROP TABLE IF EXISTS "stage_audit"`);
  await conn.exec(
    `CREATE TEMP TABLE "stage_audit" (${columns.map((c) => (pg ? `${q(c)} text` : q(c))).join(", ")}, PRIMARY KEY ("seq"))`,
  );
  await conn.insertRows("stage_audit", columns, rows);
  const c = (ref: string, kind: "json" | "datetime") =>
    pg ? `${ref}::${kind === "json" ? "jsonb" : "timestamp(3)"}` : ref;
  await conn.run(
    `INSERT INTO "AuditEntry" ("tenantId", "at", "actorId", "actorName", "action", "entityType", "entityId", "before", "after", "requestId", "prevHash", "hash")
     SELECT ${p(1)}, ${c('s."at"', "datetime")}, s."actorId", s."actorName", s."action", s."entityType", s."entityId",
            ${c('s."before"', "json")}, ${c('s."after"', "json")}, s."requestId", s."prevHash", s."hash"
     FROM "stage_audit" s ORDER BY s."seq"`,
    [tenantId],
  );
  return entries.length;
}
