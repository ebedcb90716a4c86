// A FieldSpec as Metadata API CustomField, the CustomField as read back, and how the two differ.
import { z } from 'zod';
import type { FieldSpec } from './salesforce.fields.ts';

export function customField(spec: FieldSpec): Record<string, unknown> {
  const base: Record<string, unknown> = { fullName: spec.fullName, label: spec.label, description: spec.description, type: spec.type };
  switch (spec.type) {
    case 'Picklist':
      return {
        ...base,
        valueSet: { restricted: true, valueSetDefinition: { sorted: false, value: (spec.values ?? []).map((v) => ({ fullName: v.value, default: false, label: v.label })) } },
      };
    case 'Currency':
    case 'Percent':
    case 'Number':
      return { ...base, precision: spec.precision, scale: spec.scale };
    case 'Checkbox':
      return { ...base, defaultValue: 'false' };
    case 'Text':
      return { ...base, length: spec.length };
    case 'LongTextArea':
      return { ...base, length: spec.length, visibleLines: spec.visibleLines };
    case 'Lookup':
      return { ...base, referenceTo: spec.referenceTo, relationshipName: spec.relationshipName, relationshipLabel: `${spec.label} (accounts)`, deleteConstraint: 'SetNull' };
    default:
      return base;
  }
}

const num = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional();
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional();
const one = <T extends z.ZodType>(type: T) => z.union([z.array(type), type.transform((v) => [v])]).optional();

/** A CustomField as readMetadata answers it (jsforce casts most values; XML strings are accepted too). */
export const readField = z.looseObject({
  fullName: z.string().optional(),
  label: z.string().optional(),
  type: z.string().optional(),
  length: num,
  precision: num,
  scale: num,
  referenceTo: z.string().optional(),
  valueSet: z
    .looseObject({
      restricted: bool,
      valueSetDefinition: z.looseObject({ value: one(z.looseObject({ fullName: z.string(), label: z.string().optional() })) }).optional(),
    })
    .optional(),
});
export type ReadField = z.infer<typeof readField>;

export interface FieldDifference {
  field: string;
  /** One line per property that differs: "label: 'Segment' expected, 'Klantsegment' found". */
  fields: string[];
  /** True when write-back will fail or mislead (type, a missing picklist value, another target). */
  breaking: boolean;
}

export function differences(spec: FieldSpec, current: ReadField): FieldDifference | null {
  const lines: string[] = [];
  let breaking = false;
  const compare = (name: string, expected: unknown, found: unknown, breaks = false) => {
    if (expected === undefined || String(expected) === String(found ?? '')) return;
    lines.push(`${name}: '${String(expected)}' expected, '${String(found ?? '')}' found`);
    breaking ||= breaks;
  };
  compare('type', spec.type, current.type, true);
  compare('label', spec.label, current.label);
  compare('length', spec.type === 'Text' || spec.type === 'LongTextArea' ? spec.length : undefined, current.length);
  compare('precision', spec.precision, current.precision);
  compare('scale', spec.scale, current.scale, spec.scale !== undefined && (current.scale ?? 0) < spec.scale);
  compare('referenceTo', spec.referenceTo, current.referenceTo, true);
  if (spec.type === 'Picklist') {
    const found = new Map((current.valueSet?.valueSetDefinition?.value ?? []).map((v) => [v.fullName, v.label]));
    for (const value of spec.values ?? []) {
      if (!found.has(value.value)) {
        lines.push(`value '${value.value}': missing`);
        breaking = true;
      } else if (found.get(value.value) !== value.label) {
        lines.push(`value '${value.value}': label '${value.label}' expected, '${found.get(value.value) ?? ''}' found`);
      }
      found.delete(value.value);
    }
    for (const extra of found.keys()) lines.push(`value '${extra}': not in the definition`);
    if (current.valueSet?.restricted === false) lines.push('restricted: true expected, false found');
  }
  return lines.length === 0 ? null : { field: spec.fullName, fields: lines, breaking };
}
