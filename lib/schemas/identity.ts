// Managed identities as the JSON API and the pages see them (dates as ISO strings).
import type { ManagedIdentityKind } from "../rules/snapshot";
import type { PrivilegeLevelName } from "../url-state/identities";

export type { ManagedIdentityKind, PrivilegeLevelName };

/** privilegeLevel 0–4 (the highest severity among open findings) by name. */
export const PRIVILEGE_LEVEL_NAMES: readonly PrivilegeLevelName[] = ["none", "low", "medium", "high", "critical"];

export function privilegeLevelName(level: number): PrivilegeLevelName {
  return PRIVILEGE_LEVEL_NAMES[Math.max(0, Math.min(4, Math.trunc(level)))]!;
}

export interface IdentityListItem {
  id: string;
  appId: string;
  displayName: string;
  kind: ManagedIdentityKind;
  /** The user-assigned identity's ARM id, or the host resource's (as ARM spelled it). */
  resourceId: string | null;
  subscriptionId: string | null;
  subscriptionName: string | null;
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
  privilege: PrivilegeLevelName;
  firstSeenAt: string;
  lastSignInAt: string | null;
}

export interface IdentityListPage {
  items: IdentityListItem[];
  nextCursor: string | null;
  prevCursor: string | null;
}

export interface IdentityFilterOptions {
  subscriptions: { id: string; name: string | null; count: number }[];
  resourceGroups: { name: string; count: number }[];
  resourceTypes: { type: string; count: number }[];
}
