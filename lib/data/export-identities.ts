// The managed identity inventory as export records (DESIGN.md contract), page by page in id order,
// so a tenant of 100k identities is never held in one array.
import "server-only";
import { getDb, type Db } from "../db";

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

export async function* exportIdentities(
  tenantId: string,
  options: { db?: Db; pageSize?: number } = {},
): AsyncGenerator<IdentityExportRecord> {
  const db = options.db ?? getDb();
  const take = options.pageSize ?? 1000;
  let after: string | null = null;
  const load = (cursor: string | null) =>
    db.servicePrincipal.findMany({
      where: { tenantId, miKind: { not: null }, ...(cursor === null ? {} : { id: { gt: cursor } }) },
      orderBy: { id: "asc" },
      take,
    });
  for (;;) {
    const page = await load(after);
    if (page.length === 0) return;
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
    after = page[page.length - 1]!.id;
    if (page.length < take) return;
  }
}
