import type { ManagedIdentityKind } from "@/lib/rules/snapshot";

export const kindLabel: Record<ManagedIdentityKind, string> = {
  SystemAssigned: "System-assigned",
  UserAssigned: "User-assigned",
};
