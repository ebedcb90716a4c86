// Simulated association types (HubSpot's built-in ids, custom labels) and the links themselves.

export interface AssociationTypeInfo {
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
  typeId: number;
  label: string | null;
}

/** Built-in (unlabelled and primary) association type ids per direction. */
const BUILT_IN: Record<string, AssociationTypeInfo[]> = {};
const define = (from: string, to: string, forward: [number, string | null][], backward: [number, string | null][]) => {
  BUILT_IN[`${from}|${to}`] = forward.map(([typeId, label]) => ({ category: 'HUBSPOT_DEFINED', typeId, label }));
  BUILT_IN[`${to}|${from}`] = backward.map(([typeId, label]) => ({ category: 'HUBSPOT_DEFINED', typeId, label }));
};
define('companies', 'deals', [[342, null], [6, 'Primary']], [[341, null], [5, 'Primary']]);
define('companies', 'calls', [[181, null]], [[182, null]]);
define('companies', 'emails', [[185, null]], [[186, null]]);
define('companies', 'meetings', [[187, null]], [[188, null]]);
define('companies', 'notes', [[189, null]], [[190, null]]);
define('companies', 'tasks', [[191, null]], [[192, null]]);
define('companies', 'tickets', [[340, null]], [[339, null]]);
define('deals', 'line_items', [[19, null]], [[20, null]]);
// A contact's companies: 279 unlabelled, 1 its primary company (and 280 / 2 back).
define('contacts', 'companies', [[279, null], [1, 'Primary']], [[280, null], [2, 'Primary']]);
// A survey response and the contact who gave it. The ids are the simulator's own (HubSpot's were
// not looked up): the connector reads these links whatever their type.
define('feedback_submissions', 'contacts', [[97, null]], [[98, null]]);
BUILT_IN['companies|companies'] = [
  { category: 'HUBSPOT_DEFINED', typeId: 13, label: 'Parent Company' },
  { category: 'HUBSPOT_DEFINED', typeId: 14, label: 'Child Company' },
];

/** The unlabelled type from → to, and back. */
export function defaultTypes(from: string, to: string): { forward: number; backward: number } {
  const forward = BUILT_IN[`${from}|${to}`]?.[0]?.typeId;
  const backward = BUILT_IN[`${to}|${from}`]?.[0]?.typeId;
  if (forward === undefined || backward === undefined) throw new Error(`no association between ${from} and ${to} in the simulator`);
  return { forward, backward };
}

export class AssociationStore {
  private readonly custom = new Map<string, AssociationTypeInfo[]>();
  private readonly links = new Map<string, Map<string, Map<string, Set<number>>>>();
  private nextTypeId = 1000;

  types(from: string, to: string): AssociationTypeInfo[] {
    return [...(BUILT_IN[`${from}|${to}`] ?? []), ...(this.custom.get(`${from}|${to}`) ?? [])];
  }

  typeInfo(from: string, to: string, typeId: number): AssociationTypeInfo {
    return this.types(from, to).find((t) => t.typeId === typeId) ?? { category: 'USER_DEFINED', typeId, label: null };
  }

  /** A paired label: `label` from → to, `inverseLabel` to → from (same object type here). */
  createLabel(from: string, to: string, label: string, inverseLabel: string | undefined): AssociationTypeInfo[] {
    const forward: AssociationTypeInfo = { category: 'USER_DEFINED', typeId: this.nextTypeId++, label };
    const created = [forward];
    this.custom.set(`${from}|${to}`, [...(this.custom.get(`${from}|${to}`) ?? []), forward]);
    if (inverseLabel !== undefined) {
      const backward: AssociationTypeInfo = { category: 'USER_DEFINED', typeId: this.nextTypeId++, label: inverseLabel };
      this.custom.set(`${to}|${from}`, [...(this.custom.get(`${to}|${from}`) ?? []), backward]);
      created.push(backward);
    }
    return created;
  }

  typeIdOf(from: string, to: string, label: string): number | undefined {
    return this.types(from, to).find((t) => t.label === label)?.typeId;
  }

  link(from: string, fromId: string, to: string, toId: string, forward: number[], backward: number[]): void {
    this.add(from, fromId, to, toId, forward);
    this.add(to, toId, from, fromId, backward);
  }

  private add(from: string, fromId: string, to: string, toId: string, typeIds: number[]): void {
    const pair = this.links.get(`${from}|${to}`) ?? new Map<string, Map<string, Set<number>>>();
    this.links.set(`${from}|${to}`, pair);
    const targets = pair.get(fromId) ?? new Map<string, Set<number>>();
    pair.set(fromId, targets);
    const types = targets.get(toId) ?? new Set<number>();
    targets.set(toId, types);
    for (const t of typeIds) types.add(t);
  }

  targets(from: string, fromId: string, to: string): Map<string, Set<number>> {
    return this.links.get(`${from}|${to}`)?.get(fromId) ?? new Map();
  }
}
