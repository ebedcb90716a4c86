// Satisfaction from HubSpot surveys: the responses (feedback submissions) of a company's
// contacts, submitted in the window and of the configured survey types (NPS), averaged per
// company with their count. A response belongs to the company of the contact who gave it (that
// contact's primary company); a company without responses keeps its typed-in kw_satisfaction.
import { CompanyOwnership, readAssociations } from './hubspot.associations.ts';
import { batchRead } from './hubspot.batch.ts';
import { isHubSpotError } from '../client/hubspot.errors.ts';
import { SURVEY_PROPERTIES } from './hubspot.objects.ts';
import type { CrmObject } from '../client/hubspot.schemas.ts';
import type { PageBuilder, SurveyWindow, SyncContext } from './hubspot.sync-context.ts';
import { parseInstant } from './hubspot.values.ts';

export interface SurveyScore {
  satisfaction: number;
  responses: number;
}

/** A response's score when it counts in the window, else undefined. */
export function responseScore(submission: CrmObject, window: SurveyWindow): number | undefined {
  const p = submission.properties;
  if (!window.types.includes((p['hs_survey_type'] ?? '').trim().toUpperCase())) return undefined;
  const at = parseInstant(p['hs_submission_timestamp'] ?? '');
  if (at === undefined || at <= window.start || at > window.end) return undefined;
  const raw = (p['hs_value'] ?? '').trim();
  const value = raw === '' ? Number.NaN : Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** The average score (to the cent) and response count per company of `companyIds` that has responses. */
export async function surveyScores(context: SyncContext, companyIds: readonly string[]): Promise<Map<string, SurveyScore>> {
  const scores = new Map<string, SurveyScore>();
  const window = context.surveys;
  if (!window || window.types.length === 0 || companyIds.length === 0) return scores;
  const wanted = new Set(companyIds);
  const { client } = context;
  const contactIds = [...new Set([...(await readAssociations(client, 'companies', 'contacts', companyIds)).values()].flat().map((c) => c.id))];
  if (contactIds.length === 0) return scores;
  const owner = new CompanyOwnership().addFromRecords(await readAssociations(client, 'contacts', 'companies', contactIds));
  const byContact = await readAssociations(client, 'contacts', 'feedback_submissions', contactIds);
  const submissionIds = [...new Set([...byContact.values()].flat().map((s) => s.id))];
  if (submissionIds.length === 0) return scores;
  const read = await batchRead(client, 'feedback_submissions', submissionIds, SURVEY_PROPERTIES);
  for (const bad of read.invalid) context.log.warn({ submission: bad.id, reason: bad.reason }, 'hubspot survey response left out');
  const submissions = new Map(read.objects.map((o) => [o.id, o]));
  const sums = new Map<string, { sum: number; count: number }>();
  const counted = new Set<string>();
  for (const [contactId, links] of byContact) {
    const companyId = owner.companyOf(contactId);
    if (companyId === undefined || !wanted.has(companyId)) continue;
    for (const link of links) {
      const submission = submissions.get(link.id);
      const score = submission && !counted.has(link.id) ? responseScore(submission, window) : undefined;
      if (score === undefined) continue;
      counted.add(link.id);
      const sum = sums.get(companyId) ?? { sum: 0, count: 0 };
      sum.sum += score;
      sum.count += 1;
      sums.set(companyId, sum);
    }
  }
  for (const [companyId, { sum, count }] of sums) scores.set(companyId, { satisfaction: Math.round((sum / count) * 100) / 100, responses: count });
  return scores;
}

/**
 * Sets satisfaction and its response count on the page's companies among `companyIds` that have
 * responses. Without the survey scope (403) the typed-in grades stay, with a warning each pull.
 */
export async function addSurveyScores(context: SyncContext, page: PageBuilder, companyIds: readonly string[]): Promise<void> {
  let scores: Map<string, SurveyScore>;
  try {
    scores = await surveyScores(context, companyIds);
  } catch (error) {
    if (!isHubSpotError(error, 'crm.forbidden')) throw error;
    if (!context.surveyScopeWarned) context.log.warn({ err: error }, 'hubspot survey responses not readable (scope crm.objects.feedback_submissions.read missing?): satisfaction stays as typed in');
    context.surveyScopeWarned = true;
    return;
  }
  if (scores.size === 0) return;
  for (const company of page.changes.companies) {
    const score = scores.get(company.id);
    if (!score) continue;
    company.satisfaction = score.satisfaction;
    company.satisfactionResponses = score.responses;
  }
}

/** The companies whose contacts gave these responses: a new response recomputes its company. */
export async function companiesOfSubmissions(context: SyncContext, submissionIds: readonly string[]): Promise<string[]> {
  if (submissionIds.length === 0) return [];
  const { client } = context;
  const contactIds = [...new Set([...(await readAssociations(client, 'feedback_submissions', 'contacts', submissionIds)).values()].flat().map((c) => c.id))];
  if (contactIds.length === 0) return [];
  const owner = new CompanyOwnership().addFromRecords(await readAssociations(client, 'contacts', 'companies', contactIds));
  return [...new Set(contactIds.map((id) => owner.companyOf(id)).filter((id): id is string => id !== undefined))];
}
