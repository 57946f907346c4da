import { describe, expect, it } from "vitest";
import { csvResponse } from "./csv-response";

async function* records(n: number) {
  for (let i = 0; i < n; i += 1) yield { id: `id-${i}`, name: i === 0 ? "=HYPERLINK(\"x\")" : `name, ${i}`, n: i };
}

describe("csvResponse", () => {
  it("streams a header row and every record, formula cells defused, as a dated attachment", async () => {
    const response = csvResponse(["id", "name", "n"], records(3), "identities", new Date("2026-12-02T03:04:05Z"));
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="identities-20261202-030405.csv"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe(
      'id,name,n\r\nid-0,"\'=HYPERLINK(""x"")",0\r\nid-1,"name, 1",1\r\nid-2,"name, 2",2\r\n',
    );
  });

  it("sends an empty view as the header alone", async () => {
    expect(await csvResponse(["id"], records(0), "x").text()).toBe("id\r\n");
  });

  it("reads records only as the client pulls, in chunks", async () => {
    let produced = 0;
    async function* counted() {
      for (let i = 0; i < 100_000; i += 1) {
        produced += 1;
        yield { id: `identity-${i}`.padEnd(60, "x") };
      }
    }
    const reader = csvResponse(["id"], counted(), "x").body!.getReader();
    const first = await reader.read();
    expect(first.value!.byteLength).toBeGreaterThanOrEqual(65_536);
    expect(produced).toBeLessThan(5_000);
    await reader.cancel();
  });
});
