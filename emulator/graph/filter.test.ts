import { describe, expect, it } from "vitest";
import { FilterError, idsOfIdFilter, idsSelectedBy, parseFilter } from "./filter";

const obj = {
  displayName: "O'Brien sync",
  servicePrincipalType: "ManagedIdentity",
  accountEnabled: false,
  tags: ["HideApp", "team:core"],
  appId: "A1",
};
const get = (p: string) => (obj as Record<string, unknown>)[p];
const test = (f: string) => parseFilter(f)(get);

describe("$filter", () => {
  it("compares case-insensitively and understands escaped quotes, booleans and null", () => {
    expect(test("servicePrincipalType eq 'managedidentity'")).toBe(true);
    expect(test("displayName eq 'O''Brien sync'")).toBe(true);
    expect(test("accountEnabled eq false")).toBe(true);
    expect(test("appOwnerOrganizationId eq null")).toBe(true);
    expect(test("appId ne 'A1'")).toBe(false);
  });
  it("combines with and, or, not and parentheses", () => {
    expect(test("servicePrincipalType eq 'ManagedIdentity' and (accountEnabled eq true or appId eq 'a1')")).toBe(true);
    expect(test("not (accountEnabled eq false)")).toBe(false);
  });
  it("supports in, startsWith, endsWith and lambdas over collections", () => {
    expect(test("appId in ('x', 'a1')")).toBe(true);
    expect(test("startsWith(displayName, 'o''b')")).toBe(true);
    expect(test("endswith(displayName,'SYNC')")).toBe(true);
    expect(test("tags/any(t: t eq 'hideapp')")).toBe(true);
    expect(test("tags/any(t: startswith(t, 'team:'))")).toBe(true);
    expect(test("tags/all(t: t eq 'HideApp')")).toBe(false);
  });
  it("rejects malformed filters and properties outside the schema", () => {
    for (const bad of ["appId eq", "appId eq 'x", "appId like 'x'", "(appId eq 'x'", "appId eq 'x' extra"])
      expect(() => parseFilter(bad)).toThrow(FilterError);
    const schema = { entity: "ServicePrincipal", properties: { appid: ["eq"] } };
    expect(() => parseFilter("appId eq 'x'", schema)).not.toThrow();
    const err = (() => {
      try {
        parseFilter("startsWith(appId,'x')", schema);
      } catch (e) {
        return e as FilterError;
      }
      return undefined;
    })();
    expect(err?.kind).toBe("unsupported");
  });
  it("limits in to 15 values, as Graph does", () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `'v${i}'`).join(",");
    expect(() => parseFilter(`appId in (${values(15)})`)).not.toThrow();
    expect(() => parseFilter(`appId in (${values(16)})`)).toThrow(/Max allowed: 15/);
  });
  it("tests a collection for emptiness with /$count, in advanced queries only", () => {
    const schema = { entity: "Application", properties: { federatedidentitycredentials: ["$count"] } };
    const withCredentials = (p: string) => (p === "federatedIdentityCredentials" ? [{ id: "f" }] : undefined);
    const without = (p: string) => (p === "federatedIdentityCredentials" ? [] : undefined);
    const ne = parseFilter("federatedIdentityCredentials/$count ne 0", schema, { advanced: true });
    expect([ne(withCredentials), ne(without)]).toEqual([true, false]);
    const eq = parseFilter("federatedIdentityCredentials/$count eq 0", schema, { advanced: true });
    expect([eq(withCredentials), eq(without)]).toEqual([false, true]);
    for (const [filter, options] of [
      ["federatedIdentityCredentials/$count ne 0", {}],
      ["federatedIdentityCredentials/$count eq 2", { advanced: true }],
      ["owners/$count ne 0", { advanced: true }],
    ] as const)
      expect(() => parseFilter(filter, schema, options)).toThrow(FilterError);
  });
  it("recognises the id-only form that delta accepts", () => {
    expect(idsOfIdFilter("id eq 'a' or id eq 'b'")).toEqual(["a", "b"]);
    expect(idsOfIdFilter("appId eq 'a'")).toBeNull();
  });
  it("recognises filters that select by id alone, so lists can answer from their index", () => {
    expect(idsSelectedBy("id in ('a', 'b')")).toEqual(["a", "b"]);
    expect(idsSelectedBy("id eq 'a' or id eq 'c'")).toEqual(["a", "c"]);
    expect(idsSelectedBy("id in ('a') and accountEnabled eq true")).toBeNull();
    expect(idsSelectedBy(null)).toBeNull();
  });
});
