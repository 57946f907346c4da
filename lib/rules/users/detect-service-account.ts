// Whether a user account behaves like a service account: named like one, or signing in only
// non-interactively (a script with a stored password or refresh token).
import type { RuleConfig } from "../config";
import type { UserRecord } from "../snapshot";
import { DAY_MS } from "../subjects";

export type ServiceAccountSignal = "naming" | "non-interactive-only";

export interface ServiceAccountDetection {
  readonly signals: readonly ServiceAccountSignal[];
  readonly matchedPattern: string | null;
}

const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(pattern, "i");
    patterns.set(pattern, re);
  }
  return re;
}

export function detectServiceAccount(
  user: UserRecord,
  config: RuleConfig,
  now: Date,
  signInActivityAvailable: boolean,
): ServiceAccountDetection | null {
  const localPart = user.userPrincipalName.split("@")[0] ?? user.userPrincipalName;
  const matchedPattern =
    config.serviceAccountNamePatterns.find((p) => {
      const re = compiled(p);
      return re.test(localPart) || (user.displayName !== null && re.test(user.displayName));
    }) ?? null;
  const signals: ServiceAccountSignal[] = matchedPattern !== null ? ["naming"] : [];
  if (signInActivityAvailable) {
    const cutoff = now.getTime() - config.inactivityDays * DAY_MS;
    const interactiveRecently = user.lastSignInAt !== null && user.lastSignInAt.getTime() >= cutoff;
    const nonInteractiveRecently =
      user.lastNonInteractiveSignInAt !== null && user.lastNonInteractiveSignInAt.getTime() >= cutoff;
    if (nonInteractiveRecently && !interactiveRecently) signals.push("non-interactive-only");
  }
  return signals.length > 0 ? { signals, matchedPattern } : null;
}
