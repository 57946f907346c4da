// What a running sync carries through its phases: the APIs, the stage, progress and warnings.
import "server-only";
import type { ArmApi } from "../microsoft/arm-api";
import type { GraphApi } from "../microsoft/graph-api";
import type { SyncStore } from "./store";

export interface SyncWarning {
  code: string;
  message: string;
  at: string;
}

export interface CollectionProgress {
  fetched: number;
  added?: number;
  removed?: number;
  changed?: number;
}

export interface SyncContext {
  tenantId: string;
  mode: "full" | "incremental";
  graph: GraphApi;
  arm: ArmApi;
  store: SyncStore;
  /** Delta links produced by this run; saved only if the run commits. */
  cursors: Map<string, string>;
  /** Delta links of the last good run (incremental mode). */
  previousCursors: Map<string, string>;
  counts: Record<string, CollectionProgress>;
  warnings: SyncWarning[];
  /** Decisions the apply step needs: which scopes were enumerated completely. */
  completeness: {
    signIns: boolean;
    /** Subscriptions whose resources, attachments and identities' credentials the snapshot holds completely. */
    subscriptionsEnumerated: Set<string>;
    /** Subscriptions whose role assignments were listed completely this run. */
    roleAssignmentSubscriptionsRead: Set<string>;
    /** Resource groups (and subscription scopes), as arm-gate.ts `bucketOf` keys, whose role assignments were read again. */
    roleAssignmentBucketsRead: Set<string>;
    /** The assignments at every management group and the root were listed this run. */
    managementGroupAssignmentsRead: boolean;
    /** Management groups (by lower-case scope; `/` for the root) whose own assignments were listed this run. */
    managementGroupScopesRead: Set<string>;
    managementGroupsComplete: boolean;
    /**
     * Stored custom roles (lower-cased ids) this run could not have listed: without the root group,
     * custom roles are listed per subscription, so one assignable only in subscriptions not read
     * (unchanged, unlisted or answering 403), or at management groups, is kept as it is.
     */
    customRolesUnverified: Set<string>;
    /** User-assigned identities (lower-cased ARM ids) whose federated credentials were read this run. */
    uamiCredentialsRead: Set<string>;
    changedServicePrincipals: Set<string>;
    removedServicePrincipals: Set<string>;
    removedGroups: Set<string>;
    /**
     * Set when the resources were read through Resource Graph's change log instead of in full
     * (collect-arm.ts): what may be deleted is then only what it names.
     */
    resourceChanges: {
      /** Resources (lower-cased ARM ids) read again and found, or deleted by a `Delete` change: the stage holds what they are now. */
      resolved: Set<string>;
      /** Of those, the ones a `Delete` change removed. */
      deleted: Set<string>;
      /** Subscriptions whose resources were listed in full (new to the snapshot, or whose count disagreed). */
      listed: Set<string>;
    } | null;
  };
  /** Names of the management groups read this run. */
  managementGroupNames: string[];
  /** Resource Graph summaries to keep with the snapshot (see arm-gate.ts). */
  armFingerprints: {
    read: ReadonlyMap<string, string>;
    keep: readonly string[];
    subscriptions: ReadonlyMap<string, string>;
  } | null;
  /** When this run began reading resources: the next incremental run reads the change log from there (less an overlap). */
  resourceWatermark: Date | null;
  phase(name: string): void;
}

export function fetched(ctx: SyncContext, collection: string, n: number) {
  const c = (ctx.counts[collection] ??= { fetched: 0 });
  c.fetched += n;
}

export function warn(ctx: SyncContext, code: string, message: string) {
  ctx.warnings.push({ code, message, at: new Date().toISOString() });
}

/** Runs `fn` over items with at most `limit` in flight; the first failure rejects. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async () => {
    while (failed === null && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== null) throw failed;
}
