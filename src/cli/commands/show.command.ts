// klantwaarde show ID — everything about one company, readable.
import { companyCard, type CompanyCard } from '../../app/company-card.ts';
import { COST_LINES } from '../../domain/cost-to-serve.ts';
import { LABELS } from '../../domain/labels.ts';
import { isoDate } from '../../domain/time.ts';
import type { CompanyWhatIf, WhatIf } from '../../domain/what-if.ts';
import { CONFIG_HELP, EXIT, knownTenant, UsageError, write, type Command } from '../command.ts';
import { count, money, percent, table } from '../output.ts';
import { openRuntime } from '../../composition/runtime.ts';

export const showCommand: Command = {
  name: 'show',
  summary: 'everything about one company',
  usage: 'klantwaarde show ID [--tenant TENANT] [--config FILE]',
  options: { tenant: { type: 'string' }, config: { type: 'string' } },
  help: {
    arguments: { ID: { text: 'the company id (the CRM record id, or id in companies.csv)', default: 'required', example: 'klantwaarde show c-000001' } },
    options: {
      tenant: { value: 'TENANT', text: 'the tenant the company belongs to: local, hubspot:<portal id> or salesforce:<org id>', default: 'the first tenant', example: '--tenant salesforce:00D000000000001' },
      config: CONFIG_HELP,
    },
    examples: ['klantwaarde show c-000001', 'klantwaarde show 4001 --tenant hubspot:62515'],
  },
  async run(values, positionals, io) {
    const [id] = positionals;
    if (!id) throw new UsageError('which company? klantwaarde show ID');
    const runtime = await openRuntime({ configPath: typeof values.config === 'string' ? values.config : undefined, io });
    try {
      const tenant = typeof values.tenant === 'string' ? await knownTenant(runtime, values.tenant) : (await runtime.tenants())[0]!;
      write(io.stdout, describeCompany(await companyCard(runtime.store, runtime.recompute.config, tenant, id)));
      return EXIT.ok;
    } finally {
      await runtime.close();
    }
  },
};

export function* describeCompany(card: CompanyCard): Generator<string> {
  const r = card.result;
  yield `${r.name} (${r.companyId})${r.ownerId ? ` — owner ${r.ownerId}` : ''}\n`;
  yield `Segment ${r.segment ?? '-'}${r.override ? ` (override by ${r.override.by}: ${r.override.reason}${r.override.expiresAt ? `, until ${isoDate(r.override.expiresAt)}` : ''}; the model says ${r.segmentComputed ?? '-'})` : ''}, pyramid level ${r.pyramidLevel}${r.valueRank ? `, value rank ${r.valueRank}` : ''}${r.valueScore !== null ? `, value score ${Math.round(r.valueScore)}` : ''}\n`;
  if (card.satisfaction) {
    const { score, responses } = card.satisfaction;
    yield `Satisfaction: ${responses === null ? score.toFixed(1) : `NPS ${score.toFixed(1)} (${responses} ${responses === 1 ? 'response' : 'responses'})`}\n`;
  }
  yield `Why: ${r.explanation}\n\n`;
  yield 'Value (12 months)\n';
  yield* table(
    ['figure', 'amount'],
    [
      ['revenue', money(r.revenue)],
      ['gross margin', money(r.grossMargin)],
      ['cost-to-serve', money(r.costToServe)],
      ['net contribution', money(r.netContribution)],
      ['retention', percent(r.retention)],
      ['CLV', money(r.clv)],
      ['referral value', money(r.referralValue)],
      ['influence value', money(r.influenceValue)],
      ['reference value', money(r.referenceValue)],
      ['knowledge value', money(r.knowledgeValue)],
      ['growth potential', money(r.growthPotential)],
      ['share of wallet', percent(r.shareOfWallet)],
      ['total value', money(r.totalValue)],
    ],
    [1],
  );
  yield '\nCost-to-serve by line\n';
  yield* table(['line', 'amount'], COST_LINES.filter((l) => r.costBreakdown[l] > 0).map((l) => [l, money(r.costBreakdown[l])]), [1]);
  yield `\nContact schedule: ${r.contactPlan}\n`;
  if (r.contacts.length) {
    yield* table(
      ['touchpoint', 'who', 'layer', 'channel', 'every', 'last contact', 'next due', 'overdue'],
      r.contacts.map((c) => [c.touchpoint.name, c.touchpoint.who, c.touchpoint.layer, c.touchpoint.channel, `${c.touchpoint.everyDays} d`, c.lastContact ? isoDate(c.lastContact) : 'never', isoDate(c.nextDue), c.overdue ? `yes, ${c.daysOverdue} d` : 'no']),
    );
  }
  yield `\nService: ${r.serviceFlag}${r.serviceDetail ? ` — ${r.serviceDetail}` : ''}\n`;
  yield `Action: ${r.recommendedAction} — ${r.recommendedActionText}\n`;
  if (card.whatIf) yield* describeWhatIf(card.whatIf);
  if (card.history.length > 1) {
    yield '\nHistory\n';
    yield* table(['as of', 'segment', 'pyramid', 'total value', 'net'], card.history.map((h) => [isoDate(h.asOf), h.segment ?? '-', h.pyramidLevel, money(h.totalValue), money(h.netContribution)]), [3, 4]);
  }
}

/** What an option changes, in a few words (English, like the rest of the CLI). */
function whatIfChange(o: WhatIf): string {
  switch (o.option) {
    case 'minimum_order_size':
      return `${count(o.before)} → ${count(o.after)} orders`;
    case 'revised_discount':
      return `discounts ${money(o.before)} → ${money(o.after)}`;
    case 'service_fee':
      return `fee income ${money(o.after)}`;
    case 'minimum_annual_revenue':
      if (o.partsWays) return `revenue ${money(o.before)} a year: parts ways`;
      return o.after === o.before ? `revenue ${money(o.before)} a year: already there` : `revenue ${money(o.before)} → ${money(o.after)} a year`;
    case 'digital_channel':
      return `${count(o.before)} visits and meetings → ${count(o.after)} calls and e-mails`;
    case 'part_ways':
      return 'margin and costs gone';
  }
}

const signed = (n: number) => (Math.round(n) > 0 ? `+${money(n)}` : money(n));

export function* describeWhatIf(w: CompanyWhatIf): Generator<string> {
  yield `\nWhat-if (net contribution today ${money(w.netContribution)}; best effect first, * = the recommended action's option)\n`;
  yield* table(
    ['', 'option', 'change', 'net contribution', 'effect', 'strategic value lost'],
    w.options.map((o) => [o.recommended ? '*' : '', LABELS.en.whatIfOptions[o.option], whatIfChange(o), money(o.netContribution), signed(o.effect), o.partsWays ? money(o.strategicValueLost) : '']),
    [3, 4, 5],
  );
}
