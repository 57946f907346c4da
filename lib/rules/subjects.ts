// Small helpers rules share to describe their subject.
import type { ServicePrincipalRecord, SubjectKind } from "./snapshot";
import { subscriptionOf } from "./privilege/ancestor-scopes";

export function managedIdentitySubject(sp: ServicePrincipalRecord): {
  subjectId: string;
  subjectName: string;
  subjectKind: SubjectKind;
  subscriptionId: string | null;
} {
  return {
    subjectId: sp.id,
    subjectName: sp.displayName,
    subjectKind: sp.miKind ?? "Application",
    subscriptionId: sp.subscriptionId ?? (sp.miResourceId ? subscriptionOf(sp.miResourceId) : null),
  };
}

export function isoOrNull(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

export const DAY_MS = 86_400_000;
