// The dashboard's front page: whale curve, customer pyramid with migration, segments,
// contact discipline and run status — all figures from portfolioOverview().
import { ownerLabel, type OwnerNames } from '../../../app/owner-names.ts';
import type { PortfolioOverview } from '../../../app/portfolio-overview.ts';
import type { RefusedWrite } from '../../../app/write-back.ts';
import type { RunRecord } from '../../../app/ports/store.port.ts';
import type { PortfolioReport } from '../../../domain/portfolio-report.ts';
import { LEVEL_HEIGHT, type CustomerRetention, type PyramidMigration } from '../../../domain/pyramid.ts';
import { SEGMENTS } from '../../../domain/records.ts';
import { PYRAMID_LEVELS } from '../../../domain/results.ts';
import { count, date, dateTime, duration, LEVEL_LABELS, money, percent } from './format.ts';
import { href, html, jsonBlock, type Html } from './html.ts';
import { page, tenantParams, type PageFrame } from './layout.ts';
import { taskSection } from './tasks.view.ts';

export interface OverviewView {
  frame: PageFrame;
  overview: PortfolioOverview;
  names: ReadonlyMap<string, string>;
  runs: readonly RunRecord[];
  retentionGoal: number;
  /** config window.months: the period completed tasks are counted over */
  windowMonths: number;
}

/** Enough points to draw the curve's shape; the peak and the last customer are always kept. */
const WHALE_POINTS = 600;
const LISTED_MOVES = 12;
const CHARTED_OWNERS = 12;

export function overviewPage(v: OverviewView): Html {
  const { report, lastFullRun } = v.overview;
  const link = (path: string, params: Record<string, string> = {}) => href(path, { ...tenantParams(v.frame), ...params });
  return page(
    v.frame,
    html`<h1>Customer value overview</h1>
    <p class="lead">${lastFullRun ? html`As of ${date(lastFullRun.asOf)} · ${count(report.customers)} customers · net contribution ${money(report.totalNetContribution)}` : 'No full run yet: start one below.'}</p>
    ${whaleSection(report)}
    ${pyramidSection(report, v, link)}
    ${segmentSection(report, link)}
    ${disciplineSection(report, v.overview.ownerNames, link)}
    ${taskSection(v.overview.tasks, v.overview.ownerNames, v.windowMonths, link)}
    ${runSection(v)}
    ${jsonBlock('kw-overview-data', chartData(report, v.overview.ownerNames))}`,
  );
}

function whaleSection(report: PortfolioReport): Html {
  const peak = report.whalePeak;
  return html`<section id="whale">
    <h2>Whale curve</h2>
    <p class="hint">Cumulative share of net contribution, customers ranked from most to least profitable.</p>
    <div class="chart tall"><canvas id="whale-chart" aria-label="Whale curve"></canvas></div>
    ${peak
      ? html`<p class="peak">Peak: the ${count(peak.rank)} most profitable customers (${percent(peak.customerShare, 1)}) earn
          <strong>${percent(peak.contributionShare, 1)}</strong> of the net contribution${peak.contributionShare > 1 ? `; the others give ${percent(peak.contributionShare - 1, 1)} of it back` : ''}.</p>`
      : html`<p class="empty">No customers with results yet.</p>`}
  </section>`;
}

function pyramidSection(report: PortfolioReport, v: OverviewView, link: (path: string, params?: Record<string, string>) => string): Html {
  return html`<section id="pyramid">
    <h2>Customer pyramid</h2>
    <div class="split">
      <div class="chart"><canvas id="pyramid-chart" aria-label="Customer pyramid"></canvas></div>
      <table class="figures" id="pyramid-table">
        <thead><tr><th>Level</th><th>Companies</th><th>Revenue</th><th>Net contribution</th></tr></thead>
        <tbody>${report.pyramid.map(
          (row) => html`<tr data-level="${row.level}">
            <th><a href="${link('/customers', { level: row.level })}">${LEVEL_LABELS[row.level]}</a></th>
            <td class="companies">${count(row.companies)}</td><td>${money(row.revenue)}</td><td class="${row.netContribution < 0 ? 'negative' : ''}">${money(row.netContribution)}</td>
          </tr>`,
        )}</tbody>
      </table>
    </div>
    ${retentionLine(report.retention, v.retentionGoal)}
    <h3>Migration since the previous full run</h3>
    ${report.migration ? migrationBlock(report.migration, v, link) : html`<p class="empty">Migration shows after the second full run.</p>`}
  </section>`;
}

/** §3.4: last year's customers that are customers now, from the data, against dashboard.retentionGoal. */
function retentionLine(r: CustomerRetention, goal: number): Html {
  const meetsGoal = r.rate !== null && r.rate >= goal;
  return html`<p class="retention ${r.rate === null ? '' : meetsGoal ? 'good' : 'bad'}" id="retention">
      Retention of last year's customers: <strong>${percent(r.rate)}</strong> (${count(r.retained)} of the ${count(r.customersYearBefore)} customers a year before) — goal ${percent(goal)}${r.rate === null ? '' : meetsGoal ? ', met' : ', not met'}.
    </p>`;
}

function migrationBlock(m: PyramidMigration, v: OverviewView, link: (path: string) => string): Html {
  const moved = (direction: 'up' | 'down') =>
    m.moves
      .filter((move) => move.direction === direction && move.from !== null)
      .sort((a, b) => Math.abs(LEVEL_HEIGHT[b.to] - LEVEL_HEIGHT[b.from!]) - Math.abs(LEVEL_HEIGHT[a.to] - LEVEL_HEIGHT[a.from!]) || a.companyId.localeCompare(b.companyId));
  const moveList = (title: string, moves: ReturnType<typeof moved>) => html`<div>
    <h4>${title} (${count(moves.length)})</h4>
    ${moves.length === 0
      ? html`<p class="empty">None.</p>`
      : html`<ul class="moves">${moves.slice(0, LISTED_MOVES).map(
          (move) => html`<li><a href="${link(`/companies/${encodeURIComponent(move.companyId)}`)}">${v.names.get(move.companyId) ?? move.companyId}</a>
            ${LEVEL_LABELS[move.from!]} → ${LEVEL_LABELS[move.to]}</li>`,
        )}</ul>${moves.length > LISTED_MOVES ? html`<p class="hint">and ${count(moves.length - LISTED_MOVES)} more</p>` : ''}`}
  </div>`;
  return html`<div class="split">
      <table class="matrix" id="migration-matrix">
        <thead><tr><th>from ↓ to →</th>${PYRAMID_LEVELS.map((to) => html`<th>${LEVEL_LABELS[to]}</th>`)}</tr></thead>
        <tbody>${PYRAMID_LEVELS.map(
          (from) => html`<tr><th>${LEVEL_LABELS[from]}</th>${PYRAMID_LEVELS.map((to) => {
            const n = m.matrix[from][to];
            const kind = LEVEL_HEIGHT[to] > LEVEL_HEIGHT[from] ? 'up' : LEVEL_HEIGHT[to] < LEVEL_HEIGHT[from] ? 'down' : 'same';
            return html`<td class="${n > 0 ? kind : 'zero'}">${n > 0 ? count(n) : '·'}</td>`;
          })}</tr>`,
        )}</tbody>
      </table>
      <div class="moves-lists">${moveList('Moved up', moved('up'))}${moveList('Fell down', moved('down'))}</div>
    </div>`;
}

function segmentSection(report: PortfolioReport, link: (path: string, params?: Record<string, string>) => string): Html {
  const o = report.overrides;
  return html`<section id="segments">
    <h2>Segments</h2>
    <div class="chart short"><canvas id="segment-chart" aria-label="Figures per segment"></canvas></div>
    <table class="figures" id="segment-table">
        <thead><tr><th>Segment</th><th>Companies</th><th>Revenue</th><th>Gross margin</th><th>Cost-to-serve</th><th>Net contribution</th><th>Cost ratio</th></tr></thead>
        <tbody>${report.segments.map(
          (s) => html`<tr data-segment="${s.segment}">
            <th><a class="seg seg-${s.segment}" href="${link('/customers', { segment: s.segment })}">${s.segment}</a></th>
            <td>${count(s.companies)}</td><td>${money(s.revenue)}</td><td>${money(s.grossMargin)}</td><td>${money(s.costToServe)}</td>
            <td class="${s.netContribution < 0 ? 'negative' : ''}">${money(s.netContribution)}</td><td>${percent(s.costToServeRatio)}</td>
          </tr>`,
        )}</tbody>
    </table>
    <p id="overrides">${o.overrides === 0
      ? 'No active overrides.'
      : html`${count(o.overrides)} overrides; the model agrees with ${count(o.agreeing)} of them (<strong>${percent(o.rate)}</strong>).`}</p>
  </section>`;
}

function disciplineSection(report: PortfolioReport, names: OwnerNames, link: (path: string, params?: Record<string, string>) => string): Html {
  return html`<section id="discipline">
    <h2>Contact discipline</h2>
    ${report.owners.length === 0
      ? html`<p class="empty">No overdue touchpoints and no over-served customers.</p>`
      : html`<div class="chart"><canvas id="owner-chart" aria-label="Overdue touchpoints per owner"></canvas></div>
      <table class="figures" id="owner-table">
        <thead><tr><th>Owner</th>${SEGMENTS.map((s) => html`<th>Overdue ${s}</th>`)}<th>Over-served</th><th>Beyond budget</th></tr></thead>
        <tbody>${report.owners.map(
          (o) => html`<tr>
            <th><a href="${link('/customers', { owner: o.ownerId })}">${ownerLabel(names, o.ownerId)}</a></th>
            ${SEGMENTS.map((s) => html`<td class="${o.overdueTouchpoints[s] > 0 ? 'overdue' : ''}">${count(o.overdueTouchpoints[s])}</td>`)}
            <td>${o.overServed > 0 ? html`<a href="${link('/customers', { owner: o.ownerId, flag: 'over_served' })}">${count(o.overServed)}</a>` : '0'}</td>
            <td>${money(o.overBudget)}</td>
          </tr>`,
        )}</tbody>
      </table>`}
  </section>`;
}

function runSection(v: OverviewView): Html {
  const last = v.overview.lastFullRun;
  const took = (run: RunRecord) => (run.finishedAt === null ? null : run.finishedAt - run.startedAt);
  const counts = (run: RunRecord) => Object.entries(run.counts).map(([key, n]) => `${key.replace(/_/g, ' ')} ${count(n)}`).join(' · ');
  return html`<section id="runs">
    <h2>Run status</h2>
    ${last
      ? html`<p>Last full run: <strong>${dateTime(last.finishedAt ?? last.startedAt)}</strong>, took ${duration(took(last))}, as of ${date(last.asOf)}.<br>
          <span class="hint">${counts(last)}</span></p>`
      : html`<p class="empty">No successful full run yet.</p>`}
    ${refusedList(v.overview.refusedWrites)}
    <p><button type="button" id="recalculate" data-tenant="${v.frame.tenant}">Recalculate everything</button> <span id="recalculate-status" role="status"></span></p>
    <table class="runs" id="run-table">
      <thead><tr><th>Started</th><th>Kind</th><th>Status</th><th>Took</th><th>Companies</th><th>Error</th></tr></thead>
      <tbody>${v.runs.map(
        (run) => html`<tr class="${run.status}">
          <td>${dateTime(run.startedAt)}</td><td>${run.kind}</td><td>${run.status}</td><td>${duration(took(run))}</td>
          <td>${run.counts.companies === undefined ? '—' : count(run.counts.companies)}</td><td class="error">${run.error ?? ''}</td>
        </tr>`,
      )}</tbody>
    </table>
  </section>`;
}

/** Companies the CRM would not take, by name with its reason (a portal's validation rule says which). */
function refusedList(refused: readonly RefusedWrite[]): Html | string {
  if (refused.length === 0) return '';
  return html`<div id="refused-writes" class="warning"><p>The CRM refused the values of ${count(refused.length)} ${refused.length === 1 ? 'company' : 'companies'}; they are tried again on the next run:</p>
    <ul>${refused.map((r) => html`<li><strong>${r.name}</strong> (${r.companyId}): ${r.message} <span class="hint">${r.code}</span></li>`)}</ul></div>`;
}

/** What the client script draws; the whale curve thinned to WHALE_POINTS for big portals. */
function chartData(report: PortfolioReport, names: OwnerNames) {
  const curve = report.whaleCurve;
  const stride = Math.max(1, Math.ceil(curve.length / WHALE_POINTS));
  const points = curve
    .filter((p, i) => i % stride === 0 || p.rank === report.whalePeak?.rank || i === curve.length - 1)
    .map((p) => ({ x: p.customerShare * 100, y: p.contributionShare * 100, rank: p.rank, segment: p.segment }));
  return {
    whale: { points, peak: report.whalePeak && { ...report.whalePeak, x: report.whalePeak.customerShare * 100, y: report.whalePeak.contributionShare * 100 }, customers: report.customers },
    pyramid: report.pyramid.map((row) => ({ ...row, label: LEVEL_LABELS[row.level] })),
    segments: report.segments,
    owners: [...report.owners]
      .map((o) => ({ ownerId: o.ownerId, owner: ownerLabel(names, o.ownerId), overdue: o.overdueTouchpoints, total: SEGMENTS.reduce((s, seg) => s + o.overdueTouchpoints[seg], 0) }))
      .filter((o) => o.total > 0)
      .sort((a, b) => b.total - a.total || a.ownerId.localeCompare(b.ownerId))
      .slice(0, CHARTED_OWNERS),
  };
}
