// One evaluation of a tenant's stored snapshot: stream it into the rules' index, run every rule
// (staging findings as they come), plan migration candidates, and persist findings, candidates and
// counters in one transaction. The sync calls it after each committed run.
import "server-only";
import { planMigrationCandidates } from "@/lib/rules/candidates/plan-migration-candidates";
import { defaultRuleConfig, type RuleConfig } from "@/lib/rules/config";
import { evaluateRule, rules } from "@/lib/rules/registry";
import type { Cloud } from "@/lib/rules/snapshot";
import type { SqlConnection } from "@/lib/sync/sql/connection";
import { loadSnapshotIndex } from "./load-snapshot";
import { EvaluationStage, persistFindings, type PersistFindingsCounts } from "./persist-findings";

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
  /** Of the findings produced, how many were staged with their content (new, or changed since last stored). */
  staged: number;
  byRule: Record<string, number>;
  /** Input rows read per table. */
  rows: Record<string, number>;
  /** Milliseconds per table to read and index it (and `build`, sorting the index's lists). */
  loadMs: Record<string, number>;
  timings: {
    loadMs: number;
    /** Rules alone; reading stored hashes and staging findings is `stageMs`. */
    evaluateMs: number;
    stageMs: number;
    /** Planning migration candidates and staging them. */
    candidatesMs: number;
    persistMs: number;
    totalMs: number;
  };
}

export async function evaluateTenant(
  conn: SqlConnection,
  tenantId: string,
  options: EvaluateTenantOptions,
): Promise<EvaluateTenantResult> {
  const config = options.config ?? defaultRuleConfig;
  const ms = (n: number) => Math.round(n);
  const t0 = performance.now();
  const stage = await EvaluationStage.open(conn, tenantId, options.now);
  const loadStart = performance.now();
  // The index is the bulk of the memory: it lives only inside this block, so it can be collected
  // before the persist transaction starts (findings and candidates wait in the stage).
  const { rows, tableMs, byRule, t1, t2, rulesMs } = await (async () => {
    const { index, rows, tableMs } = await loadSnapshotIndex(conn, tenantId, options);
    await options.onStep?.("loaded");
    const t1 = performance.now();
    const stagedBefore = stage.elapsedMs;
    const byRule: Record<string, number> = {};
    for (const rule of rules) {
      let n = 0;
      for (const result of evaluateRule(rule, index, config)) {
        stage.add(result);
        n += 1;
        if (stage.full) await stage.flush();
      }
      byRule[rule.id] = n;
    }
    await stage.flush();
    await options.onStep?.("evaluated");
    const t2 = performance.now();
    const rulesMs = t2 - t1 - (stage.elapsedMs - stagedBefore);
    await stage.candidates(planMigrationCandidates(index, config));
    await options.onStep?.("planned");
    return { rows, tableMs, byRule, t1, t2, rulesMs };
  })();
  const t3 = performance.now();
  const counts = await persistFindings(conn, tenantId, { runId: options.runId, now: options.now, stage });
  const t4 = performance.now();
  return {
    ...counts,
    staged: stage.staged,
    byRule,
    rows,
    loadMs: tableMs,
    timings: {
      loadMs: ms(t1 - loadStart),
      evaluateMs: ms(rulesMs),
      stageMs: ms(stage.elapsedMs),
      candidatesMs: ms(t3 - t2),
      persistMs: ms(t4 - t3),
      totalMs: ms(t4 - t0),
    },
  };
}
