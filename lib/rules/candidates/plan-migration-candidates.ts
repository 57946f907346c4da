// Every application or user account of this tenant that could move to a managed identity, scored
// 0–100 with its reasons, a recommended target and a step-by-step plan.
import { credentialStatus } from "../apps/credential-status";
import { listAppPrincipals, type AppPrincipal } from "../apps/list-app-principals";
import { entraIssuer, tokenExchangeAudience } from "../cloud";
import type { RuleConfig } from "../config";
import { lc, type SnapshotIndex } from "../index-snapshot";
import { listAzureRoleAssignments, type AppliedRoleAssignment } from "../privilege/list-azure-role-assignments";
import { getPrivilegeModel, type PrivilegeModel } from "../privilege/privilege-model";
import type { CredentialRecord, ResourceRecord, UserRecord } from "../snapshot";
import { detectServiceAccount } from "../users/detect-service-account";
import { chooseMigrationTarget, type TargetChoice } from "./choose-migration-target";
import type { MigrationCandidate, MigrationPlan, PlannedRoleAssignment } from "./types";

// Weights sum to 100 for the worst case of each kind; see README "Candidate score".
const WEIGHT = {
  secret: 35,
  certificateOnly: 20,
  longLifetime: 10,
  expiring: 10,
  azureRoles: 30,
  perExtraCredential: 5,
  extraCredentialCap: 15,
  userPassword: 35,
  userNaming: 15,
  userNonInteractive: 20,
} as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return (s || "workload").slice(0, 100);
}

function summarizeCredentials(credentials: readonly CredentialRecord[], now: Date): string {
  const parts: string[] = [];
  for (const kind of ["password", "certificate"] as const) {
    const ofKind = credentials.filter((c) => c.kind === kind);
    if (ofKind.length === 0) continue;
    const expired = ofKind.filter((c) => credentialStatus(c, now).expired).length;
    const word = kind === "password" ? "client secret" : "certificate";
    parts.push(`${plural(ofKind.length, word)}${expired > 0 ? ` (${expired} expired)` : ""}`);
  }
  return parts.join(", ");
}

function plannedRoleAssignments(
  privilege: PrivilegeModel,
  assignments: readonly AppliedRoleAssignment[],
): PlannedRoleAssignment[] {
  // Roles held through groups are replicated as group memberships instead.
  return assignments
    .filter((a) => a.viaPath.length === 0)
    .map(({ assignment }) => ({
      sourceAssignmentId: assignment.id,
      roleDefinitionId: lc(assignment.roleDefinitionId),
      roleName: privilege.role(assignment.roleDefinitionId).definition.roleName,
      scope: assignment.scope,
    }));
}

function identityPlacement(
  name: string,
  choice: TargetChoice,
  assignments: readonly AppliedRoleAssignment[],
): MigrationPlan["identityToCreate"] {
  const host = choice.hosts[0] as ResourceRecord | undefined;
  if (choice.target === "SystemAssigned" && host) {
    return {
      kind: "SystemAssigned",
      name: host.name,
      subscriptionId: host.subscriptionId,
      resourceGroup: host.resourceGroup,
      hostResourceIds: [host.id],
    };
  }
  const anchor = assignments.find((a) => a.assignment.subscriptionId !== null)?.assignment;
  return {
    kind: "UserAssigned",
    name: `${slug(name)}-id`,
    subscriptionId: host?.subscriptionId ?? anchor?.subscriptionId ?? null,
    resourceGroup: host?.resourceGroup ?? null,
    hostResourceIds: choice.hosts.map((h) => h.id),
  };
}

function planFor(
  index: SnapshotIndex,
  privilege: PrivilegeModel,
  subject: { principalId: string | null; displayName: string; app: AppPrincipal | null; user: UserRecord | null },
  choice: TargetChoice,
  assignments: readonly AppliedRoleAssignment[],
): MigrationPlan {
  const { cloud, tenantId, authorityHost } = index.snapshot;
  const identity = identityPlacement(subject.displayName, choice, assignments);
  const credentialsToRemove = (subject.app?.credentials ?? []).map((c) => ({
    keyId: c.keyId,
    kind: c.kind,
    ownerType: c.ownerType,
    ownerId: c.ownerId,
    displayName: c.displayName,
    endDateTime: c.endDateTime?.toISOString() ?? null,
  }));
  const where =
    identity.kind === "SystemAssigned"
      ? `Enable the system-assigned identity on ${identity.hostResourceIds[0] ?? identity.name}.`
      : `Create the user-assigned identity ${identity.name}${identity.subscriptionId ? ` in subscription ${identity.subscriptionId}` : ""}${identity.resourceGroup ? `, resource group ${identity.resourceGroup}` : ""}.`;

  if (choice.target === "ManagedIdentityAsFederatedCredential" && subject.app) {
    const app = subject.app;
    const federatedCredential = {
      applicationObjectId: app.application?.id ?? null,
      appId: app.appId,
      name: `${identity.name}-trust`,
      issuer: entraIssuer(cloud, tenantId, authorityHost),
      subject: `<object (principal) id of ${identity.name}>`,
      subjectSource: `After step 1, the identity's object id: ARM properties.principalId of Microsoft.ManagedIdentity/userAssignedIdentities/${identity.name} (the same GUID as its Graph servicePrincipal id). Copy it exactly; the subject is case-sensitive.`,
      audiences: [tokenExchangeAudience(cloud)],
    };
    return {
      identityToCreate: identity,
      roleAssignmentsToReplicate: [],
      appPermissionsToReplicate: [],
      directoryRolesToReplicate: [],
      groupMembershipsToReplicate: [],
      federatedCredential,
      credentialsToRemove,
      accountToDisable: null,
      steps: [
        `${where} Only user-assigned identities in this tenant can be an app's federated credential.`,
        "Attach it to every resource that runs the workload.",
        `Add a federated identity credential to app registration ${app.displayName} (appId ${app.appId}) with issuer ${federatedCredential.issuer}, subject = the identity's object id, audience ${federatedCredential.audiences[0]}.`,
        `Change the code to request a managed identity token for ${federatedCredential.audiences[0]}/.default and use it as the client assertion for the app (e.g. ClientAssertionCredential).`,
        "The app keeps its own role assignments, permissions and consents: nothing to replicate.",
        `Once sign-ins show the federated credential in use, remove ${plural(credentialsToRemove.length, "credential")} listed under credentialsToRemove.`,
      ],
    };
  }

  const principalId = subject.principalId;
  const roleAssignmentsToReplicate = plannedRoleAssignments(privilege, assignments);
  const appPermissionsToReplicate =
    principalId === null
      ? []
      : (index.appRoleAssignmentsByPrincipal.get(lc(principalId)) ?? []).map((a) => ({
          sourceAssignmentId: a.id,
          resourceAppId: a.resourceAppId,
          resourceId: a.resourceId,
          resourceDisplayName: a.resourceDisplayName,
          appRoleId: a.appRoleId,
          appRoleValue: a.appRoleValue,
        }));
  const directoryRolesToReplicate =
    principalId === null
      ? []
      : (index.directoryRoleAssignmentsByPrincipal.get(lc(principalId)) ?? []).map((a) => ({
          sourceAssignmentId: a.id,
          roleDefinitionId: a.roleDefinitionId,
          directoryScopeId: a.directoryScopeId,
        }));
  const groupMembershipsToReplicate =
    principalId === null
      ? []
      : (index.groupsOfMember.get(lc(principalId)) ?? []).map((groupId) => ({
          groupId,
          displayName: index.groupById.get(groupId)?.displayName ?? groupId,
        }));
  const retire = subject.user
    ? `Remove ${subject.user.userPrincipalName}'s role assignments, then disable the account.`
    : `Remove ${plural(credentialsToRemove.length, "credential")} listed under credentialsToRemove; delete the app registration if nothing else uses it.`;
  return {
    identityToCreate: identity,
    roleAssignmentsToReplicate,
    appPermissionsToReplicate,
    directoryRolesToReplicate,
    groupMembershipsToReplicate,
    federatedCredential: null,
    credentialsToRemove,
    accountToDisable: subject.user?.userPrincipalName ?? null,
    steps: [
      where,
      identity.kind === "UserAssigned"
        ? identity.hostResourceIds.length > 0
          ? `Attach it to ${identity.hostResourceIds.join(", ")}.`
          : "Attach it to the resources that run the workload once they are known (it can be granted before deployment)."
        : "Note the new identity's object (principal) id from the resource's identity block.",
      `Replicate ${plural(roleAssignmentsToReplicate.length, "Azure role assignment")}, ${plural(appPermissionsToReplicate.length, "app permission")}, ${plural(directoryRolesToReplicate.length, "directory role")} and ${plural(groupMembershipsToReplicate.length, "group membership")} listed in this plan to the identity — trimmed to what the workload uses.`,
      "Switch the code to DefaultAzureCredential / ManagedIdentityCredential and deploy.",
      `After the workload has run on the identity, ${retire.charAt(0).toLowerCase()}${retire.slice(1)}`,
    ],
  };
}

function scoreApp(app: AppPrincipal, assignments: readonly AppliedRoleAssignment[], config: RuleConfig, now: Date) {
  const active = app.credentials.filter((c) => credentialStatus(c, now).active);
  const secrets = active.filter((c) => c.kind === "password");
  const certificates = active.filter((c) => c.kind === "certificate");
  const reasons: string[] = [];
  let score = 0;
  if (secrets.length > 0) {
    score += WEIGHT.secret;
    reasons.push(
      `authenticates with ${plural(secrets.length, "client secret")}, a password that can leak and be used from anywhere`,
    );
  } else {
    score += WEIGHT.certificateOnly;
    reasons.push(
      `authenticates with ${plural(certificates.length, "certificate")} whose private key someone must store and rotate`,
    );
  }
  const longLived = active.filter(
    (c) => (credentialStatus(c, now).lifetimeDays ?? 0) > config.credentialMaxLifetimeDays,
  );
  if (longLived.length > 0) {
    score += WEIGHT.longLifetime;
    reasons.push(
      `${plural(longLived.length, "credential")} valid for more than ${config.credentialMaxLifetimeDays} days (${longLived.map((c) => c.keyId).join(", ")})`,
    );
  }
  const expiring = app.credentials.filter((c) => {
    const daysLeft = credentialStatus(c, now).daysLeft;
    return daysLeft !== null && daysLeft <= config.credentialExpiryWarningDays;
  });
  if (expiring.length > 0) {
    score += WEIGHT.expiring;
    reasons.push(
      `${plural(expiring.length, "credential")} expired or expiring within ${config.credentialExpiryWarningDays} days: migrate instead of rotating`,
    );
  }
  if (assignments.length > 0) {
    score += WEIGHT.azureRoles;
    reasons.push(
      `holds ${plural(assignments.length, "Azure role assignment")}: it runs against Azure, where managed identities need no stored credential`,
    );
  }
  if (active.length > 1) {
    score += Math.min(WEIGHT.extraCredentialCap, (active.length - 1) * WEIGHT.perExtraCredential);
    reasons.push(`${plural(active.length, "active credential")} to keep track of`);
  }
  return { score: Math.min(100, score), reasons };
}

export function planMigrationCandidates(index: SnapshotIndex, config: RuleConfig): MigrationCandidate[] {
  const { now, signInActivityAvailable } = index.snapshot;
  const privilege = getPrivilegeModel(index, config);
  const candidates: MigrationCandidate[] = [];

  for (const app of listAppPrincipals(index)) {
    if (!app.credentials.some((c) => credentialStatus(c, now).active)) continue;
    const principalId = app.servicePrincipal?.id ?? null;
    const assignments = principalId === null ? [] : listAzureRoleAssignments(index, principalId);
    const { score, reasons } = scoreApp(app, assignments, config, now);
    const choice = chooseMigrationTarget(index, {
      displayName: app.displayName,
      signInAudience: app.signInAudience,
      appRoleValues: app.servicePrincipal?.appRoleValues ?? [],
      isApplication: true,
      assignments,
    });
    candidates.push({
      id: app.subjectId,
      appId: app.appId,
      displayName: app.displayName,
      principalKind: "Application",
      credentialSummary: summarizeCredentials(app.credentials, now),
      score,
      recommendedTarget: choice.target,
      reasons,
      targetReasoning: choice.reasoning,
      plan: planFor(
        index,
        privilege,
        { principalId, displayName: app.displayName, app, user: null },
        choice,
        assignments,
      ),
    });
  }

  for (const user of index.snapshot.users) {
    if (!user.accountEnabled) continue;
    const detection = detectServiceAccount(user, config, now, signInActivityAvailable);
    if (detection === null) continue;
    const assignments = listAzureRoleAssignments(index, user.id);
    if (assignments.length === 0) continue;
    const reasons = [
      "a user account's password is a stored secret, usually excluded from MFA and Conditional Access",
      `holds ${plural(assignments.length, "Azure role assignment")}: it runs against Azure`,
    ];
    let score = WEIGHT.userPassword + WEIGHT.azureRoles;
    if (detection.signals.includes("naming")) {
      score += WEIGHT.userNaming;
      reasons.push(`named like a service account (pattern ${detection.matchedPattern ?? ""})`);
    }
    if (detection.signals.includes("non-interactive-only")) {
      score += WEIGHT.userNonInteractive;
      reasons.push(
        `signs in only non-interactively (last interactive sign-in ${user.lastSignInAt?.toISOString().slice(0, 10) ?? "never"})`,
      );
    }
    const name = user.displayName ?? user.userPrincipalName.split("@")[0] ?? user.userPrincipalName;
    const choice = chooseMigrationTarget(index, {
      displayName: name,
      signInAudience: null,
      appRoleValues: [],
      isApplication: false,
      assignments,
    });
    candidates.push({
      id: user.id,
      appId: null,
      displayName: user.userPrincipalName,
      principalKind: "User",
      credentialSummary: "user password",
      score: Math.min(100, score),
      recommendedTarget: choice.target,
      reasons,
      targetReasoning: choice.reasoning,
      plan: planFor(
        index,
        privilege,
        { principalId: user.id, displayName: name, app: null, user },
        choice,
        assignments,
      ),
    });
  }

  return candidates.sort(
    (a, b) => b.score - a.score || a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id),
  );
}
