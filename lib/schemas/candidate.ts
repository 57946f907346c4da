// Migration candidates as the JSON API and the pages see them (dates as ISO strings).
import type { CandidateTarget, MigrationPlan } from "../rules/candidates/types";

export type { CandidateTarget, MigrationPlan };

export const CANDIDATE_TARGETS = ["SystemAssigned", "UserAssigned", "ManagedIdentityAsFederatedCredential"] as const;
export const CANDIDATE_KINDS = ["Application", "User"] as const;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

export interface CandidateListItem {
  id: string;
  appId: string | null;
  displayName: string;
  principalKind: CandidateKind;
  credentialSummary: string;
  /** 0–100: how much moving it to a managed identity is worth. */
  score: number;
  recommendedTarget: CandidateTarget;
  /** The first reasons, in the planner's order (the strongest first). */
  topReasons: string[];
  reasonCount: number;
  computedAt: string;
}

export interface CandidateListPage {
  items: CandidateListItem[];
  nextCursor: string | null;
  prevCursor: string | null;
}

export interface CandidateDetail extends Omit<CandidateListItem, "topReasons" | "reasonCount"> {
  reasons: string[];
  /** Why this target rather than the others. */
  targetReasoning: string[];
  /** null when the stored plan could not be read (written by an older version). */
  plan: MigrationPlan | null;
  /** Names of the directory roles the plan replicates, by role definition id. */
  directoryRoleNames: Record<string, string>;
  /** Open findings about this principal (its secrets, certificates, Azure roles). */
  openFindings: { id: string; ruleId: string; severity: string; title: string }[];
}
