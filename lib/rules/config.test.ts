import { describe, expect, it } from "vitest";
import { defaultRuleConfig, parseRuleConfig } from "./config";
import { AZURE_ROLE, DIRECTORY_ROLE, GRAPH_APP_ROLE } from "./well-known-ids";

describe("rule configuration", () => {
  it("defaults to the catalog's thresholds", () => {
    expect(defaultRuleConfig).toMatchObject({
      credentialMaxLifetimeDays: 730,
      credentialExpiryWarningDays: 30,
      inactivityDays: 90,
      sharedIdentity: { maxSubscriptions: 1, maxResources: 5 },
      scopeSeverity: {
        root: "critical",
        managementGroup: "critical",
        subscription: "high",
        resourceGroup: "medium",
        resource: "low",
      },
    });
    expect(defaultRuleConfig.privilegedAzureRoleIds).toEqual([
      AZURE_ROLE.owner,
      AZURE_ROLE.contributor,
      AZURE_ROLE.userAccessAdministrator,
      AZURE_ROLE.rbacAdministrator,
    ]);
    expect(defaultRuleConfig.criticalDirectoryRoleTemplateIds).toContain(DIRECTORY_ROLE.globalAdministrator);
    expect(defaultRuleConfig.privilegedDirectoryRoleTemplateIds).not.toContain(DIRECTORY_ROLE.directoryReaders);
    expect(defaultRuleConfig.highRiskAppRoles.map((r) => r.appRoleId)).not.toContain(
      GRAPH_APP_ROLE["Directory.Read.All"],
    );
  });

  it("takes overrides, lower-cases ids and rejects nonsense", () => {
    const config = parseRuleConfig({ inactivityDays: 30, privilegedAzureRoleIds: [AZURE_ROLE.owner.toUpperCase()] });
    expect(config.inactivityDays).toBe(30);
    expect(config.privilegedAzureRoleIds).toEqual([AZURE_ROLE.owner]);
    expect(config.credentialMaxLifetimeDays).toBe(730);
    expect(() => parseRuleConfig({ inactivityDays: -1 })).toThrow();
    expect(() => parseRuleConfig({ scopeSeverity: { root: "urgent" } })).toThrow();
  });
});
