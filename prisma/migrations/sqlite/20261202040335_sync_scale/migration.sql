-- CreateTable
CREATE TABLE "SyncFingerprint" (
    "tenantId" TEXT NOT NULL,
    "collection" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "collection", "scope")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Credential" (
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
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "ownerId", "keyId")
);
INSERT INTO "new_Credential" ("customKeyIdentifier", "displayName", "endDateTime", "hint", "isPlatformManaged", "keyId", "kind", "ownerId", "ownerType", "startDateTime", "tenantId", "type", "usage") SELECT "customKeyIdentifier", "displayName", "endDateTime", "hint", "isPlatformManaged", "keyId", "kind", "ownerId", "ownerType", "startDateTime", "tenantId", "type", "usage" FROM "Credential";
DROP TABLE "Credential";
ALTER TABLE "new_Credential" RENAME TO "Credential";
CREATE INDEX "Credential_tenantId_endDateTime_idx" ON "Credential"("tenantId", "endDateTime");
CREATE TABLE "new_Resource" (
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
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "id")
);
INSERT INTO "new_Resource" ("armId", "clientId", "id", "identityType", "location", "name", "principalId", "resourceGroup", "subscriptionId", "tags", "tenantId", "type") SELECT "armId", "clientId", "id", "identityType", "location", "name", "principalId", "resourceGroup", "subscriptionId", "tags", "tenantId", "type" FROM "Resource";
DROP TABLE "Resource";
ALTER TABLE "new_Resource" RENAME TO "Resource";
CREATE INDEX "Resource_tenantId_principalId_idx" ON "Resource"("tenantId", "principalId");
CREATE INDEX "Resource_tenantId_subscriptionId_type_idx" ON "Resource"("tenantId", "subscriptionId", "type");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "GroupMembership_tenantId_memberType_idx" ON "GroupMembership"("tenantId", "memberType");

