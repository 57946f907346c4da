// The queue's read side on SQLite and PostgreSQL, over the demo tenant synced by `steward sync`:
// the findings queue (keyset pages in every sort, every filter, counts, exports, the finding page),
// migration candidates (list, filters, plan), the rule counts and the sync run history and progress.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { createDb, type Db } from "../db";
import { CANDIDATE_KINDS, CANDIDATE_TARGETS } from "../schemas/candidate";
import { ACTIVE_FINDING_STATUSES, FINDING_STATUSES } from "../schemas/finding";
import { runSteward } from "../testing/run-steward";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../testing/test-databases";
import { CANDIDATE_SORT_KEYS, type CandidateFilters } from "../url-state/candidates";
import { FINDING_SORT_KEYS, UNASSIGNED, type FindingFilters } from "../url-state/findings";
import { CANDIDATE_KEYSET_COLUMNS } from "./candidate-query";
import { countCandidates } from "./count-candidates";
import { countFindings } from "./count-findings";
import { countOpenFindingsByRule } from "./count-open-findings-by-rule";
import { exportCandidates } from "./export-candidates";
import { exportFindings } from "./export-findings";
import { FINDING_KEYSET_COLUMNS } from "./finding-query";
import type { KeysetColumn } from "./keyset";
import { getCandidate } from "./get-candidate";
import { getFinding } from "./get-finding";
import { getSyncRun } from "./get-sync-run";
import { listCandidates } from "./list-candidates";
import { listFindingFilterOptions } from "./list-finding-filter-options";
import { listFindings } from "./list-findings";
import { listSyncRuns } from "./list-sync-runs";

const DAY = 86_400_000;

async function sync(emulator: RunningEmulator, databaseUrl: string) {
  const { code, stdout, stderr } = await runSteward(["sync", "--json"], { ...emulator.env, DATABASE_URL: databaseUrl });
  expect({ code, output: code === 0 ? "" : `${stderr}${stdout}`.slice(0, 3000) }).toEqual({ code: 0, output: "" });
  expect(JSON.parse(stdout).status).toBe("succeeded");
}

type Page<T> = { items: T[]; nextCursor: string | null; prevCursor: string | null };

/** Every page of a view, walking Next, then back again with Previous. */
async function walk<T extends { id: string }>(read: (cursor: string | undefined) => Promise<Page<T>>) {
  const pages: string[][] = [];
  const prevs: (string | null)[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 500; guard += 1) {
    const page = await read(cursor);
    pages.push(page.items.map((i) => i.id));
    prevs.push(page.prevCursor);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const back: string[][] = [pages[pages.length - 1]!];
  let prev = prevs[prevs.length - 1];
  while (prev) {
    const page = await read(prev);
    back.unshift(page.items.map((i) => i.id));
    prev = page.prevCursor;
  }
  return { ids: pages.flat(), pages, back };
}

/**
 * The oracle for a sort: the database ordering the whole set at once, in the listing's own terms —
 * an enumerated column value by value in its declared order, NULLs last in both directions — with
 * the id as tie-breaker in the database's collation.
 */
async function oracle(
  column: KeysetColumn,
  dir: "asc" | "desc",
  find: (where: Record<string, unknown>, orderBy: Record<string, "asc" | "desc">[]) => Promise<{ id: string }[]>,
): Promise<string[]> {
  const ids: string[] = [];
  if (column.kind === "enum") {
    const values = dir === "asc" ? [...column.values] : [...column.values].reverse();
    for (const value of values) ids.push(...(await find({ [column.field]: value }, [{ id: dir }])).map((r) => r.id));
  } else {
    const notNull = column.nullable ? { [column.field]: { not: null } } : {};
    ids.push(...(await find(notNull, [{ [column.field]: dir }, { id: dir }])).map((r) => r.id));
  }
  if (column.nullable) ids.push(...(await find({ [column.field]: null }, [{ id: dir }])).map((r) => r.id));
  return ids;
}

describe.each(databaseKinds())("the queue on %s", (kind) => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let db: Db;
  let tenantId: string;
  let findings: (Awaited<ReturnType<Db["finding"]["findMany"]>>[number] & { owner: { upn: string } | null })[];
  const now = new Date();
  const owners = { alice: randomUUID(), bob: randomUUID() };

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 3, size: "demo", now: Date.parse("2026-11-01T00:00:00Z") });
    database = await createTestDatabase(kind);
    db = createDb(database.url);
    tenantId = emulator.env.AZURE_TENANT_ID!.toLowerCase();
    await sync(emulator, database.url);
    await sync(emulator, database.url);

    // What people will do through the remediation workflow, written directly: owners, statuses,
    // due dates on both sides of today, and a finding without one.
    await db.owner.createMany({
      data: [
        { id: owners.alice, tenantId, upn: "alice@contoso.example", displayName: "Alice" },
        { id: owners.bob, tenantId, upn: "bob@contoso.example", displayName: null },
      ],
    });
    const all = await db.finding.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
    expect(all.length).toBeGreaterThan(40);
    const plan: [number, Record<string, unknown>][] = [
      [0, { ownerId: owners.alice, status: "in_progress", dueDate: new Date(now.getTime() - 3 * DAY) }],
      [1, { ownerId: owners.alice, dueDate: new Date(now.getTime() + 3 * DAY) }],
      [2, { ownerId: owners.bob, dueDate: new Date(now.getTime() + 20 * DAY) }],
      [3, { status: "resolved", resolvedAt: now, resolvedReason: "manual", dueDate: new Date(now.getTime() - DAY) }],
      [4, { status: "risk_accepted", acceptedUntil: new Date(now.getTime() + 90 * DAY), acceptanceReason: "vendor" }],
      [5, { status: "false_positive" }],
      [6, { dueDate: null }],
      [7, { dueDate: new Date(now.getTime() - 40 * DAY) }],
    ];
    for (const [index, data] of plan) await db.finding.update({ where: { id: all[index]!.id }, data });
    findings = await db.finding.findMany({ where: { tenantId }, include: { owner: true }, orderBy: { id: "asc" } });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    await emulator?.close();
  });

  const active = () => findings.filter((f) => (ACTIVE_FINDING_STATUSES as string[]).includes(f.status));
  const sorted = (ids: string[]) => [...ids].sort();
  const listAll = async (filters: FindingFilters, take = 50) =>
    (await walk((cursor) => listFindings(tenantId, { ...filters, cursor }, { db, take, now }))).ids;

  describe("findings queue", () => {
    it.each(FINDING_SORT_KEYS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => ({ sort, dir }))))(
      "pages by $sort $dir in the database's own order, forward and back",
      async ({ sort, dir }) => {
        const base = { tenantId, status: { in: [...ACTIVE_FINDING_STATUSES] } };
        const expected = await oracle(FINDING_KEYSET_COLUMNS[sort], dir, (where, orderBy) =>
          db.finding.findMany({ where: { AND: [base, where] }, orderBy, select: { id: true } }),
        );
        const { ids, pages, back } = await walk((cursor) =>
          listFindings(tenantId, { sort, dir, cursor }, { db, take: 7, now }),
        );
        expect(ids).toEqual(expected);
        expect(ids.length).toBe(active().length);
        expect(back).toEqual(pages);
      },
    );

    it("lists worst first by default, and every severity and status it sorts by is present", async () => {
      const first = await listFindings(tenantId, {}, { db, now, take: 5 });
      expect(first.items[0]!.severity).toBe("critical");
      expect(new Set(findings.map((f) => f.severity)).size).toBeGreaterThanOrEqual(4);
      expect(new Set(findings.map((f) => f.status))).toEqual(new Set(FINDING_STATUSES));
    });

    it("filters by each field of the URL contract", async () => {
      const ids = (rows: typeof findings) => sorted(rows.map((f) => f.id));
      expect(sorted(await listAll({}))).toEqual(ids(active()));
      expect(sorted(await listAll({ severity: ["critical", "high"] }))).toEqual(
        ids(active().filter((f) => f.severity === "critical" || f.severity === "high")),
      );
      const rule = findings[0]!.ruleId as NonNullable<FindingFilters["rule"]>[number];
      expect(sorted(await listAll({ rule: [rule] }))).toEqual(ids(active().filter((f) => f.ruleId === rule)));
      expect(sorted(await listAll({ status: ["resolved", "risk_accepted", "false_positive"] }))).toEqual(
        ids(findings.filter((f) => ["resolved", "risk_accepted", "false_positive"].includes(f.status))),
      );
      expect(sorted(await listAll({ owner: "alice@contoso.example" }))).toEqual(
        ids(active().filter((f) => f.ownerId === owners.alice)),
      );
      expect(sorted(await listAll({ owner: "ALICE@contoso.example" }))).toEqual(
        ids(active().filter((f) => f.ownerId === owners.alice)),
      );
      expect(await listAll({ owner: "nobody@contoso.example" })).toEqual([]);
      expect(sorted(await listAll({ owner: UNASSIGNED }))).toEqual(ids(active().filter((f) => f.ownerId === null)));
      const subscription = active().find((f) => f.subscriptionId)!.subscriptionId!;
      expect(sorted(await listAll({ subscription }))).toEqual(
        ids(active().filter((f) => f.subscriptionId === subscription)),
      );
      const subject = active()[0]!.subjectId;
      expect(sorted(await listAll({ subject }))).toEqual(ids(active().filter((f) => f.subjectId === subject)));

      const due = (f: (typeof findings)[number]) => f.dueDate?.getTime() ?? null;
      const overdue = ids(active().filter((f) => due(f) !== null && due(f)! < now.getTime()));
      expect(overdue.length).toBeGreaterThanOrEqual(2);
      expect(sorted(await listAll({ due: "overdue" }))).toEqual(overdue);
      expect(sorted(await listAll({ due: "7d" }))).toEqual(
        ids(active().filter((f) => due(f) !== null && due(f)! >= now.getTime() && due(f)! < now.getTime() + 7 * DAY)),
      );
      expect(sorted(await listAll({ due: "30d" }))).toEqual(
        ids(active().filter((f) => due(f) !== null && due(f)! >= now.getTime() && due(f)! < now.getTime() + 30 * DAY)),
      );
      expect(sorted(await listAll({ due: "none" }))).toEqual(ids(active().filter((f) => f.dueDate === null)));
      // The overdue flag on the rows follows the same rule.
      const rows = (await listFindings(tenantId, { due: "overdue" }, { db, now, take: 200 })).items;
      expect(rows.every((r) => r.overdue)).toBe(true);
      // Filters combine.
      expect(sorted(await listAll({ owner: "alice@contoso.example", due: "overdue", status: ["in_progress"] }))).toEqual(
        ids(findings.filter((f) => f.ownerId === owners.alice && f.status === "in_progress")),
      );
    });

    it("searches titles and subject names in any case, ids exactly, and takes LIKE wildcards literally", async () => {
      const target = active().find((f) => f.subjectName.includes("-"))!;
      const fragment = target.subjectName.slice(0, 6).toUpperCase();
      expect(sorted(await listAll({ q: fragment }))).toEqual(
        sorted(
          active()
            .filter(
              (f) =>
                f.title.toLowerCase().includes(fragment.toLowerCase()) ||
                f.subjectName.toLowerCase().includes(fragment.toLowerCase()),
            )
            .map((f) => f.id),
        ),
      );
      expect(await listAll({ q: target.id.toUpperCase() })).toEqual([target.id]);
      expect(sorted(await listAll({ q: target.subjectId }))).toEqual(
        sorted(active().filter((f) => f.subjectId === target.subjectId).map((f) => f.id)),
      );
      expect(await listAll({ q: "%" })).toEqual([]);
      const underscored = target.subjectName.replace("-", "_");
      expect(await listAll({ q: underscored })).toEqual([]);
      await db.finding.update({ where: { id: target.id }, data: { subjectName: underscored } });
      try {
        expect(await listAll({ q: underscored })).toEqual([target.id]);
      } finally {
        await db.finding.update({ where: { id: target.id }, data: { subjectName: target.subjectName } });
      }
    });

    it("counts what the list shows", async () => {
      for (const filters of [{}, { severity: ["critical"] }, { owner: UNASSIGNED, due: "overdue" }] as FindingFilters[]) {
        expect(await countFindings(tenantId, filters, { db, now })).toBe((await listAll(filters)).length);
      }
    });

    it("exports the current view in its order, a selection by id, and everything for the CLI", async () => {
      const filters: FindingFilters = { severity: ["critical", "high"], sort: "due", dir: "asc" };
      const view: string[] = [];
      for await (const r of exportFindings(tenantId, { db, filters, now, pageSize: 4 })) view.push(r.id);
      expect(view).toEqual(await listAll(filters));
      const pick = [findings[3]!.id, findings[0]!.id];
      const selection = [];
      for await (const r of exportFindings(tenantId, { db, ids: pick })) selection.push(r);
      expect(selection.map((r) => r.id)).toEqual(sorted(pick));
      expect(selection.find((r) => r.id === findings[0]!.id)?.ownerUpn).toBe(findings[0]!.owner?.upn ?? null);
      let everything = 0;
      for await (const _ of exportFindings(tenantId, { db, pageSize: 9 })) everything += 1;
      expect(everything).toBe(findings.length);
    });

    it("offers the owners, subscriptions and rules of the active queue with their counts", async () => {
      const options = await listFindingFilterOptions(tenantId, { db });
      expect(options.owners).toEqual([
        { upn: "alice@contoso.example", displayName: "Alice", count: 2 },
        { upn: "bob@contoso.example", displayName: null, count: 1 },
      ]);
      const subscriptions = await db.subscription.findMany({ where: { tenantId } });
      expect(new Set(options.subscriptions.map((s) => s.id))).toEqual(new Set(subscriptions.map((s) => s.id)));
      expect(options.subscriptions.some((s) => s.name)).toBe(true);
      const byRule: Record<string, number> = {};
      for (const f of active()) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
      expect(Object.fromEntries(options.rules.map((r) => [r.id, r.count]))).toEqual(byRule);
      expect(await countOpenFindingsByRule({ db, tenantId })).toEqual(byRule);
    });

    it("shows one finding with its evidence, owner, history and comments, and only in its tenant", async () => {
      const f = findings[0]!;
      await db.auditEntry.create({
        data: {
          tenantId,
          actorId: "tid.oid",
          actorName: "Alice",
          action: "finding.status",
          entityType: "finding",
          entityId: f.id,
          before: { status: "open" },
          after: { status: "in_progress" },
          hash: "test",
        },
      });
      await db.comment.create({
        data: { id: randomUUID(), tenantId, findingId: f.id, authorId: "tid.oid", authorName: "Alice", body: "On it." },
      });
      const detail = await getFinding(f.id, { db, tenantId, now });
      expect(detail).toMatchObject({
        id: f.id,
        status: "in_progress",
        ownerUpn: "alice@contoso.example",
        ownerDisplayName: "Alice",
        overdue: true,
        history: [{ actor: "Alice", action: "finding.status", before: { status: "open" }, after: { status: "in_progress" } }],
        comments: [{ author: "Alice", body: "On it." }],
      });
      expect(Object.keys(detail.evidence).length).toBeGreaterThan(0);
      const candidate = await db.migrationCandidate.findFirstOrThrow({ where: { tenantId } });
      const aboutCandidate = findings.find((x) => x.subjectId === candidate.id);
      if (aboutCandidate) expect((await getFinding(aboutCandidate.id, { db, tenantId })).subjectIsCandidate).toBe(true);
      await expect(getFinding(f.id, { db, tenantId: "00000000-0000-0000-0000-000000000000" })).rejects.toMatchObject({
        code: "not_found",
      });
      await expect(getFinding("no-such-finding", { db, tenantId })).rejects.toMatchObject({ code: "not_found" });
    });
  });

  describe("migration candidates", () => {
    let candidates: Awaited<ReturnType<Db["migrationCandidate"]["findMany"]>>;
    beforeAll(async () => {
      candidates = await db.migrationCandidate.findMany({ where: { tenantId } });
      expect(candidates.length).toBeGreaterThan(5);
    });
    const listAllCandidates = async (filters: CandidateFilters) =>
      (await walk((cursor) => listCandidates(tenantId, { ...filters, cursor }, { db, take: 50 }))).ids;

    it.each(CANDIDATE_SORT_KEYS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => ({ sort, dir }))))(
      "pages by $sort $dir in the database's own order, forward and back",
      async ({ sort, dir }) => {
        const expected = await oracle(CANDIDATE_KEYSET_COLUMNS[sort], dir, (where, orderBy) =>
          db.migrationCandidate.findMany({ where: { AND: [{ tenantId }, where] }, orderBy, select: { id: true } }),
        );
        const { ids, pages, back } = await walk((cursor) =>
          listCandidates(tenantId, { sort, dir, cursor }, { db, take: 4 }),
        );
        expect(ids).toEqual(expected);
        expect(back).toEqual(pages);
      },
    );

    it("ranks by score by default and filters by target, kind, minimum score and search", async () => {
      const first = (await listCandidates(tenantId, {}, { db, take: 1 })).items[0]!;
      expect(first.score).toBe(Math.max(...candidates.map((c) => c.score)));
      expect(first.topReasons.length).toBeGreaterThan(0);
      const ids = (rows: typeof candidates) => sorted(rows.map((c) => c.id));
      for (const target of CANDIDATE_TARGETS) {
        expect(sorted(await listAllCandidates({ target }))).toEqual(
          ids(candidates.filter((c) => c.recommendedTarget === target)),
        );
      }
      for (const k of CANDIDATE_KINDS) {
        expect(sorted(await listAllCandidates({ kind: k }))).toEqual(ids(candidates.filter((c) => c.principalKind === k)));
      }
      expect(sorted(await listAllCandidates({ minScore: 50 }))).toEqual(ids(candidates.filter((c) => c.score >= 50)));
      const c = candidates[0]!;
      expect(await listAllCandidates({ q: c.id.toUpperCase() })).toEqual([c.id]);
      expect(sorted(await listAllCandidates({ q: c.displayName.slice(0, 4).toUpperCase() }))).toEqual(
        ids(candidates.filter((x) => x.displayName.toLowerCase().includes(c.displayName.slice(0, 4).toLowerCase()))),
      );
      expect(await countCandidates(tenantId, { minScore: 50 }, { db })).toBe(
        candidates.filter((x) => x.score >= 50).length,
      );
      const exported: string[] = [];
      for await (const r of exportCandidates(tenantId, { db, filters: { kind: "Application" }, pageSize: 3 })) {
        exported.push(r.id);
      }
      expect(exported).toEqual(await listAllCandidates({ kind: "Application" }));
    });

    it("shows a candidate's every reason, target reasoning and plan, with its open findings", async () => {
      const withRoles = candidates.find((c) => JSON.stringify(c.plan).includes('"roleName"'))!;
      const detail = await getCandidate(withRoles.id, { db, tenantId });
      expect(detail.reasons.length).toBeGreaterThanOrEqual(1);
      expect(detail.targetReasoning.length).toBeGreaterThanOrEqual(1);
      expect(detail.plan?.identityToCreate.name).toBeTruthy();
      expect(detail.plan?.roleAssignmentsToReplicate.length).toBeGreaterThan(0);
      expect(detail.openFindings.every((f) => f.id)).toBe(true);
      const federated = candidates.find((c) => c.recommendedTarget === "ManagedIdentityAsFederatedCredential");
      if (federated) {
        const plan = (await getCandidate(federated.id, { db, tenantId })).plan!;
        expect(plan.federatedCredential).toMatchObject({ audiences: [expect.stringMatching(/^api:\/\/AzureADTokenExchange/)] });
        expect(plan.federatedCredential!.issuer).toMatch(new RegExp(`${tenantId}/v2\\.0$`));
      }
      await expect(getCandidate("nobody", { db, tenantId })).rejects.toMatchObject({ code: "not_found" });
    });
  });

  describe("sync runs", () => {
    it("lists runs newest first in keyset pages", async () => {
      const all = await db.syncRun.findMany({ orderBy: { startedAt: "desc" } });
      expect(all.length).toBe(2);
      const first = await listSyncRuns({ db, limit: 1 });
      expect(first.runs.map((r) => r.id)).toEqual([all[0]!.id]);
      expect(first.runs[0]).toMatchObject({ status: "succeeded", activity: "ended", trigger: "cli" });
      expect(Object.keys(first.runs[0]!.counts)).toContain("servicePrincipals");
      const second = await listSyncRuns({ db, limit: 1, before: first.nextCursor });
      expect(second.runs.map((r) => r.id)).toEqual([all[1]!.id]);
      expect(second.nextCursor).toBeNull();
      await expect(listSyncRuns({ db, before: "garbage" })).rejects.toMatchObject({ code: "invalid_input" });
    });

    it("tells a running run from a stalled one by the lease, and estimates progress from the previous run", async () => {
      const previous = await db.syncRun.findFirstOrThrow({ where: { status: "succeeded" }, orderBy: { startedAt: "desc" } });
      const id = randomUUID();
      // After the synced runs (the suite's `now` is older than them).
      const at = new Date();
      const startedAt = new Date(at.getTime() - 1000);
      await db.syncRun.create({
        data: {
          id,
          tenantId,
          mode: previous.mode,
          status: "running",
          phase: "reading Entra ID",
          startedAt,
          counts: { servicePrincipals: { fetched: 10 } },
        },
      });
      await db.syncLock.create({
        data: { tenantId, runId: id, holder: "test:1", expiresAt: new Date(at.getTime() + 60_000) },
      });
      const live = await getSyncRun(id, { db, now: at });
      expect(live.activity).toBe("active");
      expect(live.progress).toMatchObject({ previousRunId: previous.id, previousDurationMs: previous.durationMs });
      expect(live.progress!.fraction).toBeGreaterThan(0);
      expect(live.progress!.fraction).toBeLessThan(1);
      expect((await listSyncRuns({ db, limit: 1 })).runs[0]).toMatchObject({ id, activity: "active" });

      // The process died: its lease lapsed.
      await db.syncLock.update({ where: { tenantId }, data: { expiresAt: new Date(at.getTime() - 1) } });
      const stalled = await getSyncRun(id, { db, now: at });
      expect(stalled).toMatchObject({ activity: "stalled", progress: null });

      // Committed and evaluating under the lease: still active, and said to be evaluating.
      await db.syncRun.update({ where: { id }, data: { status: "succeeded", phase: "done" } });
      await db.syncLock.update({ where: { tenantId }, data: { expiresAt: new Date(at.getTime() + 60_000) } });
      expect(await getSyncRun(id, { db, now: at })).toMatchObject({ activity: "active", phase: "evaluating" });
      await db.syncLock.delete({ where: { tenantId } });
      expect(await getSyncRun(id, { db, now: at })).toMatchObject({ activity: "ended", phase: "done" });
      await expect(getSyncRun(randomUUID(), { db })).rejects.toMatchObject({ code: "not_found" });
    });
  });
});
