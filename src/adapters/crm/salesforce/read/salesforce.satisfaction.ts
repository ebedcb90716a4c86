// Satisfaction from Salesforce surveys, as config salesforce.satisfaction names them: an Account
// field that holds the grade (e.g. NPS__c, a roll-up), or a survey-response object with the
// account, the score and the date of each response — then the responses in the window are
// averaged per account, to the cent, with their count. Without the setting the typed-in
// KW_Satisfaction__c stays.
import { subtractMonths } from '../../../../domain/time.ts';
import { SALESFORCE_LIMITS } from '../client/salesforce.paths.ts';
import { queryPages, readAll } from './salesforce.query.ts';
import { latestModstamp } from './salesforce.read.ts';
import { chunk, inList, modifiedSince, soql } from './salesforce.soql.ts';
import type { PageBuilder, SyncContext } from './salesforce.sync-context.ts';
import { sfInstant, sfNumber } from './salesforce.values.ts';

export type SatisfactionSource =
  | { field: string }
  | { object: string; accountField: string; scoreField: string; dateField: string };

export interface SatisfactionSettings {
  source: SatisfactionSource;
  /** Responses of the last this many months before the pull count (config window.months). */
  windowMonths: number;
}

interface Score {
  satisfaction: number;
  responses: number | null;
}

const numberOf = (value: unknown): number | undefined => {
  const parsed = sfNumber.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

async function scores(context: SyncContext, accountIds: readonly string[]): Promise<Map<string, Score>> {
  const found = new Map<string, Score>();
  const settings = context.satisfaction;
  if (!settings || accountIds.length === 0) return found;
  const { source } = settings;
  for (const ids of chunk([...new Set(accountIds)], SALESFORCE_LIMITS.idsPerQuery)) {
    if ('field' in source) {
      for (const row of await readAll(context.conn, soql({ fields: ['Id', source.field], from: 'Account', where: [`Id IN ${inList(ids)}`] }))) {
        const value = numberOf(row[source.field]);
        if (typeof row.Id === 'string' && value !== undefined) found.set(row.Id, { satisfaction: value, responses: null });
      }
      continue;
    }
    const end = context.now();
    const start = subtractMonths(end, settings.windowMonths);
    const sums = new Map<string, { sum: number; count: number }>();
    const where = [`${source.accountField} IN ${inList(ids)}`];
    for (const row of await readAll(context.conn, soql({ fields: ['Id', source.accountField, source.scoreField, source.dateField], from: source.object, where }))) {
      const account = row[source.accountField];
      const score = numberOf(row[source.scoreField]);
      const at = sfInstant.safeParse(row[source.dateField]);
      if (typeof account !== 'string' || score === undefined || !at.success || at.data === undefined || at.data <= start || at.data > end) continue;
      const sum = sums.get(account) ?? { sum: 0, count: 0 };
      sum.sum += score;
      sum.count += 1;
      sums.set(account, sum);
    }
    for (const [account, { sum, count }] of sums) found.set(account, { satisfaction: Math.round((sum / count) * 100) / 100, responses: count });
  }
  return found;
}

/**
 * The accounts with survey responses changed since `since` (a new response, a corrected score),
 * and the latest SystemModstamp among them; none without a survey-response object.
 */
export async function* accountsWithNewResponses(context: SyncContext, since: number | null): AsyncGenerator<{ accountIds: string[]; watermark: number | null }> {
  const source = context.satisfaction?.source;
  if (!source || 'field' in source) return;
  const query = soql({ fields: ['Id', source.accountField, 'SystemModstamp'], from: source.object, where: modifiedSince(since), orderBy: 'SystemModstamp ASC' });
  for await (const { records } of queryPages(context.conn, query)) {
    const accountIds = [...new Set(records.map((r) => r[source.accountField]).filter((id): id is string => typeof id === 'string'))];
    yield { accountIds, watermark: latestModstamp(records) };
  }
}

/** Sets satisfaction (and, from responses, their count) on the page's companies among `accountIds`. */
export async function addSurveyScores(context: SyncContext, page: PageBuilder, accountIds: readonly string[]): Promise<void> {
  const found = await scores(context, accountIds);
  if (found.size === 0) return;
  for (const company of page.changes.companies) {
    const score = found.get(company.id);
    if (!score) continue;
    company.satisfaction = score.satisfaction;
    if (score.responses === null) delete company.satisfactionResponses;
    else company.satisfactionResponses = score.responses;
  }
}

