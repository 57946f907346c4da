import { describe, expect, it } from "vitest";
import { writeExport } from "./export";

function memorySink() {
  const out = { text: "", finished: false };
  return {
    out,
    sink: {
      write: async (t: string) => {
        out.text += t;
      },
      finish: async () => {
        out.finished = true;
      },
      abort: async () => {},
    },
  };
}

async function* records(...items: object[]) {
  for (const item of items) yield item;
}

describe("writeExport", () => {
  const fields = ["id", "reasons", "evidence"];

  it("writes an empty JSON array and a header-only CSV when there is nothing", async () => {
    const json = memorySink();
    expect(await writeExport({ fields, records: records() }, "json", json.sink)).toBe(0);
    expect(JSON.parse(json.out.text)).toEqual([]);
    const csv = memorySink();
    await writeExport({ fields, records: records() }, "csv", csv.sink);
    expect(csv.out.text).toBe("id,reasons,evidence\r\n");
  });

  it("writes every record as JSON, and the contract fields in order as CSV", async () => {
    const items = [
      { id: "a", reasons: ["x", "y"], evidence: { k: 1 }, extra: true },
      { id: "=b", reasons: [], evidence: {} },
    ];
    const json = memorySink();
    expect(await writeExport({ fields, records: records(...items) }, "json", json.sink)).toBe(2);
    expect(JSON.parse(json.out.text)).toEqual(items);
    const csv = memorySink();
    await writeExport({ fields, records: records(...items) }, "csv", csv.sink);
    expect(csv.out.text).toBe('id,reasons,evidence\r\na,x;y,"{""k"":1}"\r\n\'=b,,{}\r\n');
  });
});
