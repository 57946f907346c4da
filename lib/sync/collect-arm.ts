// Reads Azure Resource Manager into the run's stage: subscriptions, management groups, role
// definitions and assignments at every scope, every resource carrying an identity block and every
// user-assigned identity (through Azure Resource Graph), and the identities' federated credentials.
// Incremental runs re-list a subscription's role assignments only when Resource Graph says they
// changed (arm-gate.ts), and read federated credentials only of identities new since the last run.
import "server-only";
import { UpstreamError } from "../microsoft/errors";
import * as a from "../schemas/arm";
import { MANAGEMENT_GROUPS_SCOPE, readArmGate, type ArmGate } from "./arm-gate";
import { fetched, forEachLimit, warn, type SyncContext } from "./context";
import {
  armFederatedCredentialRow,
  identityResourceRows,
  roleAssignmentRow,
  roleDefinitionRow,
  subscriptionRow,
} from "./map/arm";
import { normalizeArmId, parseArmId } from "./map/arm-id";

const V = {
  subscriptions: "2022-12-01",
  managementGroups: "2023-04-01",
  authorization: "2022-04-01",
  msi: "2024-11-30",
};

const denied = (error: unknown) =>
  error instanceof UpstreamError && (error.upstreamStatus === 403 || error.upstreamStatus === 401);

// User-assigned identities carry no identity block of their own: their ids are in `properties`
// (projected narrowly, since other resources' properties can be large).
const IDENTITY_RESOURCES =
  "Resources | where isnotempty(identity) or type =~ 'microsoft.managedidentity/userassignedidentities' " +
  "| project id, name, type, location, subscriptionId, resourceGroup, identity, tags, " +
  "uamiPrincipalId = tostring(properties.principalId), uamiClientId = tostring(properties.clientId)";

const UAMI_TYPE = "microsoft.managedidentity/userassignedidentities";

export async function collectArm(ctx: SyncContext) {
  const conn = ctx.store.conn;
  const c = ctx.completeness;

  // Subscriptions visible to the sync identity.
  const subscriptions: a.ArmSubscription[] = [];
  for await (const page of ctx.arm.pages("/subscriptions", a.subscriptionPage, V.subscriptions)) {
    subscriptions.push(
      ...page.value.filter((s) => !s.tenantId || s.tenantId.toLowerCase() === ctx.tenantId.toLowerCase()),
    );
  }
  fetched(ctx, "subscriptions", subscriptions.length);
  const subscriptionIds = subscriptions.map((s) => s.subscriptionId.toLowerCase());

  const parentOf = await collectManagementGroups(ctx);

  // Role definitions: with the root group readable, one list below it holds the built-in roles and
  // every custom one; otherwise built-ins from a subscription and custom ones per subscription.
  const definitionsScope = c.managementGroupsComplete
    ? `/providers/Microsoft.Management/managementGroups/${ctx.tenantId}`
    : subscriptionIds[0]
      ? `/subscriptions/${subscriptionIds[0]}`
      : null;
  if (definitionsScope) {
    for await (const page of ctx.arm.pages(
      `${definitionsScope}/providers/Microsoft.Authorization/roleDefinitions`,
      a.roleDefinitionPage,
      V.authorization,
      c.managementGroupsComplete ? { $filter: "atScopeAndBelow()" } : undefined,
    )) {
      await ctx.store.stage("roleDefinitions", page.value.map(roleDefinitionRow));
      fetched(ctx, "roleDefinitions", page.value.length);
    }
  }

  // Taken before anything is listed, so a change made while listing shows up next time.
  const gate = await readArmGate(ctx, subscriptionIds);

  // Previously stored state an incremental run builds on.
  const enumeratedBefore = new Set(
    (
      await conn.all<{ id: string }>(
        `SELECT "id" FROM "Subscription" WHERE "tenantId" = ${conn.p(1)} AND "resourcesEnumeratedAt" IS NOT NULL`,
        [ctx.tenantId],
      )
    ).map((r) => r.id),
  );

  const [uamisBySubscription, readable] = await Promise.all([
    collectIdentityResources(ctx, subscriptionIds),
    collectRoleAssignments(ctx, subscriptions, gate),
  ]);

  // Federated credentials: of every user-assigned identity in a full run; in an incremental run,
  // of the identities not stored yet (credentials of known ones are swept by the next full run).
  const known =
    ctx.mode === "incremental"
      ? new Set(
          (
            await conn.all<{ id: string }>(
              `SELECT "id" FROM "Resource" WHERE "tenantId" = ${conn.p(1)} AND "type" = '${UAMI_TYPE}'`,
              [ctx.tenantId],
            )
          ).map((r) => r.id),
        )
      : new Set<string>();
  const unreadable = new Set<string>();
  const identities: { subscriptionId: string; armId: string }[] = [];
  for (const [subscriptionId, list] of uamisBySubscription)
    for (const armId of list) if (!known.has(normalizeArmId(armId))) identities.push({ subscriptionId, armId });
  await forEachLimit(identities, 16, async ({ subscriptionId, armId }) => {
    if (unreadable.has(subscriptionId)) return;
    try {
      for await (const page of ctx.arm.pages(
        `${armId}/federatedIdentityCredentials`,
        a.federatedIdentityCredentialPage,
        V.msi,
      )) {
        await ctx.store.stage(
          "federatedCredentials",
          page.value.map((f) => armFederatedCredentialRow(armId, f)),
        );
        fetched(ctx, "federatedCredentials", page.value.length);
      }
      c.uamiCredentialsRead.add(normalizeArmId(armId));
    } catch (error) {
      if (!denied(error)) throw error;
      unreadable.add(subscriptionId);
    }
  });

  // A subscription counts as enumerated when everything of it this run had to read was readable:
  // in a full run all of it, in an incremental run what changed (the rest stands from before).
  for (const id of subscriptionIds) {
    if (unreadable.has(id)) continue;
    const fresh = readable.has(id);
    const stands = ctx.mode === "incremental" && !gate.mustRead(id) && enumeratedBefore.has(id);
    if (fresh || stands) c.subscriptionsEnumerated.add(id);
  }
  for (const id of unreadable)
    warn(
      ctx,
      "subscriptionUnreadable",
      `The federated credentials of subscription ${id} could not be read; its previous data is kept.`,
    );

  // "Enumerated completely since": keep the first time of an unbroken streak, so an unchanged
  // subscription is not rewritten by every run.
  const since = new Map(
    (
      await conn.all<{ id: string; at: string | Date | null }>(
        `SELECT "id", "resourcesEnumeratedAt" AS "at" FROM "Subscription" WHERE "tenantId" = ${conn.p(1)}`,
        [ctx.tenantId],
      )
    ).map((r) => [r.id, r.at === null ? null : new Date(r.at)]),
  );
  const at = new Date();
  await ctx.store.stage(
    "subscriptions",
    subscriptions.map((s) => {
      const id = s.subscriptionId.toLowerCase();
      return subscriptionRow(
        s,
        parentOf.get(id) ?? null,
        c.subscriptionsEnumerated.has(id) ? (since.get(id) ?? at) : null,
      );
    }),
  );
  ctx.armFingerprints = {
    read: new Map([...gate.current].filter(([scope]) => c.roleAssignmentScopesRead.has(scope))),
    keep: [...gate.current.keys()].filter((scope) => !gate.mustRead(scope)),
  };
}

/** The management group tree, from the tenant root group (its name is the tenant id). Returns each subscription's parent. */
async function collectManagementGroups(ctx: SyncContext) {
  const parentOf = new Map<string, string>();
  const groups: { id: string; name: string; displayName: string | null; parentId: string | null }[] = [];
  try {
    const root = await ctx.arm.get(
      `/providers/Microsoft.Management/managementGroups/${ctx.tenantId}`,
      a.managementGroup,
      V.managementGroups,
    );
    groups.push({
      id: normalizeArmId(root.id),
      name: root.name,
      displayName: root.properties.displayName,
      parentId: null,
    });
    for await (const page of ctx.arm.pages(
      `/providers/Microsoft.Management/managementGroups/${ctx.tenantId}/descendants`,
      a.managementGroupDescendantPage,
      V.managementGroups,
    )) {
      for (const d of page.value) {
        const parent = d.properties.parent?.id ? normalizeArmId(d.properties.parent.id) : null;
        if (d.type.toLowerCase().endsWith("/subscriptions")) {
          if (parent) parentOf.set(d.name.toLowerCase(), parent);
        } else {
          groups.push({
            id: normalizeArmId(d.id),
            name: d.name,
            displayName: d.properties.displayName,
            parentId: parent,
          });
        }
      }
    }
    ctx.completeness.managementGroupsComplete = true;
  } catch (error) {
    if (!denied(error) && !(error instanceof UpstreamError && error.upstreamStatus === 404)) throw error;
    warn(
      ctx,
      "managementGroupsUnavailable",
      `Management groups were not read (${(error as Error).message}); grant Reader at the tenant root group to see assignments made there.`,
    );
  }
  await ctx.store.stage("managementGroups", groups);
  fetched(ctx, "managementGroups", groups.length);
  ctx.managementGroupNames = groups.map((g) => g.name);
  return parentOf;
}

/**
 * Role assignments of the scopes the gate says must be read: each management group's own (a
 * group may hold no subscription), and each subscription's, listed unfiltered (at, above and
 * below it). Returns the subscriptions that were readable.
 */
async function collectRoleAssignments(ctx: SyncContext, subscriptions: a.ArmSubscription[], gate: ArmGate) {
  const c = ctx.completeness;
  if (c.managementGroupsComplete && gate.mustRead(MANAGEMENT_GROUPS_SCOPE)) {
    await forEachLimit(ctx.managementGroupNames, 8, async (name) => {
      for await (const page of ctx.arm.pages(
        `/providers/Microsoft.Management/managementGroups/${name}/providers/Microsoft.Authorization/roleAssignments`,
        a.roleAssignmentPage,
        V.authorization,
        { $filter: "atScope()" },
      )) {
        await ctx.store.stage("roleAssignments", page.value.map(roleAssignmentRow));
        fetched(ctx, "roleAssignments", page.value.length);
      }
    });
    c.roleAssignmentScopesRead.add(MANAGEMENT_GROUPS_SCOPE);
  }

  const readable = new Set<string>();
  await forEachLimit(subscriptions, 8, async (sub) => {
    const s = sub.subscriptionId.toLowerCase();
    if (!gate.mustRead(s)) return;
    const own = `/subscriptions/${s}`;
    try {
      for await (const page of ctx.arm.pages(
        `/subscriptions/${s}/providers/Microsoft.Authorization/roleAssignments`,
        a.roleAssignmentPage,
        V.authorization,
      )) {
        // Every subscription's list repeats the assignments of the groups above it; those were
        // read at the groups already (when they could be).
        const rows = c.managementGroupsComplete
          ? page.value.filter((ra) => ra.properties.scope.toLowerCase().startsWith(own))
          : page.value;
        await ctx.store.stage("roleAssignments", rows.map(roleAssignmentRow));
        fetched(ctx, "roleAssignments", page.value.length);
      }
      if (!c.managementGroupsComplete) {
        for await (const page of ctx.arm.pages(
          `/subscriptions/${s}/providers/Microsoft.Authorization/roleDefinitions`,
          a.roleDefinitionPage,
          V.authorization,
          { $filter: "type eq 'CustomRole'" },
        )) {
          await ctx.store.stage("roleDefinitions", page.value.map(roleDefinitionRow));
          fetched(ctx, "roleDefinitions", page.value.length);
        }
      }
      c.roleAssignmentScopesRead.add(s);
      readable.add(s);
    } catch (error) {
      if (!denied(error)) throw error;
      warn(
        ctx,
        "subscriptionUnreadable",
        `Subscription ${sub.displayName ?? s} (${s}) could not be read completely: ${(error as Error).message}. Its previous data is kept.`,
      );
    }
  });
  return readable;
}

/**
 * Every resource with an identity block and every user-assigned identity, tenant-wide, through
 * Resource Graph (a few dozen pages instead of a list per subscription). Returns the user-assigned
 * identities by subscription.
 */
async function collectIdentityResources(ctx: SyncContext, subscriptionIds: string[]) {
  const uamis = new Map<string, string[]>();
  if (subscriptionIds.length === 0) return uamis;
  for await (const rows of ctx.arm.resourceGraph(IDENTITY_RESOURCES, a.identityResourceRow, {
    subscriptions: subscriptionIds,
  })) {
    const resources = [];
    const attachments = [];
    for (const row of rows) {
      const mapped = identityResourceRows(row);
      resources.push(mapped.resource);
      attachments.push(...mapped.attachments);
      if (mapped.resource.type === UAMI_TYPE) {
        const sub = parseArmId(row.id).subscriptionId ?? row.subscriptionId.toLowerCase();
        const list = uamis.get(sub) ?? [];
        list.push(row.id);
        uamis.set(sub, list);
      }
    }
    await ctx.store.stage("resources", resources);
    await ctx.store.stage("identityAttachments", attachments);
    fetched(ctx, "resources", rows.length);
  }
  return uamis;
}
