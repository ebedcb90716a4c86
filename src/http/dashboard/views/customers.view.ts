// The customer list page: a filter form, a sortable table (sorting by following a column
// header), and paging links — everything done on the server.
import { ownerLabel, type OwnerNames } from '../../../app/owner-names.ts';
import { SEGMENTS } from '../../../domain/records.ts';
import { ACTION_CODES, PYRAMID_LEVELS, SERVICE_FLAGS } from '../../../domain/results.ts';
import { defaultDirection, type CustomerPage, type CustomerQuery, type CustomerRow, type CustomerSort } from '../customer-list.ts';
import { ACTION_LABELS, count, date, FLAG_LABELS, LEVEL_LABELS, money, percent } from './format.ts';
import { href, html, type Html } from './html.ts';
import { page, tenantParams, type PageFrame } from './layout.ts';

export interface CustomersView {
  frame: PageFrame;
  query: CustomerQuery;
  list: CustomerPage;
  owners: readonly string[];
  ownerNames: OwnerNames;
}

interface Column {
  label: string;
  sort: CustomerSort;
  cell: (r: CustomerRow) => Html | string;
  numeric?: boolean;
}

const money$ = (pick: (r: CustomerRow) => number) => (r: CustomerRow) => html`<span class="${pick(r) < 0 ? 'negative' : ''}">${money(pick(r))}</span>`;

const COLUMNS: Column[] = [
  { label: 'Segment', sort: 'segment', cell: (r) => (r.segment ? html`<span class="seg seg-${r.segment}" title="${r.overridden ? `Override; the model says ${r.segmentComputed ?? '—'}` : ''}">${r.segment}${r.overridden ? '*' : ''}</span>` : '—') },
  { label: 'Level', sort: 'pyramidLevel', cell: (r) => LEVEL_LABELS[r.pyramidLevel] },
  { label: 'Owner', sort: 'ownerId', cell: (r) => r.owner ?? '—' },
  { label: 'Revenue', sort: 'revenue', cell: money$((r) => r.revenue), numeric: true },
  { label: 'Gross margin', sort: 'grossMargin', cell: money$((r) => r.grossMargin), numeric: true },
  { label: 'Cost-to-serve', sort: 'costToServe', cell: money$((r) => r.costToServe), numeric: true },
  { label: 'Net contribution', sort: 'netContribution', cell: money$((r) => r.netContribution), numeric: true },
  { label: 'Cost ratio', sort: 'costToServeRatio', cell: (r) => percent(r.costToServeRatio), numeric: true },
  { label: 'CLV', sort: 'clv', cell: money$((r) => r.clv), numeric: true },
  { label: 'Strategic', sort: 'strategicValue', cell: money$((r) => r.strategicValue), numeric: true },
  { label: 'Total value', sort: 'totalValue', cell: money$((r) => r.totalValue), numeric: true },
  { label: 'Rank', sort: 'valueRank', cell: (r) => (r.valueRank === null ? '—' : count(r.valueRank)), numeric: true },
  { label: 'Next contact', sort: 'nextContactDate', cell: (r) => html`<span class="${r.contactOverdue ? 'overdue' : ''}">${date(r.nextContactDate)}</span>` },
];

export function customersPage(v: CustomersView): Html {
  const { query, list } = v;
  const filters = { ...tenantParams(v.frame), q: query.q, segment: query.segment, flag: query.flag, action: query.action, owner: query.owner, level: query.level, pageSize: query.pageSize === 50 ? undefined : query.pageSize };
  const sorted = { ...filters, sort: list.sort, dir: list.dir };
  const sortLink = (sort: CustomerSort) => href('/customers', { ...filters, sort, dir: sort === list.sort ? (list.dir === 'asc' ? 'desc' : 'asc') : defaultDirection(sort) });
  const arrow = (sort: CustomerSort) => (sort === list.sort ? (list.dir === 'asc' ? ' ▲' : ' ▼') : '');
  const option = (value: string, label: string, selected: string | undefined) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
  const first = (list.page - 1) * list.pageSize + 1;

  return page(
    v.frame,
    html`<h1>Customers</h1>
    <form class="filters" method="get" action="/customers" id="customer-filters">
      ${v.frame.tenants.length > 1 ? html`<input type="hidden" name="tenant" value="${v.frame.tenant}">` : ''}
      <label>Search <input type="search" name="q" value="${query.q ?? ''}" placeholder="name or id"></label>
      <label>Segment <select name="segment">${option('', 'any', query.segment)}${SEGMENTS.map((s) => option(s, s, query.segment))}${option('none', 'none (not a customer)', query.segment)}</select></label>
      <label>Level <select name="level">${option('', 'any', query.level)}${PYRAMID_LEVELS.map((l) => option(l, LEVEL_LABELS[l], query.level))}</select></label>
      <label>Service <select name="flag">${option('', 'any', query.flag)}${SERVICE_FLAGS.map((f) => option(f, FLAG_LABELS[f], query.flag))}</select></label>
      <label>Action <select name="action">${option('', 'any', query.action)}${ACTION_CODES.map((a) => option(a, ACTION_LABELS[a], query.action))}</select></label>
      <label>Owner <select name="owner">${option('', 'any', query.owner)}${v.owners.map((o) => option(o, ownerLabel(v.ownerNames, o), query.owner))}</select></label>
      <input type="hidden" name="sort" value="${list.sort}"><input type="hidden" name="dir" value="${list.dir}">
      <button type="submit">Filter</button> <a href="${href('/customers', tenantParams(v.frame))}">Clear</a>
    </form>
    <p class="hint" id="customer-count">${list.total === 0 ? 'No companies match.' : `${count(first)}–${count(first + list.rows.length - 1)} of ${count(list.total)} companies`}</p>
    <div class="scroll"><table class="figures list" id="customer-table">
      <thead><tr>
        <th><a href="${sortLink('name')}">Company${arrow('name')}</a></th>
        ${COLUMNS.map((c) => html`<th class="${c.numeric ? 'num' : ''}"><a href="${sortLink(c.sort)}">${c.label}${arrow(c.sort)}</a></th>`)}
        <th>Service</th><th>Action</th>
      </tr></thead>
      <tbody>${list.rows.map(
        (r) => html`<tr data-company="${r.companyId}" data-segment="${r.segment ?? ''}">
          <th><a href="${href(`/companies/${encodeURIComponent(r.companyId)}`, tenantParams(v.frame))}">${r.name}</a><span class="id">${r.companyId}</span></th>
          ${COLUMNS.map((c) => html`<td class="${c.numeric ? 'num' : ''}">${c.cell(r)}</td>`)}
          <td class="wrap flag-${r.serviceFlag}">${FLAG_LABELS[r.serviceFlag]}</td><td class="wrap">${ACTION_LABELS[r.recommendedAction]}</td>
        </tr>`,
      )}</tbody>
    </table></div>
    <nav class="pager">
      ${list.page > 1 ? html`<a rel="prev" href="${href('/customers', { ...sorted, page: list.page - 1 })}">← Previous</a>` : ''}
      <span>Page ${count(list.page)} of ${count(list.pages)}</span>
      ${list.page < list.pages ? html`<a rel="next" href="${href('/customers', { ...sorted, page: list.page + 1 })}">Next →</a>` : ''}
    </nav>`,
  );
}
