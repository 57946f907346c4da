import { describe, expect, it } from "vitest";
import { actionMatches, roleAllowsAction } from "./role-allows-action";

describe("Azure action matching", () => {
  it("matches wildcards case-insensitively", () => {
    expect(actionMatches("*", "Microsoft.Web/sites/write")).toBe(true);
    expect(actionMatches("Microsoft.Web/sites/*", "microsoft.web/SITES/write")).toBe(true);
    expect(actionMatches("*/read", "Microsoft.Web/sites/write")).toBe(false);
    expect(actionMatches("Microsoft.Authorization/*/Write", "Microsoft.Authorization/roleAssignments/write")).toBe(
      true,
    );
  });

  it("lets `/*/` collapse, as Managed Identity Operator's assign action needs", () => {
    const pattern = "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action";
    expect(actionMatches(pattern, "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action")).toBe(true);
    expect(actionMatches(pattern, "Microsoft.ManagedIdentity/userAssignedIdentities/read")).toBe(false);
  });

  it("treats dots and other regex characters literally", () => {
    expect(actionMatches("Microsoft.Web/sites/write", "MicrosoftXWeb/sites/write")).toBe(false);
  });

  it("subtracts notActions within the same permission block only", () => {
    const contributorLike = [{ actions: ["*"], notActions: ["Microsoft.Authorization/*/Write"] }];
    expect(roleAllowsAction(contributorLike, "Microsoft.Authorization/roleAssignments/write")).toBe(false);
    expect(roleAllowsAction(contributorLike, "Microsoft.Compute/virtualMachines/write")).toBe(true);
    const twoBlocks = [
      ...contributorLike,
      { actions: ["Microsoft.Authorization/roleAssignments/write"], notActions: [] },
    ];
    expect(roleAllowsAction(twoBlocks, "Microsoft.Authorization/roleAssignments/write")).toBe(true);
  });
});
