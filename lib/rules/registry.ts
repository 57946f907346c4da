// The rule catalog in display order, and the one entry point that evaluates them all over a snapshot.
import { appAzureWorkload } from "./catalog/app-azure-workload";
import { appCertificateCredential } from "./catalog/app-certificate-credential";
import { appCredentialExpiring } from "./catalog/app-credential-expiring";
import { appSecretCredential } from "./catalog/app-secret-credential";
import { miDangerousGraphPermission } from "./catalog/mi-dangerous-graph-permission";
import { miDisabledWithAccess } from "./catalog/mi-disabled-with-access";
import { miEscalationPath } from "./catalog/mi-escalation-path";
import { miFederatedCredentialRisk } from "./catalog/mi-federated-credential-risk";
import { miInactivePrivileged } from "./catalog/mi-inactive-privileged";
import { miOrphanedSystemAssigned } from "./catalog/mi-orphaned-system-assigned";
import { miOrphanedUserAssigned } from "./catalog/mi-orphaned-user-assigned";
import { miPrivilegedAzureRole } from "./catalog/mi-privileged-azure-role";
import { miPrivilegedDirectoryRole } from "./catalog/mi-privileged-directory-role";
import { miPrivilegedGroupMember } from "./catalog/mi-privileged-group-member";
import { miSharedUserAssigned } from "./catalog/mi-shared-user-assigned";
import { miTrustedByApp } from "./catalog/mi-trusted-by-app";
import { userAsServiceAccount } from "./catalog/user-as-service-account";
import { defaultRuleConfig, type RuleConfig } from "./config";
import { indexSnapshot, type SnapshotIndex } from "./index-snapshot";
import { findingKey, type Rule, type RuleId, type RuleResult } from "./rule";
import type { Snapshot } from "./snapshot";

export const rules: readonly Rule[] = [
  miPrivilegedAzureRole,
  miPrivilegedDirectoryRole,
  miDangerousGraphPermission,
  miPrivilegedGroupMember,
  miOrphanedUserAssigned,
  miOrphanedSystemAssigned,
  miSharedUserAssigned,
  miFederatedCredentialRisk,
  miTrustedByApp,
  miEscalationPath,
  miInactivePrivileged,
  miDisabledWithAccess,
  appSecretCredential,
  appCertificateCredential,
  appCredentialExpiring,
  appAzureWorkload,
  userAsServiceAccount,
];

export interface EvaluatedResult extends RuleResult {
  readonly ruleId: RuleId;
  /** `${ruleId}|${subjectId}|${target}`: owner, status and history hang on it across syncs. */
  readonly key: string;
}

export interface RuleTiming {
  readonly ruleId: RuleId;
  readonly durationMs: number;
  readonly resultCount: number;
}

export interface Evaluation {
  readonly results: readonly EvaluatedResult[];
  readonly timings: readonly RuleTiming[];
  readonly indexDurationMs: number;
  /** The index, so candidates (or a caller) can reuse the lookups and memoized privilege. */
  readonly index: SnapshotIndex;
}

export function evaluateAll(snapshot: Snapshot, config: RuleConfig = defaultRuleConfig): Evaluation {
  const indexStart = performance.now();
  const index = indexSnapshot(snapshot);
  const indexDurationMs = performance.now() - indexStart;
  return { ...evaluateIndex(index, config), indexDurationMs };
}

/** Every rule over an index already built (e.g. streamed from the database), results collected. */
export function evaluateIndex(
  index: SnapshotIndex,
  config: RuleConfig = defaultRuleConfig,
): Omit<Evaluation, "indexDurationMs"> {
  const results: EvaluatedResult[] = [];
  const timings: RuleTiming[] = [];
  for (const rule of rules) {
    const start = performance.now();
    const before = results.length;
    for (const result of evaluateRule(rule, index, config)) results.push(result);
    timings.push({ ruleId: rule.id, durationMs: performance.now() - start, resultCount: results.length - before });
  }
  return { results, timings, index };
}

/** One rule's findings with their rule id and stable key, one at a time. */
export function* evaluateRule(rule: Rule, index: SnapshotIndex, config: RuleConfig): Generator<EvaluatedResult> {
  for (const result of rule.evaluate(index, config))
    yield { ...result, ruleId: rule.id, key: findingKey(rule.id, result) };
}
