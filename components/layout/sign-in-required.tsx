import { EmptyState } from "@/components/ui/empty-state";

export function SignInRequired() {
  return (
    <EmptyState title="Sign-in required">
      <p>
        Identity Steward shows tenant data only to signed-in people, and Entra ID sign-in is not available in this
        version yet. To use it on a trusted network without sign-in, start the server with{" "}
        <code>STEWARD_AUTH_MODE=none</code> (as <code>npm run demo</code> does).
      </p>
    </EmptyState>
  );
}
