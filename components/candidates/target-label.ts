import type { CandidateTarget } from "@/lib/schemas/candidate";

export const targetLabel: Record<CandidateTarget, string> = {
  SystemAssigned: "System-assigned identity",
  UserAssigned: "User-assigned identity",
  ManagedIdentityAsFederatedCredential: "Managed identity as federated credential",
};

export const targetShortLabel: Record<CandidateTarget, string> = {
  SystemAssigned: "System-assigned",
  UserAssigned: "User-assigned",
  ManagedIdentityAsFederatedCredential: "MI as federated credential",
};
