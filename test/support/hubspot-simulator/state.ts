// Everything the simulated portal holds: records, associations, property definitions and
// groups, and the tokens it accepts.
import { AssociationStore } from './associations.ts';
import { ObjectTable } from './portal.ts';
import { DEFAULT_SCOPES } from './routes-oauth.ts';

export const OBJECT_TYPES = ['companies', 'deals', 'line_items', 'calls', 'meetings', 'emails', 'notes', 'tasks', 'tickets', 'contacts', 'feedback_submissions'] as const;
export type SimulatedObjectType = (typeof OBJECT_TYPES)[number];

export interface PropertyDef {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string;
  options?: { label: string; value: string; displayOrder?: number; description?: string; hidden?: boolean }[];
  numberDisplayHint?: string;
  showCurrencySymbol?: boolean;
  formField?: boolean;
  hidden?: boolean;
}

export interface SimulatedOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  archived: boolean;
}

export interface TokenGrant {
  hubId: number;
  scopes: string[];
  expiresAt: number;
}

export class SimulatedPortal {
  readonly hubId: number;
  readonly tables = Object.fromEntries(OBJECT_TYPES.map((t) => [t, new ObjectTable()])) as Record<SimulatedObjectType, ObjectTable>;
  readonly associations = new AssociationStore();
  readonly properties = new Map<string, Map<string, PropertyDef>>();
  readonly groups = new Map<string, Map<string, { name: string; label: string; displayOrder: number; archived: boolean }>>();
  /** Access tokens the API accepts; empty means any bearer token is fine. */
  readonly accessTokens = new Map<string, TokenGrant>();
  /** refresh token → the portal it belongs to. */
  readonly refreshTokens = new Map<string, number>();
  /** Authorization codes waiting for exchange. */
  readonly codes = new Set<string>();
  /** The scopes the app's tokens carry (a test takes one away to see it reported). */
  scopes: string[] = [...DEFAULT_SCOPES];
  /** The users who can own records, by owner id. */
  readonly owners = new Map<string, SimulatedOwner>();
  /** Workflow action executions completed through the callback API: callback id → output fields. */
  readonly completedCallbacks = new Map<string, Record<string, unknown>>();
  private clock: () => number;
  private tick = 0;
  private lastId = 90_000_000_000;

  constructor(options: { hubId?: number; now?: () => number } = {}) {
    this.hubId = options.hubId ?? 4242;
    this.clock = options.now ?? Date.now;
    for (const type of OBJECT_TYPES) {
      this.properties.set(type, new Map());
      this.groups.set(type, new Map());
    }
    this.groups.get('companies')!.set('companyinformation', { name: 'companyinformation', label: 'Company information', displayOrder: 0, archived: false });
    this.groups.get('tasks')!.set('task_information', { name: 'task_information', label: 'Task information', displayOrder: 0, archived: false });
  }

  /** Strictly increasing time, so each write gets its own hs_lastmodifieddate. */
  now(): number {
    this.tick = Math.max(this.tick + 1, this.clock());
    return this.tick;
  }

  /** An id for a record created through the API (numeric, as HubSpot's). */
  newId(): string {
    this.lastId += 1;
    return String(this.lastId);
  }

  isObjectType(type: string): type is SimulatedObjectType {
    return (OBJECT_TYPES as readonly string[]).includes(type);
  }

  table(type: SimulatedObjectType): ObjectTable {
    return this.tables[type];
  }

  defineProperty(type: SimulatedObjectType, def: PropertyDef): void {
    this.properties.get(type)!.set(def.name, def);
  }

  /** Standard properties need no definition here; custom (kw_) ones must exist to be written. */
  isWritable(type: SimulatedObjectType, name: string): boolean {
    return !name.startsWith('kw_') || this.properties.get(type)!.has(name);
  }
}
