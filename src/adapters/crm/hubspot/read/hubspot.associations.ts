// Reading associations in v4 batches (up to 1,000 records per call), following each record's
// own paging, and picking the one company a deal or activity belongs to.
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { PRIMARY_TYPE_IDS } from './hubspot.objects.ts';
import { HUBSPOT_LIMITS, HUBSPOT_PATHS, type ObjectType } from '../client/hubspot.paths.ts';
import { associationBatch, type AssociationType } from '../client/hubspot.schemas.ts';

export interface Associated {
  id: string;
  types: AssociationType[];
}

/** For each of `ids` (of type `from`), the records of type `to` it is associated with. */
export async function readAssociations(client: HubSpotClient, from: ObjectType, to: ObjectType, ids: readonly string[]): Promise<Map<string, Associated[]>> {
  const found = new Map<string, Associated[]>();
  let pending: { id: string; after?: string }[] = [...new Set(ids)].map((id) => ({ id }));
  while (pending.length > 0) {
    const next: { id: string; after: string }[] = [];
    for (let i = 0; i < pending.length; i += HUBSPOT_LIMITS.associationsBatch) {
      const inputs = pending.slice(i, i + HUBSPOT_LIMITS.associationsBatch);
      // Records without associations come back as errors of a 207: nothing to read there.
      const { data } = await client.send({ method: 'POST', path: HUBSPOT_PATHS.associationsBatchRead(from, to), body: { inputs } }, associationBatch);
      for (const result of data.results) {
        const list = found.get(result.from.id) ?? [];
        for (const target of result.to) list.push({ id: target.toObjectId, types: target.associationTypes });
        found.set(result.from.id, list);
        if (result.paging?.next) next.push({ id: result.from.id, after: result.paging.next.after });
      }
    }
    pending = next;
  }
  return found;
}

function isPrimary(types: readonly AssociationType[]): boolean {
  return types.some((t) => PRIMARY_TYPE_IDS.has(t.typeId) || t.label?.toLowerCase() === 'primary');
}

function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Collects (record, company, types) links and answers one company per record: the primary, else the lowest id. */
export class CompanyOwnership {
  private readonly links = new Map<string, { companyId: string; primary: boolean }>();

  add(recordId: string, companyId: string, types: readonly AssociationType[]): void {
    const primary = isPrimary(types);
    const current = this.links.get(recordId);
    if (!current || (primary && !current.primary) || (primary === current.primary && compareIds(companyId, current.companyId) < 0)) {
      this.links.set(recordId, { companyId, primary });
    }
  }

  /** Links read from the record's side (record → companies). */
  addFromRecords(byRecord: Map<string, Associated[]>): this {
    for (const [recordId, companies] of byRecord) for (const c of companies) this.add(recordId, c.id, c.types);
    return this;
  }

  /** Links read from the companies' side (company → records). */
  addFromCompanies(byCompany: Map<string, Associated[]>): this {
    for (const [companyId, records] of byCompany) for (const r of records) this.add(r.id, companyId, r.types);
    return this;
  }

  companyOf(recordId: string): string | undefined {
    return this.links.get(recordId)?.companyId;
  }
}
