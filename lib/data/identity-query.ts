// The identities list's filters and sortable columns as Prisma terms, shared by the page, the API,
// the count and the CSV export so all of them show the same rows in the same order.
import "server-only";
import type { Db } from "../db";
import type { IdentityFilters, IdentitySortKey, PrivilegeLevelName } from "../url-state/identities";
import { containsText, hasLikeWildcards, isPostgres } from "./db-dialect";
import type { KeysetColumn } from "./keyset";

const LEVEL: Record<PrivilegeLevelName, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };
/** Beyond this many exact matches the (wider) LIKE match stands: SQLite's bound-parameter limit. */
const MAX_ID_LIST = 800;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const IDENTITY_KEYSET_COLUMNS: Readonly<Record<IdentitySortKey, KeysetColumn>> = {
  name: { kind: "string", field: "displayName" },
  kind: { kind: "enum", field: "miKind", values: ["SystemAssigned", "UserAssigned"] },
  subscription: { kind: "string", field: "subscriptionId", nullable: true },
  resourceGroup: { kind: "string", field: "resourceGroup", nullable: true },
  resourceType: { kind: "string", field: "resourceType", nullable: true },
  privilege: { kind: "number", field: "privilegeLevel" },
  findings: { kind: "number", field: "openFindingCount" },
  azureRoles: { kind: "number", field: "azureRoleCount" },
  directoryRoles: { kind: "number", field: "directoryRoleCount" },
  appRoles: { kind: "number", field: "appRoleCount" },
  groups: { kind: "number", field: "groupCount" },
  attached: { kind: "number", field: "attachedResourceCount" },
  orphaned: { kind: "enum", field: "isOrphaned", values: [false, true] },
  firstSeen: { kind: "date", field: "firstSeenAt" },
  lastSignIn: { kind: "date", field: "lastSignInAt", nullable: true },
};

/**
 * The Prisma `where` for a tenant's managed identities under these filters. The search box takes a
 * name fragment, an object or client id, or an ARM id: the identity's own resource (or a resource
 * group / subscription prefix of it), or a resource a user-assigned identity is attached to.
 */
export async function identityWhere(
  db: Db,
  tenantId: string,
  filters: Omit<IdentityFilters, "sort" | "dir" | "cursor">,
): Promise<Record<string, unknown>> {
  const and: Record<string, unknown>[] = [
    // servicePrincipalType leads an index with displayName, id: the default order needs no sort.
    { tenantId, servicePrincipalType: "ManagedIdentity", miKind: { not: null } },
  ];
  const q = filters.q?.trim();
  if (q) {
    if (GUID.test(q)) {
      const id = q.toLowerCase();
      and.push({ OR: [{ id }, { appId: id }] });
    } else if (q.startsWith("/")) {
      const armId = q.toLowerCase().replace(/\/+$/, "");
      const attachedTo = await db.identityAttachment.findMany({
        where: { tenantId, resourceId: armId },
        select: { identityResourceId: true },
        // Kept under SQLite's bound-parameter limit (find-in-chunks.ts) for the IN list below.
        take: 500,
      });
      and.push({
        OR: [
          { miResourceId: armId },
          { miResourceId: { startsWith: `${armId}/` } },
          ...(attachedTo.length > 0 ? [{ miResourceId: { in: attachedTo.map((a) => a.identityResourceId) } }] : []),
        ],
      });
    } else if (!isPostgres(db) && hasLikeWildcards(q)) {
      // SQLite cannot escape LIKE wildcards through Prisma: narrow with LIKE, then keep exact matches.
      const candidates = await db.servicePrincipal.findMany({
        where: { AND: [and[0]!, { displayName: containsText(db, q) }] },
        select: { id: true, displayName: true },
      });
      const needle = q.toLowerCase();
      const ids = candidates.filter((c) => c.displayName.toLowerCase().includes(needle)).map((c) => c.id);
      and.push(ids.length <= MAX_ID_LIST ? { id: { in: ids } } : { displayName: containsText(db, q) });
    } else {
      and.push({ displayName: containsText(db, q) });
    }
  }
  if (filters.kind) and.push({ miKind: filters.kind });
  if (filters.subscription) and.push({ subscriptionId: filters.subscription });
  if (filters.resourceGroup) and.push({ resourceGroup: filters.resourceGroup });
  if (filters.resourceType) and.push({ resourceType: filters.resourceType });
  if (filters.orphaned !== undefined) and.push({ isOrphaned: filters.orphaned });
  if (filters.privilege) and.push({ privilegeLevel: LEVEL[filters.privilege] });
  // Written as NOT (= 0), not > 0: SQLite without fresh statistics would take a range on the
  // findings index over the sort column's index and sort ~all identities for page 1 (measured:
  // 540 ms at 100k). It cannot use an index for NOT, so it walks the sort index; PostgreSQL reads
  // both forms alike.
  if (filters.findings === "open") and.push({ NOT: { openFindingCount: 0 } });
  if (filters.findings === "none") and.push({ openFindingCount: 0 });
  return and.length === 1 ? and[0]! : { AND: and };
}
