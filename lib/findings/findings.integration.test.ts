// Findings as a user sees them after `steward sync` against the emulator, into SQLite and
// PostgreSQL: every rule fires on the demo tenant, people's decisions survive re-syncs, the system
// resolves and reopens findings as the tenant changes (with a hash-chained audit trail), and
// `steward export` writes the contract's fields.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { RULE_IDS } from "@/lib/rules/rule";
import { createDb, type Db } from "../db";
import { createTestDatabase, databaseKinds, testTmpDir, type TestDatabase } from "../testing/test-databases";
import { runSteward } from "../testing/run-steward";
import { openConnection } from "../sync/sql/connection";
import { auditHash, NO_LONGER_DETECTED } from "./finding-lifecycle";
import { indexSnapshot, type Lookup, type SnapshotIndex } from "@/lib/rules/index-snapshot";
import type { AzurePermission, ManagedIdentityKind, ScopeLevel, Snapshot } from "@/lib/rules/snapshot";
import { evaluateTenant } from "./evaluate-tenant";
import { loadSnapshotIndex } from "./load-snapshot";
import { SEEN_BY_LATEST_EVALUATION } from "./last-seen";
import { getFinding } from "../data/get-finding";
import { listFindings } from "../data/list-findings";

function steward(emulator: RunningEmulator, databaseUrl: string, args: string[]) {
  return runSteward(args, { ...emulator.env, DATABASE_URL: databaseUrl });
}

async function sync(emulator: RunningEmulator, databaseUrl: string) {
  const { code, stdout, stderr } = await steward(emulator, databaseUrl, ["sync", "--json"]);
  expect(stderr.includes("Error") ? stderr : "").toBe("");
  expect(code).toBe(0);
  const result = JSON.parse(stdout);
  expect(result.status).toBe("succeeded");
  expect(result.warnings.filter((w: { code: string }) => w.code === "evaluationFailed")).toEqual([]);
  expect(result.findings).not.toBeNull();
  return result;
}

const IDENTITY_FIELDS = [
  "id",
  "appId",
  "displayName",
  "kind",
  "resourceId",
  "attachedResourceIds",
  "subscriptionId",
  "accountEnabled",
  "isOrphaned",
  "azureRoleAssignmentCount",
  "directoryRoleCount",
  "appRoleCount",
  "groupCount",
  "openFindingCount",
];
const FINDING_FIELDS = [
  "id",
  "ruleId",
  "severity",
  "status",
  "subjectId",
  "subjectName",
  "subjectKind",
  "title",
  "evidence",
  "ownerUpn",
  "dueDate",
  "firstSeenAt",
  "lastSeenAt",
];
const CANDIDATE_FIELDS = [
  "id",
  "appId",
  "displayName",
  "principalKind",
  "credentialSummary",
  "score",
  "recommendedTarget",
  "reasons",
];

describe.each(databaseKinds())("findings after sync into %s", (kind) => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let db: Db;
  let tenantId: string;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 11, size: "demo", now: Date.parse("2026-11-01T00:00:00Z") });
    database = await createTestDatabase(kind);
    db = createDb(database.url);
    tenantId = emulator.env.AZURE_TENANT_ID!.toLowerCase();
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    await emulator?.close();
  });

  it("finds every rule of the catalog on the demo tenant, with counters and a trend point", async () => {
    const result = await sync(emulator, database.url);
    const findings = await db.finding.findMany({ where: { tenantId } });
    expect(findings.length).toBeGreaterThan(0);
    expect(result.findings.new).toBe(findings.length);
    expect(findings.every((f) => f.status === "open")).toBe(true);

    const fired = new Set(findings.map((f) => f.ruleId));
    // The demo tenant exists to tell this story: every rule of the catalog fires on it.
    expect(RULE_IDS.filter((id) => !fired.has(id))).toEqual([]);
    expect([...fired].every((id) => (RULE_IDS as readonly string[]).includes(id))).toBe(true);

    // Due dates follow the severity SLA from first sight.
    for (const f of findings) {
      const days = { critical: 7, high: 30, medium: 90, low: 180, info: null }[f.severity];
      if (days === null) expect(f.dueDate).toBeNull();
      else expect(f.dueDate!.getTime() - f.firstSeenAt.getTime()).toBe(days * 86_400_000);
    }

    // Inventory counters match the open findings of each identity.
    const open = new Map<string, { n: number; level: number }>();
    const level = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
    for (const f of findings) {
      const o = open.get(f.subjectId) ?? { n: 0, level: 0 };
      open.set(f.subjectId, { n: o.n + 1, level: Math.max(o.level, level[f.severity]) });
    }
    const identities = await db.servicePrincipal.findMany({ where: { tenantId, miKind: { not: null } } });
    for (const sp of identities) {
      expect({ id: sp.id, n: sp.openFindingCount, level: sp.privilegeLevel }).toEqual({
        id: sp.id,
        n: open.get(sp.id)?.n ?? 0,
        level: open.get(sp.id)?.level ?? 0,
      });
    }
    expect(identities.some((sp) => sp.privilegeLevel === 4)).toBe(true);

    const trend = await db.findingTrendPoint.findUnique({
      where: { tenantId_runId: { tenantId, runId: result.runId } },
    });
    expect(trend).not.toBeNull();
    expect(trend!.openCritical + trend!.openHigh + trend!.openMedium + trend!.openLow + trend!.openInfo).toBe(
      findings.length,
    );
    expect(await db.migrationCandidate.count({ where: { tenantId } })).toBe(result.findings.candidates.total);
    expect(result.findings.candidates.total).toBeGreaterThan(0);
  });

  it("keeps owner, status and comments through a re-sync and changes nothing else", async () => {
    const finding = await db.finding.findFirstOrThrow({
      where: { tenantId, ruleId: "mi-privileged-azure-role" },
      orderBy: { id: "asc" },
    });
    const owner = await db.owner.create({
      data: { id: "owner-1", tenantId, upn: "platform-lead@contoso.example", displayName: "Platform lead" },
    });
    await db.finding.update({ where: { id: finding.id }, data: { ownerId: owner.id, status: "in_progress" } });
    await db.comment.create({
      data: { id: "comment-1", tenantId, findingId: finding.id, authorId: "t.o", body: "On it" },
    });
    const before = await db.finding.count({ where: { tenantId } });
    // The identity is renamed: its findings' subject name and title follow, nothing else changes.
    const sp = emulator.tenant.spById.get(finding.subjectId)!;
    sp.displayName = `${sp.displayName}-renamed`;
    emulator.tenant.touchServicePrincipal(sp);

    const result = await sync(emulator, database.url);
    expect(result.findings).toMatchObject({ new: 0, resolved: 0, reopened: 0, seen: before });
    expect(result.findings.updated).toBeGreaterThanOrEqual(1);
    const after = await db.finding.findUniqueOrThrow({ where: { id: finding.id }, include: { comments: true } });
    expect(after).toMatchObject({ ownerId: owner.id, status: "in_progress", key: finding.key });
    expect(after.subjectName).toBe(sp.displayName);
    expect(after.dueDate).toEqual(finding.dueDate);
    expect(after.comments.map((c) => c.body)).toEqual(["On it"]);
    expect(after.firstSeenAt).toEqual(finding.firstSeenAt);
    // Still detected: marked seen by the latest evaluation, whose time moved on.
    expect(after.lastSeenAt).toEqual(SEEN_BY_LATEST_EVALUATION);
    expect((await getFinding(finding.id, { db, tenantId })).lastSeenAt).toBe(
      (await evaluatedAt(db, tenantId)).toISOString(),
    );
    expect(await db.finding.count({ where: { tenantId } })).toBe(before);
  });

  it("resolves a finding whose condition is gone and reopens it when it returns, audited in a hash chain", async () => {
    const disabled = await db.finding.findFirstOrThrow({
      where: { tenantId, ruleId: "mi-disabled-with-access" },
      orderBy: { id: "asc" },
    });
    const sp = emulator.tenant.spById.get(disabled.subjectId)!;
    expect(sp.accountEnabled).toBe(false);

    sp.accountEnabled = true;
    emulator.tenant.touchServicePrincipal(sp);
    const lastDetected = await evaluatedAt(db, tenantId);
    const enabled = await sync(emulator, database.url);
    expect(enabled.findings.resolved).toBeGreaterThanOrEqual(1);
    const resolved = await db.finding.findUniqueOrThrow({ where: { id: disabled.id } });
    expect(resolved).toMatchObject({ status: "resolved", resolvedReason: NO_LONGER_DETECTED });
    // Last seen by the evaluation before this one, and it stays so while it is not detected.
    expect(resolved.lastSeenAt).toEqual(lastDetected);
    expect((await evaluatedAt(db, tenantId)).getTime()).toBeGreaterThan(lastDetected.getTime());
    expect((await getFinding(disabled.id, { db, tenantId })).lastSeenAt).toBe(lastDetected.toISOString());
    await sync(emulator, database.url);
    expect((await db.finding.findUniqueOrThrow({ where: { id: disabled.id } })).lastSeenAt).toEqual(lastDetected);
    expect(resolved.resolvedAt).not.toBeNull();
    expect(await db.servicePrincipal.findFirst({ where: { tenantId, id: sp.id } })).toMatchObject({
      openFindingCount: (await db.finding.count({
        where: { tenantId, subjectId: sp.id, status: { in: ["open", "in_progress"] } },
      })) as number,
    });

    sp.accountEnabled = false;
    emulator.tenant.touchServicePrincipal(sp);
    const disabledAgain = await sync(emulator, database.url);
    expect(disabledAgain.findings.reopened).toBeGreaterThanOrEqual(1);
    const reopened = await db.finding.findUniqueOrThrow({ where: { id: disabled.id } });
    expect(reopened).toMatchObject({ status: "open", resolvedAt: null, resolvedReason: null });
    expect(reopened.lastSeenAt).toEqual(SEEN_BY_LATEST_EVALUATION);
    expect(reopened.firstSeenAt).toEqual(disabled.firstSeenAt);

    const trail = await db.auditEntry.findMany({ where: { tenantId, entityId: disabled.id }, orderBy: { id: "asc" } });
    expect(trail.map((e) => [e.actorId, e.action])).toEqual([
      ["system", "finding.auto_resolved"],
      ["system", "finding.reopened"],
    ]);
    expect(trail[0]!.before).toMatchObject({ status: "open" });
    expect(trail[0]!.after).toMatchObject({ status: "resolved", resolvedReason: NO_LONGER_DETECTED });
    await expectIntactChain(db, tenantId);
  });

  it("reopens a finding whose risk acceptance expired, keeps one still in force and false positives", async () => {
    const [expiring, inForce, falsePositive] = await db.finding.findMany({
      where: { tenantId, status: "open", ruleId: { not: "mi-disabled-with-access" } },
      orderBy: { id: "asc" },
      take: 3,
    });
    const yesterday = new Date(Date.now() - 86_400_000);
    const nextYear = new Date(Date.now() + 365 * 86_400_000);
    await db.finding.update({
      where: { id: expiring!.id },
      data: { status: "risk_accepted", acceptedUntil: yesterday, acceptanceReason: "vendor fix due" },
    });
    await db.finding.update({
      where: { id: inForce!.id },
      data: { status: "risk_accepted", acceptedUntil: nextYear, acceptanceReason: "by design" },
    });
    await db.finding.update({ where: { id: falsePositive!.id }, data: { status: "false_positive" } });

    const result = await sync(emulator, database.url);
    expect(result.findings.acceptanceExpired).toBe(1);
    expect(await db.finding.findUniqueOrThrow({ where: { id: expiring!.id } })).toMatchObject({
      status: "open",
      acceptedUntil: null,
      acceptanceReason: null,
    });
    expect(await db.finding.findUniqueOrThrow({ where: { id: inForce!.id } })).toMatchObject({
      status: "risk_accepted",
      acceptedUntil: nextYear,
    });
    expect(await db.finding.findUniqueOrThrow({ where: { id: falsePositive!.id } })).toMatchObject({
      status: "false_positive",
    });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { tenantId, entityId: expiring!.id } });
    expect(entry).toMatchObject({ actorId: "system", action: "finding.acceptance_expired", requestId: result.runId });
    expect(entry.before).toMatchObject({ status: "risk_accepted", acceptanceReason: "vendor fix due" });
    await expectIntactChain(db, tenantId);
  });

  it("exports identities, findings and candidates with the contract's fields, as JSON and CSV", async () => {
    const json = async (what: string) => {
      const { code, stdout, stderr } = await steward(emulator, database.url, ["export", what]);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      return JSON.parse(stdout) as Record<string, unknown>[];
    };
    const identities = await json("identities");
    expect(identities.length).toBe(await db.servicePrincipal.count({ where: { tenantId, miKind: { not: null } } }));
    for (const r of identities) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(IDENTITY_FIELDS));
      expect(["SystemAssigned", "UserAssigned"]).toContain(r.kind);
      expect(Array.isArray(r.attachedResourceIds)).toBe(true);
      expect(typeof r.accountEnabled).toBe("boolean");
      expect(typeof r.openFindingCount).toBe("number");
    }
    expect(identities.some((r) => (r.attachedResourceIds as string[]).length > 0)).toBe(true);

    const findings = await json("findings");
    expect(findings.length).toBe(await db.finding.count({ where: { tenantId } }));
    for (const r of findings) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(FINDING_FIELDS));
      expect(["critical", "high", "medium", "low", "info"]).toContain(r.severity);
      expect(["open", "in_progress", "resolved", "risk_accepted", "false_positive"]).toContain(r.status);
      expect(typeof r.evidence).toBe("object");
    }
    expect(findings.find((r) => r.ownerUpn !== null)?.ownerUpn).toBe("platform-lead@contoso.example");

    const candidates = await json("candidates");
    expect(candidates.length).toBe(await db.migrationCandidate.count({ where: { tenantId } }));
    for (const r of candidates) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(CANDIDATE_FIELDS));
      expect(["Application", "User"]).toContain(r.principalKind);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(100);
      expect(Array.isArray(r.reasons)).toBe(true);
    }

    mkdirSync(testTmpDir, { recursive: true });
    const out = join(testTmpDir, `findings-${kind}-${Date.now()}.csv`);
    const written = await steward(emulator, database.url, ["export", "findings", "--format", "csv", "--out", out]);
    expect(written.code).toBe(0);
    const csv = readFileSync(out, "utf8");
    const header = csv.split("\r\n")[0]!.split(",");
    expect(header).toEqual(expect.arrayContaining(FINDING_FIELDS));
    expect(csv.endsWith("\r\n")).toBe(true);

    const bad = await steward(emulator, database.url, ["export", "owners"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("identities, findings, candidates");
    const empty = await steward(
      { ...emulator, env: { ...emulator.env, AZURE_TENANT_ID: "00000000-0000-0000-0000-000000000000" } },
      database.url,
      ["export", "candidates"],
    );
    expect(JSON.parse(empty.stdout)).toEqual([]);
  });

  it("streams the same snapshot Prisma reads into the rules' index, page boundaries included", async () => {
    const conn = await openConnection(database.url);
    try {
      const now = new Date();
      // Pages of 7 rows: every table of the demo tenant crosses several page boundaries.
      const { index, rows } = await loadSnapshotIndex(conn, tenantId, { now, cloud: "public", pageSize: 7 });
      expect(index.snapshot.signInActivityAvailable).toBe(true);
      expect(rows.GroupMembership).toBe(await db.groupMembership.count({ where: { tenantId } }));
      expect(rows.RoleAssignment).toBeGreaterThan(7);
      const reference = indexSnapshot(await readSnapshotWithPrisma(db, tenantId, now));
      expect(describeIndex(index)).toEqual(describeIndex(reference));
    } finally {
      await conn.close();
    }
  });

  it("re-evaluating an unchanged tenant stages nothing and rewrites no finding", async () => {
    const options = {
      cloud: "custom" as const,
      authorityHost: emulator.env.STEWARD_LOGIN_URL,
      now: new Date(Date.now() + 60_000),
    };
    const conn = await openConnection(database.url);
    try {
      const first = await evaluateTenant(conn, tenantId, { ...options, runId: "steady-1" });
      const before = await db.finding.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
      expect(before.every((f) => f.contentHash !== null)).toBe(true);
      const later = new Date(options.now.getTime() + 1000);
      const second = await evaluateTenant(conn, tenantId, { ...options, now: later, runId: "steady-2" });
      expect(second.produced).toBe(first.produced);
      expect(second).toMatchObject({ staged: 0, new: 0, updated: 0, resolved: 0, reopened: 0, seen: first.produced });
      // Every detected finding is read as seen at the second evaluation, without a row rewritten.
      expect(await db.finding.findMany({ where: { tenantId }, orderBy: { id: "asc" } })).toEqual(before);
      expect(await evaluatedAt(db, tenantId)).toEqual(later);
      const detected = before.filter((f) => f.lastSeenAt.getTime() === SEEN_BY_LATEST_EVALUATION.getTime());
      expect(detected).toHaveLength(second.produced);
      const page = await listFindings(tenantId, { status: ["open"], sort: "lastSeen", dir: "desc" }, { db });
      expect(page.items[0]!.lastSeenAt).toBe(later.toISOString());
    } finally {
      await conn.close();
    }
  });

  it("keeps the committed sync when the evaluation fails, and leaves the findings as they were", async () => {
    const before = await db.finding.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
    const open = before.find((f) => f.ruleId === "mi-disabled-with-access" && f.status === "open")!;
    const sp = emulator.tenant.spById.get(open.subjectId)!;
    sp.accountEnabled = true;
    emulator.tenant.touchServicePrincipal(sp);
    // A table the evaluation writes is gone: it fails inside its transaction.
    await db.$executeRawUnsafe('DROP TABLE "FindingTrendPoint"');

    const { code, stdout } = await steward(emulator, database.url, ["sync", "--json"]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.status).toBe("succeeded");
    expect(result.findings).toBeNull();
    expect(result.warnings.map((w: { code: string }) => w.code)).toContain("evaluationFailed");
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run.status).toBe("succeeded");
    expect(JSON.stringify(run.warnings)).toContain("evaluationFailed");
    // The sync's own data is applied; the findings are exactly as before (nothing half-written).
    expect(await db.servicePrincipal.findFirst({ where: { tenantId, id: sp.id } })).toMatchObject({
      accountEnabled: true,
    });
    expect(await db.finding.findMany({ where: { tenantId }, orderBy: { id: "asc" } })).toEqual(before);
  });
});

/** The tenant's latest evaluation time. */
async function evaluatedAt(db: Db, tenantId: string): Promise<Date> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  expect(tenant.findingsEvaluatedAt).not.toBeNull();
  return tenant.findingsEvaluatedAt!;
}

/** Every entry of the tenant names the hash before it, and every hash recomputes from its entry. */
async function expectIntactChain(db: Db, tenantId: string) {
  const entries = await db.auditEntry.findMany({ where: { tenantId }, orderBy: { id: "asc" } });
  expect(entries.length).toBeGreaterThan(0);
  let prev: string | null = null;
  for (const e of entries) {
    expect(e.prevHash).toBe(prev);
    const { hash, prevHash, id: _id, ...content } = e;
    expect(auditHash(content, prevHash)).toBe(hash);
    prev = hash;
  }
}

/** The tenant's snapshot as Prisma reads it: an independent reading of the same rows. */
async function readSnapshotWithPrisma(db: Db, tenantId: string, now: Date): Promise<Snapshot> {
  const where = { where: { tenantId } };
  const lastRun = await db.syncRun.findFirst({
    where: { tenantId, status: "succeeded" },
    orderBy: { startedAt: "desc" },
  });
  const texts = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return {
    tenantId,
    cloud: "public",
    now,
    signInActivityAvailable: !JSON.stringify(lastRun?.warnings ?? []).includes("signInActivityUnavailable"),
    servicePrincipals: (await db.servicePrincipal.findMany(where)).map((sp) => ({
      id: sp.id,
      appId: sp.appId,
      displayName: sp.displayName,
      servicePrincipalType: sp.servicePrincipalType,
      accountEnabled: sp.accountEnabled,
      appOwnerOrganizationId: sp.appOwnerOrganizationId,
      signInAudience: sp.signInAudience,
      appRoleValues: (Array.isArray(sp.appRoles) ? (sp.appRoles as { value?: unknown }[]) : [])
        .map((r) => r?.value)
        .filter((v): v is string => typeof v === "string" && v !== ""),
      miKind: sp.miKind as ManagedIdentityKind | null,
      miResourceId: sp.miResourceId,
      subscriptionId: sp.subscriptionId,
      resourceGroup: sp.resourceGroup,
      resourceType: sp.resourceType,
      lastSignInAt: sp.lastSignInAt,
      firstSeenAt: sp.firstSeenAt,
    })),
    managementGroups: (await db.managementGroup.findMany(where)).map(({ id, name, displayName, parentId }) => ({
      id,
      name,
      displayName,
      parentId,
    })),
    subscriptions: (await db.subscription.findMany(where)).map(
      ({ id, displayName, managementGroupId, resourcesEnumeratedAt }) => ({
        id,
        displayName,
        managementGroupId,
        resourcesEnumeratedAt,
      }),
    ),
    resources: (await db.resource.findMany(where)).map((r) => ({
      id: r.id,
      armId: r.armId,
      subscriptionId: r.subscriptionId,
      resourceGroup: r.resourceGroup,
      type: r.type,
      name: r.name,
      identityType: r.identityType,
      principalId: r.principalId,
      clientId: r.clientId,
    })),
    identityAttachments: (await db.identityAttachment.findMany(where)).map((a) => ({
      resourceId: a.resourceId,
      identityResourceId: a.identityResourceId,
      principalId: a.principalId,
      clientId: a.clientId,
      subscriptionId: a.subscriptionId,
    })),
    roleDefinitions: (await db.roleDefinition.findMany(where)).map((d) => ({
      id: d.id,
      roleName: d.roleName,
      roleType: d.roleType,
      permissions: (d.permissions as Record<string, unknown>[]).map((p): AzurePermission => ({
        actions: texts(p.actions),
        notActions: texts(p.notActions),
        dataActions: texts(p.dataActions),
        notDataActions: texts(p.notDataActions),
      })),
    })),
    roleAssignments: (await db.roleAssignment.findMany(where)).map((a) => ({
      id: a.id,
      scope: a.scope,
      scopeLevel: a.scopeLevel as ScopeLevel,
      subscriptionId: a.subscriptionId,
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      principalType: a.principalType,
      condition: a.condition,
    })),
    applications: (await db.application.findMany(where)).map(({ id, appId, displayName, signInAudience }) => ({
      id,
      appId,
      displayName,
      signInAudience,
    })),
    credentials: (await db.credential.findMany(where)).map((c) => ({
      ownerId: c.ownerId,
      ownerType: c.ownerType as "Application" | "ServicePrincipal",
      keyId: c.keyId,
      kind: c.kind as "password" | "certificate",
      displayName: c.displayName,
      type: c.type,
      usage: c.usage,
      startDateTime: c.startDateTime,
      endDateTime: c.endDateTime,
      isPlatformManaged: c.isPlatformManaged,
    })),
    federatedCredentials: (await db.federatedCredential.findMany(where)).map((f) => ({
      id: f.id,
      ownerType: f.ownerType as "Application" | "UserAssignedIdentity",
      ownerId: f.ownerId,
      name: f.name,
      issuer: f.issuer,
      subject: f.subject,
      audiences: texts(f.audiences),
    })),
    appRoleAssignments: (await db.appRoleAssignment.findMany(where)).map((a) => ({
      id: a.id,
      principalId: a.principalId,
      principalType: a.principalType,
      resourceId: a.resourceId,
      resourceAppId: a.resourceAppId,
      resourceDisplayName: a.resourceDisplayName,
      appRoleId: a.appRoleId,
      appRoleValue: a.appRoleValue,
    })),
    directoryRoleDefinitions: (await db.directoryRoleDefinition.findMany(where)).map(
      ({ id, templateId, displayName, isBuiltIn }) => ({ id, templateId, displayName, isBuiltIn }),
    ),
    directoryRoleAssignments: (await db.directoryRoleAssignment.findMany(where)).map((a) => ({
      id: a.id,
      principalId: a.principalId,
      roleDefinitionId: a.roleDefinitionId,
      directoryScopeId: a.directoryScopeId || "/",
    })),
    groups: (await db.group.findMany(where)).map(({ id, displayName, isAssignableToRole }) => ({
      id,
      displayName,
      isAssignableToRole,
    })),
    groupMemberships: (await db.groupMembership.findMany(where)).map(({ groupId, memberId, memberType }) => ({
      groupId,
      memberId,
      memberType,
    })),
    users: (await db.user.findMany(where)).map((u) => ({
      id: u.id,
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName,
      accountEnabled: u.accountEnabled,
      userType: u.userType,
      lastSignInAt: u.lastSignInAt,
      lastNonInteractiveSignInAt: u.lastNonInteractiveSignInAt,
    })),
  };
}

/** Every lookup of an index as plain, ordered JSON values (instants as ISO text), for comparison. */
function describeIndex(index: SnapshotIndex): unknown {
  const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;
  const isLookup = (value: unknown): value is Lookup<unknown> =>
    typeof value === "object" && value !== null && "keys" in value && "get" in value;
  return Object.fromEntries(
    Object.entries(index)
      .filter(([name]) => name !== "cache")
      .map(([name, value]) => [
        name,
        isLookup(value) ? [...value.keys()].sort().map((key) => plain([key, value.get(key)])) : plain(value),
      ]),
  );
}
