-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "displayName" TEXT,
    "cloud" TEXT NOT NULL DEFAULT 'public',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastSuccessfulRunId" TEXT,
    "lastSuccessfulSyncAt" DATETIME
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'starting',
    "trigger" TEXT NOT NULL DEFAULT 'cli',
    "triggeredBy" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "durationMs" INTEGER,
    "requestCount" INTEGER NOT NULL DEFAULT 0,
    "retryCount" INTEGER NOT NULL DEFAULT 0,
    "throttledCount" INTEGER NOT NULL DEFAULT 0,
    "counts" JSONB,
    "warnings" JSONB,
    "error" TEXT,
    "fellBackToFull" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "SyncLock" (
    "tenantId" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "acquiredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncCursor" (
    "tenantId" TEXT NOT NULL,
    "collection" TEXT NOT NULL,
    "deltaLink" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "collection")
);

-- CreateTable
CREATE TABLE "ManagementGroup" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT,
    "parentId" TEXT,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "Subscription" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "displayName" TEXT,
    "state" TEXT,
    "managementGroupId" TEXT,
    "resourcesEnumeratedAt" DATETIME,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "Resource" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "armId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "resourceGroup" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT,
    "identityType" TEXT,
    "principalId" TEXT,
    "clientId" TEXT,
    "tags" JSONB,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "IdentityAttachment" (
    "tenantId" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "identityResourceId" TEXT NOT NULL,
    "principalId" TEXT,
    "clientId" TEXT,
    "subscriptionId" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "resourceId", "identityResourceId")
);

-- CreateTable
CREATE TABLE "RoleDefinition" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "armId" TEXT NOT NULL,
    "roleName" TEXT NOT NULL,
    "roleType" TEXT NOT NULL,
    "description" TEXT,
    "assignableScopes" JSONB NOT NULL,
    "permissions" JSONB NOT NULL,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeLevel" TEXT NOT NULL,
    "subscriptionId" TEXT,
    "resourceGroup" TEXT,
    "roleDefinitionId" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "principalType" TEXT NOT NULL,
    "condition" TEXT,
    "createdOn" DATETIME,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "ServicePrincipal" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "servicePrincipalType" TEXT NOT NULL,
    "accountEnabled" BOOLEAN NOT NULL DEFAULT true,
    "appOwnerOrganizationId" TEXT,
    "signInAudience" TEXT,
    "alternativeNames" JSONB,
    "servicePrincipalNames" JSONB,
    "tags" JSONB,
    "appRoles" JSONB,
    "miKind" TEXT,
    "miResourceId" TEXT,
    "miResourceArmId" TEXT,
    "subscriptionId" TEXT,
    "resourceGroup" TEXT,
    "resourceType" TEXT,
    "lastSignInAt" DATETIME,
    "attachedResourceCount" INTEGER NOT NULL DEFAULT 0,
    "isOrphaned" BOOLEAN NOT NULL DEFAULT false,
    "azureRoleCount" INTEGER NOT NULL DEFAULT 0,
    "directoryRoleCount" INTEGER NOT NULL DEFAULT 0,
    "appRoleCount" INTEGER NOT NULL DEFAULT 0,
    "groupCount" INTEGER NOT NULL DEFAULT 0,
    "openFindingCount" INTEGER NOT NULL DEFAULT 0,
    "privilegeLevel" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "Application" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "signInAudience" TEXT,
    "publisherDomain" TEXT,
    "createdDateTime" DATETIME,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "Credential" (
    "tenantId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "ownerType" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "displayName" TEXT,
    "type" TEXT,
    "usage" TEXT,
    "hint" TEXT,
    "customKeyIdentifier" TEXT,
    "startDateTime" DATETIME,
    "endDateTime" DATETIME,
    "isPlatformManaged" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("tenantId", "ownerId", "keyId")
);

-- CreateTable
CREATE TABLE "FederatedCredential" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "ownerType" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "audiences" JSONB NOT NULL,
    "description" TEXT,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "AppRoleAssignment" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "principalType" TEXT NOT NULL,
    "principalDisplayName" TEXT,
    "resourceId" TEXT NOT NULL,
    "resourceAppId" TEXT,
    "resourceDisplayName" TEXT,
    "appRoleId" TEXT NOT NULL,
    "appRoleValue" TEXT,
    "createdDateTime" DATETIME,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "DirectoryRoleDefinition" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "templateId" TEXT,
    "displayName" TEXT NOT NULL,
    "description" TEXT,
    "isBuiltIn" BOOLEAN NOT NULL DEFAULT true,
    "isEnabled" BOOLEAN NOT NULL DEFAULT true,
    "rolePermissions" JSONB,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "DirectoryRoleAssignment" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "roleDefinitionId" TEXT NOT NULL,
    "directoryScopeId" TEXT NOT NULL DEFAULT '/',
    "appScopeId" TEXT,
    "condition" TEXT,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "Group" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT,
    "securityEnabled" BOOLEAN NOT NULL DEFAULT true,
    "mailEnabled" BOOLEAN NOT NULL DEFAULT false,
    "isAssignableToRole" BOOLEAN NOT NULL DEFAULT false,
    "groupTypes" JSONB,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "GroupMembership" (
    "tenantId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "memberType" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "groupId", "memberId")
);

-- CreateTable
CREATE TABLE "TransitiveMembership" (
    "tenantId" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,
    "path" JSONB NOT NULL,

    PRIMARY KEY ("tenantId", "principalId", "groupId")
);

-- CreateTable
CREATE TABLE "User" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "userPrincipalName" TEXT NOT NULL,
    "displayName" TEXT,
    "mail" TEXT,
    "accountEnabled" BOOLEAN NOT NULL DEFAULT true,
    "userType" TEXT,
    "lastSignInAt" DATETIME,
    "lastNonInteractiveSignInAt" DATETIME,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "HistoryEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tenantId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "change" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "details" JSONB
);

-- CreateTable
CREATE TABLE "Owner" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "upn" TEXT NOT NULL,
    "displayName" TEXT,
    "userId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "subjectId" TEXT NOT NULL,
    "subjectName" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subscriptionId" TEXT,
    "target" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "ownerId" TEXT,
    "dueDate" DATETIME,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "resolvedReason" TEXT,
    "acceptedUntil" DATETIME,
    "acceptanceReason" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Finding_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Owner" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "findingId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "authorName" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Comment_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FindingTrendPoint" (
    "tenantId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "openCritical" INTEGER NOT NULL,
    "openHigh" INTEGER NOT NULL,
    "openMedium" INTEGER NOT NULL,
    "openLow" INTEGER NOT NULL,
    "openInfo" INTEGER NOT NULL,
    "resolved" INTEGER NOT NULL,
    "acceptedRisk" INTEGER NOT NULL,

    PRIMARY KEY ("tenantId", "runId")
);

-- CreateTable
CREATE TABLE "MigrationCandidate" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "principalKind" TEXT NOT NULL,
    "appId" TEXT,
    "displayName" TEXT NOT NULL,
    "credentialSummary" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "recommendedTarget" TEXT NOT NULL,
    "reasons" JSONB NOT NULL,
    "plan" JSONB NOT NULL,
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tenantId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "requestId" TEXT,
    "prevHash" TEXT,
    "hash" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "SyncRun_tenantId_startedAt_idx" ON "SyncRun"("tenantId", "startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_tenantId_status_idx" ON "SyncRun"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ManagementGroup_tenantId_parentId_idx" ON "ManagementGroup"("tenantId", "parentId");

-- CreateIndex
CREATE INDEX "Resource_tenantId_principalId_idx" ON "Resource"("tenantId", "principalId");

-- CreateIndex
CREATE INDEX "Resource_tenantId_subscriptionId_type_idx" ON "Resource"("tenantId", "subscriptionId", "type");

-- CreateIndex
CREATE INDEX "IdentityAttachment_tenantId_identityResourceId_idx" ON "IdentityAttachment"("tenantId", "identityResourceId");

-- CreateIndex
CREATE INDEX "IdentityAttachment_tenantId_principalId_idx" ON "IdentityAttachment"("tenantId", "principalId");

-- CreateIndex
CREATE INDEX "RoleDefinition_tenantId_roleName_idx" ON "RoleDefinition"("tenantId", "roleName");

-- CreateIndex
CREATE INDEX "RoleAssignment_tenantId_principalId_idx" ON "RoleAssignment"("tenantId", "principalId");

-- CreateIndex
CREATE INDEX "RoleAssignment_tenantId_scope_idx" ON "RoleAssignment"("tenantId", "scope");

-- CreateIndex
CREATE INDEX "RoleAssignment_tenantId_roleDefinitionId_idx" ON "RoleAssignment"("tenantId", "roleDefinitionId");

-- CreateIndex
CREATE INDEX "RoleAssignment_tenantId_subscriptionId_idx" ON "RoleAssignment"("tenantId", "subscriptionId");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_appId_idx" ON "ServicePrincipal"("tenantId", "appId");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_displayName_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "displayName", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_miKind_displayName_id_idx" ON "ServicePrincipal"("tenantId", "miKind", "displayName", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_miResourceId_idx" ON "ServicePrincipal"("tenantId", "miResourceId");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_subscriptionId_displayName_id_idx" ON "ServicePrincipal"("tenantId", "subscriptionId", "displayName", "id");

-- CreateIndex
CREATE INDEX "Application_tenantId_appId_idx" ON "Application"("tenantId", "appId");

-- CreateIndex
CREATE INDEX "Credential_tenantId_endDateTime_idx" ON "Credential"("tenantId", "endDateTime");

-- CreateIndex
CREATE INDEX "FederatedCredential_tenantId_ownerId_idx" ON "FederatedCredential"("tenantId", "ownerId");

-- CreateIndex
CREATE INDEX "FederatedCredential_tenantId_subject_idx" ON "FederatedCredential"("tenantId", "subject");

-- CreateIndex
CREATE INDEX "AppRoleAssignment_tenantId_principalId_idx" ON "AppRoleAssignment"("tenantId", "principalId");

-- CreateIndex
CREATE INDEX "AppRoleAssignment_tenantId_resourceAppId_appRoleId_idx" ON "AppRoleAssignment"("tenantId", "resourceAppId", "appRoleId");

-- CreateIndex
CREATE INDEX "DirectoryRoleDefinition_tenantId_templateId_idx" ON "DirectoryRoleDefinition"("tenantId", "templateId");

-- CreateIndex
CREATE INDEX "DirectoryRoleAssignment_tenantId_principalId_idx" ON "DirectoryRoleAssignment"("tenantId", "principalId");

-- CreateIndex
CREATE INDEX "DirectoryRoleAssignment_tenantId_roleDefinitionId_idx" ON "DirectoryRoleAssignment"("tenantId", "roleDefinitionId");

-- CreateIndex
CREATE INDEX "Group_tenantId_displayName_idx" ON "Group"("tenantId", "displayName");

-- CreateIndex
CREATE INDEX "GroupMembership_tenantId_memberId_idx" ON "GroupMembership"("tenantId", "memberId");

-- CreateIndex
CREATE INDEX "TransitiveMembership_tenantId_groupId_idx" ON "TransitiveMembership"("tenantId", "groupId");

-- CreateIndex
CREATE INDEX "User_tenantId_userPrincipalName_idx" ON "User"("tenantId", "userPrincipalName");

-- CreateIndex
CREATE INDEX "HistoryEvent_tenantId_subjectId_at_idx" ON "HistoryEvent"("tenantId", "subjectId", "at");

-- CreateIndex
CREATE INDEX "HistoryEvent_tenantId_runId_idx" ON "HistoryEvent"("tenantId", "runId");

-- CreateIndex
CREATE UNIQUE INDEX "Owner_tenantId_upn_key" ON "Owner"("tenantId", "upn");

-- CreateIndex
CREATE INDEX "Finding_tenantId_status_severity_id_idx" ON "Finding"("tenantId", "status", "severity", "id");

-- CreateIndex
CREATE INDEX "Finding_tenantId_ruleId_status_idx" ON "Finding"("tenantId", "ruleId", "status");

-- CreateIndex
CREATE INDEX "Finding_tenantId_subjectId_idx" ON "Finding"("tenantId", "subjectId");

-- CreateIndex
CREATE INDEX "Finding_tenantId_ownerId_status_idx" ON "Finding"("tenantId", "ownerId", "status");

-- CreateIndex
CREATE INDEX "Finding_tenantId_dueDate_idx" ON "Finding"("tenantId", "dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_tenantId_key_key" ON "Finding"("tenantId", "key");

-- CreateIndex
CREATE INDEX "Comment_findingId_createdAt_idx" ON "Comment"("findingId", "createdAt");

-- CreateIndex
CREATE INDEX "FindingTrendPoint_tenantId_at_idx" ON "FindingTrendPoint"("tenantId", "at");

-- CreateIndex
CREATE INDEX "MigrationCandidate_tenantId_score_idx" ON "MigrationCandidate"("tenantId", "score");

-- CreateIndex
CREATE INDEX "AuditEntry_tenantId_entityType_entityId_idx" ON "AuditEntry"("tenantId", "entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditEntry_tenantId_at_idx" ON "AuditEntry"("tenantId", "at");

