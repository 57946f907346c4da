// A stored managed identity as the inventory shows it (dates as ISO text).
import { privilegeLevelName, type IdentityListItem } from "../schemas/identity";

/** The columns a list row needs; select exactly these. */
export const IDENTITY_LIST_SELECT = {
  id: true,
  appId: true,
  displayName: true,
  miKind: true,
  miResourceId: true,
  miResourceArmId: true,
  subscriptionId: true,
  resourceGroup: true,
  resourceType: true,
  accountEnabled: true,
  isOrphaned: true,
  attachedResourceCount: true,
  azureRoleCount: true,
  directoryRoleCount: true,
  appRoleCount: true,
  groupCount: true,
  openFindingCount: true,
  privilegeLevel: true,
  firstSeenAt: true,
  lastSignInAt: true,
} as const;

interface IdentityRow {
  id: string;
  appId: string;
  displayName: string;
  miKind: "SystemAssigned" | "UserAssigned" | null;
  miResourceId: string | null;
  miResourceArmId: string | null;
  subscriptionId: string | null;
  resourceGroup: string | null;
  resourceType: string | null;
  accountEnabled: boolean;
  isOrphaned: boolean;
  attachedResourceCount: number;
  azureRoleCount: number;
  directoryRoleCount: number;
  appRoleCount: number;
  groupCount: number;
  openFindingCount: number;
  privilegeLevel: number;
  firstSeenAt: Date;
  lastSignInAt: Date | null;
}

export function toIdentityListItem(r: IdentityRow, subscriptionName: string | null): IdentityListItem {
  return {
    id: r.id,
    appId: r.appId,
    displayName: r.displayName,
    // Lists only ever read rows with a managed identity kind.
    kind: r.miKind ?? "SystemAssigned",
    resourceId: r.miResourceArmId ?? r.miResourceId,
    subscriptionId: r.subscriptionId,
    subscriptionName,
    resourceGroup: r.resourceGroup,
    resourceType: r.resourceType,
    accountEnabled: r.accountEnabled,
    isOrphaned: r.isOrphaned,
    attachedResourceCount: r.attachedResourceCount,
    azureRoleCount: r.azureRoleCount,
    directoryRoleCount: r.directoryRoleCount,
    appRoleCount: r.appRoleCount,
    groupCount: r.groupCount,
    openFindingCount: r.openFindingCount,
    privilege: privilegeLevelName(r.privilegeLevel),
    firstSeenAt: r.firstSeenAt.toISOString(),
    lastSignInAt: r.lastSignInAt?.toISOString() ?? null,
  };
}
