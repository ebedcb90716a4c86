// How an existing HubSpot property differs from Klantwaarde's definition of it.
import type { PropertySpec } from './hubspot.properties.ts';
import { PROPERTY_GROUP } from './hubspot.properties.ts';
import type { PropertyDefinition } from '../client/hubspot.schemas.ts';

export interface PropertyDifference {
  name: string;
  /** One line per field that differs: "label: 'Segment' expected, 'Klantsegment' found". */
  fields: string[];
  /** True when write-back will fail or mislead (type, field type, or a missing option). */
  breaking: boolean;
}

export function differences(spec: PropertySpec, current: PropertyDefinition): PropertyDifference | null {
  const fields: string[] = [];
  let breaking = false;
  const compare = (field: string, expected: unknown, found: unknown, breaks = false) => {
    if ((expected ?? '') === (found ?? '')) return;
    fields.push(`${field}: '${String(expected ?? '')}' expected, '${String(found ?? '')}' found`);
    breaking ||= breaks;
  };
  compare('type', spec.type, current.type, true);
  compare('fieldType', spec.fieldType, current.fieldType, true);
  compare('groupName', PROPERTY_GROUP.name, current.groupName);
  compare('label', spec.label, current.label);
  compare('description', spec.description, current.description);
  if (spec.numberDisplayHint && current.numberDisplayHint !== undefined) compare('numberDisplayHint', spec.numberDisplayHint, current.numberDisplayHint);
  const found = new Map((current.options ?? []).map((o) => [o.value, o]));
  for (const option of spec.options ?? []) {
    const have = found.get(option.value);
    if (!have) {
      fields.push(`option '${option.value}': missing`);
      breaking = true;
    } else if (have.label !== option.label) {
      fields.push(`option '${option.value}': label '${option.label}' expected, '${have.label}' found`);
    }
    found.delete(option.value);
  }
  for (const extra of found.keys()) fields.push(`option '${extra}': not in the definition`);
  return fields.length === 0 ? null : { name: spec.name, fields, breaking };
}
