import { describe, expect, it } from "vitest";
import { entraIssuers } from "./cloud";

const tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";

describe("issuers that may trust a managed identity", () => {
  it("is the cloud's own authority in the national clouds", () => {
    expect(entraIssuers("public", tid)).toEqual([`https://login.microsoftonline.com/${tid}/v2.0`]);
    expect(entraIssuers("usgov", tid)).toEqual([`https://login.microsoftonline.us/${tid}/v2.0`]);
  });

  it("accepts a custom cloud's authority and the public issuer it mirrors", () => {
    expect(entraIssuers("custom", tid, "https://localhost:4012/")).toEqual([
      `https://localhost:4012/${tid}/v2.0`,
      `https://login.microsoftonline.com/${tid}/v2.0`,
    ]);
  });
});
