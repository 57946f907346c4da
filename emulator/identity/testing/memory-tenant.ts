// A small in-memory AuthorityTenant for the identity tests; the real tenant model lives in emulator/tenant.
import {
  type AuthorityApplication,
  type AuthorityManagedIdentity,
  type AuthorityTenant,
  type AuthorityUser,
} from "../types";

export interface MemoryTenantInit {
  tenantId: string;
  applications?: AuthorityApplication[];
  managedIdentities?: AuthorityManagedIdentity[];
  /** The host's system-assigned identity, answered when no id is sent. */
  systemIdentity?: AuthorityManagedIdentity;
  users?: AuthorityUser[];
}

/** Mutable on purpose: tests change roles or remove users to see later tokens follow. */
export interface MemoryTenant extends AuthorityTenant {
  applications: AuthorityApplication[];
  managedIdentities: AuthorityManagedIdentity[];
  systemIdentity: AuthorityManagedIdentity | undefined;
  userList: AuthorityUser[];
}

export function createMemoryTenant(init: MemoryTenantInit): MemoryTenant {
  const tenant: MemoryTenant = {
    tenantId: init.tenantId,
    applications: [...(init.applications ?? [])],
    managedIdentities: [...(init.managedIdentities ?? [])],
    systemIdentity: init.systemIdentity,
    userList: [...(init.users ?? [])],
    findApplication(clientId) {
      // Entra matches client ids case-insensitively (they are GUIDs).
      return tenant.applications.find((a) => a.appId.toLowerCase() === clientId.toLowerCase());
    },
    findManagedIdentity(q) {
      if (q === "system") return tenant.systemIdentity;
      const all = [...tenant.managedIdentities, ...(tenant.systemIdentity ? [tenant.systemIdentity] : [])];
      return all.find(
        (mi) =>
          (q.clientId !== undefined && mi.appId.toLowerCase() === q.clientId.toLowerCase()) ||
          (q.objectId !== undefined && mi.objectId.toLowerCase() === q.objectId.toLowerCase()) ||
          (q.resourceId !== undefined && mi.resourceId.toLowerCase() === q.resourceId.toLowerCase()),
      );
    },
    users() {
      return tenant.userList;
    },
  };
  return tenant;
}
