// JSON batching (concepts/json-batching.md): at most 20 steps, unique ids, dependsOn honoured
// (a failed dependency answers 424), every step answered and throttled on its own.
import { FAULT_HEADER } from "../faults";
import type { EmulatorResponse } from "../http";
import { faultResponse } from "../server";
import { badRequest, graphError, requestIds } from "./errors";
import type { GraphCall, GraphService } from "./handler";

interface Step {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

const MAX_STEPS = 20;

export function handleBatch(service: GraphService, call: GraphCall): EmulatorResponse {
  const body = call.body as { requests?: unknown } | undefined;
  if (!body || !Array.isArray(body.requests))
    return badRequest("Invalid batch payload format.", call.ids, "BadRequest");
  const steps = body.requests as Step[];
  if (steps.length === 0) return badRequest("Invalid batch payload format.", call.ids, "BadRequest");
  if (steps.length > MAX_STEPS)
    return badRequest(
      `The number of batch requests (${steps.length}) exceeds the limit of ${MAX_STEPS}.`,
      call.ids,
      "BadRequest",
    );
  const seen = new Set<string>();
  for (const s of steps) {
    if (!s || typeof s.id !== "string" || typeof s.method !== "string" || typeof s.url !== "string")
      return badRequest(
        "Invalid batch payload format: every request needs id, method and url.",
        call.ids,
        "BadRequest",
      );
    if (seen.has(s.id))
      return badRequest(`Batch request contains duplicate request ids: '${s.id}'.`, call.ids, "BadRequest");
    seen.add(s.id);
    if (s.body !== undefined && !Object.keys(s.headers ?? {}).some((h) => h.toLowerCase() === "content-type")) {
      return badRequest(
        `Write request id : ${s.id} does not contain Content-Type header or body.`,
        call.ids,
        "BadRequest",
      );
    }
  }
  for (const s of steps)
    for (const d of s.dependsOn ?? [])
      if (!seen.has(d))
        return badRequest(`Request '${s.id}' depends on unknown request '${d}'.`, call.ids, "BadRequest");

  const results = new Map<string, EmulatorResponse>();
  const run = (s: Step, stack: Set<string>): EmulatorResponse => {
    const done = results.get(s.id);
    if (done) return done;
    if (stack.has(s.id)) return badRequest("Circular dependency in batch request.", requestIds({}), "BadRequest");
    stack.add(s.id);
    for (const d of s.dependsOn ?? []) {
      const dep = steps.find((x) => x.id === d) as Step;
      const r = run(dep, stack);
      if (r.status >= 400) {
        const failed = graphError(424, "FailedDependency", `Dependent request '${d}' failed.`, requestIds({}));
        results.set(s.id, failed);
        return failed;
      }
    }
    const r = runStep(service, call, s);
    results.set(s.id, r);
    return r;
  };
  for (const s of steps) run(s, new Set());
  const responses = steps.map((s) => {
    const r = results.get(s.id) as EmulatorResponse;
    const isJson = typeof r.body === "object" && r.body !== null && !Buffer.isBuffer(r.body);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers ?? {}))
      if (!["request-id", "client-request-id"].includes(k.toLowerCase())) headers[k] = v;
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-type"))
      headers["Content-Type"] = isJson ? "application/json" : "text/plain";
    return { id: s.id, status: r.status, headers, body: isJson ? r.body : String(r.body ?? "") };
  });
  return { status: 200, body: { responses } };
}

function runStep(service: GraphService, outer: GraphCall, s: Step): EmulatorResponse {
  const ids = requestIds({});
  // Steps are relative to the version of the batch; the Graph SDK's helper prefixes `/v1.0`.
  let url = s.url.startsWith("/") ? s.url : `/${s.url}`;
  let version = outer.version;
  const v = /^\/(v1\.0|beta)(\/.*)$/.exec(url);
  if (v) {
    version = v[1] as GraphCall["version"];
    url = v[2] as string;
  }
  const parsed = new URL(`http://step${url}`);
  const headers: Record<string, string | undefined> = { ...outer.headers };
  delete headers.consistencylevel;
  // The batch's own fault header was spent on the batch; a step may carry its own.
  delete headers[FAULT_HEADER];
  for (const [k, val] of Object.entries(s.headers ?? {})) headers[k.toLowerCase()] = val;
  // Each step meets faults on its own, as each is throttled on its own in Graph.
  const plan = service.options.stepFaults?.(headers);
  if (plan?.status) return faultResponse("graph", plan, headers);
  return service.execute({
    ...outer,
    method: s.method.toUpperCase(),
    version,
    path: decodeURIComponent(parsed.pathname),
    query: parsed.searchParams,
    headers,
    body: s.body,
    ids,
  });
}
