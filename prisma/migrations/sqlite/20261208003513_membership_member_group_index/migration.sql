-- DropIndex
DROP INDEX "GroupMembership_tenantId_memberId_idx";

-- CreateIndex
CREATE INDEX "GroupMembership_tenantId_memberId_groupId_idx" ON "GroupMembership"("tenantId", "memberId", "groupId");

