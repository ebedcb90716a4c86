// Zod schemas for the HubSpot responses the connector reads. Envelopes are strict about
// their shape; records inside them are parsed one by one so one bad record is skipped, not fatal.
import { z } from 'zod';

const id = z.union([z.string(), z.number()]).transform(String);

export const propertyValues = z.record(z.string(), z.string().nullable().optional());

export const historyEntry = z.object({ value: z.string().nullable().optional(), timestamp: z.string() });

export const crmObject = z.object({
  id,
  properties: propertyValues,
  propertiesWithHistory: z.record(z.string(), z.array(historyEntry)).optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
  archivedAt: z.string().optional(),
});
export type CrmObject = z.infer<typeof crmObject>;

const paging = z.object({ next: z.object({ after: z.string() }).optional() }).optional();

export const searchPage = z.object({ total: z.number().optional(), results: z.array(z.unknown()), paging });
export const listPage = z.object({ results: z.array(z.unknown()), paging });

/** An error's context: lists of values by name (ids, propertyName…); numbers read as strings. */
const errorContext = z.record(z.string(), z.array(z.union([z.string(), z.number()]).transform(String))).optional().catch(undefined);

export const batchError = z.object({
  status: z.string().optional(),
  category: z.string().optional(),
  subCategory: z.string().optional(),
  message: z.string().optional(),
  context: errorContext,
});
export type BatchError = z.infer<typeof batchError>;

/** HubSpot's error body (a 400 for a whole batch): the category, and per problem a detail. */
export const errorBody = z.object({
  category: z.string().optional(),
  subCategory: z.string().optional(),
  message: z.string().optional(),
  context: errorContext,
  errors: z.array(z.object({ message: z.string().optional(), code: z.string().optional(), subCategory: z.string().optional(), context: errorContext })).optional(),
});

export const batchResponse = z.object({
  status: z.string().optional(),
  results: z.array(z.unknown()),
  errors: z.array(batchError).optional(),
});

export const associationType = z.object({
  category: z.string(),
  typeId: z.number(),
  label: z.string().nullable().optional(),
});
export type AssociationType = z.infer<typeof associationType>;

export const associationResult = z.object({
  from: z.object({ id }),
  to: z.array(z.object({ toObjectId: id, associationTypes: z.array(associationType) })),
  paging,
});
export type AssociationResult = z.infer<typeof associationResult>;

export const associationBatch = z.object({
  status: z.string().optional(),
  results: z.array(associationResult),
  errors: z.array(batchError).optional(),
});

export const labelList = z.object({ results: z.array(associationType) });

export const propertyOption = z.object({
  label: z.string(),
  value: z.string(),
  description: z.string().nullable().optional(),
  displayOrder: z.number().optional(),
  hidden: z.boolean().optional(),
});

export const propertyDefinition = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string().optional(),
  description: z.string().nullable().optional(),
  options: z.array(propertyOption).optional(),
  numberDisplayHint: z.string().optional(),
  showCurrencySymbol: z.boolean().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  modificationMetadata: z
    .object({ readOnlyValue: z.boolean().optional(), readOnlyDefinition: z.boolean().optional(), archivable: z.boolean().optional() })
    .optional(),
});
export type PropertyDefinition = z.infer<typeof propertyDefinition>;

export const propertyList = z.object({ results: z.array(propertyDefinition) });

export const propertyGroup = z.object({ name: z.string(), label: z.string(), displayOrder: z.number().optional(), archived: z.boolean().optional() });
export const propertyGroupList = z.object({ results: z.array(propertyGroup) });

/**
 * Token introspection (POST /oauth/2026-09/token/introspect). HubSpot documents `active`; the
 * portal and scopes come under the names its token metadata used (hub_id, scopes) — read them
 * leniently (camelCase, or RFC 7662's space-separated `scope`) and treat them as optional.
 */
export const tokenIntrospection = z
  .object({
    active: z.boolean(),
    hub_id: z.number().optional(),
    hubId: z.number().optional(),
    scopes: z.array(z.string()).optional(),
    scope: z.string().optional(),
    client_id: z.string().optional(),
    token_type: z.string().optional(),
  })
  .transform((t) => ({
    active: t.active,
    hubId: t.hub_id ?? t.hubId ?? null,
    scopes: t.scopes ?? (t.scope !== undefined ? t.scope.split(/\s+/).filter(Boolean) : null),
  }));

/** GET /account-info/2026-09/details: the portal the calling token belongs to. */
export const accountDetails = z.object({
  portalId: z.number(),
  accountType: z.string().optional(),
  timeZone: z.string().optional(),
  companyCurrency: z.string().optional(),
  uiDomain: z.string().optional(),
  dataHostingLocation: z.string().optional(),
});

/** One of the portal's users who can own records (GET /crm/owners/2026-09/). */
export const owner = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  archived: z.boolean().optional(),
});
export const ownerPage = z.object({ results: z.array(z.unknown()), paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional() });

/** The token endpoint answers snake_case; some of HubSpot's reference pages show camelCase. */
export const tokenResponse = z
  .object({
    access_token: z.string().optional(),
    accessToken: z.string().optional(),
    refresh_token: z.string().optional(),
    refreshToken: z.string().optional(),
    expires_in: z.number().optional(),
    expiresIn: z.number().optional(),
    hub_id: z.number().optional(),
    hubId: z.number().optional(),
    scopes: z.array(z.string()).optional(),
  })
  .transform((t, ctx) => {
    const accessToken = t.access_token ?? t.accessToken;
    const expiresIn = t.expires_in ?? t.expiresIn;
    if (!accessToken || expiresIn === undefined) {
      ctx.addIssue({ code: 'custom', message: 'token response without access_token or expires_in' });
      return z.NEVER;
    }
    return { accessToken, refreshToken: t.refresh_token ?? t.refreshToken, expiresIn, hubId: t.hub_id ?? t.hubId, scopes: t.scopes };
  });

export const anyBody = z.unknown();
