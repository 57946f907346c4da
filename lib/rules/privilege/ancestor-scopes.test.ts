import { describe, expect, it } from "vitest";
import { indexSnapshot } from "../index-snapshot";
import {
  createManagementGroup,
  createSnapshot,
  createSubscription,
  managementGroupScope,
  TEST_SUBSCRIPTION_ID,
} from "../testing/factories";
import { ancestorScopes, resourceTypeOf, subscriptionOf } from "./ancestor-scopes";

const index = indexSnapshot(
  createSnapshot({
    managementGroups: [
      createManagementGroup("root-mg"),
      createManagementGroup("corp", managementGroupScope("root-mg")),
    ],
    subscriptions: [createSubscription({ managementGroupId: managementGroupScope("corp") })],
  }),
);

describe("ancestorScopes", () => {
  it("walks a nested resource up through its resource group, subscription, management groups and root", () => {
    const slot = `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/RG-App/providers/Microsoft.Web/sites/shop/slots/staging`;
    const scopes = ancestorScopes(index, slot);
    const sub = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
    expect(scopes[0]).toBe(slot.toLowerCase());
    expect(scopes).toContain(`${sub}/resourcegroups/rg-app/providers/microsoft.web/sites/shop`);
    expect(scopes).toContain(`${sub}/resourcegroups/rg-app`);
    expect(scopes.slice(-4)).toEqual([sub, managementGroupScope("corp"), managementGroupScope("root-mg"), "/"]);
  });

  it("handles management group and root scopes", () => {
    expect(ancestorScopes(index, managementGroupScope("corp"))).toEqual([
      managementGroupScope("corp"),
      managementGroupScope("root-mg"),
      "/",
    ]);
    expect(ancestorScopes(index, "/")).toEqual(["/"]);
  });

  it("still reaches root for a subscription the snapshot does not know", () => {
    expect(ancestorScopes(index, "/subscriptions/unknown/resourcegroups/x")).toEqual([
      "/subscriptions/unknown/resourcegroups/x",
      "/subscriptions/unknown",
      "/",
    ]);
  });

  it("parses subscription and provider type", () => {
    expect(subscriptionOf("/subscriptions/ABC/resourceGroups/x")).toBe("abc");
    expect(subscriptionOf("/providers/microsoft.management/managementgroups/x")).toBeNull();
    expect(resourceTypeOf("/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/a/slots/b")).toBe(
      "microsoft.web/sites/slots",
    );
  });
});
