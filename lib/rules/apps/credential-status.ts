// Lifetime, validity and expiry of a secret or certificate at the snapshot's instant.
import { isoOrNull, DAY_MS } from "../subjects";
import type { CredentialRecord } from "../snapshot";

export interface CredentialStatus {
  readonly active: boolean;
  readonly expired: boolean;
  /** Whole days from start to end; null when either date is unknown. */
  readonly lifetimeDays: number | null;
  /** Days until the end (negative once expired); null when there is no end date. */
  readonly daysLeft: number | null;
}

export function credentialStatus(credential: CredentialRecord, now: Date): CredentialStatus {
  const t = now.getTime();
  const start = credential.startDateTime?.getTime() ?? null;
  const end = credential.endDateTime?.getTime() ?? null;
  const expired = end !== null && end <= t;
  const notYetValid = start !== null && start > t;
  return {
    active: !expired && !notYetValid,
    expired,
    lifetimeDays: start !== null && end !== null ? Math.floor((end - start) / DAY_MS) : null,
    daysLeft: end !== null ? Math.floor((end - t) / DAY_MS) : null,
  };
}

/** Evidence form: exactly which credential, never its value. */
export function describeCredential(credential: CredentialRecord, now: Date): Record<string, unknown> {
  const status = credentialStatus(credential, now);
  return {
    keyId: credential.keyId,
    kind: credential.kind,
    ownerType: credential.ownerType,
    ownerId: credential.ownerId,
    displayName: credential.displayName,
    startDateTime: isoOrNull(credential.startDateTime),
    endDateTime: isoOrNull(credential.endDateTime),
    lifetimeDays: status.lifetimeDays,
    daysLeft: status.daysLeft,
  };
}
