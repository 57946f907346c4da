import { describe, expect, it } from "vitest";
import { defaultRuleConfig, parseRuleConfig } from "@/lib/rules/config";
import { rules } from "@/lib/rules/registry";
import { ruleDetails } from "./rule-details";

describe("rule pages", () => {
  it("say when every registered rule fires, in its category", () => {
    for (const rule of rules) {
      const details = ruleDetails[rule.id];
      expect(details.firesWhen.length, rule.id).toBeGreaterThan(40);
      expect(details.category).toBe(rule.id.startsWith("mi-") ? "Managed identity" : "Migration");
    }
  });

  it("show the thresholds in effect with readable names, not bare ids", () => {
    const azure = ruleDetails["mi-privileged-azure-role"].thresholds(defaultRuleConfig);
    expect(azure[0]!.value).toEqual(expect.arrayContaining([expect.stringMatching(/^Owner \(8e3af657-/)]));
    expect(azure[1]!.value).toContain("management group critical");
    const directory = ruleDetails["mi-privileged-directory-role"].thresholds(defaultRuleConfig);
    expect(directory[0]!.value).toEqual(expect.arrayContaining([expect.stringMatching(/^Global Administrator \(/)]));
    const graph = ruleDetails["mi-dangerous-graph-permission"].thresholds(defaultRuleConfig);
    expect(graph[0]!.value).toContain("RoleManagement.ReadWrite.Directory");
  });

  it("follow configuration overrides rather than the defaults", () => {
    const config = parseRuleConfig({ inactivityDays: 30, sharedIdentity: { maxSubscriptions: 2, maxResources: 9 } });
    expect(ruleDetails["mi-inactive-privileged"].thresholds(config)[0]!.value).toBe("30 days");
    expect(ruleDetails["mi-shared-user-assigned"].thresholds(config).map((t) => t.value)).toEqual(["2", "9"]);
  });
});
