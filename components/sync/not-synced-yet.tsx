import { EmptyState } from "@/components/ui/empty-state";

/** Shown wherever data would be, until a first sync has succeeded. */
export function NotSyncedYet({ what }: { what: string }) {
  return (
    <EmptyState title="No tenant synced yet">
      <p>
        {what} appear here once Identity Steward has read a tenant. To see it with an emulated demo tenant, stop this
        server and run <code>npm run demo</code>.
      </p>
      <p>
        To read your own tenant, grant the sync identity read access (see the README&apos;s &ldquo;Running against a
        real tenant&rdquo;), set <code>AZURE_TENANT_ID</code> and its credentials, then run{" "}
        <code>npx steward sync</code>.
      </p>
    </EmptyState>
  );
}
