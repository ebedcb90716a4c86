// One company, as the CRM card shows it: segment and override, value figures with the
// change since the previous run, cost-to-serve per line, drivers, contact schedule,
// service flag and action, and the history of segment and total value. The sentences are
// worded here from the result's figures and codes (the CRM's English explanation is not
// shown), so the page reads the same in both languages.
import type { CompanyCard } from '../../../app/company-card.ts';
import { COST_LINES } from '../../../domain/cost-to-serve.ts';
import { LABELS, roleLabel, touchpointLabel, type ValueElement } from '../../../domain/labels.ts';
import type { CompanyResult, CostLine, Driver } from '../../../domain/results.ts';
import { href, html, jsonBlock, type Html } from './html.ts';
import { page, scrolling, tenantParams, type PageFrame } from './layout.ts';
import { wordsFor, type Words } from './messages.ts';
import { companyWhatIfSection } from './what-if.view.ts';

export interface CompanyView {
  frame: PageFrame;
  card: CompanyCard;
  /** The weight growth potential counts with in total value (config weights.potential). */
  potentialWeight: number;
}

function driverLabel(d: Driver, { language }: Words): string {
  const labels = LABELS[language];
  return d.kind === 'cost' ? labels.costLines[d.element as CostLine] ?? d.element : labels.valueElements[d.element as ValueElement] ?? d.element;
}

/** A label inside a sentence: "Order handling" → "order handling", "E-mails" → "e-mails", but "CLV" stays. */
function inSentence(label: string): string {
  return /^\p{Lu}(?!\p{Lu})/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** Why this segment, in a sentence or three, from the drivers the model recorded. */
function explanation(r: CompanyResult, w: Words): string {
  const why = w.t.company.why;
  const described = (d: Driver) => `${inSentence(driverLabel(d, w))} ${w.f.money(d.amount)} (${w.f.percent(d.share)})`;
  if (!r.isCustomer || r.segmentComputed === null) {
    const level = r.pyramidLevel === 'prospect' || r.pyramidLevel === 'suspect' ? r.pyramidLevel : 'inactive';
    return `${why.notCustomer[level]}${r.totalValue > 0 ? ` ${why.potential(r.totalValue)}` : ''}`;
  }
  const value = r.drivers.filter((d) => d.kind === 'value').map(described);
  const cost = r.drivers.filter((d) => d.kind === 'cost').map(described);
  const costs = cost.length > 0 ? `${why.costs} ${cost.join(', ')}.` : why.noCosts;
  if (r.segmentComputed === 'D') return `${why.d(r.netContribution, r.strategicValue)} ${costs}`;
  return `${why.segment(r.segmentComputed, r.valueRank)} ${why.value(r.totalValue)}${value.length > 0 ? ` ${why.from} ${value.join(', ')}` : ''}. ${costs}`;
}

function serviceDetail(card: CompanyCard, { t, language }: Words): string | null {
  const s = card.service;
  const segment = card.result.segment;
  if (s.flag === 'over_served' && s.costToServeRatio !== null && s.budgetRatio !== null && s.overBudget !== null && segment !== null) {
    return t.company.service.overServed(s.costToServeRatio, s.budgetRatio, segment, s.overBudget);
  }
  if (s.flag === 'under_served' && s.late) return t.company.service.underServed(touchpointLabel(s.late.name, language), s.late.daysOverdue, s.late.everyDays);
  return null;
}

export function companyPage(v: CompanyView): Html {
  const { frame, card } = v;
  const w = wordsFor(frame.language);
  const { t, f, language } = w;
  const labels = LABELS[language];
  const c = t.company;
  const r = card.result;
  const prev = card.previous;
  const change = (now: number, before: number | undefined) =>
    before === undefined ? '' : html`<span class="delta ${now - before < 0 ? 'negative' : now - before > 0 ? 'positive' : ''}">${f.signedMoney(now - before)} ${c.since(prev!.asOf)}</span>`;
  const figure = (id: string, label: string, value: Html | string, note: Html | string = '') =>
    html`<div class="tile" id="tile-${id}"><span class="label">${label}</span><span class="value">${value}</span>${note}</div>`;
  const amount = (n: number) => html`<span class="${n < 0 ? 'negative' : ''}">${f.money(n)}</span>`;
  const weightedPotential = v.potentialWeight * r.growthPotential;
  const detail = serviceDetail(card, w);

  return page(
    frame,
    html`<p class="crumbs"><a href="${href('/customers', tenantParams(frame))}">${c.crumbs}</a> / ${r.companyId}</p>
    <h1>${r.name}</h1>
    <p class="badges">
      ${r.segment ? html`<span class="seg seg-${r.segment} big" id="company-segment">${r.segment}</span>` : html`<span class="seg none big" id="company-segment">${c.noSegment}</span>`}
      <span class="level">${labels.levels[r.pyramidLevel]}</span>
      ${r.valueRank !== null ? html`<span>${c.rank(r.valueRank)}</span>` : ''}
      ${card.owner ? html`<span id="company-owner">${c.owner(card.owner.name ?? card.owner.id)}</span>` : ''}
      ${card.satisfaction ? html`<span id="company-satisfaction">${c.satisfaction(card.satisfaction.score, card.satisfaction.responses)}</span>` : ''}
      ${prev && prev.segment !== r.segment ? html`<span class="delta">${c.was(prev.segment ?? c.noSegment, prev.asOf)}</span>` : ''}
    </p>
    ${r.override
      ? html`<p class="override" id="override">${c.override(r.override.segment, r.override.by, r.override.at, r.override.expiresAt, r.override.reason, r.segmentComputed ?? c.noSegment)}</p>`
      : ''}
    <p class="explanation" id="explanation">${explanation(r, w)}</p>

    <section class="tiles">
      ${figure('revenue', c.tiles.revenue, amount(r.revenue))}
      ${figure('gross-margin', c.tiles.grossMargin, amount(r.grossMargin))}
      ${figure('cost-to-serve', c.tiles.costToServe, amount(r.costToServe), html`<span class="note">${c.tiles.ratio(r.costToServeRatio)}</span>`)}
      ${figure('net-contribution', c.tiles.netContribution, amount(r.netContribution), change(r.netContribution, prev?.netContribution))}
      ${figure('clv', c.tiles.clv, amount(r.clv), html`<span class="note">${c.tiles.retention(r.retention)}</span>`)}
      ${figure('strategic-value', c.tiles.strategicValue, amount(r.strategicValue))}
      ${r.isCustomer
        ? figure('total-value', c.tiles.totalValue, amount(r.totalValue), change(r.totalValue, prev?.totalValue))
        : figure('total-value', c.tiles.potentialValue, html`<span class="potential">${f.money(r.totalValue)}</span>`, html`<span class="note">${c.tiles.potentialNote}</span>`)}
      ${figure(
        'growth-potential',
        c.tiles.growthPotential,
        amount(r.growthPotential),
        html`<span class="note">${c.tiles.wallet(r.shareOfWallet)}</span>${r.growthPotential > 0 ? html`<span class="note">${c.tiles.weighted(v.potentialWeight, weightedPotential)}</span>` : ''}`,
      )}
    </section>

    <section class="split">
      <div>
        <h2>${c.costs.heading}</h2>
        ${r.costToServe > 0 ? html`<div class="chart"><canvas id="cost-chart" aria-label="${c.costs.aria}"></canvas></div>` : html`<p class="empty">${c.costs.none}</p>`}
      </div>
      <div>
        <h2>${c.drivers.heading}</h2>
        ${r.drivers.length === 0
          ? html`<p class="empty">${c.drivers.none}</p>`
          : scrolling(html`<table class="figures" id="drivers"><thead><tr><th>${c.drivers.element}</th><th>${c.drivers.kind}</th><th>${c.drivers.amount}</th><th>${c.drivers.share}</th></tr></thead><tbody>${r.drivers.map(
              (d) => html`<tr data-element="${d.element}"><th>${driverLabel(d, w)}${d.element === 'growth_potential' ? html`<span class="id">${c.drivers.weighted(v.potentialWeight, r.growthPotential)}</span>` : ''}</th>
                <td class="text">${c.drivers.kinds[d.kind]}</td><td>${f.money(d.amount)}</td><td>${f.percent(d.share)}</td></tr>`,
            )}</tbody></table>`)}
        ${r.isCustomer
          ? html`<h2>${c.service.heading}</h2>
        <p><span class="flag-${r.serviceFlag}" id="service-flag">${labels.flags[r.serviceFlag]}</span>${detail ? ` — ${detail}` : ''}</p>
        <p class="action" id="action"><strong>${labels.advice[r.recommendedAction]}</strong></p>`
          : ''}
      </div>
    </section>

    ${companyWhatIfSection(r, card.whatIf, w)}

    <section>
      <h2>${c.schedule.heading}</h2>
      ${r.contacts.length === 0
        ? html`<p class="empty">${r.isCustomer && r.segment !== null ? c.schedule.digitalOnly : c.schedule.notCustomer}</p>`
        : scrolling(html`<table class="schedule" id="contacts"><thead><tr><th>${c.schedule.touchpoint}</th><th>${c.schedule.who}</th><th>${c.schedule.layer}</th><th>${c.schedule.channel}</th><th>${c.schedule.every}</th><th>${c.schedule.lastContact}</th><th>${c.schedule.nextDue}</th></tr></thead><tbody>${r.contacts.map(
            (s) => html`<tr class="${s.overdue ? 'overdue' : ''}">
              <th>${touchpointLabel(s.touchpoint.name, language)}</th><td>${roleLabel(s.touchpoint.who, language)}</td><td>${labels.layers[s.touchpoint.layer]}</td><td>${labels.channels[s.touchpoint.channel]}</td><td class="num">${c.schedule.everyDays(s.touchpoint.everyDays)}</td>
              <td>${f.date(s.lastContact)}</td><td>${f.date(s.nextDue)}${s.overdue ? ` (${c.schedule.overdue(s.daysOverdue)})` : ''}</td>
            </tr>`,
          )}</tbody></table>`)}
    </section>

    <section>
      <h2>${c.history.heading}</h2>
      <div class="chart"><canvas id="history-chart" aria-label="${c.history.aria}"></canvas></div>
    </section>
    ${jsonBlock('kw-company-data', {
        costs: COST_LINES.map((line) => ({ label: labels.costLines[line], amount: r.costBreakdown[line] })),
      history: [...card.history].reverse().map((h) => ({ asOf: f.date(h.asOf), segment: h.segment, totalValue: h.totalValue, netContribution: h.netContribution })),
      words: { totalValue: c.history.totalValue, netContribution: c.history.netContribution, segment: c.history.segment('{segment}'), none: c.history.none },
    })}`,
  );
}
