// Runs one rule over a snapshot built from parts, the way the registry does.
import { defaultRuleConfig, parseRuleConfig, type RuleConfigInput } from "../config";
import { indexSnapshot } from "../index-snapshot";
import type { Rule, RuleResult } from "../rule";
import { createSnapshot, type SnapshotParts } from "./factories";

export function runRule(rule: Rule, parts: SnapshotParts, config?: RuleConfigInput): RuleResult[] {
  return [...rule.evaluate(indexSnapshot(createSnapshot(parts)), config ? parseRuleConfig(config) : defaultRuleConfig)];
}
