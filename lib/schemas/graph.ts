// Microsoft Graph payloads the product reads (v1.0, and beta for sign-in activity).
// Field facts: ../../../shared/reference/api-facts.md §1–3.
import { z } from "zod";
import { nullableDateTime, nullableString, odataPage } from "./common";

export const appRole = z.object({
  id: z.string(),
  value: nullableString,
  displayName: nullableString,
  description: nullableString,
  allowedMemberTypes: z.array(z.string()).default([]),
  isEnabled: z.boolean().default(true),
});

export const keyCredential = z.object({
  keyId: z.string(),
  displayName: nullableString,
  type: nullableString,
  usage: nullableString,
  customKeyIdentifier: nullableString,
  startDateTime: nullableDateTime,
  endDateTime: nullableDateTime,
});

export const passwordCredential = z.object({
  keyId: z.string(),
  displayName: nullableString,
  hint: nullableString,
  startDateTime: nullableDateTime,
  endDateTime: nullableDateTime,
});

export const servicePrincipal = z.object({
  "@odata.type": z.string().optional(),
  id: z.string(),
  appId: z.string(),
  displayName: nullableString,
  servicePrincipalType: nullableString,
  accountEnabled: z.boolean().nullish(),
  appOwnerOrganizationId: nullableString,
  signInAudience: nullableString,
  alternativeNames: z.array(z.string()).default([]),
  servicePrincipalNames: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  appRoles: z.array(appRole).default([]),
  keyCredentials: z.array(keyCredential).default([]),
  passwordCredentials: z.array(passwordCredential).default([]),
  deletedDateTime: nullableDateTime,
});
export type GraphServicePrincipal = z.infer<typeof servicePrincipal>;

/** A delta item: changed properties only, or `@removed` with the id. */
export const servicePrincipalDelta = servicePrincipal.partial().extend({
  "@removed": z.object({ reason: z.enum(["changed", "deleted"]) }).optional(),
});
export type GraphServicePrincipalDelta = z.infer<typeof servicePrincipalDelta>;

export const appRoleAssignment = z.object({
  id: z.string(),
  appRoleId: z.string(),
  principalId: z.string(),
  principalType: nullableString,
  principalDisplayName: nullableString,
  resourceId: z.string(),
  resourceDisplayName: nullableString,
  createdDateTime: nullableDateTime,
  deletedDateTime: nullableDateTime,
});
export type GraphAppRoleAssignment = z.infer<typeof appRoleAssignment>;

export const group = z.object({
  "@odata.type": z.string().optional(),
  id: z.string(),
  displayName: nullableString,
  description: nullableString,
  securityEnabled: z.boolean().nullish(),
  mailEnabled: z.boolean().nullish(),
  isAssignableToRole: z.boolean().nullish(),
  groupTypes: z.array(z.string()).default([]),
  membershipRule: nullableString,
});
export type GraphGroup = z.infer<typeof group>;

/** memberOf / transitiveMemberOf / members entries: groups, directory roles, or other objects. */
export const directoryObject = z
  .object({
    "@odata.type": z.string(),
    id: z.string(),
    displayName: nullableString,
  })
  .passthrough();

export const user = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: nullableString,
  mail: nullableString,
  accountEnabled: z.boolean().nullish(),
  userType: nullableString,
  signInActivity: z
    .object({
      lastSignInDateTime: nullableDateTime,
      lastNonInteractiveSignInDateTime: nullableDateTime,
    })
    .nullish(),
});
export type GraphUser = z.infer<typeof user>;

export const unifiedRoleAssignment = z.object({
  id: z.string(),
  principalId: z.string(),
  roleDefinitionId: z.string(),
  directoryScopeId: z
    .string()
    .nullish()
    .transform((s) => s ?? "/"),
  appScopeId: nullableString,
  condition: nullableString,
  principal: directoryObject.optional(),
});
export type GraphUnifiedRoleAssignment = z.infer<typeof unifiedRoleAssignment>;

export const unifiedRoleDefinition = z.object({
  id: z.string(),
  displayName: z.string(),
  description: nullableString,
  isBuiltIn: z.boolean().nullish(),
  isEnabled: z.boolean().nullish(),
  templateId: nullableString,
  rolePermissions: z
    .array(z.object({ allowedResourceActions: z.array(z.string()).default([]), condition: nullableString }))
    .default([]),
});
export type GraphUnifiedRoleDefinition = z.infer<typeof unifiedRoleDefinition>;

export const federatedIdentityCredential = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  subject: z.string(),
  audiences: z.array(z.string()),
  description: nullableString,
});
export type GraphFederatedIdentityCredential = z.infer<typeof federatedIdentityCredential>;

export const application = z.object({
  id: z.string(),
  appId: z.string(),
  displayName: nullableString,
  signInAudience: nullableString,
  publisherDomain: nullableString,
  createdDateTime: nullableDateTime,
  keyCredentials: z.array(keyCredential).default([]),
  passwordCredentials: z.array(passwordCredential).default([]),
});
export type GraphApplication = z.infer<typeof application>;

/**
 * An application listed with `$expand=federatedIdentityCredentials`. Required, not defaulted: a
 * list that came back without them must fail the run, not read as "no federated credentials".
 * An application holds at most 20, which is also all that `$expand` returns.
 */
export const applicationWithFederatedCredentials = application.extend({
  federatedIdentityCredentials: z.array(federatedIdentityCredential),
});

const signInActivity = z
  .object({ lastSignInDateTime: nullableDateTime, lastSignInRequestId: nullableString })
  .nullish()
  .transform((a) => a ?? null);

/** beta `/reports/servicePrincipalSignInActivities` item. */
export const servicePrincipalSignInActivity = z.object({
  id: z.string(),
  appId: z.string(),
  lastSignInActivity: signInActivity,
  delegatedClientSignInActivity: signInActivity,
  delegatedResourceSignInActivity: signInActivity,
  applicationAuthenticationClientSignInActivity: signInActivity,
  applicationAuthenticationResourceSignInActivity: signInActivity,
});

export const graphError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    innerError: z
      .object({
        date: z.string().optional(),
        "request-id": z.string().optional(),
        "client-request-id": z.string().optional(),
      })
      .passthrough()
      .optional(),
  }),
});

export const batchRequest = z.object({
  requests: z
    .array(
      z.object({
        id: z.string(),
        method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
        url: z.string(),
        headers: z.record(z.string(), z.string()).optional(),
        body: z.unknown().optional(),
        dependsOn: z.array(z.string()).optional(),
      }),
    )
    .min(1)
    .max(20),
});

export const batchResponse = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

export const servicePrincipalPage = odataPage(servicePrincipal);
export const servicePrincipalDeltaPage = odataPage(servicePrincipalDelta);
export const appRoleAssignmentPage = odataPage(appRoleAssignment);
export const directoryObjectPage = odataPage(directoryObject);
/** A collection read with `$select=id`. */
export const groupPage = odataPage(group);
export const userPage = odataPage(user);
export const unifiedRoleAssignmentPage = odataPage(unifiedRoleAssignment);
export const unifiedRoleDefinitionPage = odataPage(unifiedRoleDefinition);
export const federatedIdentityCredentialPage = odataPage(federatedIdentityCredential);
export const applicationWithFederatedCredentialsPage = odataPage(applicationWithFederatedCredentials);
export const servicePrincipalSignInActivityPage = odataPage(servicePrincipalSignInActivity);

/** A `members@delta` entry: a directory object reference, or its removal. */
export const memberDelta = z.object({
  "@odata.type": z.string().optional(),
  id: z.string(),
  "@removed": z.object({ reason: z.string() }).optional(),
});

/** A groups delta item: changed properties only, member changes, or `@removed`. */
export const groupDelta = group.partial().extend({
  id: z.string(),
  "members@delta": z.array(memberDelta).optional(),
  "@removed": z.object({ reason: z.enum(["changed", "deleted"]) }).optional(),
});
export type GraphGroupDelta = z.infer<typeof groupDelta>;
export const groupDeltaPage = odataPage(groupDelta);
