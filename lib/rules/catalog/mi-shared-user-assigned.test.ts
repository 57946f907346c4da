import { describe, expect, it } from "vitest";
import { createAttachment, createManagedIdentity, createResource } from "../testing/factories";
import { runRule } from "../testing/run-rule";
import { miSharedUserAssigned as rule } from "./mi-shared-user-assigned";

function attachedTo(count: number, subscriptionIds: (i: number) => string) {
  const mi = createManagedIdentity();
  const resources = Array.from({ length: count }, (_, i) => createResource({ subscriptionId: subscriptionIds(i) }));
  return {
    mi,
    resources,
    parts: { servicePrincipals: [mi], resources, identityAttachments: resources.map((r) => createAttachment(mi, r)) },
  };
}

const SUB_A = "33333333-0000-4000-8000-00000000000a";
const SUB_B = "33333333-0000-4000-8000-00000000000b";

describe("mi-shared-user-assigned", () => {
  it("is medium across two subscriptions, even with only two resources", () => {
    const { mi, resources, parts } = attachedTo(2, (i) => (i === 0 ? SUB_A : SUB_B));
    const results = runRule(rule, parts);
    expect(results).toEqual([expect.objectContaining({ subjectId: mi.id, severity: "medium" })]);
    expect(results[0]?.evidence).toMatchObject({
      subscriptionIds: [SUB_A, SUB_B],
      attachedResourceIds: resources.map((r) => r.id).sort(),
    });
  });

  it("is low above 5 resources in one subscription, and not at exactly 5", () => {
    expect(runRule(rule, attachedTo(6, () => SUB_A).parts).map((r) => r.severity)).toEqual(["low"]);
    expect(runRule(rule, attachedTo(5, () => SUB_A).parts)).toEqual([]);
  });

  it("follows the configured limits", () => {
    expect(
      runRule(rule, attachedTo(3, () => SUB_A).parts, { sharedIdentity: { maxSubscriptions: 1, maxResources: 2 } }),
    ).toHaveLength(1);
    expect(
      runRule(rule, attachedTo(2, (i) => (i ? SUB_A : SUB_B)).parts, {
        sharedIdentity: { maxSubscriptions: 2, maxResources: 5 },
      }),
    ).toEqual([]);
  });

  it("does not count the same resource twice", () => {
    const mi = createManagedIdentity();
    const r = createResource({ subscriptionId: SUB_A });
    const twice = Array.from({ length: 7 }, () => createAttachment(mi, r));
    expect(runRule(rule, { servicePrincipals: [mi], resources: [r], identityAttachments: twice })).toEqual([]);
  });
});
