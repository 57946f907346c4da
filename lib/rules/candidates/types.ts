// The migration candidate export contract (DESIGN.md "candidates") plus the plan that goes with it.

export type CandidateTarget = "SystemAssigned" | "UserAssigned" | "ManagedIdentityAsFederatedCredential";

export interface PlannedRoleAssignment {
  readonly sourceAssignmentId: string;
  readonly roleDefinitionId: string;
  readonly roleName: string;
  readonly scope: string;
}

export interface PlannedAppPermission {
  readonly sourceAssignmentId: string;
  readonly resourceAppId: string | null;
  readonly resourceId: string;
  readonly resourceDisplayName: string | null;
  readonly appRoleId: string;
  readonly appRoleValue: string | null;
}

export interface PlannedDirectoryRole {
  readonly sourceAssignmentId: string;
  readonly roleDefinitionId: string;
  readonly directoryScopeId: string;
}

export interface PlannedGroupMembership {
  readonly groupId: string;
  readonly displayName: string;
}

export interface PlannedFederatedCredential {
  readonly applicationObjectId: string | null;
  readonly appId: string;
  readonly name: string;
  readonly issuer: string;
  /** A placeholder until the identity exists: its object (principal) id, exact case. */
  readonly subject: string;
  /** Where the subject value comes from once the identity is created. */
  readonly subjectSource: string;
  readonly audiences: readonly string[];
}

export interface PlannedCredentialRemoval {
  readonly keyId: string;
  readonly kind: "password" | "certificate";
  readonly ownerType: "Application" | "ServicePrincipal";
  readonly ownerId: string;
  readonly displayName: string | null;
  readonly endDateTime: string | null;
}

export interface MigrationPlan {
  readonly identityToCreate: {
    readonly kind: "SystemAssigned" | "UserAssigned";
    /** For user-assigned: a suggested resource name; for system-assigned: the host's name. */
    readonly name: string;
    readonly subscriptionId: string | null;
    readonly resourceGroup: string | null;
    /** Resources the identity is enabled on or attached to; empty when the host is not known yet. */
    readonly hostResourceIds: readonly string[];
  };
  readonly roleAssignmentsToReplicate: readonly PlannedRoleAssignment[];
  readonly appPermissionsToReplicate: readonly PlannedAppPermission[];
  readonly directoryRolesToReplicate: readonly PlannedDirectoryRole[];
  readonly groupMembershipsToReplicate: readonly PlannedGroupMembership[];
  readonly federatedCredential: PlannedFederatedCredential | null;
  readonly credentialsToRemove: readonly PlannedCredentialRemoval[];
  /** What the user account to retire is, when the candidate is a user. */
  readonly accountToDisable: string | null;
  readonly steps: readonly string[];
}

export interface MigrationCandidate {
  /** Object id of the service principal (or the application when it has none here) or of the user. */
  readonly id: string;
  readonly appId: string | null;
  readonly displayName: string;
  readonly principalKind: "Application" | "User";
  readonly credentialSummary: string;
  readonly score: number;
  readonly recommendedTarget: CandidateTarget;
  /** Why it is a candidate and why it scores what it does. */
  readonly reasons: readonly string[];
  /** Why this target rather than the others. */
  readonly targetReasoning: readonly string[];
  readonly plan: MigrationPlan;
}
