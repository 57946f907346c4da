// Builds a tenant deterministically from a seed and a size: a hand-written set of scenarios that
// makes every rule of the product's catalog fire (and some clean identities), plus a random
// population in realistic proportions. Every date is relative to `now` so a seed always yields
// the same tenant for the same reference day.
import { createHash } from "node:crypto";
import {
  AZURE_BUILTIN_ROLES,
  BENIGN_GRAPH_ROLES,
  FIRST_PARTY_APPS,
  GRAPH_APP_ID,
  GRAPH_APP_ROLES,
  LOCATIONS,
  MICROSOFT_TENANT_ID,
  RESOURCE_KINDS,
  RISKY_GRAPH_ROLES,
  directoryRole,
  graphRole,
} from "./catalog";
import { createRng, deriveSeed, type Rng } from "./random";
import {
  DAY,
  Tenant,
  lower,
  type AppRole,
  type Application,
  type FederatedCredential,
  type Group,
  type KeyCredential,
  type PasswordCredential,
  type Resource,
  type ResourceGroup,
  type RoleAssignment,
  type ServicePrincipal,
  type Subscription,
  type User,
} from "./model";

export interface GenerateOptions {
  seed: number;
  /** `demo` (a small tenant) or the number of service principals. */
  size: "demo" | number;
  /** Reference "now", epoch ms; defaults to today 00:00 UTC. */
  now?: number;
}

/** The client secret of the "Identity Steward (web)" app registration, for client-credential tests. */
export const STEWARD_WEB_CLIENT_SECRET = "steward-emulator-secret-0123456789";
export const STEWARD_IDENTITY_NAME = "identity-steward";
export const STEWARD_WEB_APP_NAME = "Identity Steward (web)";
export const STEWARD_APP_ROLES = ["Steward.Reader", "Steward.Remediator", "Steward.Admin"] as const;

export function todayUtc(at = Date.now()) {
  return Math.floor(at / DAY) * DAY;
}

export function generateTenant(options: GenerateOptions): Tenant {
  const tenant = new Generator(options).run();
  // What the generator built predates any sync: outside the window Resource Graph keeps changes for.
  tenant.resourceChanges.length = 0;
  return tenant;
}

const WORDS = [
  "payments",
  "orders",
  "inventory",
  "billing",
  "search",
  "catalog",
  "identity",
  "reporting",
  "analytics",
  "ingest",
  "gateway",
  "checkout",
  "shipping",
  "pricing",
  "loyalty",
  "crm",
  "hr",
  "payroll",
  "backup",
  "monitor",
  "etl",
  "ml",
  "chat",
  "docs",
  "portal",
  "mobile",
  "partner",
  "audit",
  "ledger",
  "events",
];
const ENVS = ["prod", "dev", "test", "stage"] as const;
const FIRST = [
  "Ada",
  "Ben",
  "Chloe",
  "Dev",
  "Elif",
  "Femi",
  "Greta",
  "Hiro",
  "Ines",
  "Jonas",
  "Kemal",
  "Lena",
  "Marta",
  "Nils",
  "Olu",
  "Priya",
  "Quinn",
  "Rosa",
  "Sami",
  "Tariq",
  "Uma",
  "Vera",
  "Wen",
  "Yara",
  "Zoe",
];
const LAST = [
  "Adams",
  "Berg",
  "Costa",
  "Diaz",
  "Evans",
  "Fischer",
  "Garcia",
  "Haddad",
  "Ivanova",
  "Jensen",
  "Kim",
  "Lopez",
  "Müller",
  "Novak",
  "Okafor",
  "Patel",
  "Rossi",
  "Silva",
  "Tanaka",
  "Weber",
];

interface SecretSpec {
  /** Days from now the credential started (negative = past). */
  startDays: number;
  lifetimeDays: number;
  name?: string;
}

class Generator {
  private readonly rng: Rng;
  private readonly t: Tenant;
  private readonly now: number;
  private counter = 0;
  private graphSp!: ServicePrincipal;
  private subs: Subscription[] = [];
  private rgsBySub = new Map<string, ResourceGroup[]>();

  constructor(private readonly options: GenerateOptions) {
    this.now = options.now ?? todayUtc();
    this.rng = createRng(deriveSeed(options.seed, "tenant"));
    const tenantId = this.rng.guid();
    this.t = new Tenant({
      tenantId,
      domain: `contoso${options.seed}.onmicrosoft.com`,
      displayName: `Contoso ${options.seed} (emulated)`,
      now: this.now,
      seed: options.seed,
      size: options.size,
    });
  }

  run(): Tenant {
    const target = this.options.size === "demo" ? 0 : this.options.size;
    const subCount = this.options.size === "demo" ? 3 : Math.max(3, Math.min(1000, Math.round(target / 100)));
    this.buildHierarchy(subCount);
    this.buildRoleDefinitions();
    this.buildFirstParty();
    const users = this.buildUsers(this.options.size === "demo" ? 24 : Math.max(24, Math.round(target / 4)));
    this.buildSteward(users);
    this.buildScenarios(users);
    const remaining = this.options.size === "demo" ? 60 : Math.max(0, target - this.t.servicePrincipals.length);
    this.buildPopulation(remaining, users, target);
    return this.t;
  }

  // --- small builders -------------------------------------------------------------------------

  private n() {
    return ++this.counter;
  }

  private date(daysFromNow: number) {
    return this.now + Math.round(daysFromNow * DAY);
  }

  private thumbprint(seed: string) {
    return createHash("sha1").update(seed).digest("base64");
  }

  private secrets(specs: SecretSpec[]): PasswordCredential[] {
    return specs.map((s, i) => ({
      keyId: this.rng.guid(),
      displayName: s.name ?? (i === 0 ? "default" : `secret-${i + 1}`),
      start: this.date(s.startDays),
      end: this.date(s.startDays + s.lifetimeDays),
      secretText: `${this.rng.guid().replace(/-/g, "").slice(0, 8)}~${this.rng.guid().replace(/-/g, "")}`,
    }));
  }

  private certificates(specs: SecretSpec[]): KeyCredential[] {
    return specs.map((s, i) => {
      const keyId = this.rng.guid();
      return {
        keyId,
        displayName: s.name ?? `CN=cert-${i + 1}`,
        start: this.date(s.startDays),
        end: this.date(s.startDays + s.lifetimeDays),
        type: "AsymmetricX509Cert",
        usage: "Verify",
        thumbprint: this.thumbprint(keyId),
      };
    });
  }

  private buildHierarchy(subCount: number) {
    const t = this.t;
    const root = t.tenantId;
    t.addManagementGroup({ name: root, displayName: "Tenant Root Group", parent: null });
    const top = ["platform", "landing-zones", "sandbox", "decommissioned"];
    for (const name of top)
      t.addManagementGroup({
        name,
        displayName: name.replace(/(^|-)(\w)/g, (_m, s: string, c: string) => `${s ? " " : ""}${c.toUpperCase()}`),
        parent: root,
      });
    const lzCount = Math.max(2, Math.ceil(subCount / 25));
    const lzs: string[] = [];
    for (let i = 0; i < lzCount; i++) {
      const name = i === 0 ? "corp" : i === 1 ? "online" : `lz-${String(i).padStart(3, "0")}`;
      t.addManagementGroup({
        name,
        displayName: name === "corp" ? "Corp" : name === "online" ? "Online" : `Landing zone ${i}`,
        parent: "landing-zones",
      });
      lzs.push(name);
    }
    const fixed = [
      { displayName: "Production", mg: "corp" },
      { displayName: "Development", mg: "sandbox" },
      { displayName: "Shared Services", mg: "platform" },
    ];
    for (let i = 0; i < subCount; i++) {
      const f = fixed[i];
      const sub: Subscription = {
        subscriptionId: this.rng.guid(),
        displayName: f?.displayName ?? `${this.rng.pick(WORDS)}-${this.rng.pick(ENVS)}-${String(i).padStart(4, "0")}`,
        managementGroup: f?.mg ?? (i % 40 === 39 ? "decommissioned" : this.rng.pick(lzs)),
        state: f ? "Enabled" : i % 97 === 96 ? "Disabled" : "Enabled",
      };
      t.addSubscription(sub);
      this.subs.push(sub);
      const rgCount = f ? 4 : 3 + this.rng.int(4);
      const rgs: ResourceGroup[] = [];
      for (let r = 0; r < rgCount; r++) {
        const name = `rg-${this.rng.pick(WORDS)}-${r}`;
        const rg: ResourceGroup = {
          subscriptionId: sub.subscriptionId,
          name,
          location: this.rng.pick(LOCATIONS),
          id: `/subscriptions/${sub.subscriptionId}/resourceGroups/${name}`,
        };
        t.addResourceGroup(rg);
        rgs.push(rg);
      }
      this.rgsBySub.set(sub.subscriptionId, rgs);
    }
  }

  private buildRoleDefinitions() {
    for (const r of AZURE_BUILTIN_ROLES) {
      this.t.addRoleDefinition({
        name: r.id,
        roleName: r.roleName,
        type: "BuiltInRole",
        description: r.description,
        assignableScopes: ["/"],
        actions: r.actions,
        notActions: r.notActions ?? [],
        dataActions: r.dataActions ?? [],
        notDataActions: [],
      });
    }
    const rootScope = `/providers/Microsoft.Management/managementGroups/${this.t.tenantId}`;
    const custom = [
      {
        roleName: "Custom Deployment Operator",
        description: "Deploys templates and wires up access for pipelines.",
        actions: ["Microsoft.Resources/deployments/*", "Microsoft.Authorization/*/write", "*/read"],
      },
      { roleName: "Custom Break Glass", description: "Emergency access for the platform team.", actions: ["*"] },
      {
        roleName: "Custom Storage Operator",
        description: "Rotates storage keys and reads metrics.",
        actions: [
          "Microsoft.Storage/storageAccounts/read",
          "Microsoft.Storage/storageAccounts/regeneratekey/action",
          "Microsoft.Insights/metrics/read",
        ],
      },
    ];
    for (const c of custom) {
      this.t.addRoleDefinition({
        name: this.rng.guid(),
        roleName: c.roleName,
        type: "CustomRole",
        description: c.description,
        assignableScopes: [rootScope],
        actions: c.actions,
        notActions: [],
        dataActions: [],
        notDataActions: [],
      });
    }
  }

  private roleId(roleName: string) {
    const def = this.t.roleDefinitions.find((d) => d.roleName === roleName);
    if (!def) throw new Error(`no role ${roleName}`);
    return def.name;
  }

  private buildFirstParty() {
    for (const app of FIRST_PARTY_APPS) {
      const sp = this.addSp({
        appId: app.appId,
        displayName: app.displayName,
        servicePrincipalType: "Application",
        appOwnerOrganizationId: MICROSOFT_TENANT_ID,
        signInAudience: "AzureADMultipleOrgs",
        appRoles:
          app.appId === GRAPH_APP_ID
            ? GRAPH_APP_ROLES.map((r) => ({
                id: r.id,
                value: r.value,
                displayName: r.displayName,
                description: `Allows the app to ${r.displayName.toLowerCase()} without a signed-in user.`,
                allowedMemberTypes: ["Application"],
              }))
            : [],
      });
      if (app.appId === GRAPH_APP_ID) this.graphSp = sp;
    }
  }

  private addSp(
    p: Partial<ServicePrincipal> & Pick<ServicePrincipal, "appId" | "displayName" | "servicePrincipalType">,
  ): ServicePrincipal {
    return this.t.addServicePrincipal({
      id: p.id ?? this.rng.guid(),
      accountEnabled: true,
      appOwnerOrganizationId: null,
      tags: [],
      passwordCredentials: [],
      keyCredentials: [],
      signInAudience: null,
      version: 0,
      ...p,
    });
  }

  private buildUsers(count: number): User[] {
    const users: User[] = [];
    const named = [
      { first: "Alex", last: "Admin", upn: "alex.admin", job: "Identity administrator" },
      { first: "Dana", last: "Dev", upn: "dana.dev", job: "Developer" },
      { first: "Sam", last: "Security", upn: "sam.security", job: "Cloud security engineer" },
      { first: "Steward", last: "Reader", upn: "steward.reader", job: "Auditor" },
      { first: "Steward", last: "Remediator", upn: "steward.remediator", job: "Platform team lead" },
      { first: "Steward", last: "Admin", upn: "steward.admin", job: "Identity administrator" },
    ];
    for (let i = 0; i < count; i++) {
      const fixed = named[i];
      const serviceAccount = !fixed && (i % 33 === 7 || i === named.length);
      const first = fixed?.first ?? this.rng.pick(FIRST);
      const last = fixed?.last ?? this.rng.pick(LAST);
      const nick =
        fixed?.upn ??
        (serviceAccount ? `svc-${this.rng.pick(WORDS)}-${i}` : `${first}.${last}${i}`.toLowerCase().replace(/ü/g, "u"));
      const lastSeen = serviceAccount ? null : this.date(-this.rng.int(60));
      const user = this.t.addUser({
        id: this.rng.guid(),
        userPrincipalName: `${nick}@${this.t.info.domain}`,
        displayName: serviceAccount ? nick : `${first} ${last}`,
        mail: serviceAccount ? null : `${nick}@${this.t.info.domain}`,
        accountEnabled: true,
        userType: !fixed && i % 41 === 13 ? "Guest" : "Member",
        jobTitle:
          fixed?.job ?? (serviceAccount ? null : this.rng.pick(["Engineer", "Analyst", "Manager", "Architect", null])),
        createdDateTime: this.date(-30 - this.rng.int(1500)),
        lastInteractiveSignIn: lastSeen,
        lastNonInteractiveSignIn: serviceAccount ? this.date(-this.rng.int(3)) : lastSeen,
      });
      users.push(user);
    }
    return users;
  }

  private rg(sub: Subscription, index = 0): ResourceGroup {
    const rgs = this.rgsBySub.get(sub.subscriptionId) ?? [];
    const rg = rgs[index % rgs.length];
    if (!rg) throw new Error("subscription without resource groups");
    return rg;
  }

  private kind(type: string, kind?: string) {
    const k = RESOURCE_KINDS.find((r) => r.type === type && (kind === undefined || ("kind" in r && r.kind === kind)));
    if (!k) throw new Error(`unknown resource kind ${type}`);
    return k;
  }

  makeUami(
    rg: ResourceGroup,
    name: string,
    opts: { fics?: Omit<FederatedCredential, "id">[]; lastSignIn?: number | null; enabled?: boolean } = {},
  ) {
    const id = `/subscriptions/${rg.subscriptionId}/resourcegroups/${rg.name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
    const sp = this.addSp({
      appId: this.rng.guid(),
      displayName: name,
      servicePrincipalType: "ManagedIdentity",
      miKind: "UserAssigned",
      armId: id,
      accountEnabled: opts.enabled ?? true,
      lastSignIn: opts.lastSignIn === undefined ? this.date(-this.rng.int(20)) : opts.lastSignIn,
    });
    const resource: Resource = {
      id,
      subscriptionId: rg.subscriptionId,
      resourceGroup: rg.name,
      type: "Microsoft.ManagedIdentity/userAssignedIdentities",
      name,
      location: rg.location,
      userAssigned: [],
      combinedType: "",
      uami: {
        principalId: sp.id,
        clientId: sp.appId,
        federatedCredentials: (opts.fics ?? []).map((f) => ({ ...f, id: this.rng.guid() })),
      },
      tags: {},
    };
    this.t.addResource(resource);
    return { sp, resource };
  }

  makeResource(
    rg: ResourceGroup,
    type: string,
    name: string,
    opts: { system?: boolean; uamis?: Resource[]; kind?: string; lastSignIn?: number | null; enabled?: boolean } = {},
  ) {
    const k = this.kind(type, opts.kind);
    const id = `/subscriptions/${rg.subscriptionId}/resourceGroups/${rg.name}/providers/${type}/${name}`;
    let sp: ServicePrincipal | undefined;
    if (opts.system) {
      // Real system-assigned SPs carry the lower-case `resourcegroups` segment (api-facts §1).
      sp = this.addSp({
        appId: this.rng.guid(),
        displayName: name,
        servicePrincipalType: "ManagedIdentity",
        miKind: "SystemAssigned",
        armId: id.replace("/resourceGroups/", "/resourcegroups/"),
        accountEnabled: opts.enabled ?? true,
        lastSignIn: opts.lastSignIn === undefined ? this.date(-this.rng.int(20)) : opts.lastSignIn,
      });
    }
    const resource: Resource = {
      id,
      subscriptionId: rg.subscriptionId,
      resourceGroup: rg.name,
      type,
      kind: opts.kind ?? ("kind" in k ? k.kind : undefined),
      name,
      location: rg.location,
      systemPrincipalId: sp?.id,
      userAssigned: (opts.uamis ?? []).map((u) => u.id),
      combinedType: k.combinedType,
      tags: { env: this.rng.pick(ENVS) },
    };
    this.t.addResource(resource);
    return { sp, resource };
  }

  assign(
    principalId: string,
    principalType: RoleAssignment["principalType"],
    roleName: string,
    scope: string,
    createdDaysAgo = 30 + this.rng.int(700),
  ) {
    return this.t.addRoleAssignment({
      name: this.rng.guid(),
      scope,
      roleDefinitionName: this.roleId(roleName),
      principalId,
      principalType,
      created: this.date(-createdDaysAgo) + this.rng.int(DAY),
      description: null,
    });
  }

  grantGraph(
    principal: ServicePrincipal | User | Group,
    principalType: "ServicePrincipal" | "User" | "Group",
    value: string,
    resource: ServicePrincipal = this.graphSp,
  ) {
    const roleId =
      resource === this.graphSp ? graphRole(value).id : resource.appRoles?.find((r) => r.value === value)?.id;
    if (!roleId) throw new Error(`no app role ${value} on ${resource.displayName}`);
    const existing = this.t.appRoleAssignmentsByPrincipal
      .get(principal.id)
      ?.some((a) => a.appRoleId === roleId && a.resourceId === resource.id);
    if (existing) return;
    this.t.addAppRoleAssignment({
      id: appRoleAssignmentId(principal.id, this.rng),
      appRoleId: roleId,
      principalId: principal.id,
      principalType,
      resourceId: resource.id,
      created: this.date(-this.rng.int(900)),
    });
  }

  directoryRole(principalId: string, roleName: string) {
    const role = directoryRole(roleName);
    this.t.directoryRoleAssignments.push({
      id: directoryRoleAssignmentId(role.id, principalId),
      principalId,
      roleDefinitionId: role.id,
      directoryScopeId: "/",
    });
  }

  makeApp(
    displayName: string,
    opts: {
      secrets?: SecretSpec[];
      certs?: SecretSpec[];
      fics?: Omit<FederatedCredential, "id">[];
      appRoles?: AppRole[];
      redirectUris?: string[];
      secretTexts?: string[];
      owners?: string[];
      lastSignIn?: number | null;
    } = {},
  ) {
    const appId = this.rng.guid();
    const passwordCredentials = this.secrets(opts.secrets ?? []);
    opts.secretTexts?.forEach((text, i) => {
      const cred = passwordCredentials[i];
      if (cred) cred.secretText = text;
    });
    const app: Application = {
      id: this.rng.guid(),
      appId,
      displayName,
      createdDateTime: this.date(-60 - this.rng.int(1200)),
      signInAudience: "AzureADMyOrg",
      passwordCredentials,
      keyCredentials: this.certificates(opts.certs ?? []),
      federatedIdentityCredentials: (opts.fics ?? []).map((f) => ({ ...f, id: this.rng.guid() })),
      appRoles: opts.appRoles ?? [],
      redirectUris: opts.redirectUris ?? [],
      owners: opts.owners ?? [],
      version: 0,
    };
    this.t.addApplication(app);
    const sp = this.addSp({
      appId,
      displayName,
      servicePrincipalType: "Application",
      appOwnerOrganizationId: this.t.tenantId,
      signInAudience: "AzureADMyOrg",
      appRoles: app.appRoles,
      tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
      lastSignIn: opts.lastSignIn === undefined ? this.date(-this.rng.int(30)) : opts.lastSignIn,
    });
    return { app, sp };
  }

  makeGroup(displayName: string, members: string[], opts: { roleAssignable?: boolean; description?: string } = {}) {
    const group: Group = {
      id: this.rng.guid(),
      displayName,
      description: opts.description ?? null,
      mailNickname: displayName.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      isAssignableToRole: opts.roleAssignable ?? false,
      securityEnabled: true,
      mailEnabled: false,
      createdDateTime: this.date(-100 - this.rng.int(1000)),
      members: [...new Set(members)],
      version: 0,
    };
    return this.t.addGroup(group);
  }

  private mgScope(name: string) {
    return `/providers/Microsoft.Management/managementGroups/${name}`;
  }

  private subScope(sub: Subscription) {
    return `/subscriptions/${sub.subscriptionId}`;
  }

  private sub(i: number): Subscription {
    const s = this.subs[i];
    if (!s) throw new Error("missing subscription");
    return s;
  }

  // --- the product's own identity ---------------------------------------------------------------

  private buildSteward(users: User[]) {
    const shared = this.sub(2);
    const rg: ResourceGroup = {
      subscriptionId: shared.subscriptionId,
      name: "rg-identity-steward",
      location: "westeurope",
      id: `/subscriptions/${shared.subscriptionId}/resourceGroups/rg-identity-steward`,
    };
    this.t.addResourceGroup(rg);
    this.rgsBySub.get(shared.subscriptionId)?.push(rg);
    const { sp, resource } = this.makeUami(rg, STEWARD_IDENTITY_NAME, { lastSignIn: this.date(0) });
    this.makeResource(rg, "Microsoft.Web/sites", "app-identity-steward", { uamis: [resource], kind: "app" });
    for (const value of [
      "Application.Read.All",
      "Directory.Read.All",
      "RoleManagement.Read.Directory",
      "AuditLog.Read.All",
    ])
      this.grantGraph(sp, "ServicePrincipal", value);
    this.assign(sp.id, "ServicePrincipal", "Reader", this.mgScope(this.t.tenantId), 10);

    const appRoles: AppRole[] = STEWARD_APP_ROLES.map((value) => ({
      id: this.rng.guid(),
      value,
      displayName: value.replace("Steward.", "Steward "),
      description: `Identity Steward ${value.slice("Steward.".length).toLowerCase()} access`,
      allowedMemberTypes: ["User", "Application"],
    }));
    const web = this.makeApp(STEWARD_WEB_APP_NAME, {
      secrets: [{ startDays: -20, lifetimeDays: 180, name: "emulator" }],
      secretTexts: [STEWARD_WEB_CLIENT_SECRET],
      appRoles,
      redirectUris: ["http://localhost:3000/auth/callback"],
    });
    for (const value of [
      "Application.Read.All",
      "Directory.Read.All",
      "RoleManagement.Read.Directory",
      "AuditLog.Read.All",
    ])
      this.grantGraph(web.sp, "ServicePrincipal", value);
    const byNick = (nick: string) => users.find((u) => u.userPrincipalName.startsWith(`${nick}@`));
    const grants: [string, string][] = [
      ["steward.reader", "Steward.Reader"],
      ["steward.remediator", "Steward.Remediator"],
      ["steward.admin", "Steward.Admin"],
      ["sam.security", "Steward.Remediator"],
      ["alex.admin", "Steward.Admin"],
    ];
    for (const [nick, role] of grants) {
      const user = byNick(nick);
      if (user) this.grantGraph(user, "User", role, web.sp);
    }
  }

  // --- scenarios: every rule fires at least once ---------------------------------------------------

  private buildScenarios(users: User[]) {
    const prod = this.sub(0);
    const dev = this.sub(1);
    const shared = this.sub(2);
    const prodRg = this.rg(prod, 0);
    const prodRg2 = this.rg(prod, 1);
    const devRg = this.rg(dev, 0);
    const sharedRg = this.rg(shared, 0);
    const tid = this.t.tenantId;
    const aksIssuer = () => `https://oidc.prod-aks.azure.com/${tid}/${this.rng.guid()}/`;
    const github = "https://token.actions.githubusercontent.com";
    const exchange = ["api://AzureADTokenExchange"];

    // mi-privileged-azure-role at each scope level (root critical … resource low), incl. a custom role.
    const deploy = this.makeUami(sharedRg, "mi-deploy-pipeline", {
      fics: [
        {
          name: "github-main",
          issuer: github,
          subject: "repo:contoso/platform:ref:refs/heads/main",
          audiences: exchange,
          description: "Deploys from main",
        },
      ],
    });
    this.makeResource(sharedRg, "Microsoft.Web/sites", "func-deployer", {
      uamis: [deploy.resource],
      kind: "functionapp",
    });
    this.assign(deploy.sp.id, "ServicePrincipal", "Owner", this.subScope(prod));
    const jump = this.makeResource(prodRg, "Microsoft.Compute/virtualMachines", "vm-jumpbox-01", { system: true });
    this.assign(jump.sp!.id, "ServicePrincipal", "Contributor", this.mgScope(tid));
    const etl = this.makeResource(prodRg2, "Microsoft.DataFactory/factories", "adf-etl-prod", { system: true });
    this.assign(etl.sp!.id, "ServicePrincipal", "Contributor", prodRg2.id);
    const logic = this.makeResource(prodRg2, "Microsoft.Logic/workflows", "logic-access-requests", { system: true });
    const kv = this.makeResource(prodRg2, "Microsoft.KeyVault/vaults", "kv-prod-secrets", {});
    this.assign(logic.sp!.id, "ServicePrincipal", "User Access Administrator", kv.resource.id);
    const tf = this.makeUami(sharedRg, "mi-terraform", {});
    this.makeResource(sharedRg, "Microsoft.App/containerApps", "ca-terraform-runner", { uamis: [tf.resource] });
    this.assign(tf.sp.id, "ServicePrincipal", "Custom Deployment Operator", this.mgScope("landing-zones"));

    // mi-privileged-directory-role (a person holds Global Administrator too, listed first).
    this.directoryRole(users[0]!.id, "Global Administrator");
    const aa = this.makeResource(sharedRg, "Microsoft.Automation/automationAccounts", "aa-identity-automation", {
      system: true,
    });
    this.directoryRole(aa.sp!.id, "Global Administrator");
    const onboarding = this.makeUami(sharedRg, "mi-user-onboarding", {});
    this.makeResource(sharedRg, "Microsoft.Logic/workflows", "logic-user-onboarding", { uamis: [onboarding.resource] });
    this.directoryRole(onboarding.sp.id, "User Administrator");

    // mi-dangerous-graph-permission (critical and high).
    const roleBot = this.makeResource(sharedRg, "Microsoft.Web/sites", "func-role-sync", {
      system: true,
      kind: "functionapp",
    });
    this.grantGraph(roleBot.sp!, "ServicePrincipal", "RoleManagement.ReadWrite.Directory");
    const mailer = this.makeUami(prodRg, "mi-notifications", {});
    this.makeResource(prodRg, "Microsoft.Web/sites", "app-notifications", { uamis: [mailer.resource], kind: "app" });
    this.grantGraph(mailer.sp, "ServicePrincipal", "Mail.Send");
    this.grantGraph(mailer.sp, "ServicePrincipal", "User.Read.All");

    // mi-privileged-group-member: direct (role-assignable group with a directory role) and transitive
    // (nested group that holds Owner on a subscription).
    const ops = this.makeUami(sharedRg, "mi-ops-automation", {});
    this.makeResource(sharedRg, "Microsoft.Automation/automationAccounts", "aa-ops", { uamis: [ops.resource] });
    const alex = users[0]!;
    const tier0 = this.makeGroup("Tier0 Identity Admins", [alex.id, ops.sp.id], {
      roleAssignable: true,
      description: "Role-assignable group for privileged role administration",
    });
    this.directoryRole(tier0.id, "Privileged Role Administrator");
    const aksProd = this.makeResource(prodRg, "Microsoft.ContainerService/managedClusters", "aks-prod-weu", {
      system: true,
    });
    const platformOps = this.makeGroup("Platform Operations", [aksProd.sp!.id, users[1]!.id]);
    const owners = this.makeGroup("Subscription Owners - Production", [platformOps.id, alex.id]);
    this.assign(owners.id, "Group", "Owner", this.subScope(prod));

    // mi-orphaned-user-assigned: one still holding a grant (medium), one with nothing (low).
    const orphanGrant = this.makeUami(devRg, "mi-legacy-batch", { lastSignIn: this.date(-200) });
    this.assign(orphanGrant.sp.id, "ServicePrincipal", "Storage Blob Data Contributor", devRg.id);
    this.makeUami(devRg, "mi-unused-test", { lastSignIn: null });

    // mi-orphaned-system-assigned: the SP exists, its VM does not.
    this.addSp({
      appId: this.rng.guid(),
      displayName: "vm-decommissioned-07",
      servicePrincipalType: "ManagedIdentity",
      miKind: "SystemAssigned",
      armId: `/subscriptions/${dev.subscriptionId}/resourcegroups/${devRg.name}/providers/Microsoft.Compute/virtualMachines/vm-decommissioned-07`,
      lastSignIn: this.date(-150),
    });

    // mi-shared-user-assigned: across subscriptions, and on more than 5 resources.
    const sharedMi = this.makeUami(sharedRg, "mi-shared-keyvault-reader", {});
    this.makeResource(prodRg, "Microsoft.Web/sites", "app-orders-prod", { uamis: [sharedMi.resource], kind: "app" });
    this.makeResource(devRg, "Microsoft.Web/sites", "app-orders-dev", { uamis: [sharedMi.resource], kind: "app" });
    this.assign(sharedMi.sp.id, "ServicePrincipal", "Key Vault Secrets User", kv.resource.id);
    const fleet = this.makeUami(prodRg2, "mi-web-fleet", {});
    for (let i = 1; i <= 7; i++)
      this.makeResource(prodRg2, "Microsoft.Web/sites", `app-web-fleet-${i}`, { uamis: [fleet.resource], kind: "app" });
    this.assign(fleet.sp.id, "ServicePrincipal", "Reader", prodRg2.id);

    // mi-federated-credential-risk: pull_request subject, wildcard subject, unknown issuer; and a safe AKS one.
    const ci = this.makeUami(devRg, "mi-github-ci", {
      fics: [
        {
          name: "github-pr",
          issuer: github,
          subject: "repo:contoso/web:pull_request",
          audiences: exchange,
          description: "PR validation",
        },
        {
          name: "github-any-branch",
          issuer: github,
          subject: "repo:contoso/*:ref:refs/heads/*",
          audiences: exchange,
          description: null,
        },
      ],
    });
    this.makeResource(devRg, "Microsoft.App/containerApps", "ca-ci-runner", { uamis: [ci.resource] });
    this.assign(ci.sp.id, "ServicePrincipal", "Contributor", devRg.id);
    const ext = this.makeUami(devRg, "mi-partner-sync", {
      fics: [
        {
          name: "partner-idp",
          issuer: "https://idp.partner.example.net/oidc",
          subject: "partner-sync-job",
          audiences: exchange,
          description: "Partner's own identity provider",
        },
      ],
    });
    this.makeResource(devRg, "Microsoft.Logic/workflows", "logic-partner-sync", { uamis: [ext.resource] });
    const aksWl = this.makeUami(prodRg, "mi-aks-workload-orders", {
      fics: [
        {
          name: "aks-orders",
          issuer: aksIssuer(),
          subject: "system:serviceaccount:orders:orders-api",
          audiences: exchange,
          description: null,
        },
      ],
    });
    this.makeResource(prodRg, "Microsoft.ContainerService/managedClusters", "aks-orders", {
      system: true,
      uamis: [aksWl.resource],
    });
    this.assign(aksWl.sp.id, "ServicePrincipal", "Storage Blob Data Reader", prodRg.id);

    // mi-trusted-by-app: an app registration trusts a managed identity; the app is privileged.
    const bridge = this.makeUami(sharedRg, "mi-payroll-bridge", {});
    this.makeResource(sharedRg, "Microsoft.Web/sites", "app-payroll-bridge", { uamis: [bridge.resource], kind: "app" });
    const payroll = this.makeApp("Payroll Connector", {
      fics: [
        {
          name: "payroll-bridge-mi",
          issuer: `https://login.microsoftonline.com/${tid}/v2.0`,
          subject: bridge.sp.id,
          audiences: exchange,
          description: "Lets the payroll bridge act as this app without a secret",
        },
      ],
    });
    this.grantGraph(payroll.sp, "ServicePrincipal", "Directory.ReadWrite.All");
    payroll.app.owners.push(users[1]!.id);

    // mi-escalation-path: a developer who can run code on a VM whose identity owns the subscription,
    // and a reader who may operate a privileged user-assigned identity.
    const build = this.makeResource(devRg, "Microsoft.Compute/virtualMachines", "vm-build-agent-01", { system: true });
    this.assign(build.sp!.id, "ServicePrincipal", "Owner", this.subScope(dev));
    const dana = users[1]!;
    this.assign(dana.id, "User", "Virtual Machine Contributor", devRg.id);
    this.assign(users[2]!.id, "User", "Managed Identity Operator", deploy.resource.id);

    // mi-inactive-privileged and mi-disabled-with-access.
    const stale = this.makeUami(prodRg, "mi-old-migration", { lastSignIn: this.date(-140) });
    this.makeResource(prodRg, "Microsoft.Compute/virtualMachines", "vm-migration-helper", { uamis: [stale.resource] });
    this.assign(stale.sp.id, "ServicePrincipal", "Contributor", this.subScope(prod));
    const disabled = this.makeResource(prodRg2, "Microsoft.Web/sites", "app-retired-portal", {
      system: true,
      kind: "app",
      enabled: false,
      lastSignIn: this.date(-95),
    });
    this.assign(disabled.sp!.id, "ServicePrincipal", "Reader", prodRg2.id);

    // Clean identities: attached, active, narrowly scoped.
    const clean1 = this.makeResource(prodRg, "Microsoft.Web/sites", "app-catalog-api", { system: true, kind: "app" });
    this.assign(clean1.sp!.id, "ServicePrincipal", "Key Vault Secrets User", kv.resource.id);
    const clean2 = this.makeUami(prodRg, "mi-catalog-storage", {
      fics: [
        {
          name: "aks-catalog",
          issuer: aksIssuer(),
          subject: "system:serviceaccount:catalog:catalog-api",
          audiences: exchange,
          description: null,
        },
      ],
    });
    const st = this.makeResource(prodRg, "Microsoft.Storage/storageAccounts", "stcatalogprod01", {
      uamis: [clean2.resource],
    });
    this.assign(clean2.sp.id, "ServicePrincipal", "Storage Blob Data Reader", st.resource.id);
    this.makeResource(devRg, "Microsoft.Sql/servers", "sql-reporting-dev", { system: true });

    // Migration candidates: secrets and certificates of many lifetimes.
    const legacy = this.makeApp("Legacy Billing Sync", {
      secrets: [{ startDays: -400, lifetimeDays: 1095 }],
      owners: [users[1]!.id, alex.id],
    });
    this.assign(legacy.sp.id, "ServicePrincipal", "Contributor", this.subScope(prod));
    this.makeApp("Reporting Exporter", {
      secrets: [
        { startDays: -100, lifetimeDays: 365 },
        { startDays: -10, lifetimeDays: 365 },
      ],
    });
    const hr = this.makeApp("HR Feed", { secrets: [{ startDays: -170, lifetimeDays: 180 }] });
    this.grantGraph(hr.sp, "ServicePrincipal", "User.Read.All");
    this.makeApp("Intranet SSO", { certs: [{ startDays: -300, lifetimeDays: 1095, name: "CN=intranet-sso" }] });
    this.makeApp("Backup Agent", { certs: [{ startDays: -200, lifetimeDays: 365, name: "CN=backup-agent" }] });
    this.makeApp("Old Partner Portal", {
      certs: [{ startDays: -400, lifetimeDays: 365, name: "CN=partner-portal" }],
      secrets: [{ startDays: -30, lifetimeDays: 90 }],
    });
    this.makeApp("GitHub Deployments", {
      fics: [
        {
          name: "main",
          issuer: github,
          subject: "repo:contoso/site:environment:production",
          audiences: exchange,
          description: null,
        },
      ],
    });

    // user-as-service-account.
    const svc = users.find((u) => u.userPrincipalName.startsWith("svc-"));
    if (svc) this.assign(svc.id, "User", "Contributor", prodRg.id);
    this.assign(alex.id, "User", "Owner", this.mgScope(tid));
    // Elevated access ("Access management for Azure resources") leaves User Access Administrator at "/".
    this.assign(alex.id, "User", "User Access Administrator", "/");
    this.assign(users[2]!.id, "User", "Reader", this.mgScope(tid));
    this.directoryRole(users[2]!.id, "Security Reader");
    this.makeGroup(
      "All Engineers",
      users.slice(0, 12).map((u) => u.id),
      { description: "Everyone in engineering" },
    );
  }

  // --- random population in realistic proportions ---------------------------------------------------

  private buildPopulation(count: number, users: User[], target: number) {
    const rng = this.rng;
    const miCount = Math.round(count * 0.2);
    const appCount = Math.round(count * 0.1);
    const thirdParty = count - miCount - appCount;
    const systemCount = Math.round(miCount * 0.55);
    const uamiCount = miCount - systemCount;
    const mis: ServicePrincipal[] = [];
    const uamis: Resource[] = [];
    const hosts: Resource[] = [];
    const kinds = RESOURCE_KINDS.flatMap((k) => Array.from({ length: k.weight }, () => k));
    const pickRg = () => this.rg(rng.pick(this.subs), rng.int(8));
    const name = (prefix: string) => `${prefix}-${rng.pick(WORDS)}-${rng.pick(ENVS)}-${this.n()}`;

    for (let i = 0; i < uamiCount; i++) {
      const rg = pickRg();
      const r = rng.next();
      const fics: Omit<FederatedCredential, "id">[] = [];
      if (r < 0.15)
        fics.push({
          name: "aks",
          issuer: `https://oidc.prod-aks.azure.com/${this.t.tenantId}/${rng.guid()}/`,
          subject: `system:serviceaccount:${rng.pick(WORDS)}:${rng.pick(WORDS)}-sa`,
          audiences: ["api://AzureADTokenExchange"],
          description: null,
        });
      else if (r < 0.2)
        fics.push({
          name: "github",
          issuer: "https://token.actions.githubusercontent.com",
          subject: `repo:contoso/${rng.pick(WORDS)}:${rng.chance(0.1) ? "pull_request" : "environment:production"}`,
          audiences: ["api://AzureADTokenExchange"],
          description: null,
        });
      const { sp, resource } = this.makeUami(rg, name("id"), {
        fics,
        lastSignIn: rng.chance(0.1) ? null : this.date(-rng.int(200)),
        enabled: !rng.chance(0.005),
      });
      mis.push(sp);
      uamis.push(resource);
    }
    for (let i = 0; i < systemCount; i++) {
      const rg = pickRg();
      const k = rng.pick(kinds);
      const kindValue = "kind" in k ? k.kind : undefined;
      if (rng.chance(0.01)) {
        // Host deleted outside ARM's knowledge: the SP lingers (mi-orphaned-system-assigned).
        const n = name(k.prefix);
        mis.push(
          this.addSp({
            appId: rng.guid(),
            displayName: n,
            servicePrincipalType: "ManagedIdentity",
            miKind: "SystemAssigned",
            armId: `/subscriptions/${rg.subscriptionId}/resourcegroups/${rg.name}/providers/${k.type}/${n}`,
            lastSignIn: this.date(-90 - rng.int(200)),
          }),
        );
        continue;
      }
      const attach = uamis.length > 0 && rng.chance(0.25) ? [rng.pick(uamis)] : [];
      const { sp, resource } = this.makeResource(rg, k.type, name(k.prefix), {
        system: true,
        kind: kindValue,
        uamis: attach,
        lastSignIn: rng.chance(0.08) ? null : this.date(-rng.int(200)),
        enabled: !rng.chance(0.005),
      });
      if (sp) mis.push(sp);
      hosts.push(resource);
    }
    // Resources that use only user-assigned identities: most UAMIs get 1–3, a few are shared widely,
    // and ~8 % stay attached to nothing.
    for (const uami of uamis) {
      const r = rng.next();
      if (r < 0.08) continue;
      const n = r > 0.98 ? 6 + rng.int(5) : 1 + rng.int(3);
      const crossSub = r > 0.95 && r <= 0.98;
      const ownRg =
        this.t.resourceGroupById.get(
          lower(`/subscriptions/${uami.subscriptionId}/resourceGroups/${uami.resourceGroup}`),
        ) ?? pickRg();
      for (let j = 0; j < n; j++) {
        const k = rng.pick(kinds);
        const rg = crossSub && j > 0 ? pickRg() : ownRg;
        const { resource } = this.makeResource(rg, k.type, name(k.prefix), {
          kind: "kind" in k ? k.kind : undefined,
          uamis: [uami],
        });
        hosts.push(resource);
      }
    }

    const apps: ServicePrincipal[] = [];
    for (let i = 0; i < appCount; i++) {
      const r = rng.next();
      const secrets: SecretSpec[] = [];
      const certs: SecretSpec[] = [];
      if (r < 0.55) secrets.push({ startDays: -rng.int(700), lifetimeDays: rng.pick([90, 180, 365, 730, 1095, 3650]) });
      if (r > 0.4 && r < 0.6) secrets.push({ startDays: -rng.int(60), lifetimeDays: 365 });
      if (r > 0.5 && r < 0.8) certs.push({ startDays: -rng.int(800), lifetimeDays: rng.pick([365, 730, 1095, 1825]) });
      const fics: Omit<FederatedCredential, "id">[] = [];
      if (r > 0.9 && mis.length > 0) {
        const trusted = mis.find((m, idx) => idx >= i % mis.length && m.miKind === "UserAssigned");
        if (trusted)
          fics.push({
            name: "trusted-mi",
            issuer: `https://login.microsoftonline.com/${this.t.tenantId}/v2.0`,
            subject: trusted.id,
            audiences: ["api://AzureADTokenExchange"],
            description: null,
          });
      }
      // Most registrations have one or two owners; ~15 % have none left (a common finding in real tenants).
      const owners = Array.from({ length: rng.chance(0.15) ? 0 : 1 + rng.int(2) }, () => rng.pick(users).id);
      const { sp } = this.makeApp(
        `${rng.pick(WORDS)} ${rng.pick(["service", "connector", "sync", "api", "worker"])} ${this.n()}`,
        {
          secrets,
          certs,
          fics,
          owners: [...new Set(owners)],
          lastSignIn: rng.chance(0.2) ? null : this.date(-rng.int(120)),
        },
      );
      apps.push(sp);
    }
    for (let i = 0; i < thirdParty; i++) {
      apps.push(
        this.addSp({
          appId: rng.guid(),
          displayName: `${rng.pick(["Contoso", "Fabrikam", "Northwind", "Tailspin", "Litware", "Adatum"])} ${rng.pick(WORDS)} ${this.n()}`,
          servicePrincipalType: "Application",
          appOwnerOrganizationId: rng.guid(),
          signInAudience: "AzureADMultipleOrgs",
          tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
          lastSignIn: rng.chance(0.5) ? null : this.date(-rng.int(300)),
        }),
      );
    }

    // Graph permissions.
    for (const sp of mis) {
      if (!rng.chance(0.3)) continue;
      const n = 1 + rng.int(3);
      for (let j = 0; j < n; j++)
        this.grantGraph(
          sp,
          "ServicePrincipal",
          rng.chance(0.04) ? rng.pick(RISKY_GRAPH_ROLES) : rng.pick(BENIGN_GRAPH_ROLES),
        );
    }
    for (const sp of apps) {
      if (!rng.chance(0.25)) continue;
      const n = 1 + rng.int(4);
      for (let j = 0; j < n; j++)
        this.grantGraph(
          sp,
          "ServicePrincipal",
          rng.chance(0.08) ? rng.pick(RISKY_GRAPH_ROLES) : rng.pick(BENIGN_GRAPH_ROLES),
        );
    }

    // Groups and memberships (~10 per service principal in big tenants, mostly users).
    const groupCount = Math.max(8, Math.round(count / 50));
    const groups: Group[] = [];
    // Users average ~40 groups in big tenants, which brings 100k SPs to ~1M memberships (perf notes §8).
    const userShare = target > 0 ? 40 : 2;
    const membersOf: string[][] = Array.from({ length: groupCount }, () => []);
    for (const u of users) {
      const n = 1 + rng.int(userShare * 2 - 1);
      for (let j = 0; j < n; j++) membersOf[rng.int(groupCount)]!.push(u.id);
    }
    for (const sp of mis) {
      if (rng.chance(0.4)) membersOf[rng.int(groupCount)]!.push(sp.id);
    }
    for (const sp of apps) {
      if (rng.chance(0.1)) membersOf[rng.int(groupCount)]!.push(sp.id);
    }
    for (let g = 0; g < groupCount; g++) {
      const roleAssignable = rng.chance(0.02);
      groups.push(
        this.makeGroup(
          `${roleAssignable ? "RA " : ""}${rng.pick(WORDS)} ${rng.pick(["readers", "owners", "engineers", "operators", "contributors"])} ${g}`,
          membersOf[g]!,
          { roleAssignable },
        ),
      );
    }
    for (const group of groups) {
      // Nesting: ~10 % of groups sit in another group.
      if (rng.chance(0.1)) {
        const parent = rng.pick(groups);
        if (parent !== group && !this.t.transitiveMembers(group.id).includes(parent.id)) {
          parent.members.push(group.id);
          const list = this.t.memberOf.get(group.id);
          if (list) list.push(parent.id);
          else this.t.memberOf.set(group.id, [parent.id]);
        }
      }
      if (group.isAssignableToRole)
        this.directoryRole(
          group.id,
          rng.pick(["Directory Readers", "Helpdesk Administrator", "Security Reader", "Groups Administrator"]),
        );
    }
    for (const sp of mis)
      if (rng.chance(0.001))
        this.directoryRole(sp.id, rng.pick(["Directory Readers", "Global Reader", "Application Administrator"]));

    // Azure role assignments: ~5 per service principal, the bulk at resource-group and resource scope.
    const raTarget = this.options.size === "demo" ? 60 : Math.round(count * 5);
    const roles = [
      ...Array(30).fill("Reader"),
      ...Array(12).fill("Contributor"),
      ...Array(10).fill("Storage Blob Data Reader"),
      ...Array(8).fill("Storage Blob Data Contributor"),
      ...Array(8).fill("Key Vault Secrets User"),
      ...Array(4).fill("Key Vault Administrator"),
      ...Array(6).fill("Virtual Machine Contributor"),
      ...Array(4).fill("Managed Identity Operator"),
      ...Array(2).fill("Owner"),
      "User Access Administrator",
      "Role Based Access Control Administrator",
      "Custom Storage Operator",
    ] as string[];
    const hostOf = new Map<string, Resource>();
    for (const h of hosts) if (h.systemPrincipalId) hostOf.set(h.systemPrincipalId, h);
    const uamiOf = new Map<string, Resource>();
    for (const u of uamis) if (u.uami) uamiOf.set(u.uami.principalId, u);
    const allResources = hosts.length > 0 ? hosts : [...this.t.resources.values()];
    for (let i = 0; i < raTarget; i++) {
      const r = rng.next();
      let principalId: string;
      let principalType: RoleAssignment["principalType"];
      let near: Resource | undefined;
      if (r < 0.45 && mis.length > 0) {
        const sp = rng.pick(mis);
        principalId = sp.id;
        principalType = "ServicePrincipal";
        near = hostOf.get(sp.id) ?? uamiOf.get(sp.id);
      } else if (r < 0.75) {
        principalId = rng.pick(users).id;
        principalType = "User";
      } else if (r < 0.9 && groups.length > 0) {
        principalId = rng.pick(groups).id;
        principalType = "Group";
      } else {
        principalId = apps.length > 0 ? rng.pick(apps).id : rng.pick(users).id;
        principalType = apps.length > 0 ? "ServicePrincipal" : "User";
      }
      const res = near ?? rng.pick(allResources);
      const level = rng.next();
      const roleName = rng.pick(roles);
      let scope: string;
      if (level < 0.4) scope = res.id;
      else if (level < 0.8) scope = `/subscriptions/${res.subscriptionId}/resourceGroups/${res.resourceGroup}`;
      else if (level < 0.985) scope = `/subscriptions/${res.subscriptionId}`;
      else scope = this.mgScope(rng.pick(this.t.managementGroups).name);
      const safeRole =
        scope.startsWith("/providers/") && roleName !== "Reader" && !rng.chance(0.05) ? "Reader" : roleName;
      this.assign(principalId, principalType, safeRole, scope);
    }
  }
}

/** App role assignment ids are base64url of the principal id bytes plus a suffix, as Graph's look. */
export function appRoleAssignmentId(principalId: string, rng: Rng) {
  const bytes = Buffer.from(principalId.replace(/-/g, "") + rng.guid().replace(/-/g, "").slice(0, 32), "hex");
  return bytes.toString("base64url");
}

/** Directory role assignment ids look like `<base64url of role id>-1` in Graph samples; ours are stable per pair. */
export function directoryRoleAssignmentId(roleId: string, principalId: string) {
  const bytes = Buffer.from(roleId.replace(/-/g, "") + principalId.replace(/-/g, ""), "hex");
  return `${bytes.toString("base64url")}-1`;
}
