import { describe, expect, it } from "vitest";
import { z } from "zod";
import { urlBoolean, urlCursor, urlEnum, urlEnumList, urlGuid, urlText } from "./fields";
import { identityFiltersSchema } from "./identities";
import { parseSearchParams, toSearchParams } from "./search-params";

const schema = z.object({
  q: urlText(20),
  kind: urlEnum(["SystemAssigned", "UserAssigned"]),
  severity: urlEnumList(["critical", "high", "medium", "low", "info"]),
  orphaned: urlBoolean(),
  subscription: urlGuid(),
  cursor: urlCursor(),
});

describe("parseSearchParams", () => {
  it("reads a URL's state and ignores parameters the list does not know", () => {
    const params = new URLSearchParams(
      "q=%20web%20&kind=UserAssigned&severity=high,critical,high&orphaned=false&utm_source=mail&subscription=AAAAAAAA-0000-0000-0000-000000000001",
    );
    expect(parseSearchParams(schema, params)).toEqual({
      ok: true,
      issues: [],
      value: {
        q: "web",
        kind: "UserAssigned",
        severity: ["high", "critical"],
        orphaned: false,
        subscription: "aaaaaaaa-0000-0000-0000-000000000001",
      },
    });
  });

  it("takes Next.js searchParams objects, with repeated keys as a list and blanks as absent", () => {
    expect(parseSearchParams(schema, { severity: ["low", "info"], q: "", kind: undefined })).toMatchObject({
      ok: true,
      value: { severity: ["low", "info"] },
    });
    expect(parseSearchParams(schema, {}).value).toEqual({});
  });

  it("reports each value it cannot use by field, and keeps the valid ones", () => {
    const parsed = parseSearchParams(
      schema,
      new URLSearchParams("kind=Robot&severity=high,urgent&orphaned=yes&q=ok&subscription=sub-1&cursor=a.b"),
    );
    expect(parsed.ok).toBe(false);
    expect(parsed.value).toEqual({ q: "ok" });
    expect(parsed.issues.map((i) => [i.field, i.received])).toEqual([
      ["kind", "Robot"],
      ["severity", "high,urgent"],
      ["orphaned", "yes"],
      ["subscription", "sub-1"],
      ["cursor", "a.b"],
    ]);
    expect(parsed.issues[0]!.message).toMatch(/SystemAssigned, UserAssigned/);
    expect(parsed.issues[3]!.message).toMatch(/GUID/);
  });

  it("refuses overlong text instead of truncating what the user asked for", () => {
    const parsed = parseSearchParams(schema, { q: "x".repeat(21) });
    expect(parsed.issues).toEqual([{ field: "q", message: "must be at most 20 characters", received: "x".repeat(21) }]);
  });

  it("does not read inherited properties of a plain object as parameters", () => {
    const input = Object.create({ kind: "UserAssigned" }) as Record<string, string>;
    expect(parseSearchParams(schema, input).value).toEqual({});
  });
});

describe("toSearchParams", () => {
  it("writes state in the schema's order, lists comma-separated, leaving out empty values and defaults", () => {
    const params = toSearchParams(
      schema,
      { orphaned: true, severity: ["critical", "high"], q: "", kind: "UserAssigned", cursor: undefined },
      { kind: "UserAssigned" },
    );
    expect(params.toString()).toBe("severity=critical%2Chigh&orphaned=true");
  });

  it("round-trips through parse", () => {
    const value = { q: "a b&c", kind: "SystemAssigned" as const, severity: ["low" as const], orphaned: false };
    expect(parseSearchParams(schema, toSearchParams(schema, value)).value).toEqual(value);
  });
});

describe("identity filters", () => {
  it("follow the URL contract", () => {
    const parsed = parseSearchParams(
      identityFiltersSchema,
      new URLSearchParams(
        "q=vm&kind=SystemAssigned&subscription=00000000-0000-0000-0000-0000000000AB&resourceGroup=RG-Prod&resourceType=Microsoft.Compute/virtualMachines&orphaned=true&privilege=high&findings=open&sort=privilege&dir=desc&limit=100",
      ),
    );
    expect(parsed).toEqual({
      ok: true,
      issues: [],
      value: {
        q: "vm",
        kind: "SystemAssigned",
        subscription: "00000000-0000-0000-0000-0000000000ab",
        resourceGroup: "rg-prod",
        resourceType: "microsoft.compute/virtualmachines",
        orphaned: true,
        privilege: "high",
        findings: "open",
        sort: "privilege",
        dir: "desc",
        limit: 100,
      },
    });
  });

  it.each([
    ["sort", "password"],
    ["dir", "up"],
    ["privilege", "extreme"],
    ["findings", "some"],
    ["resourceType", "javascript:alert(1)"],
    ["resourceGroup", "a/b"],
    ["limit", "7"],
    ["limit", "1e9"],
  ])("refuse %s=%s", (field, value) => {
    const parsed = parseSearchParams(identityFiltersSchema, { [field]: value });
    expect(parsed.ok).toBe(false);
    expect(parsed.issues.map((i) => i.field)).toEqual([field]);
  });
});
