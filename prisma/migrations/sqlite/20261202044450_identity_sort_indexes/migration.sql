-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_miKind_id_idx" ON "ServicePrincipal"("tenantId", "miKind", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_subscriptionId_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "subscriptionId", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_resourceGroup_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "resourceGroup", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_resourceType_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "resourceType", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_privilegeLevel_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "privilegeLevel", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_openFindingCount_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "openFindingCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_azureRoleCount_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "azureRoleCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_directoryRoleCount_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "directoryRoleCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_appRoleCount_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "appRoleCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_groupCount_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "groupCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_attachedResourceCount_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "attachedResourceCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_isOrphaned_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "isOrphaned", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_firstSeenAt_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "firstSeenAt", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_lastSignInAt_id_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "lastSignInAt", "id");

