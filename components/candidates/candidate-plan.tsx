// A migration plan, step by step: the identity to create, what to replicate onto it, the exact
// federated credential values for the app route (with copy buttons), and what to remove at the end.
// Everything named here comes from the tenant and is rendered as text.
import type { ReactNode } from "react";
import type { CandidateDetail, MigrationPlan } from "@/lib/schemas/candidate";
import { CopyButton } from "@/components/ui/copy-button";
import { formatDay, plural } from "@/components/ui/format";

const th = "whitespace-nowrap px-3 py-2 text-left font-semibold";
const td = "px-3 py-2 align-top";

function PlanSection({
  id,
  title,
  count,
  children,
}: {
  id: string;
  title: string;
  count?: number;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={id}
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h3 id={id} className="mb-3 text-base font-semibold">
        {title}
        {count !== undefined ? (
          <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-400">({count})</span>
        ) : null}
      </h3>
      {children}
    </section>
  );
}

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-700">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-700 dark:bg-slate-800 dark:text-slate-200">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((cells, i) => (
            <tr key={i}>
              {cells.map((cell, j) => (
                <td key={j} className={`${td} ${j === 0 ? "font-medium" : ""}`}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const Code = ({ children }: { children: string }) => <code className="break-all">{children}</code>;
const Nothing = ({ children }: { children: ReactNode }) => (
  <p className="text-sm text-slate-600 dark:text-slate-400">{children}</p>
);

function CopyValue({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-sm font-medium">{label}</dt>
      <dd className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
        <code className="break-all rounded bg-slate-100 px-2 py-1 text-sm dark:bg-slate-800">{value}</code>
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} />
      </dd>
    </div>
  );
}

export function CandidatePlan({ candidate, plan }: { candidate: CandidateDetail; plan: MigrationPlan }) {
  const identity = plan.identityToCreate;
  const fic = plan.federatedCredential;
  return (
    <div className="space-y-4">
      <PlanSection id="plan-steps" title="Steps">
        <ol className="list-decimal space-y-2 pl-5 text-sm">
          {plan.steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      </PlanSection>

      <PlanSection id="plan-identity" title="Identity to create">
        <dl className="grid grid-cols-1 gap-x-8 gap-y-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Kind</dt>
            <dd>{identity.kind === "SystemAssigned" ? "System-assigned (enable it on the host)" : "User-assigned"}</dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">
              {identity.kind === "SystemAssigned" ? "Host" : "Name"}
            </dt>
            <dd className="flex flex-wrap items-center gap-2">
              <code className="break-all">{identity.name}</code>
              <CopyButton value={identity.name} label="Copy identity name" />
            </dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Subscription</dt>
            <dd>
              {identity.subscriptionId ? (
                <Code>{identity.subscriptionId}</Code>
              ) : (
                "Where the workload runs (not known from the snapshot)"
              )}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Resource group</dt>
            <dd>{identity.resourceGroup ?? "Your choice (often the workload's)"}</dd>
          </div>
          <div className="sm:col-span-2">
            <dt className="text-slate-600 dark:text-slate-400">
              {identity.kind === "SystemAssigned" ? "Host resource" : "Attach to"}
            </dt>
            <dd>
              {identity.hostResourceIds.length === 0 ? (
                "The resources that run the workload, once they are known: the identity can be created and granted first."
              ) : (
                <ul className="space-y-1">
                  {identity.hostResourceIds.map((id) => (
                    <li key={id}>
                      <Code>{id}</Code>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
      </PlanSection>

      {fic ? (
        <PlanSection id="plan-fic" title="Federated credential to add to the app registration">
          <p className="mb-3 text-sm">
            On app registration <span className="font-medium">{candidate.displayName}</span> (app id{" "}
            <Code>{fic.appId}</Code>
            {fic.applicationObjectId ? (
              <>
                , object id <Code>{fic.applicationObjectId}</Code>
              </>
            ) : null}
            ), add a federated identity credential with exactly these values. Entra accepts wrong values silently, and
            the subject is case-sensitive.
          </p>
          <dl className="space-y-3">
            <CopyValue label="Name" value={fic.name} />
            <CopyValue label="Issuer" value={fic.issuer} />
            <CopyValue label="Subject" value={fic.subject} />
            {fic.audiences.map((audience, i) => (
              <CopyValue
                key={audience}
                label={fic.audiences.length > 1 ? `Audience ${i + 1}` : "Audience"}
                value={audience}
              />
            ))}
          </dl>
          <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">{fic.subjectSource}</p>
        </PlanSection>
      ) : null}

      <PlanSection
        id="plan-roles"
        title="Azure role assignments to replicate"
        count={plan.roleAssignmentsToReplicate.length}
      >
        {plan.roleAssignmentsToReplicate.length === 0 ? (
          <Nothing>{fic ? "None: the app keeps its own role assignments." : "None."}</Nothing>
        ) : (
          <Table
            caption="Azure role assignments to replicate"
            head={["Role", "Scope", "Copied from assignment"]}
            rows={plan.roleAssignmentsToReplicate.map((r) => [
              r.roleName,
              <Code key="s">{r.scope}</Code>,
              <Code key="a">{r.sourceAssignmentId}</Code>,
            ])}
          />
        )}
      </PlanSection>

      <PlanSection
        id="plan-permissions"
        title="App permissions to replicate"
        count={plan.appPermissionsToReplicate.length}
      >
        {plan.appPermissionsToReplicate.length === 0 ? (
          <Nothing>{fic ? "None: the app keeps its own permissions and consents." : "None."}</Nothing>
        ) : (
          <Table
            caption="App permissions to replicate"
            head={["Permission", "API", "App role id"]}
            rows={plan.appPermissionsToReplicate.map((p) => [
              p.appRoleValue ?? "(unnamed app role)",
              p.resourceDisplayName ?? p.resourceAppId ?? p.resourceId,
              <Code key="r">{p.appRoleId}</Code>,
            ])}
          />
        )}
      </PlanSection>

      {plan.directoryRolesToReplicate.length > 0 ? (
        <PlanSection
          id="plan-directory"
          title="Directory roles to replicate"
          count={plan.directoryRolesToReplicate.length}
        >
          <Table
            caption="Directory roles to replicate"
            head={["Role", "Directory scope", "Role definition id"]}
            rows={plan.directoryRolesToReplicate.map((r) => [
              candidate.directoryRoleNames[r.roleDefinitionId] ?? "Directory role",
              <Code key="s">{r.directoryScopeId}</Code>,
              <Code key="d">{r.roleDefinitionId}</Code>,
            ])}
          />
        </PlanSection>
      ) : null}

      {plan.groupMembershipsToReplicate.length > 0 ? (
        <PlanSection
          id="plan-groups"
          title="Group memberships to replicate"
          count={plan.groupMembershipsToReplicate.length}
        >
          <Table
            caption="Group memberships to replicate"
            head={["Group", "Group id"]}
            rows={plan.groupMembershipsToReplicate.map((g) => [g.displayName, <Code key="g">{g.groupId}</Code>])}
          />
        </PlanSection>
      ) : null}

      <PlanSection
        id="plan-remove"
        title="At the end, remove"
        count={plan.credentialsToRemove.length + (plan.accountToDisable ? 1 : 0)}
      >
        {plan.credentialsToRemove.length === 0 && !plan.accountToDisable ? <Nothing>Nothing to remove.</Nothing> : null}
        {plan.credentialsToRemove.length > 0 ? (
          <Table
            caption="Credentials to remove"
            head={["Credential", "Kind", "On", "Expires", "Key id"]}
            rows={plan.credentialsToRemove.map((c) => [
              c.displayName ?? "(no name)",
              c.kind === "password" ? "Client secret" : "Certificate",
              c.ownerType === "Application" ? "App registration" : "Service principal",
              formatDay(c.endDateTime),
              <Code key="k">{c.keyId}</Code>,
            ])}
          />
        ) : null}
        {plan.accountToDisable ? (
          <p className="mt-3 text-sm">
            Disable the user account <span className="font-medium">{plan.accountToDisable}</span> once nothing signs in
            with it, after removing its role assignments.
          </p>
        ) : null}
        {plan.credentialsToRemove.length > 0 ? (
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
            {plural(plan.credentialsToRemove.length, "credential")} to remove only after the workload has run on the
            managed identity.
          </p>
        ) : null}
      </PlanSection>
    </div>
  );
}
