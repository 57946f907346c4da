-- DropIndex
DROP INDEX "Finding_tenantId_subjectId_idx";

-- CreateIndex
CREATE INDEX "Finding_tenantId_subjectId_status_severity_idx" ON "Finding"("tenantId", "subjectId", "status", "severity");

