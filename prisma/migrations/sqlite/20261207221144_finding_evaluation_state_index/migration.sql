-- CreateIndex
CREATE INDEX "Finding_tenantId_key_contentHash_status_lastSeenAt_acceptedUntil_idx" ON "Finding"("tenantId", "key", "contentHash", "status", "lastSeenAt", "acceptedUntil");

