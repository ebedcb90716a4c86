// Field-level security for the Klantwaarde fields: one permission set for the integration user
// (read and edit everything it writes) and one for the people who use the fields (read all,
// edit the override and the inputs). Existing sets keep what they have; missing grants are added.
import { z } from 'zod';
import type { FieldSpec } from './salesforce.fields.ts';

export interface PermissionSetSpec {
  fullName: string;
  label: string;
  description: string;
  /** Field → editable (every listed field is readable). */
  grants: Map<string, boolean>;
}

export function permissionSetSpecs(fields: readonly FieldSpec[]): PermissionSetSpec[] {
  return [
    {
      fullName: 'Klantwaarde_Integration',
      label: 'Klantwaarde integration',
      description: 'For the user Klantwaarde connects as: reads the inputs and writes the customer value fields.',
      grants: new Map(fields.map((f) => [f.fullName, true])),
    },
    {
      fullName: 'Klantwaarde_User',
      label: 'Klantwaarde user',
      description: 'For reps and managers: sees the customer value fields, edits the segment override and the inputs.',
      grants: new Map(fields.map((f) => [f.fullName, f.editable])),
    },
  ];
}

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const fieldPermission = z.looseObject({ field: z.string(), editable: bool, readable: bool });
export const readPermissionSet = z.looseObject({
  fullName: z.string().optional(),
  fieldPermissions: z.union([z.array(fieldPermission), fieldPermission.transform((p) => [p])]).optional(),
});
export type ReadPermissionSet = z.infer<typeof readPermissionSet>;

export interface PermissionSetPlan {
  /** What to upsert, or null when everything is granted already. */
  metadata: Record<string, unknown> | null;
  added: string[];
}

/** The permission set with every missing grant added; grants a person widened or narrowed stay as they are. */
export function planPermissionSet(spec: PermissionSetSpec, current: ReadPermissionSet | null): PermissionSetPlan {
  const existing = current?.fieldPermissions ?? [];
  const have = new Set(existing.map((p) => p.field));
  const missing = [...spec.grants].filter(([field]) => !have.has(field));
  if (current && missing.length === 0) return { metadata: null, added: [] };
  const fieldPermissions = [...existing, ...missing.map(([field, editable]) => ({ field, editable, readable: true }))];
  const base = current ?? { fullName: spec.fullName, label: spec.label, description: spec.description, hasActivationRequired: false };
  return { metadata: { ...base, fullName: spec.fullName, fieldPermissions }, added: missing.map(([field]) => field) };
}
