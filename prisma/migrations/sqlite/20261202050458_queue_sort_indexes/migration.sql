-- DropIndex
DROP INDEX "Finding_tenantId_dueDate_idx";

-- DropIndex
DROP INDEX "MigrationCandidate_tenantId_score_idx";

-- CreateIndex
CREATE INDEX "Finding_tenantId_severity_id_idx" ON "Finding"("tenantId", "severity", "id");

-- CreateIndex
CREATE INDEX "Finding_tenantId_dueDate_id_idx" ON "Finding"("tenantId", "dueDate", "id");

-- CreateIndex
CREATE INDEX "Finding_tenantId_lastSeenAt_id_idx" ON "Finding"("tenantId", "lastSeenAt", "id");

-- CreateIndex
CREATE INDEX "Finding_tenantId_subjectName_id_idx" ON "Finding"("tenantId", "subjectName", "id");

-- CreateIndex
CREATE INDEX "Finding_tenantId_ruleId_id_idx" ON "Finding"("tenantId", "ruleId", "id");

-- CreateIndex
CREATE INDEX "MigrationCandidate_tenantId_score_id_idx" ON "MigrationCandidate"("tenantId", "score", "id");

-- CreateIndex
CREATE INDEX "MigrationCandidate_tenantId_displayName_id_idx" ON "MigrationCandidate"("tenantId", "displayName", "id");

