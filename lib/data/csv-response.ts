// A streamed CSV download for the dashboard's "Export CSV" buttons: header row, then records pulled
// page by page as the client reads (backpressure), in ~64 KiB chunks, formula-safe (encode-csv.ts).
//
//   return csvResponse(IDENTITY_EXPORT_FIELDS, exportIdentities(tenantId, { filters }), "identities");
import "server-only";
import { csvRow } from "./encode-csv";

const CHUNK = 65_536;

export function csvResponse(
  fields: readonly string[],
  records: AsyncIterable<object>,
  name: string,
  now: Date = new Date(),
): Response {
  const iterator = records[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = headerSent ? "" : csvRow(fields);
      headerSent = true;
      while (chunk.length < CHUNK) {
        const next = await iterator.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        const record = next.value as Record<string, unknown>;
        chunk += csvRow(fields.map((f) => record[f]));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${stamp}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
