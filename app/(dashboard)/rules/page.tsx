import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Rules" };

export default function RulesPage() {
  return (
    <>
      <PageHeader title="Rules" description="The checks Identity Steward runs over every synced snapshot." />
      <EmptyState title="Rule catalog">
        <p>Rules are evaluated after every sync; each has a page explaining what it looks for and how to fix it.</p>
      </EmptyState>
    </>
  );
}
