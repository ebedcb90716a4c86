// The dashboard's front page: whale curve, customer pyramid with migration, segments,
// contact discipline and run status — all figures from portfolioOverview().
import type { OwnerNames } from '../../../app/owner-names.ts';
import type { PortfolioOverview } from '../../../app/portfolio-overview.ts';
import type { RefusedWrite } from '../../../app/write-back.ts';
import type { RunRecord } from '../../../app/ports/store.port.ts';
import type { GoalProgress, GoalTrend } from '../../../domain/goals.ts';
import { goalLabel, LABELS } from '../../../domain/labels.ts';
import type { PortfolioReport, WhalePoint } from '../../../domain/portfolio-report.ts';
import { LEVEL_HEIGHT, type CustomerRetention, type PyramidMigration } from '../../../domain/pyramid.ts';
import { SEGMENTS } from '../../../domain/records.ts';
import { PYRAMID_LEVELS } from '../../../domain/results.ts';
import { href, html, jsonBlock, type Html } from './html.ts';
import { page, scrolling, tenantParams, type PageFrame } from './layout.ts';
import type { ShardCount } from '../../../app/sharded-run.ts';
import { TASK_ACTIONS, wordsFor, type Words } from './messages.ts';
import { shownOwner } from './owner-label.ts';
import { taskSection } from './tasks.view.ts';
import { portfolioWhatIfLine } from './what-if.view.ts';

export interface OverviewView {
  frame: PageFrame;
  overview: PortfolioOverview;
  names: ReadonlyMap<string, string>;
  runs: readonly RunRecord[];
  /** The newest sharded full run's shards per stage, state and instance (PostgreSQL with scale.sharded; absent otherwise). */
  shards?: readonly ShardCount[] | null;
  /** config window.months: the period completed tasks are counted over */
  windowMonths: number;
}

type Link = (path: string, params?: Record<string, string>) => string;

/** Enough points to draw the curve's shape; the peak and the last customer are always kept. */
const WHALE_POINTS = 600;
const LISTED_MOVES = 12;
const CHARTED_OWNERS = 12;

export function overviewPage(v: OverviewView): Html {
  const w = wordsFor(v.frame.language);
  const { t } = w;
  const { report, lastFullRun } = v.overview;
  const link: Link = (path, params = {}) => href(path, { ...tenantParams(v.frame), ...params });
  return page(
    v.frame,
    html`<h1>${t.overview.title}</h1>
    <p class="lead">${lastFullRun ? t.overview.lead(lastFullRun.asOf, report.customers, report.totalNetContribution) : t.overview.noRun}</p>
    ${whaleSection(report, w)}
    ${goalSection(v.overview.goals, w)}
    ${pyramidSection(report, v, link, w)}
    ${segmentSection(report, link, w)}
    ${disciplineSection(report, v.overview.ownerNames, link, w)}
    ${taskSection(v.overview.tasks, v.overview.ownerNames, v.windowMonths, link, w)}
    ${runSection(v, w)}
    ${jsonBlock('kw-overview-data', chartData(report, v.overview.ownerNames, w))}`,
  );
}

function whaleSection(report: PortfolioReport, w: Words): Html {
  const { t } = w;
  const peak = report.whalePeak;
  return html`<section id="whale">
    <h2>${t.overview.whale.heading}</h2>
    <p class="hint">${t.overview.whale.hint}</p>
    <div class="chart tall"><canvas id="whale-chart" aria-label="${t.overview.whale.aria}"></canvas></div>
    ${peak
      ? html`<p class="peak">${t.overview.whale.peak(peak.rank, peak.customerShare, peak.contributionShare)}${peak.contributionShare > 1 ? t.overview.whale.giveBack(peak.contributionShare - 1) : ''}.</p>`
      : html`<p class="empty">${t.overview.whale.empty}</p>`}
    ${peak ? portfolioWhatIfLine(report, w) : ''}
  </section>`;
}

function pyramidSection(report: PortfolioReport, v: OverviewView, link: Link, w: Words): Html {
  const { t, f, language } = w;
  const p = t.overview.pyramid;
  return html`<section id="pyramid">
    <h2>${p.heading}</h2>
    <div class="split">
      <div class="chart"><canvas id="pyramid-chart" aria-label="${p.aria}"></canvas></div>
      ${scrolling(html`<table class="figures" id="pyramid-table">
        <thead><tr><th>${p.level}</th><th>${p.companies}</th><th>${p.revenue}</th><th>${p.netContribution}</th></tr></thead>
        <tbody>${report.pyramid.map(
          (row) => html`<tr data-level="${row.level}">
            <th><a href="${link('/customers', { level: row.level })}">${LABELS[language].levels[row.level]}</a></th>
            <td class="companies">${f.count(row.companies)}</td><td>${f.money(row.revenue)}</td><td class="${row.netContribution < 0 ? 'negative' : ''}">${f.money(row.netContribution)}</td>
          </tr>`,
        )}</tbody>
      </table>`)}
    </div>
    ${retentionLine(report.retention, report.goals.find((g) => g.kind === 'retention')!, w)}
    <h3>${t.overview.migration.heading}</h3>
    ${report.migration ? migrationBlock(report.migration, v, link, w) : html`<p class="empty">${t.overview.migration.empty}</p>`}
  </section>`;
}

/** Last year's customers that are customers now, from the data, against goals.retention. */
function retentionLine(r: CustomerRetention, goal: GoalProgress, { t, f }: Words): Html {
  const words = t.overview.retention;
  return html`<p class="retention ${goal.met === null ? '' : goal.met ? 'good' : 'bad'}" id="retention">
      ${words.label} <strong>${f.percent(r.rate)}</strong> ${words.retained(r.retained, r.customersYearBefore)} — ${words.goal(goal.target)}${goal.met === null ? '' : `, ${goal.met ? words.met : words.notMet}`}.
    </p>`;
}

/** The customer goals (goals.*), each met or not, with its values over the last full runs. */
function goalSection(goals: readonly GoalTrend[], w: Words): Html {
  const { t, f, language } = w;
  const words = t.overview.goals;
  const shown = (goal: GoalProgress, value: number | null) => (value === null ? '–' : goal.unit === 'count' ? f.count(value) : f.percent(value));
  return html`<section id="goals">
    <h2>${words.heading}</h2>
    <p class="hint">${words.hint}</p>
    ${scrolling(html`<table class="figures" id="goal-table">
      <thead><tr><th>${words.goal}</th><th>${words.target}</th><th>${words.now}</th><th>${words.met}</th><th>${words.trend}</th></tr></thead>
      <tbody>${goals.map(({ progress: g, past }) => {
        const target = shown(g, g.target);
        const values = past.map((v) => shown(g, v)).join(' → ');
        return html`<tr data-goal="${g.key}" class="${g.met === null ? '' : g.met ? 'good' : 'bad'}">
          <th>${goalLabel(g, language)}</th>
          <td>${g.kind.startsWith('max_') ? words.atMost(target) : words.atLeast(target)}</td>
          <td class="now">${shown(g, g.value)}</td>
          <td class="met">${g.met === null ? words.unmeasured : g.met ? words.yes : words.no}</td>
          <td class="trend">${sparkline(past, words.trendAria(values || '–'))} <span class="values">${values || '–'}</span></td>
        </tr>`;
      })}</tbody>
    </table>`)}
  </section>`;
}

/** A small line over the values (gaps where a run could not measure), scaled to their own range. */
function sparkline(values: readonly (number | null)[], label: string): Html {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return html``;
  const low = Math.min(...known);
  const high = Math.max(...known);
  const width = 80;
  const height = 20;
  const x = (i: number) => (values.length === 1 ? width / 2 : (i / (values.length - 1)) * width);
  const y = (v: number) => (high === low ? height / 2 : height - ((v - low) / (high - low)) * height);
  const points = values.flatMap((v, i) => (v === null ? [] : [`${x(i).toFixed(1)},${y(v).toFixed(1)}`])).join(' ');
  return html`<svg class="sparkline" width="${width}" height="${height}" viewBox="-2 -2 ${width + 4} ${height + 4}" role="img" aria-label="${label}"><polyline fill="none" stroke="currentColor" stroke-width="1.5" points="${points}"/></svg>`;
}

function migrationBlock(m: PyramidMigration, v: OverviewView, link: Link, { t, f, language }: Words): Html {
  const words = t.overview.migration;
  const levels = LABELS[language].levels;
  const moved = (direction: 'up' | 'down') =>
    m.moves
      .filter((move) => move.direction === direction && move.from !== null)
      .sort((a, b) => Math.abs(LEVEL_HEIGHT[b.to] - LEVEL_HEIGHT[b.from!]) - Math.abs(LEVEL_HEIGHT[a.to] - LEVEL_HEIGHT[a.from!]) || a.companyId.localeCompare(b.companyId));
  const moveList = (title: string, moves: ReturnType<typeof moved>) => html`<div>
    <h4>${title} (${f.count(moves.length)})</h4>
    ${moves.length === 0
      ? html`<p class="empty">${words.none}</p>`
      : html`<ul class="moves">${moves.slice(0, LISTED_MOVES).map(
          (move) => html`<li><a href="${link(`/companies/${encodeURIComponent(move.companyId)}`)}">${v.names.get(move.companyId) ?? move.companyId}</a>
            ${levels[move.from!]} → ${levels[move.to]}</li>`,
        )}</ul>${moves.length > LISTED_MOVES ? html`<p class="hint">${words.more(moves.length - LISTED_MOVES)}</p>` : ''}`}
  </div>`;
  return html`<div class="split">
      ${scrolling(html`<table class="matrix" id="migration-matrix">
        <thead><tr><th>${words.corner}</th>${PYRAMID_LEVELS.map((to) => html`<th>${levels[to]}</th>`)}</tr></thead>
        <tbody>${PYRAMID_LEVELS.map(
          (from) => html`<tr><th>${levels[from]}</th>${PYRAMID_LEVELS.map((to) => {
            const n = m.matrix[from][to];
            const kind = LEVEL_HEIGHT[to] > LEVEL_HEIGHT[from] ? 'up' : LEVEL_HEIGHT[to] < LEVEL_HEIGHT[from] ? 'down' : 'same';
            return html`<td class="${n > 0 ? kind : 'zero'}">${n > 0 ? f.count(n) : '·'}</td>`;
          })}</tr>`,
        )}</tbody>
      </table>`)}
      <div class="moves-lists">${moveList(words.up, moved('up'))}${moveList(words.down, moved('down'))}</div>
    </div>`;
}

/** One small chart per segment, each on its own scale: D's loss shows beside A's millions. */
function segmentSection(report: PortfolioReport, link: Link, { t, f }: Words): Html {
  const s = t.overview.segments;
  const o = report.overrides;
  return html`<section id="segments">
    <h2>${s.heading}</h2>
    <p class="hint">${s.hint}</p>
    <div class="multiples" id="segment-charts">${report.segments.map(
      (row) => html`<figure class="multiple" data-segment="${row.segment}">
        <figcaption><a class="seg seg-${row.segment}" href="${link('/customers', { segment: row.segment })}">${row.segment}</a> ${s.caption(row.companies, row.revenue)}</figcaption>
        ${row.companies === 0
          ? html`<p class="empty">${s.noCustomers}</p>`
          : html`<div class="chart small"><canvas id="segment-chart-${row.segment}" aria-label="${s.aria(row.segment)}"></canvas></div>`}
      </figure>`,
    )}</div>
    ${scrolling(html`<table class="figures" id="segment-table">
        <thead><tr><th>${s.segment}</th><th>${s.companies}</th><th>${s.revenue}</th><th>${s.figures.grossMargin}</th><th>${s.figures.costToServe}</th><th>${s.figures.netContribution}</th><th>${s.costRatio}</th></tr></thead>
        <tbody>${report.segments.map(
          (row) => html`<tr data-segment="${row.segment}">
            <th><a class="seg seg-${row.segment}" href="${link('/customers', { segment: row.segment })}">${row.segment}</a></th>
            <td>${f.count(row.companies)}</td><td>${f.money(row.revenue)}</td><td>${f.money(row.grossMargin)}</td><td>${f.money(row.costToServe)}</td>
            <td class="${row.netContribution < 0 ? 'negative' : ''}">${f.money(row.netContribution)}</td><td>${f.percent(row.costToServeRatio)}</td>
          </tr>`,
        )}</tbody>
    </table>`)}
    <p id="overrides">${o.overrides === 0 ? s.noOverrides : s.overrides(o.overrides, o.agreeing)}</p>
  </section>`;
}

function disciplineSection(report: PortfolioReport, names: OwnerNames, link: Link, { t, f }: Words): Html {
  const d = t.overview.discipline;
  return html`<section id="discipline">
    <h2>${d.heading}</h2>
    ${report.owners.length === 0
      ? html`<p class="empty">${d.empty}</p>`
      : html`<div class="chart"><canvas id="owner-chart" aria-label="${d.aria}"></canvas></div>
      ${scrolling(html`<table class="figures" id="owner-table">
        <thead><tr><th>${d.owner}</th>${SEGMENTS.map((s) => html`<th>${d.overdue(s)}</th>`)}<th>${d.overServed}</th><th>${d.beyondBudget}</th></tr></thead>
        <tbody>${report.owners.map(
          (o) => html`<tr>
            <th><a href="${link('/customers', { owner: o.ownerId })}">${shownOwner(names, o.ownerId, t)}</a></th>
            ${SEGMENTS.map((s) => html`<td class="${o.overdueTouchpoints[s] > 0 ? 'overdue' : ''}">${f.count(o.overdueTouchpoints[s])}</td>`)}
            <td>${o.overServed > 0 ? html`<a href="${link('/customers', { owner: o.ownerId, flag: 'over_served' })}">${f.count(o.overServed)}</a>` : f.count(0)}</td>
            <td>${f.money(o.overBudget)}</td>
          </tr>`,
        )}</tbody>
      </table>`)}`}
  </section>`;
}

/** The run's counts in words; CRM writes only when the run wrote to a CRM. */
function runCounts(counts: Readonly<Record<string, number>>, { t }: Words): Html[] {
  const c = t.overview.runs.counts;
  const parts: string[] = [];
  const add = (key: string, word: (n: number) => string, when: (n: number) => boolean = () => true) => {
    const n = counts[key];
    if (n !== undefined && when(n)) parts.push(word(n));
  };
  add('companies', c.companies);
  add('customers', c.customers);
  for (const s of SEGMENTS) add(s, (n) => c.segment(s, n));
  add('over_served', c.overServed);
  add('under_served', c.underServed);
  add('overrides', c.overrides);
  add('written', c.written, (n) => n > 0);
  add('write_refused', c.refused, (n) => n > 0);
  for (const action of TASK_ACTIONS) add(`tasks_${action}`, (n) => c.tasks(action, n), (n) => n > 0);
  return parts.map((part, i) => html`${i > 0 ? ' · ' : ''}<span class="count">${part}</span>`);
}

function runSection(v: OverviewView, w: Words): Html {
  const { t, f } = w;
  const r = t.overview.runs;
  const last = v.overview.lastFullRun;
  const took = (run: RunRecord) => (run.finishedAt === null ? null : run.finishedAt - run.startedAt);
  return html`<section id="runs">
    <h2>${r.heading}</h2>
    ${last
      ? html`<p>${r.last(last.finishedAt ?? last.startedAt, took(last), last.asOf)}<br>
          <span class="hint" id="run-counts">${runCounts(last.counts, w)}</span></p>`
      : html`<p class="empty">${r.none}</p>`}
    ${refusedList(v.overview.refusedWrites, w)}
    <p><button type="button" id="recalculate" data-tenant="${v.frame.tenant}">${r.recalculate}</button> <span id="recalculate-status" role="status"></span></p>
    ${scrolling(html`<table class="runs" id="run-table">
      <thead><tr><th>${r.started}</th><th>${r.kind}</th><th>${r.status}</th><th>${r.took}</th><th class="num">${r.companies}</th><th>${r.error}</th></tr></thead>
      <tbody>${v.runs.map(
        (run) => html`<tr class="${run.status}">
          <td>${f.dateTime(run.startedAt)}</td><td>${r.kinds[run.kind] ?? run.kind}</td><td>${r.statuses[run.status] ?? run.status}</td><td>${f.duration(took(run))}</td>
          <td class="num">${run.counts.companies === undefined ? '—' : f.count(run.counts.companies)}</td><td class="error">${run.error ?? ''}</td>
        </tr>`,
      )}</tbody>
    </table>`)}
    ${shardTable(v.shards ?? null, w)}
  </section>`;
}

/** How the instances shared the newest sharded full run: shards per stage, state and instance. */
function shardTable(shards: readonly ShardCount[] | null, { t, f }: Words): Html | string {
  if (!shards || shards.length === 0) return '';
  const s = t.overview.runs.shards;
  // Every stage but the ranking has one shard per range of companies: the first stage counts them.
  const ranges = shards.filter((c) => c.stage === 'figures').reduce((n, c) => n + c.shards, 0);
  return html`<p class="hint">${s.heading(ranges)}</p>
    ${scrolling(html`<table class="runs" id="shard-table">
      <thead><tr><th>${s.stage}</th><th>${s.state}</th><th>${s.instance}</th><th class="num">${s.count}</th></tr></thead>
      <tbody>${shards.map(
        (c) => html`<tr class="${c.state}"><td>${s.stages[c.stage] ?? c.stage}</td><td>${s.states[c.state] ?? c.state}</td><td>${c.instance ?? '—'}</td><td class="num">${f.count(c.shards)}</td></tr>`,
      )}</tbody>
    </table>`)}`;
}

/** Companies the CRM would not take, by name with its reason (a portal's validation rule says which). */
function refusedList(refused: readonly RefusedWrite[], { t }: Words): Html | string {
  if (refused.length === 0) return '';
  return html`<div id="refused-writes" class="warning"><p>${t.overview.runs.refusedList(refused.length)}</p>
    <ul>${refused.map((r) => html`<li><strong>${r.name}</strong> (${r.companyId}): ${r.message} <span class="hint">${r.code}</span></li>`)}</ul></div>`;
}

/** A whale curve thinned to about WHALE_POINTS, its peak and last customer kept. */
function thinned(curve: readonly WhalePoint[], peakRank: number | undefined): WhalePoint[] {
  const stride = Math.max(1, Math.ceil(curve.length / WHALE_POINTS));
  return curve.filter((p, i) => i % stride === 0 || p.rank === peakRank || i === curve.length - 1);
}

/** What the client script draws, with its words; the whale curve thinned to WHALE_POINTS for big portals. */
function chartData(report: PortfolioReport, names: OwnerNames, { t, language }: Words) {
  const points = thinned(report.whaleCurve, report.whalePeak?.rank)
    .map((p) => ({ x: p.customerShare * 100, y: p.contributionShare * 100, rank: p.rank, segment: p.segment, label: t.overview.whale.point(p.rank, p.segment, p.contributionShare) }));
  const peak = report.whalePeak;
  const whale = t.overview.whale;
  const figures = t.overview.segments.figures;
  const projected = report.whatIf;
  const projectedPeak = projected?.whalePeak;
  return {
    whale: {
      points,
      peak: peak && { x: peak.customerShare * 100, y: peak.contributionShare * 100, label: whale.peakLabel(peak.rank, peak.customerShare, peak.contributionShare) },
      // The portfolio what-if's curve: every D customer's recommended option applied (none when there is no D customer).
      projected:
        projected && projectedPeak && Object.values(projected.applied).some((n) => n > 0)
          ? {
              points: thinned(projected.whaleCurve, projectedPeak.rank).map((p) => ({ x: p.customerShare * 100, y: p.contributionShare * 100, label: whale.projectedPoint(p.rank, p.contributionShare) })),
              peak: { x: projectedPeak.customerShare * 100, y: projectedPeak.contributionShare * 100, label: whale.projectedPeakLabel(projectedPeak.rank, projectedPeak.customerShare, projectedPeak.contributionShare) },
            }
          : null,
      words: { xAxis: whale.xAxis, yAxis: whale.yAxis, curve: whale.curve, projected: whale.projected, segments: Object.fromEntries(SEGMENTS.map((s) => [s, whale.segment(s)])) },
    },
    pyramid: report.pyramid.map((row) => ({ ...row, label: LABELS[language].levels[row.level], tooltip: t.overview.pyramid.tooltip(row.companies, row.revenue, row.netContribution) })),
    segments: {
      figures: [
        { key: 'grossMargin', label: figures.grossMargin },
        { key: 'costToServe', label: figures.costToServe },
        { key: 'netContribution', label: figures.netContribution },
      ],
      rows: report.segments.filter((s) => s.companies > 0),
    },
    owners: {
      words: Object.fromEntries(SEGMENTS.map((s) => [s, t.overview.discipline.overdue(s)])),
      rows: [...report.owners]
        .map((o) => ({ ownerId: o.ownerId, owner: shownOwner(names, o.ownerId, t), overdue: o.overdueTouchpoints, total: SEGMENTS.reduce((s, seg) => s + o.overdueTouchpoints[seg], 0) }))
        .filter((o) => o.total > 0)
        .sort((a, b) => b.total - a.total || a.ownerId.localeCompare(b.ownerId))
        .slice(0, CHARTED_OWNERS),
    },
  };
}
