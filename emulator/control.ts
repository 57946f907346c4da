// Control endpoints for tests and benchmarks, served under /_emulator/ on the Graph and ARM
// listeners: state, churn on demand, fault settings, and expiring every delta token.
import type { DeltaState } from "./graph/delta";
import { FaultSpecError, parseFaultHeader, type FaultInjector, type FaultPlan } from "./faults";
import type { EmulatorRequest, EmulatorResponse, Handler } from "./http";
import { applyChurn, type ChurnRequest } from "./tenant/churn";
import type { Tenant } from "./tenant/model";
import type { Throttle } from "./throttle";

export const CONTROL_PREFIX = "/_emulator/";

export interface ControlOptions {
  tenant: Tenant;
  faults: FaultInjector;
  delta: DeltaState;
  throttle?: Throttle;
}

export function tenantCounts(t: Tenant) {
  let roleAssignments = t.tenantLevelRoleAssignments.length;
  for (const l of t.roleAssignmentsBySubscription.values()) roleAssignments += l.length;
  let memberships = 0;
  for (const g of t.groups) if (!g.deleted) memberships += g.members.length;
  let appRoleAssignments = 0;
  for (const l of t.appRoleAssignmentsByPrincipal.values()) appRoleAssignments += l.length;
  const live = t.servicePrincipals.filter((sp) => !sp.deleted);
  return {
    servicePrincipals: live.length,
    managedIdentities: live.filter((sp) => sp.servicePrincipalType === "ManagedIdentity").length,
    applications: t.applications.length,
    users: t.users.length,
    groups: t.groups.filter((g) => !g.deleted).length,
    memberships,
    appRoleAssignments,
    directoryRoleAssignments: t.directoryRoleAssignments.length,
    managementGroups: t.managementGroups.length,
    subscriptions: t.subscriptions.length,
    resourceGroups: t.resourceGroups.length,
    resources: t.resources.size,
    roleAssignments,
  };
}

function json(status: number, body: object): EmulatorResponse {
  return { status, body };
}

function parse(req: EmulatorRequest): Record<string, unknown> | null {
  if (req.body.length === 0) return {};
  try {
    const v = JSON.parse(req.body.toString("utf8")) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function createControlHandler(options: ControlOptions): Handler {
  const { tenant, faults, delta } = options;
  return (req) => {
    const path = req.url.pathname.slice(CONTROL_PREFIX.length - 1).replace(/\/+$/, "");
    const method = req.method.toUpperCase();
    if (path === "/state" && method === "GET") {
      return json(200, {
        tenantId: tenant.tenantId,
        seed: tenant.info.seed,
        size: tenant.info.size,
        now: new Date(tenant.info.now).toISOString(),
        seq: tenant.seq,
        deltaEpoch: delta.epoch,
        counts: tenantCounts(tenant),
        faults: { spec: faults.spec, queued: faults.queued, stats: faults.stats },
        throttle: options.throttle
          ? {
              enforce: options.throttle.enforce,
              timeCompression: options.throttle.compression,
              stats: options.throttle.stats,
            }
          : null,
      });
    }
    if (method !== "POST")
      return json(404, { error: { code: "NotFound", message: `No control endpoint ${method} ${req.url.pathname}` } });
    const body = parse(req);
    if (!body) return json(400, { error: { code: "BadRequest", message: "The body must be a JSON object." } });
    if (path === "/churn") {
      const r: ChurnRequest = {};
      if (body.count !== undefined) {
        if (!Number.isInteger(body.count) || (body.count as number) < 1)
          return json(400, { error: { code: "BadRequest", message: "count must be a positive integer" } });
        r.count = body.count as number;
      }
      if (body.fraction !== undefined) {
        if (typeof body.fraction !== "number" || body.fraction <= 0 || body.fraction > 1)
          return json(400, { error: { code: "BadRequest", message: "fraction must be in (0, 1]" } });
        r.fraction = body.fraction;
      }
      if (body.seed !== undefined) {
        if (!Number.isInteger(body.seed))
          return json(400, { error: { code: "BadRequest", message: "seed must be an integer" } });
        r.seed = body.seed as number;
      }
      return json(200, applyChurn(tenant, r));
    }
    if (path === "/faults") {
      try {
        if (body.spec !== undefined) {
          if (typeof body.spec !== "string") throw new FaultSpecError("spec must be a string");
          faults.setSpec(body.spec, typeof body.seed === "number" ? body.seed : undefined);
        }
        if (body.clear === true) faults.clearQueue();
        if (body.next !== undefined) {
          if (!Array.isArray(body.next) || !body.next.every((x) => typeof x === "string"))
            throw new FaultSpecError("next must be an array of fault names");
          faults.enqueue((body.next as string[]).map((n) => (n === "none" ? {} : (parseFaultHeader(n) as FaultPlan))));
        }
      } catch (e) {
        return json(400, { error: { code: "BadRequest", message: e instanceof Error ? e.message : String(e) } });
      }
      return json(200, { spec: faults.spec, queued: faults.queued });
    }
    if (path === "/delta/expire") {
      delta.epoch++;
      return json(200, { deltaEpoch: delta.epoch });
    }
    return json(404, { error: { code: "NotFound", message: `No control endpoint ${method} ${req.url.pathname}` } });
  };
}
