// The managed identity inventory as export records (DESIGN.md contract), page by page, so a tenant
// of 100k identities is never held in one array: the whole inventory in id order (the CLI), or the
// dashboard's current view with its filters and sort (GET /api/identities/export).
import "server-only";
import { getDb, type Db } from "../db";
import { resolveIdentitySort, type IdentityFilters } from "../url-state/identities";
import { IDENTITY_KEYSET_COLUMNS, identityWhere } from "./identity-query";
import { keysetSort, readKeysetPage, type KeysetPage } from "./keyset";

export const IDENTITY_EXPORT_FIELDS = [
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
  "resourceGroup",
  "resourceType",
  "privilegeLevel",
  "firstSeenAt",
  "lastSignInAt",
] as const;

export interface IdentityExportRecord {
  id: string;
  appId: string;
  displayName: string;
  kind: "SystemAssigned" | "UserAssigned";
  resourceId: string | null;
  attachedResourceIds: string[];
  subscriptionId: string | null;
  accountEnabled: boolean;
  isOrphaned: boolean;
  azureRoleAssignmentCount: number;
  directoryRoleCount: number;
  appRoleCount: number;
  groupCount: number;
  openFindingCount: number;
  resourceGroup: string | null;
  resourceType: string | null;
  privilegeLevel: number;
  firstSeenAt: string;
  lastSignInAt: string | null;
}

type IdentityRow = Awaited<ReturnType<Db["servicePrincipal"]["findMany"]>>[number];

/** Pages of the whole inventory in id order, or of the list view the filters describe (from its first row). */
async function* identityPages(
  db: Db,
  tenantId: string,
  take: number,
  filters: IdentityFilters | undefined,
): AsyncGenerator<IdentityRow[]> {
  if (!filters) {
    let after: string | null = null;
    for (;;) {
      const page: IdentityRow[] = await db.servicePrincipal.findMany({
        where: { tenantId, miKind: { not: null }, ...(after === null ? {} : { id: { gt: after } }) },
        orderBy: { id: "asc" },
        take,
      });
      if (page.length > 0) yield page;
      if (page.length < take) return;
      after = page[page.length - 1]!.id;
    }
  }
  const { sort: key, dir } = resolveIdentitySort(filters);
  const sort = keysetSort(IDENTITY_KEYSET_COLUMNS, key, dir);
  const where = await identityWhere(db, tenantId, filters);
  let cursor: string | null = null;
  for (;;) {
    const page: KeysetPage<IdentityRow> = await readKeysetPage<IdentityRow>({
      sort,
      cursor,
      take,
      fetch: (segment, n) =>
        db.servicePrincipal.findMany({ where: { AND: [where, segment.where] }, orderBy: segment.orderBy, take: n }),
    });
    if (page.items.length > 0) yield page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

export async function* exportIdentities(
  tenantId: string,
  options: { db?: Db; pageSize?: number; filters?: IdentityFilters } = {},
): AsyncGenerator<IdentityExportRecord> {
  const db = options.db ?? getDb();
  // Each page looks up its attachments and hosts with one IN list: under SQLite's parameter limit.
  const take = Math.min(options.pageSize ?? 500, 500);
  for await (const page of identityPages(db, tenantId, take, options.filters)) {
    // A user-assigned identity is attached where resources name it; a system-assigned one lives on its host.
    const uamiIds = page.filter((sp) => sp.miKind === "UserAssigned" && sp.miResourceId).map((sp) => sp.miResourceId!);
    const hostIds = page
      .filter((sp) => sp.miKind === "SystemAssigned" && sp.miResourceId)
      .map((sp) => sp.miResourceId!);
    const [attachments, hosts] = await Promise.all([
      uamiIds.length === 0
        ? []
        : db.identityAttachment.findMany({
            where: { tenantId, identityResourceId: { in: uamiIds } },
            select: { resourceId: true, identityResourceId: true },
            orderBy: { resourceId: "asc" },
          }),
      hostIds.length === 0
        ? []
        : db.resource.findMany({ where: { tenantId, id: { in: hostIds } }, select: { id: true, armId: true } }),
    ]);
    const attachedTo = new Map<string, string[]>();
    for (const a of attachments) {
      const list = attachedTo.get(a.identityResourceId) ?? [];
      list.push(a.resourceId);
      attachedTo.set(a.identityResourceId, list);
    }
    const hostArmId = new Map(hosts.map((h) => [h.id, h.armId]));
    for (const sp of page) {
      const kind = sp.miKind!;
      const attached =
        kind === "UserAssigned"
          ? (attachedTo.get(sp.miResourceId ?? "") ?? [])
          : sp.miResourceId && hostArmId.has(sp.miResourceId)
            ? [hostArmId.get(sp.miResourceId)!]
            : [];
      yield {
        id: sp.id,
        appId: sp.appId,
        displayName: sp.displayName,
        kind,
        resourceId: sp.miResourceArmId ?? sp.miResourceId,
        attachedResourceIds: attached,
        subscriptionId: sp.subscriptionId,
        accountEnabled: sp.accountEnabled,
        isOrphaned: sp.isOrphaned,
        azureRoleAssignmentCount: sp.azureRoleCount,
        directoryRoleCount: sp.directoryRoleCount,
        appRoleCount: sp.appRoleCount,
        groupCount: sp.groupCount,
        openFindingCount: sp.openFindingCount,
        resourceGroup: sp.resourceGroup,
        resourceType: sp.resourceType,
        privilegeLevel: sp.privilegeLevel,
        firstSeenAt: sp.firstSeenAt.toISOString(),
        lastSignInAt: sp.lastSignInAt?.toISOString() ?? null,
      };
    }
  }
}
