-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_miKind_id_idx" ON "ServicePrincipal"("tenantId", "miKind", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_subscription_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "subscriptionId", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_resourceGrou_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "resourceGroup", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_resourceType_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "resourceType", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_privilegeLev_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "privilegeLevel", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_openFindingC_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "openFindingCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_azureRoleCou_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "azureRoleCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_directoryRol_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "directoryRoleCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_appRoleCount_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "appRoleCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_groupCount_i_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "groupCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_attachedReso_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "attachedResourceCount", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_isOrphaned_i_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "isOrphaned", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_firstSeenAt__idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "firstSeenAt", "id");

-- CreateIndex
CREATE INDEX "ServicePrincipal_tenantId_servicePrincipalType_lastSignInAt_idx" ON "ServicePrincipal"("tenantId", "servicePrincipalType", "lastSignInAt", "id");

