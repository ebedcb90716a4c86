// One company, as the CRM card shows it: segment and override, value figures with the
// change since the previous run, cost-to-serve per line, drivers, contact schedule,
// service flag and action, and the history of segment and total value.
import type { CompanyCard } from '../../../app/company-card.ts';
import { COST_LINES } from '../../../domain/cost-to-serve.ts';
import { ACTION_LABELS, count, date, elementLabel, FLAG_LABELS, LEVEL_LABELS, money, percent, signedMoney } from './format.ts';
import { href, html, jsonBlock, type Html } from './html.ts';
import { page, tenantParams, type PageFrame } from './layout.ts';

export function companyPage(frame: PageFrame, card: CompanyCard): Html {
  const r = card.result;
  const prev = card.previous;
  const change = (now: number, before: number | undefined) =>
    before === undefined ? '' : html`<span class="delta ${now - before < 0 ? 'negative' : now - before > 0 ? 'positive' : ''}">${signedMoney(now - before)} since ${date(prev!.asOf)}</span>`;
  const figure = (label: string, value: Html | string, note: Html | string = '') => html`<div class="tile"><span class="label">${label}</span><span class="value">${value}</span>${note}</div>`;
  const amount = (n: number) => html`<span class="${n < 0 ? 'negative' : ''}">${money(n)}</span>`;

  return page(
    frame,
    html`<p class="crumbs"><a href="${href('/customers', tenantParams(frame))}">Customers</a> / ${r.companyId}</p>
    <h1>${r.name}</h1>
    <p class="badges">
      ${r.segment ? html`<span class="seg seg-${r.segment} big" id="company-segment">${r.segment}</span>` : html`<span class="seg none big" id="company-segment">no segment</span>`}
      <span class="level">${LEVEL_LABELS[r.pyramidLevel]}</span>
      ${r.valueRank !== null ? html`<span>rank ${count(r.valueRank)}</span>` : ''}
      ${card.owner ? html`<span id="company-owner">owner ${card.owner.name ?? card.owner.id}</span>` : ''}
      ${prev && prev.segment !== r.segment ? html`<span class="delta">was ${prev.segment ?? 'no segment'} on ${date(prev.asOf)}</span>` : ''}
    </p>
    ${r.override
      ? html`<p class="override" id="override">Override to <strong>${r.override.segment}</strong> by ${r.override.by} on ${date(r.override.at)}${r.override.expiresAt !== undefined ? html`, until ${date(r.override.expiresAt)}` : ''}: “${r.override.reason}”. The model says ${r.segmentComputed ?? 'no segment'}.</p>`
      : ''}
    <p class="explanation">${r.explanation}</p>

    <section class="tiles">
      ${figure('Revenue (12 months)', amount(r.revenue))}
      ${figure('Gross margin', amount(r.grossMargin))}
      ${figure('Cost-to-serve', amount(r.costToServe), html`<span class="note">ratio ${percent(r.costToServeRatio)}</span>`)}
      ${figure('Net contribution', amount(r.netContribution), change(r.netContribution, prev?.netContribution))}
      ${figure('CLV', amount(r.clv), html`<span class="note">retention ${percent(r.retention)}</span>`)}
      ${figure('Strategic value', amount(r.strategicValue))}
      ${figure('Total value', amount(r.totalValue), change(r.totalValue, prev?.totalValue))}
      ${figure('Growth potential', amount(r.growthPotential), html`<span class="note">share of wallet ${percent(r.shareOfWallet)}</span>`)}
    </section>

    <section class="split">
      <div>
        <h2>Cost-to-serve by line</h2>
        <div class="chart"><canvas id="cost-chart" aria-label="Cost-to-serve by line"></canvas></div>
      </div>
      <div>
        <h2>What drives it</h2>
        ${r.drivers.length === 0
          ? html`<p class="empty">No drivers.</p>`
          : html`<table class="figures" id="drivers"><thead><tr><th>Element</th><th></th><th>Amount</th><th>Share</th></tr></thead><tbody>${r.drivers.map(
              (d) => html`<tr><th>${elementLabel(d.element)}</th><td class="text">${d.kind}</td><td>${money(d.amount)}</td><td>${percent(d.share)}</td></tr>`,
            )}</tbody></table>`}
        <h2>Service and action</h2>
        <p><span class="flag-${r.serviceFlag}" id="service-flag">${FLAG_LABELS[r.serviceFlag]}</span>${r.serviceDetail ? ` — ${r.serviceDetail}` : ''}</p>
        <p class="action"><strong>${ACTION_LABELS[r.recommendedAction]}.</strong> ${r.recommendedActionText}</p>
      </div>
    </section>

    <section>
      <h2>Contact schedule</h2>
      ${r.contacts.length === 0
        ? html`<p class="empty">${r.contactPlan || 'No personal touchpoints for this segment.'}</p>`
        : html`<table class="schedule" id="contacts"><thead><tr><th>Touchpoint</th><th>Who</th><th>Layer</th><th>Channel</th><th>Every</th><th>Last contact</th><th>Next due</th></tr></thead><tbody>${r.contacts.map(
            (c) => html`<tr class="${c.overdue ? 'overdue' : ''}">
              <th>${c.touchpoint.name}</th><td>${c.touchpoint.who}</td><td>${c.touchpoint.layer}</td><td>${c.touchpoint.channel}</td><td class="num">${count(c.touchpoint.everyDays)} days</td>
              <td>${date(c.lastContact)}</td><td>${date(c.nextDue)}${c.overdue ? ` (${count(c.daysOverdue)} days overdue)` : ''}</td>
            </tr>`,
          )}</tbody></table>`}
    </section>

    <section>
      <h2>History</h2>
      <div class="chart"><canvas id="history-chart" aria-label="Total value over time"></canvas></div>
    </section>
    ${jsonBlock('kw-company-data', {
      costs: COST_LINES.map((line) => ({ label: elementLabel(line), amount: r.costBreakdown[line] })),
      history: [...card.history].reverse().map((h) => ({ asOf: date(h.asOf), segment: h.segment, totalValue: h.totalValue, netContribution: h.netContribution })),
    })}`,
  );
}
