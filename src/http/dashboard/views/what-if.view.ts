// The what-ifs on the dashboard: a loss-maker's options on its company page (best effect
// first, the recommended action's option marked), and the portfolio what-if beside the whale
// curve on the overview. Figures from domain/what-if.ts and portfolio-what-if.ts.
import { LABELS } from '../../../domain/labels.ts';
import type { PortfolioReport } from '../../../domain/portfolio-report.ts';
import type { CompanyResult } from '../../../domain/results.ts';
import { hasWhatIfs, type CompanyWhatIf, type WhatIf } from '../../../domain/what-if.ts';
import { html, type Html } from './html.ts';
import { scrolling } from './layout.ts';
import type { Words } from './messages.ts';

function change(o: WhatIf, { t }: Words): string {
  const c = t.company.whatIf.changes;
  switch (o.option) {
    case 'minimum_order_size':
      return c.orders(o.before, o.after);
    case 'revised_discount':
      return c.discounts(o.before, o.after);
    case 'service_fee':
      return c.fee(o.after);
    case 'minimum_annual_revenue':
      return o.partsWays ? c.tooSmall(o.before) : o.after === o.before ? c.reached(o.before) : c.lift(o.before, o.after);
    case 'digital_channel':
      return c.digital(o.before, o.after);
    case 'part_ways':
      return c.partWays;
  }
}

/** The company page's what-if table; nothing for a company that is neither D nor over-served. */
export function companyWhatIfSection(r: CompanyResult, whatIf: CompanyWhatIf | null, w: Words): Html | string {
  if (!hasWhatIfs(r)) return '';
  const { t, f, language } = w;
  const words = t.company.whatIf;
  const signed = (n: number) => html`<span class="${Math.round(n) < 0 ? 'negative' : Math.round(n) > 0 ? 'positive' : ''}">${f.signedMoney(n)}</span>`;
  return html`<section id="what-if">
    <h2>${words.heading}</h2>
    ${whatIf === null
      ? html`<p class="empty">${words.stale}</p>`
      : html`<p class="hint">${words.hint}</p>
    <p>${words.today(whatIf.netContribution)}</p>
    ${scrolling(html`<table class="figures" id="what-if-table">
      <thead><tr><th>${words.option}</th><th>${words.change}</th><th>${words.netContribution}</th><th>${words.effect}</th><th>${words.valueLost}</th></tr></thead>
      <tbody>${whatIf.options.map(
        (o) => html`<tr data-option="${o.option}" class="${o.recommended ? 'recommended' : ''}">
          <th>${o.recommended ? html`<span class="star" title="${words.recommended}">★</span> ` : ''}${LABELS[language].whatIfOptions[o.option]}${o.recommended ? html` <span class="id">${words.recommended}</span>` : ''}</th>
          <td class="text">${change(o, w)}</td>
          <td class="${o.netContribution < 0 ? 'negative' : ''}">${f.money(o.netContribution)}</td>
          <td class="effect">${signed(o.effect)}</td>
          <td>${o.partsWays ? f.money(o.strategicValueLost) : ''}</td>
        </tr>`,
      )}</tbody>
    </table>`)}`}
  </section>`;
}

/** Under the whale curve: what the recommended actions for every D customer would make of the total and the peak. */
export function portfolioWhatIfLine(report: PortfolioReport, { t }: Words): Html {
  const words = t.overview.whatIf;
  const w = report.whatIf;
  if (w === null) return html`<p class="empty" id="what-if">${words.stale}</p>`;
  const applied = Object.values(w.applied).reduce((s, n) => s + n, 0);
  if (applied === 0) return html`<p class="hint" id="what-if">${words.noD}</p>`;
  return html`<div id="what-if" class="what-if">
    <h3>${words.heading}</h3>
    <p>${words.lead(w.today, w.totalNetContribution, w.effect)}
    ${report.whalePeak && w.whalePeak ? words.peak(report.whalePeak.contributionShare, w.whalePeak.contributionShare) : ''}
    ${w.partingWays > 0 ? words.partingWays(w.partingWays) : ''}</p>
  </div>`;
}
