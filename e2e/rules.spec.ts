// The rule catalog and one page per rule: reachable, complete, linked to the queue.
import { expect, test } from "@playwright/test";
import { checkInBothThemes } from "./support/a11y";

const RULE_IDS = [
  "mi-privileged-azure-role",
  "mi-privileged-directory-role",
  "mi-dangerous-graph-permission",
  "mi-privileged-group-member",
  "mi-orphaned-user-assigned",
  "mi-orphaned-system-assigned",
  "mi-shared-user-assigned",
  "mi-federated-credential-risk",
  "mi-trusted-by-app",
  "mi-escalation-path",
  "mi-inactive-privileged",
  "mi-disabled-with-access",
  "app-secret-credential",
  "app-certificate-credential",
  "app-credential-expiring",
  "app-azure-workload",
  "user-as-service-account",
];

test("every rule page is reachable from the catalog and says when it fires, why, and how to fix it", async ({
  page,
}) => {
  await page.goto("/rules");
  for (const id of RULE_IDS) {
    await expect(page.locator(`#${id}`).getByRole("heading", { level: 2 }).getByRole("link")).toHaveAttribute(
      "href",
      `/rules/${id}`,
    );
  }
  for (const id of RULE_IDS) {
    const response = await page.goto(`/rules/${id}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).not.toBeEmpty();
    for (const section of ["When it fires", "Why it matters", "Severity", "Thresholds in effect", "How to fix it"]) {
      await expect(page.getByRole("region", { name: section, exact: true })).toBeVisible();
    }
    await expect(
      page.getByRole("region", { name: "Microsoft documentation" }).getByRole("link").first(),
    ).toHaveAttribute("href", /^https:\/\/learn\.microsoft\.com\//);
  }
  expect((await page.goto("/rules/no-such-rule"))?.status()).toBe(404);
});

test("a rule page shows its thresholds by name and links to its open findings in the queue", async ({
  page,
}, testInfo) => {
  await page.goto("/rules/mi-privileged-azure-role");
  const thresholds = page.getByRole("region", { name: "Thresholds in effect" });
  await expect(thresholds).toContainText("Owner (8e3af657-a8ff-443c-a75c-2fe8c4bcb635)");
  await expect(thresholds).toContainText("management group critical");
  const open = page.getByRole("link", { name: /open findings?$/ });
  const count = Number.parseInt((await open.innerText()).replace(/,/g, ""), 10);
  expect(count).toBeGreaterThan(0);
  await open.click();
  await expect(page).toHaveURL(/\/findings\?rule=mi-privileged-azure-role$/);
  await expect(page.getByText(/findings? match/)).toContainText(`${count} finding`);

  await checkInBothThemes(page, testInfo, {
    path: "/rules/mi-federated-credential-risk",
    name: "rule",
    ready: async (p) => expect(p.getByRole("region", { name: "Thresholds in effect" })).toBeVisible(),
  });
});
