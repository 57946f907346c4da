// Reads Azure Resource Manager into the run's stage: subscriptions, management groups, role
// definitions and assignments at every scope, user-assigned identities with their federated
// credentials, and every resource carrying an identity block (through Azure Resource Graph).
import "server-only";
import { UpstreamError } from "../microsoft/errors";
import * as a from "../schemas/arm";
import { fetched, forEachLimit, warn, type SyncContext } from "./context";
import {
  armFederatedCredentialRow,
  resourceRows,
  roleAssignmentRow,
  roleDefinitionRow,
  subscriptionRow,
  userAssignedIdentityRow,
} from "./map/arm";
import { normalizeArmId } from "./map/arm-id";

const V = {
  subscriptions: "2022-12-01",
  managementGroups: "2023-04-01",
  authorization: "2022-04-01",
  msi: "2024-11-30",
};

const denied = (error: unknown) =>
  error instanceof UpstreamError && (error.upstreamStatus === 403 || error.upstreamStatus === 401);

const RESOURCES_WITH_IDENTITY =
  "Resources | where isnotempty(identity) | project id, name, type, location, subscriptionId, resourceGroup, identity, tags";

export async function collectArm(ctx: SyncContext) {
  // Subscriptions visible to the sync identity.
  const subscriptions: a.ArmSubscription[] = [];
  for await (const page of ctx.arm.pages("/subscriptions", a.subscriptionPage, V.subscriptions)) {
    subscriptions.push(
      ...page.value.filter((s) => !s.tenantId || s.tenantId.toLowerCase() === ctx.tenantId.toLowerCase()),
    );
  }
  fetched(ctx, "subscriptions", subscriptions.length);

  // The management group tree, from the tenant root group (its name is the tenant id).
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

  // Built-in role definitions once (from the root group, or else the first subscription); custom
  // ones from every subscription below.
  const definitionsScope = ctx.completeness.managementGroupsComplete
    ? `/providers/Microsoft.Management/managementGroups/${ctx.tenantId}`
    : subscriptions[0]
      ? `/subscriptions/${subscriptions[0].subscriptionId}`
      : null;
  if (definitionsScope) {
    for await (const page of ctx.arm.pages(
      `${definitionsScope}/providers/Microsoft.Authorization/roleDefinitions`,
      a.roleDefinitionPage,
      V.authorization,
    )) {
      await ctx.store.stage("roleDefinitions", page.value.map(roleDefinitionRow));
      fetched(ctx, "roleDefinitions", page.value.length);
    }
  }

  // Assignments at or above each management group (groups may hold no subscription).
  if (ctx.completeness.managementGroupsComplete) {
    await forEachLimit(groups, 8, async (mg) => {
      for await (const page of ctx.arm.pages(
        `/providers/Microsoft.Management/managementGroups/${mg.name}/providers/Microsoft.Authorization/roleAssignments`,
        a.roleAssignmentPage,
        V.authorization,
        { $filter: "atScope()" },
      )) {
        await ctx.store.stage("roleAssignments", page.value.map(roleAssignmentRow));
        fetched(ctx, "roleAssignments", page.value.length);
      }
    });
  }

  const enumerated = new Set<string>();
  await forEachLimit(subscriptions, 8, async (sub) => {
    const s = sub.subscriptionId;
    try {
      // Unfiltered at subscription scope: assignments at, above and below it.
      for await (const page of ctx.arm.pages(
        `/subscriptions/${s}/providers/Microsoft.Authorization/roleAssignments`,
        a.roleAssignmentPage,
        V.authorization,
      )) {
        await ctx.store.stage("roleAssignments", page.value.map(roleAssignmentRow));
        fetched(ctx, "roleAssignments", page.value.length);
      }
      ctx.completeness.roleAssignmentSubscriptions.add(s.toLowerCase());
      for await (const page of ctx.arm.pages(
        `/subscriptions/${s}/providers/Microsoft.Authorization/roleDefinitions`,
        a.roleDefinitionPage,
        V.authorization,
        { $filter: "type eq 'CustomRole'" },
      )) {
        await ctx.store.stage("roleDefinitions", page.value.map(roleDefinitionRow));
        fetched(ctx, "roleDefinitions", page.value.length);
      }
      const identities: a.ArmUserAssignedIdentity[] = [];
      for await (const page of ctx.arm.pages(
        `/subscriptions/${s}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`,
        a.userAssignedIdentityPage,
        V.msi,
      )) {
        identities.push(...page.value);
        await ctx.store.stage("resources", page.value.map(userAssignedIdentityRow));
        fetched(ctx, "userAssignedIdentities", page.value.length);
      }
      await forEachLimit(identities, 4, async (identity) => {
        for await (const page of ctx.arm.pages(
          `${identity.id}/federatedIdentityCredentials`,
          a.federatedIdentityCredentialPage,
          V.msi,
        )) {
          await ctx.store.stage(
            "federatedCredentials",
            page.value.map((f) => armFederatedCredentialRow(identity.id, f)),
          );
          fetched(ctx, "federatedCredentials", page.value.length);
        }
      });
      enumerated.add(s.toLowerCase());
    } catch (error) {
      if (!denied(error)) throw error;
      warn(
        ctx,
        "subscriptionUnreadable",
        `Subscription ${sub.displayName ?? s} (${s}) could not be read completely: ${(error as Error).message}. Its previous data is kept.`,
      );
    }
  });

  // Every resource with an identity block, tenant-wide, through Resource Graph.
  if (subscriptions.length > 0) {
    for await (const rows of ctx.arm.resourceGraph(RESOURCES_WITH_IDENTITY, a.resource, {
      subscriptions: subscriptions.map((s) => s.subscriptionId),
    })) {
      const resources = [];
      const attachments = [];
      for (const row of rows) {
        const mapped = resourceRows(row);
        resources.push(mapped.resource);
        attachments.push(...mapped.attachments);
      }
      await ctx.store.stage("resources", resources);
      await ctx.store.stage("identityAttachments", attachments);
      fetched(ctx, "resources", rows.length);
    }
  }
  for (const s of enumerated) ctx.completeness.subscriptionsEnumerated.add(s);

  // "Enumerated completely since": keep the first time of an unbroken streak, so an unchanged
  // subscription is not rewritten by every run.
  const conn = ctx.store.conn;
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
      return subscriptionRow(s, parentOf.get(id) ?? null, enumerated.has(id) ? (since.get(id) ?? at) : null);
    }),
  );
}
