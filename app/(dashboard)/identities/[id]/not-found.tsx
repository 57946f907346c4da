import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export default function IdentityNotFound() {
  return (
    <>
      <PageHeader title="Identity not found" />
      <EmptyState title="No such managed identity">
        <p>
          The synced tenant has no managed identity with this object id. It may have been deleted since the link was
          made (its findings keep its history), or the id may be mistyped.
        </p>
        <p>
          <Link href="/identities" className="font-medium text-blue-800 underline dark:text-blue-300">
            Search the inventory
          </Link>
        </p>
      </EmptyState>
    </>
  );
}
