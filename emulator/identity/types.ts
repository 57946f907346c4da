// What the token endpoints need to know about the emulated tenant; the tenant model implements it.

/**
 * The directory as the authority and the managed-identity endpoints see it. Lookups are by the
 * identifiers a client actually sends, so the tenant model can index them however it likes.
 */
export interface AuthorityTenant {
  /** Directory (tenant) id, a GUID; becomes `tid` and the issuer path segment. */
  tenantId: string;
  /** The app registration (with its service principal) whose `appId` is `clientId`. */
  findApplication(clientId: string): AuthorityApplication | undefined;
  /**
   * A managed identity by whichever id the caller used (App Service `client_id`/`object_id`/`mi_res_id`,
   * IMDS `client_id`/`object_id`/`msi_res_id`), or the host's system-assigned identity when no id is sent.
   */
  findManagedIdentity(
    query: { clientId?: string; objectId?: string; resourceId?: string } | "system",
  ): AuthorityManagedIdentity | undefined;
  /** People who can be chosen on the sign-in page. */
  users(): AuthorityUser[];
}

export interface AuthorityApplication {
  /** Application (client) id; the `client_id` of every request and `azp`/`appid` of its tokens. */
  appId: string;
  /** Object id of the app's service principal in this tenant: the `oid` (and `sub`) of app-only tokens. */
  objectId: string;
  displayName: string;
  /** Password credentials; `endDateTime` is ISO-8601, and an expired secret is refused as Entra does. */
  secrets: { secretText: string; endDateTime: string }[];
  /** Public certificates (PEM) whose keys may sign client assertions; matched by `x5t`/`x5t#S256`. */
  certificatesPem: string[];
  /** Registered reply URLs; `redirect_uri` must equal one of them exactly. */
  redirectUris: string[];
  /** Values of the app roles granted to this app (application permissions), put in app-only tokens. */
  roles: string[];
  /** Whether the registration accepts `/common` and `/organizations`; single-tenant apps get AADSTS50194. */
  multiTenant?: boolean;
}

export interface AuthorityManagedIdentity {
  /** Object id of the identity's service principal: `oid` and `sub` of its tokens. */
  objectId: string;
  /** Client id of the identity: `azp`/`appid` of its tokens and `client_id` in the endpoint's answer. */
  appId: string;
  /** ARM id of the identity (user-assigned) or of the resource it belongs to (system-assigned). */
  resourceId: string;
  /** App role values granted to the identity, put in its tokens. */
  roles: string[];
}

export interface AuthorityUser {
  /** Object id of the user: `oid` of tokens issued to them. */
  id: string;
  /** Sign-in name; `preferred_username` (displayed, never used to authorize). */
  userPrincipalName: string;
  displayName: string;
  /** App role values assigned to the user for the signing-in application, e.g. `Steward.Admin`. */
  roles: string[];
}
