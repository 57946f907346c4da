// One managed identity, top to bottom: what it is and where it lives, who can become it, what it
// holds, what is wrong with it, and how it got here. Server-rendered; every tenant-supplied name is
// text (React escapes it), and only our own paths become links.
import Link from "next/link";
import type { ReactNode } from "react";
import { SeverityBadge } from "@/components/findings/severity-badge";
import { formatDay, formatInstant, formatNumber } from "@/components/ui/format";
import type {
  ControlRouteName,
  IdentityDetail,
  IdentityFindingView,
  ResourceRef,
  TimelineEntry,
} from "@/lib/schemas/identity";
import { DetailSection, DetailTable, Id, Muted } from "./detail-table";
import { kindLabel } from "./kind-label";
import { PrivilegeBadge } from "./privilege-badge";

const link =
  "font-medium text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-300";

const routeText: Record<ControlRouteName, string> = {
  "host-write": "Can change or run code on the host resource, and so act as its identity",
  "identity-assign": "Can assign this identity to a resource they control",
  "identity-federated-credential-write": "Can add a federated credential that trusts their own tokens",
  "attached-host-write": "Can change or run code on a resource this identity is attached to",
};

const statusText: Record<IdentityFindingView["status"], string> = {
  open: "Open",
  in_progress: "In progress",
  resolved: "Resolved",
  risk_accepted: "Risk accepted",
  false_positive: "False positive",
};

const changeText: Record<TimelineEntry["change"], string> = {
  added: "Added",
  removed: "Removed",
  changed: "Changed",
  firstSeen: "First seen",
};

const changeStyle: Record<TimelineEntry["change"], string> = {
  added: "bg-emerald-600",
  removed: "bg-red-600",
  changed: "bg-amber-500",
  firstSeen: "bg-slate-400",
};

function Since({ at }: { at: string | null }) {
  return at ? (
    <time dateTime={at} className="whitespace-nowrap">
      {formatDay(at)}
    </time>
  ) : (
    <span>—</span>
  );
}

function ResourceName({ resource }: { resource: ResourceRef }) {
  return (
    <span className="flex min-w-56 flex-col gap-0.5">
      <span>
        {resource.name}
        {!resource.exists ? (
          <span className="ml-2 text-xs font-normal text-red-800 dark:text-red-300">(not found by the last sync)</span>
        ) : null}
      </span>
      <span className="text-xs font-normal text-slate-600 dark:text-slate-400">{resource.type ?? "resource"}</span>
      <span className="text-xs font-normal text-slate-600 dark:text-slate-400">
        <Id>{resource.armId}</Id>
      </span>
    </span>
  );
}

function resourceRows(resources: readonly ResourceRef[]) {
  return resources.map((r) => ({
    key: r.armId,
    cells: [
      <ResourceName key="n" resource={r} />,
      r.resourceGroup ?? "—",
      r.subscriptionName ?? r.subscriptionId ?? "—",
      r.location ?? "—",
    ],
  }));
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}

function Count({ n, one, many }: { n: number; one: string; many: string }) {
  return (
    <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium tabular-nums text-slate-800 dark:bg-slate-800 dark:text-slate-200">
      {formatNumber(n)} {n === 1 ? one : many}
    </span>
  );
}

/** One row per principal and role assignment; each way it reaches the identity once, with its targets. */
function groupControllers(controllers: IdentityDetail["controllers"]) {
  const rows = new Map<
    string,
    {
      key: string;
      principalName: string;
      principalUpn: string | null;
      principalType: string;
      roleName: string;
      scopeLabel: string;
      routes: { route: ControlRouteName; targets: { name: string; action: string }[] }[];
    }
  >();
  for (const c of controllers) {
    const key = `${c.principalId}|${c.roleName}|${c.scope}`;
    const row = rows.get(key) ?? {
      key,
      principalName: c.principalName,
      principalUpn: c.principalUpn,
      principalType: c.principalType,
      roleName: c.roleName,
      scopeLabel: c.scopeLabel,
      routes: [],
    };
    let route = row.routes.find((r) => r.route === c.route);
    if (!route) {
      route = { route: c.route, targets: [] };
      row.routes.push(route);
    }
    route.targets.push({ name: c.target.name, action: c.action });
    rows.set(key, row);
  }
  return [...rows.values()];
}

export function IdentityDetailView({ detail }: { detail: IdentityDetail }) {
  const { identity } = detail;
  const findingsHref = `/findings?subject=${encodeURIComponent(identity.id)}`;
  const sections = [
    ["where", "Where it lives"],
    ["controllers", "Who can become it"],
    ["grants", "What it can do"],
    ["findings", "Findings"],
    ["timeline", "Timeline"],
  ] as const;
  const directAzure = detail.azureRoles.filter((r) => !r.via).length;
  const controllers = groupControllers(detail.controllers);

  return (
    <div className="space-y-10">
      <div className="space-y-4">
        <div className="flex flex-wrap items-center gap-2">
          <span className="rounded bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-800 dark:bg-slate-700 dark:text-slate-100">
            {kindLabel[identity.kind]}
          </span>
          <span className="text-sm text-slate-700 dark:text-slate-300">Risk</span>
          <PrivilegeBadge level={identity.privilege} />
          {!identity.accountEnabled ? (
            <span className="rounded bg-slate-700 px-2 py-0.5 text-xs font-medium text-white">Disabled</span>
          ) : null}
          {identity.isOrphaned ? (
            <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-950 ring-1 ring-inset ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800">
              Orphaned
            </span>
          ) : null}
        </div>
        <dl className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-3 dark:border-slate-800 dark:bg-slate-900">
          <Fact label="Object id (principal id)">
            <Id>{identity.id}</Id>
          </Fact>
          <Fact label="Client id (application id)">
            <Id>{identity.appId}</Id>
          </Fact>
          <Fact label="Subscription">
            {identity.subscriptionName ?? "—"}
            {identity.subscriptionId ? (
              <span className="block text-xs text-slate-600 dark:text-slate-400">{identity.subscriptionId}</span>
            ) : null}
          </Fact>
          <Fact label="Resource group">{identity.resourceGroup ?? "—"}</Fact>
          <Fact label="First seen">
            <Since at={identity.firstSeenAt} />
          </Fact>
          <Fact label="Last sign-in">
            {identity.lastSignInAt ? <Since at={identity.lastSignInAt} /> : "None recorded"}
          </Fact>
        </dl>
        <nav aria-label="On this page">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {sections.map(([id, title]) => (
              <li key={id}>
                <a href={`#${id}`} className={link}>
                  {title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>

      <DetailSection
        id="where"
        title="Where it lives"
        description={
          identity.kind === "SystemAssigned"
            ? "A system-assigned identity belongs to one resource and is deleted with it."
            : "A user-assigned identity is its own Azure resource, attached to any number of resources."
        }
      >
        <p
          className={`rounded-md border px-4 py-3 text-sm ${
            identity.isOrphaned
              ? "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
              : "border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
          }`}
        >
          {detail.orphanedReason}
        </p>
        {detail.host ? (
          <DetailTable
            caption="Host resource"
            headers={["Host resource", "Resource group", "Subscription", "Location"]}
            rows={resourceRows([detail.host])}
          />
        ) : null}
        {detail.identityResource ? (
          <DetailTable
            caption="The identity's own resource"
            headers={["Identity resource", "Resource group", "Subscription", "Location"]}
            rows={resourceRows([detail.identityResource])}
          />
        ) : null}
        {identity.kind === "UserAssigned" ? (
          detail.attachedResources.length > 0 ? (
            <DetailTable
              caption="Resources this identity is attached to"
              headers={["Attached to", "Resource group", "Subscription", "Location"]}
              rows={resourceRows(detail.attachedResources)}
            />
          ) : (
            <Muted>Not attached to any resource.</Muted>
          )
        ) : null}
      </DetailSection>

      <DetailSection
        id="controllers"
        title="Who can become it"
        description="Principals whose Azure roles, at the resource's scope or above, let them obtain this identity's tokens. Each of them holds everything this identity holds."
      >
        {controllers.length > 0 ? (
          <DetailTable
            caption="Principals that can become this identity"
            headers={["Principal", "Role", "Scope", "How"]}
            rows={controllers.map((c) => ({
              key: c.key,
              cells: [
                <span key="p" className="flex flex-col gap-0.5">
                  <span>{c.principalName}</span>
                  <span className="break-all text-xs font-normal text-slate-600 dark:text-slate-400">
                    {c.principalUpn ?? c.principalType}
                  </span>
                </span>,
                c.roleName,
                c.scopeLabel,
                <ul key="h" className="min-w-64 space-y-1">
                  {c.routes.map((r) => (
                    <li key={r.route}>
                      {routeText[r.route]}
                      <span className="block break-all text-xs text-slate-600 dark:text-slate-400">
                        {r.targets.map((t) => `${t.name} (${t.action})`).join(", ")}
                      </span>
                    </li>
                  ))}
                </ul>,
              ],
            }))}
          />
        ) : (
          <Muted>No Azure role assignment at or above its resources allows taking over this identity.</Muted>
        )}
      </DetailSection>

      <DetailSection id="grants" title="What it can do">
        <div className="flex flex-wrap gap-2">
          <Count n={detail.azureRoles.length} one="Azure role" many="Azure roles" />
          <Count n={detail.directoryRoles.length} one="directory role" many="directory roles" />
          <Count n={detail.appPermissions.length} one="app permission" many="app permissions" />
          <Count n={detail.groups.length} one="group" many="groups" />
          {identity.kind === "UserAssigned" ? (
            <>
              <Count n={detail.federatedCredentials.length} one="federated credential" many="federated credentials" />
              <Count n={detail.trustingApps.length} one="app that trusts it" many="apps that trust it" />
            </>
          ) : null}
        </div>

        <h3 className="pt-2 font-semibold">Azure roles</h3>
        {detail.azureRoles.length > 0 ? (
          <>
            {directAzure < detail.azureRoles.length ? (
              <Muted>Roles held through a group are listed with that group.</Muted>
            ) : null}
            <DetailTable
              caption="Azure role assignments"
              headers={["Role", "Scope level", "Scope", "Held", "Since"]}
              rows={detail.azureRoles.map((r) => ({
                key: r.assignmentId,
                cells: [
                  <span key="r" className="flex flex-col gap-0.5">
                    <span>{r.roleName}</span>
                    {r.roleType === "CustomRole" ? (
                      <span className="text-xs font-normal text-slate-600 dark:text-slate-400">Custom role</span>
                    ) : null}
                    {r.condition ? (
                      <span className="text-xs font-normal text-slate-600 dark:text-slate-400">With a condition</span>
                    ) : null}
                  </span>,
                  scopeLevelText[r.scopeLevel],
                  <span key="s" className="flex flex-col gap-0.5">
                    <span>{r.scopeLabel}</span>
                    <span className="text-xs text-slate-600 dark:text-slate-400">
                      <Id>{r.scope}</Id>
                    </span>
                  </span>,
                  r.via ? `Through group ${r.via.name}` : "Directly",
                  <Since key="d" at={r.firstSeenAt} />,
                ],
              }))}
            />
          </>
        ) : (
          <Muted>No Azure role assignments.</Muted>
        )}

        <h3 className="pt-2 font-semibold">Directory roles</h3>
        {detail.directoryRoles.length > 0 ? (
          <DetailTable
            caption="Entra directory roles"
            headers={["Role", "Scope", "Held", "Since"]}
            rows={detail.directoryRoles.map((r) => ({
              key: r.assignmentId,
              cells: [
                r.roleName,
                r.directoryScopeId === "/" ? "Whole directory" : <Id key="s">{r.directoryScopeId}</Id>,
                r.via ? `Through group ${r.via.name}` : "Directly",
                <Since key="d" at={r.firstSeenAt} />,
              ],
            }))}
          />
        ) : (
          <Muted>No Entra directory roles.</Muted>
        )}

        <h3 className="pt-2 font-semibold">App permissions</h3>
        {detail.appPermissions.length > 0 ? (
          <DetailTable
            caption="Application permissions"
            headers={["Permission", "API", "Since"]}
            rows={detail.appPermissions.map((p) => ({
              key: p.assignmentId,
              cells: [<code key="p">{p.permission}</code>, p.resourceDisplayName, <Since key="d" at={p.firstSeenAt} />],
            }))}
          />
        ) : (
          <Muted>No application permissions on Microsoft Graph or other APIs.</Muted>
        )}

        <h3 className="pt-2 font-semibold">Groups</h3>
        {detail.groups.length > 0 ? (
          <DetailTable
            caption="Group memberships, direct and through nested groups"
            headers={["Group", "Membership path", "What the group holds"]}
            rows={detail.groups.map((g) => ({
              key: g.group.id,
              cells: [
                <span key="g" className="flex flex-col gap-0.5">
                  <span>{g.group.name}</span>
                  {g.isAssignableToRole ? (
                    <span className="text-xs font-normal text-slate-600 dark:text-slate-400">Role-assignable</span>
                  ) : null}
                </span>,
                <span key="p">
                  {g.depth === 1 ? "Direct member" : null}
                  {g.depth > 1 ? (
                    <ol aria-label={`Path to ${g.group.name}`} className="flex flex-wrap items-center gap-1">
                      <li>{identity.displayName}</li>
                      {g.path.map((step) => (
                        <li key={step.id} className="flex items-center gap-1">
                          <span aria-hidden="true">→</span>
                          <span>{step.name}</span>
                        </li>
                      ))}
                    </ol>
                  ) : null}
                </span>,
                g.azureRoleCount + g.directoryRoleCount === 0
                  ? "Nothing"
                  : [
                      g.azureRoleCount > 0
                        ? `${g.azureRoleCount} Azure role${g.azureRoleCount === 1 ? "" : "s"}`
                        : null,
                      g.directoryRoleCount > 0
                        ? `${g.directoryRoleCount} directory role${g.directoryRoleCount === 1 ? "" : "s"}`
                        : null,
                    ]
                      .filter(Boolean)
                      .join(", "),
              ],
            }))}
          />
        ) : (
          <Muted>Not a member of any group.</Muted>
        )}

        {identity.kind === "UserAssigned" ? (
          <>
            <h3 className="pt-2 font-semibold">Federated credentials</h3>
            {detail.federatedCredentials.length > 0 ? (
              <DetailTable
                caption="Federated credentials: outside tokens this identity accepts"
                headers={["Name", "Issuer", "Subject", "Audiences", "Since"]}
                rows={detail.federatedCredentials.map((f) => ({
                  key: f.id,
                  cells: [
                    f.name,
                    <Id key="i">{f.issuer}</Id>,
                    <Id key="s">{f.subject}</Id>,
                    f.audiences.join(", "),
                    <Since key="d" at={f.firstSeenAt} />,
                  ],
                }))}
              />
            ) : (
              <Muted>No federated credentials: no outside workload can sign in as this identity.</Muted>
            )}

            <h3 className="pt-2 font-semibold">Apps that trust it</h3>
            {detail.trustingApps.length > 0 ? (
              <DetailTable
                caption="App registrations that accept this identity as a federated credential"
                headers={["App registration", "Credential", "Issuer", "Trust"]}
                rows={detail.trustingApps.map((a) => ({
                  key: `${a.applicationId ?? a.displayName}|${a.credentialName}`,
                  cells: [
                    <span key="a" className="flex flex-col gap-0.5">
                      <span>{a.displayName}</span>
                      {a.appId ? (
                        <span className="text-xs font-normal text-slate-600 dark:text-slate-400">{a.appId}</span>
                      ) : null}
                    </span>,
                    a.credentialName,
                    <Id key="i">{a.issuer}</Id>,
                    a.effective
                      ? "Effective: this identity can act as the app"
                      : "Not effective: issuer or audience is not this tenant's token exchange",
                  ],
                }))}
              />
            ) : (
              <Muted>No app registration accepts this identity&apos;s tokens.</Muted>
            )}
          </>
        ) : null}
      </DetailSection>

      <DetailSection
        id="findings"
        title="Findings"
        description={
          <>
            {formatNumber(identity.openFindingCount)} open.{" "}
            <Link href={findingsHref} className={link}>
              Show this identity&apos;s findings in the queue
            </Link>
          </>
        }
      >
        {detail.findings.length > 0 ? (
          <DetailTable
            caption="Findings about this identity"
            headers={["Finding", "Severity", "Status", "Rule", "First seen", "Due"]}
            rows={detail.findings.map((f) => ({
              key: f.id,
              cells: [
                <Link key="f" href={`/findings/${encodeURIComponent(f.id)}`} className={link}>
                  {f.title}
                </Link>,
                <SeverityBadge key="s" severity={f.severity} />,
                statusText[f.status],
                f.ruleTitle,
                <Since key="d" at={f.firstSeenAt} />,
                <Since key="u" at={f.dueDate} />,
              ],
            }))}
          />
        ) : (
          <Muted>No rule has found anything about this identity.</Muted>
        )}
      </DetailSection>

      <DetailSection
        id="timeline"
        title="Timeline"
        description={`What each sync saw appear, change or disappear (Graph records no creation date for service principals).${
          identity.lastSyncAt ? ` Last sync: ${formatInstant(identity.lastSyncAt)}.` : ""
        }`}
      >
        <Timeline entries={detail.timeline} />
        {detail.timelineTruncated ? <Muted>Older events are not shown.</Muted> : null}
      </DetailSection>
    </div>
  );
}

const scopeLevelText = {
  root: "Tenant root",
  managementGroup: "Management group",
  subscription: "Subscription",
  resourceGroup: "Resource group",
  resource: "Resource",
} as const;

function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  if (entries.length === 0) return <Muted>No history recorded yet.</Muted>;
  // One heading per day, newest first.
  const days: { day: string; items: TimelineEntry[] }[] = [];
  for (const entry of entries) {
    const day = entry.at.slice(0, 10);
    const last = days[days.length - 1];
    if (last?.day === day) last.items.push(entry);
    else days.push({ day, items: [entry] });
  }
  return (
    <ol className="space-y-5">
      {days.map(({ day, items }) => (
        <li key={day}>
          <h3 className="text-sm font-semibold">
            <time dateTime={day}>{day}</time>
          </h3>
          <ol className="mt-2 space-y-2 border-l border-slate-300 pl-4 dark:border-slate-700">
            {items.map((e) => (
              <li key={e.key} className="relative text-sm">
                <span
                  aria-hidden="true"
                  className={`absolute -left-[1.3rem] top-1.5 h-2.5 w-2.5 rounded-full ${changeStyle[e.change]}`}
                />
                <span className="mr-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
                  {changeText[e.change]}
                </span>
                <span>{e.text}</span>{" "}
                <time dateTime={e.at} className="text-xs text-slate-600 dark:text-slate-400">
                  {formatInstant(e.at, { seconds: false })}
                </time>
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}
