// The shape of a rule and of what it reports; a finding's stable key is `${ruleId}|${subjectId}|${target}`.
import type { RuleConfig } from "./config";
import type { SnapshotIndex } from "./index-snapshot";
import type { Severity } from "./severity";
import type { SubjectKind } from "./snapshot";

export const RULE_IDS = [
  "mi-privileged-azure-role",
  "mi-privileged-directory-role",
  "mi-dangerous-graph-permission",
  "mi-privileged-group-member",
  "mi-orphaned-user-assigned",
  "mi-orphaned-system-assigned",
  "mi-shared-user-assigned",
  "mi-federated-credential-risk",
  "mi-trusted-by-app",
  "mi-escalation-path",
  "mi-inactive-privileged",
  "mi-disabled-with-access",
  "app-secret-credential",
  "app-certificate-credential",
  "app-credential-expiring",
  "app-azure-workload",
  "user-as-service-account",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface RuleReference {
  readonly title: string;
  readonly url: string;
}

/** Evidence is stored as JSON: ids, scopes, paths, ISO dates — never Date objects or functions. */
export type Evidence = { readonly [key: string]: unknown };

export interface RuleResult {
  readonly subjectId: string;
  readonly subjectName: string;
  readonly subjectKind: SubjectKind;
  /** What within the subject the finding is about (a group, credential, controller…), "" if nothing. */
  readonly target: string;
  readonly severity: Severity;
  /** Specific to this subject, e.g. "ci-deployer holds Owner on subscription Prod". */
  readonly title: string;
  readonly evidence: Evidence;
  readonly subscriptionId?: string | null;
}

export interface Rule {
  readonly id: RuleId;
  readonly title: string;
  /** How the severity is chosen, in words for the rule's page. */
  readonly severityDescription: string;
  readonly rationale: string;
  readonly remediation: readonly string[];
  readonly references: readonly RuleReference[];
  /** Yields findings one at a time, so a caller can store them as they come instead of holding them all. */
  evaluate(index: SnapshotIndex, config: RuleConfig): Iterable<RuleResult>;
}

export function findingKey(ruleId: RuleId, result: Pick<RuleResult, "subjectId" | "target">): string {
  return `${ruleId}|${result.subjectId}|${result.target}`;
}
