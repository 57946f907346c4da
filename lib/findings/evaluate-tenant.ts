// One evaluation of a tenant's stored snapshot: load it, run every rule and the migration planner,
// and persist findings, candidates and counters. The sync calls it after each committed run.
import "server-only";
import { planMigrationCandidates } from "@/lib/rules/candidates/plan-migration-candidates";
import { defaultRuleConfig, type RuleConfig } from "@/lib/rules/config";
import { evaluateAll } from "@/lib/rules/registry";
import type { Cloud } from "@/lib/rules/snapshot";
import type { SqlConnection } from "@/lib/sync/sql/connection";
import { loadSnapshot } from "./load-snapshot";
import { persistFindings, type PersistFindingsCounts } from "./persist-findings";

export interface EvaluateTenantOptions {
  runId: string;
  now: Date;
  cloud: Cloud;
  authorityHost?: string;
  config?: RuleConfig;
  /**
   * Awaited between the CPU-bound steps, when the event loop is free again: the sync renews its
   * lease here (its heartbeat timer cannot fire while rules run). Throwing aborts before persisting.
   */
  onStep?: (step: "loaded" | "evaluated" | "planned") => Promise<void>;
}

export interface EvaluateTenantResult extends PersistFindingsCounts {
  /** Findings this evaluation produced (open or not). */
  produced: number;
  byRule: Record<string, number>;
  timings: { loadMs: number; evaluateMs: number; candidatesMs: number; persistMs: number; totalMs: number };
}

export async function evaluateTenant(
  conn: SqlConnection,
  tenantId: string,
  options: EvaluateTenantOptions,
): Promise<EvaluateTenantResult> {
  const t0 = performance.now();
  const snapshot = await loadSnapshot(conn, tenantId, options);
  await options.onStep?.("loaded");
  const t1 = performance.now();
  const evaluation = evaluateAll(snapshot, options.config ?? defaultRuleConfig);
  await options.onStep?.("evaluated");
  const t2 = performance.now();
  const candidates = planMigrationCandidates(evaluation.index, options.config ?? defaultRuleConfig);
  await options.onStep?.("planned");
  const t3 = performance.now();
  const counts = await persistFindings(conn, tenantId, {
    runId: options.runId,
    now: options.now,
    results: evaluation.results,
    candidates,
  });
  const t4 = performance.now();
  const byRule: Record<string, number> = {};
  for (const t of evaluation.timings) byRule[t.ruleId] = t.resultCount;
  const ms = (n: number) => Math.round(n);
  return {
    ...counts,
    produced: evaluation.results.length,
    byRule,
    timings: {
      loadMs: ms(t1 - t0),
      evaluateMs: ms(t2 - t1),
      candidatesMs: ms(t3 - t2),
      persistMs: ms(t4 - t3),
      totalMs: ms(t4 - t0),
    },
  };
}
