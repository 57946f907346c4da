-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Resource" ADD COLUMN     "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "SyncFingerprint" (
    "tenantId" TEXT NOT NULL,
    "collection" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncFingerprint_pkey" PRIMARY KEY ("tenantId","collection","scope")
);

-- CreateIndex
CREATE INDEX "GroupMembership_tenantId_memberType_idx" ON "GroupMembership"("tenantId", "memberType");

