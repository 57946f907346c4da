// Picks where a workload's identity should live, from what the snapshot can show about it.
import { lc, type SnapshotIndex } from "../index-snapshot";
import type { ResourceRecord } from "../snapshot";
import type { AppliedRoleAssignment } from "../privilege/list-azure-role-assignments";
import type { CandidateTarget } from "./types";

// Resource types that run code and can carry a managed identity.
const COMPUTE_TYPES = new Set([
  "microsoft.web/sites",
  "microsoft.web/sites/slots",
  "microsoft.compute/virtualmachines",
  "microsoft.compute/virtualmachinescalesets",
  "microsoft.app/containerapps",
  "microsoft.app/jobs",
  "microsoft.containerinstance/containergroups",
  "microsoft.containerservice/managedclusters",
  "microsoft.logic/workflows",
  "microsoft.automation/automationaccounts",
  "microsoft.datafactory/factories",
  "microsoft.synapse/workspaces",
]);

const MULTI_TENANT_AUDIENCES = new Set([
  "azureadmultipleorgs",
  "azureadandpersonalmicrosoftaccount",
  "personalmicrosoftaccount",
]);

export interface TargetChoice {
  readonly target: CandidateTarget;
  readonly hosts: readonly ResourceRecord[];
  readonly reasoning: readonly string[];
}

export function chooseMigrationTarget(
  index: SnapshotIndex,
  candidate: {
    displayName: string;
    signInAudience: string | null;
    appRoleValues: readonly string[];
    isApplication: boolean;
    assignments: readonly AppliedRoleAssignment[];
  },
): TargetChoice {
  if (candidate.isApplication) {
    const mustStay: string[] = [];
    if (candidate.signInAudience !== null && MULTI_TENANT_AUDIENCES.has(lc(candidate.signInAudience))) {
      mustStay.push(
        `it is multi-tenant (signInAudience ${candidate.signInAudience}): other tenants consented to this app registration, so it must stay one`,
      );
    }
    if (candidate.appRoleValues.length > 0) {
      mustStay.push(`it exposes app roles (${candidate.appRoleValues.join(", ")}) that other clients are granted`);
    }
    if (mustStay.length > 0) {
      return {
        target: "ManagedIdentityAsFederatedCredential",
        hosts: [],
        reasoning: [
          ...mustStay,
          "a user-assigned managed identity added as the app's federated credential removes the stored secret while the app keeps its id, consents and grants",
        ],
      };
    }
  }
  // The snapshot has no deployment map; a compute resource named like the workload is the best hint.
  const hosts = (index.resourcesByName.get(lc(candidate.displayName)) ?? []).filter((r) => COMPUTE_TYPES.has(r.type));
  if (hosts.length === 1) {
    const host = hosts[0] as ResourceRecord;
    return {
      target: "SystemAssigned",
      hosts,
      reasoning: [
        `it appears to run on one host (${host.type} ${host.name}): a system-assigned identity lives and dies with it, so nothing is left behind`,
      ],
    };
  }
  if (hosts.length > 1) {
    return {
      target: "UserAssigned",
      hosts,
      reasoning: [
        `it appears to run on ${hosts.length} hosts: one user-assigned identity attached to each keeps one set of grants`,
      ],
    };
  }
  const subscriptions = new Set(candidate.assignments.map((a) => a.assignment.subscriptionId ?? "(tenant)"));
  if (subscriptions.size > 1) {
    return {
      target: "UserAssigned",
      hosts: [],
      reasoning: [
        `its Azure roles span ${subscriptions.size} subscriptions, which suggests several hosts: a user-assigned identity is granted once and attached to each`,
      ],
    };
  }
  return {
    target: "UserAssigned",
    hosts: [],
    reasoning: [
      "its host is not identifiable from the snapshot: a user-assigned identity can be created and granted before deployment (pre-authorisation), then attached to whatever runs the workload",
    ],
  };
}
