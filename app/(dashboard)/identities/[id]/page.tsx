import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { IdentityDetailView } from "@/components/identities/identity-detail-view";
import { SignInRequired } from "@/components/layout/sign-in-required";
import { PageHeader } from "@/components/ui/page-header";
import { pageAccess } from "@/lib/auth/require-page-access";
import { currentTenantId } from "@/lib/data/current-tenant";
import { getIdentity } from "@/lib/data/get-identity";
import { isAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

// Metadata and page share one read per request.
const load = cache(async (id: string) => {
  const tenantId = await currentTenantId();
  if (!tenantId) notFound();
  try {
    return await getIdentity(tenantId, id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  if (!pageAccess().allowed) return { title: "Identity" };
  const detail = await load((await params).id);
  return { title: detail.identity.displayName };
}

export default async function IdentityPage({ params }: Props) {
  if (!pageAccess().allowed) {
    return (
      <>
        <PageHeader title="Identity" />
        <SignInRequired />
      </>
    );
  }
  const { id } = await params;
  const detail = await load(id);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link
          href="/identities"
          className="text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300"
        >
          Identities
        </Link>
      </nav>
      <PageHeader title={detail.identity.displayName} />
      <IdentityDetailView detail={detail} />
    </>
  );
}
