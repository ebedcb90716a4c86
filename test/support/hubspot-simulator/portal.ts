// The simulated portal's data: records per object type with HubSpot's property conventions
// (string values, ISO dates, hs_lastmodifieddate kept in step), kept sorted for search.

export type Properties = Record<string, string | null>;

export interface StoredRecord {
  id: string;
  properties: Properties;
  createdAt: number;
  modifiedAt: number;
  archivedAt: number | null;
  history: Record<string, { value: string | null; timestamp: string }[]>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Properties whose history the simulator keeps (the connector asks history of these only). */
export const TRACKED_HISTORY = new Set(['kw_segment_override', 'kw_segment_override_reason']);

/** Compares ids as HubSpot does for numeric ids, and as strings otherwise. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

export class ObjectTable {
  readonly records = new Map<string, StoredRecord>();
  private sorted: StoredRecord[] | null = null;

  put(id: string, properties: Properties, at: { createdAt: number; modifiedAt: number }): StoredRecord {
    const record: StoredRecord = { id, properties: {}, createdAt: at.createdAt, modifiedAt: at.modifiedAt, archivedAt: null, history: {} };
    this.records.set(id, record);
    this.write(record, properties, at.modifiedAt);
    return record;
  }

  /** Sets values (empty string clears) and moves hs_lastmodifieddate. */
  write(record: StoredRecord, properties: Properties, at: number): void {
    const stamp = iso(at);
    for (const [name, value] of Object.entries(properties)) {
      const next = value === '' ? null : value;
      if (record.properties[name] !== next && TRACKED_HISTORY.has(name)) (record.history[name] ??= []).unshift({ value: next, timestamp: stamp });
      record.properties[name] = next;
    }
    record.modifiedAt = at;
    record.properties.hs_object_id = record.id;
    record.properties.hs_lastmodifieddate = stamp;
    record.properties.createdate ??= iso(record.createdAt);
    this.sorted = null;
  }

  archive(id: string, at: number): void {
    const record = this.records.get(id);
    if (record) record.archivedAt = at;
    this.sorted = null;
  }

  live(id: string): StoredRecord | undefined {
    const record = this.records.get(id);
    return record && record.archivedAt === null ? record : undefined;
  }

  /** Live records by hs_lastmodifieddate, then id: the order search answers in. */
  byModified(): StoredRecord[] {
    this.sorted ??= [...this.records.values()].filter((r) => r.archivedAt === null).sort((a, b) => a.modifiedAt - b.modifiedAt || compareIds(a.id, b.id));
    return this.sorted;
  }

  /** What the API shows of a record: the asked properties (and the ones HubSpot always adds). */
  view(record: StoredRecord, names: readonly string[], withHistory: readonly string[] = []): Record<string, unknown> {
    const properties: Properties = {
      hs_object_id: record.id,
      createdate: record.properties.createdate ?? null,
      hs_lastmodifieddate: record.properties.hs_lastmodifieddate ?? null,
    };
    for (const name of names) if (name in record.properties) properties[name] = record.properties[name] ?? null;
    return {
      id: record.id,
      properties,
      ...(withHistory.length > 0 ? { propertiesWithHistory: Object.fromEntries(withHistory.map((n) => [n, record.history[n] ?? []])) } : {}),
      createdAt: record.properties.createdate ?? iso(record.createdAt),
      updatedAt: record.properties.hs_lastmodifieddate ?? iso(record.modifiedAt),
      archived: record.archivedAt !== null,
      ...(record.archivedAt !== null ? { archivedAt: iso(record.archivedAt) } : {}),
    };
  }
}
