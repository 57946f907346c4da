import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EvidenceView } from "./evidence-view";

const render = (evidence: Record<string, unknown>) => renderToStaticMarkup(<EvidenceView evidence={evidence} />);

describe("EvidenceView", () => {
  it("renders names from the tenant as text, never as markup", () => {
    const html = render({
      groupName: '<img src=x onerror="alert(1)">',
      path: [{ groupId: "g1", displayName: "<script>alert(2)</script>" }],
    });
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;img src=x");
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
  });

  it("shows a membership path as a chain from the identity to the privileged group", () => {
    const html = render({
      path: [
        { groupId: "a", displayName: "Platform Operations" },
        { groupId: "b", displayName: "Subscription Owners" },
      ],
    });
    expect(html.indexOf("the identity")).toBeLessThan(html.indexOf("Platform Operations"));
    expect(html.indexOf("Platform Operations")).toBeLessThan(html.indexOf("Subscription Owners"));
  });

  it("names each assignment by its role and keeps the exact scope and ids copyable", () => {
    const scope = "/subscriptions/54f939a5-c00e-4524-9723-35291b8cb125";
    const html = render({
      assignments: [
        {
          assignmentId: `${scope}/providers/microsoft.authorization/roleassignments/1a79d175`,
          roleName: "Owner",
          scope,
          scopeLevel: "subscription",
        },
      ],
    });
    expect(html).toContain("Owner");
    expect(html).toContain(`<code class="break-all">${scope}</code>`);
    expect(html).toContain("Scope level");
    expect(html.indexOf("Scope level")).toBeLessThan(html.indexOf("Assignment id")); // names before ids
  });

  it("lays short records out as a table with a header per field", () => {
    const html = render({
      appRoleAssignments: [{ permission: "Mail.Send", resourceDisplayName: "Microsoft Graph" }],
    });
    expect(html).toContain("<table");
    expect(html).toContain(">Permission</th>");
    expect(html).toContain(">Resource display name</th>");
  });

  it("formats instants in UTC, booleans in words, empty lists and missing severities plainly", () => {
    const html = render({
      lastSignInAt: "2026-08-03T00:00:00.000Z",
      expired: false,
      groupIds: [],
      privilegeSeverity: null,
    });
    expect(html).toContain("2026-08-03 00:00:00 UTC");
    expect(html).toContain(">no<");
    expect(html).toContain(">none<");
  });

  it("says so when there is no evidence", () => {
    expect(render({})).toContain("no evidence");
  });
});
