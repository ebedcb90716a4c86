// Company-to-company relations: the paired association labels for referral and influence
// (created by setup), read back as Relation records.
import type { Relation, RelationKind } from '../../../../domain/records.ts';
import type { Associated } from './hubspot.associations.ts';
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { HUBSPOT_PATHS } from '../client/hubspot.paths.ts';
import { labelList } from '../client/hubspot.schemas.ts';

/** A paired label: `label` on the association from X to Y reads "X <label> Y". */
export interface LabelPair {
  label: string;
  inverseLabel: string;
  /** Internal name HubSpot keeps for the pair. */
  name: string;
}

export interface RelationLabels {
  /** "X Referred by Y": Y referred X (Relation referral from Y to X). */
  referral: LabelPair;
  /** "X Influences Y": X influences Y's spend (Relation influence from X to Y). */
  influence: LabelPair;
}

export const DEFAULT_RELATION_LABELS: RelationLabels = {
  referral: { label: 'Referred by', inverseLabel: 'Referred', name: 'kw_referred_by' },
  influence: { label: 'Influences', inverseLabel: 'Influenced by', name: 'kw_influences' },
};

/**
 * The pairs from the config's `hubspot.associationLabels` (one label per relation kind). The
 * other side's label is the default one for the default labels, else "<label> (inverse)";
 * setup creates the pair with the same names, so the two always agree.
 */
export function relationLabelsFrom(config: { referral: string; influence: string }): RelationLabels {
  const pair = (label: string, fallback: LabelPair): LabelPair =>
    label.trim().toLowerCase() === fallback.label.toLowerCase()
      ? fallback
      : { label: label.trim(), inverseLabel: `${label.trim()} (inverse)`, name: `kw_${label.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}` };
  return { referral: pair(config.referral, DEFAULT_RELATION_LABELS.referral), influence: pair(config.influence, DEFAULT_RELATION_LABELS.influence) };
}

/** Association type ids per direction; empty when setup has not created the labels. */
export interface RelationTypeIds {
  /** X→Y means Y is related to X as `from` of the relation (referred by, influenced by). */
  inbound: Map<number, RelationKind>;
  /** X→Y means X is the `from` of the relation (referred, influences). */
  outbound: Map<number, RelationKind>;
}

export async function readRelationTypeIds(client: HubSpotClient, labels: RelationLabels = DEFAULT_RELATION_LABELS): Promise<RelationTypeIds> {
  const { data } = await client.send({ method: 'GET', path: HUBSPOT_PATHS.associationLabels('companies', 'companies') }, labelList);
  const ids: RelationTypeIds = { inbound: new Map(), outbound: new Map() };
  const same = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();
  for (const type of data.results) {
    if (same(type.label, labels.referral.label)) ids.inbound.set(type.typeId, 'referral');
    if (same(type.label, labels.referral.inverseLabel)) ids.outbound.set(type.typeId, 'referral');
    if (same(type.label, labels.influence.label)) ids.outbound.set(type.typeId, 'influence');
    if (same(type.label, labels.influence.inverseLabel)) ids.inbound.set(type.typeId, 'influence');
  }
  return ids;
}

export function relationKey(r: Relation): string {
  return `${r.kind}:${r.fromCompanyId}>${r.toCompanyId}`;
}

/** Relations from company→company associations, each once however many sides it was read from. */
export function relationsFromAssociations(byCompany: Map<string, Associated[]>, typeIds: RelationTypeIds): Relation[] {
  const found = new Map<string, Relation>();
  for (const [companyId, others] of byCompany) {
    for (const other of others) {
      for (const type of other.types) {
        const outbound = typeIds.outbound.get(type.typeId);
        const inbound = typeIds.inbound.get(type.typeId);
        const relation: Relation | null = outbound
          ? { fromCompanyId: companyId, toCompanyId: other.id, kind: outbound }
          : inbound
            ? { fromCompanyId: other.id, toCompanyId: companyId, kind: inbound }
            : null;
        if (relation && relation.fromCompanyId !== relation.toCompanyId) found.set(relationKey(relation), relation);
      }
    }
  }
  return [...found.values()];
}
