// The customer list page: a filter form, a sortable table (sorting by following a column
// header), and paging links — everything done on the server. Companies that are not
// customers follow the customers under a heading row that says their value is potential.
import type { OwnerNames } from '../../../app/owner-names.ts';
import { LABELS } from '../../../domain/labels.ts';
import { SEGMENTS } from '../../../domain/records.ts';
import { ACTION_CODES, PYRAMID_LEVELS, SERVICE_FLAGS } from '../../../domain/results.ts';
import { defaultDirection, type CustomerPage, type CustomerQuery, type CustomerRow, type CustomerSort } from '../customer-list.ts';
import { href, html, type Html } from './html.ts';
import { page, tenantParams, type PageFrame } from './layout.ts';
import { wordsFor, type Words } from './messages.ts';
import { shownOwner } from './owner-label.ts';

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

function columns({ t, f, language }: Words): Column[] {
  const c = t.customers.columns;
  const money = (pick: (r: CustomerRow) => number) => (r: CustomerRow) => html`<span class="${pick(r) < 0 ? 'negative' : ''}">${f.money(pick(r))}</span>`;
  return [
    {
      label: t.customers.segment,
      sort: 'segment',
      cell: (r) => (r.segment ? html`<span class="seg seg-${r.segment}" title="${r.overridden ? t.customers.overridden(r.segmentComputed ?? '—') : ''}">${r.segment}${r.overridden ? '*' : ''}</span>` : '—'),
    },
    { label: t.customers.level, sort: 'pyramidLevel', cell: (r) => LABELS[language].levels[r.pyramidLevel] },
    { label: t.customers.owner, sort: 'ownerId', cell: (r) => r.owner ?? '—' },
    { label: c.revenue, sort: 'revenue', cell: money((r) => r.revenue), numeric: true },
    { label: c.grossMargin, sort: 'grossMargin', cell: money((r) => r.grossMargin), numeric: true },
    { label: c.costToServe, sort: 'costToServe', cell: money((r) => r.costToServe), numeric: true },
    { label: c.netContribution, sort: 'netContribution', cell: money((r) => r.netContribution), numeric: true },
    { label: c.costRatio, sort: 'costToServeRatio', cell: (r) => f.percent(r.costToServeRatio), numeric: true },
    { label: c.clv, sort: 'clv', cell: money((r) => r.clv), numeric: true },
    { label: c.strategic, sort: 'strategicValue', cell: money((r) => r.strategicValue), numeric: true },
    {
      label: c.totalValue,
      sort: 'totalValue',
      cell: (r) => (r.isCustomer ? money((x) => x.totalValue)(r) : html`<span class="potential">${f.money(r.totalValue)}</span> <span class="potential-tag">${t.customers.potential}</span>`),
      numeric: true,
    },
    { label: c.rank, sort: 'valueRank', cell: (r) => (r.valueRank === null ? '—' : f.count(r.valueRank)), numeric: true },
    { label: c.nextContact, sort: 'nextContactDate', cell: (r) => html`<span class="${r.contactOverdue ? 'overdue' : ''}">${f.date(r.nextContactDate)}</span>` },
  ];
}

export function customersPage(v: CustomersView): Html {
  const words = wordsFor(v.frame.language);
  const { t, language } = words;
  const labels = LABELS[language];
  const { query, list } = v;
  const cols = columns(words);
  const filters = { ...tenantParams(v.frame), q: query.q, segment: query.segment, flag: query.flag, action: query.action, owner: query.owner, level: query.level, pageSize: query.pageSize === 50 ? undefined : query.pageSize };
  const sorted = { ...filters, sort: list.sort, dir: list.dir };
  const sortLink = (sort: CustomerSort) => href('/customers', { ...filters, sort, dir: sort === list.sort ? (list.dir === 'asc' ? 'desc' : 'asc') : defaultDirection(sort) });
  const arrow = (sort: CustomerSort) => (sort === list.sort ? (list.dir === 'asc' ? ' ▲' : ' ▼') : '');
  const option = (value: string, label: string, selected: string | undefined) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
  const first = (list.page - 1) * list.pageSize + 1;
  const firstNonCustomer = list.rows.findIndex((r) => !r.isCustomer);

  return page(
    v.frame,
    html`<h1>${t.customers.title}</h1>
    <form class="filters" method="get" action="/customers" id="customer-filters">
      ${v.frame.tenants.length > 1 ? html`<input type="hidden" name="tenant" value="${v.frame.tenant}">` : ''}
      <label>${t.customers.search} <input type="search" name="q" value="${query.q ?? ''}" placeholder="${t.customers.searchHint}"></label>
      <label>${t.customers.segment} <select name="segment">${option('', t.customers.any, query.segment)}${SEGMENTS.map((s) => option(s, s, query.segment))}${option('none', t.customers.noSegment, query.segment)}</select></label>
      <label>${t.customers.level} <select name="level">${option('', t.customers.any, query.level)}${PYRAMID_LEVELS.map((l) => option(l, labels.levels[l], query.level))}</select></label>
      <label>${t.customers.service} <select name="flag">${option('', t.customers.any, query.flag)}${SERVICE_FLAGS.map((s) => option(s, labels.flags[s], query.flag))}</select></label>
      <label>${t.customers.action} <select name="action">${option('', t.customers.any, query.action)}${ACTION_CODES.map((a) => option(a, labels.actions[a], query.action))}</select></label>
      <label>${t.customers.owner} <select name="owner">${option('', t.customers.any, query.owner)}${v.owners.map((o) => option(o, shownOwner(v.ownerNames, o, t), query.owner))}</select></label>
      <input type="hidden" name="sort" value="${list.sort}"><input type="hidden" name="dir" value="${list.dir}">
      <button type="submit">${t.customers.filter}</button> <a href="${href('/customers', tenantParams(v.frame))}">${t.customers.clear}</a>
    </form>
    <p class="hint" id="customer-count">${list.total === 0 ? t.customers.none : t.customers.range(first, first + list.rows.length - 1, list.total)}</p>
    <div class="scroll"><table class="figures list" id="customer-table">
      <thead><tr>
        <th><a href="${sortLink('name')}">${t.customers.company}${arrow('name')}</a></th>
        ${cols.map((c) => html`<th class="${c.numeric ? 'num' : ''}"><a href="${sortLink(c.sort)}">${c.label}${arrow(c.sort)}</a></th>`)}
        <th>${t.customers.service}</th><th>${t.customers.action}</th>
      </tr></thead>
      <tbody>${list.rows.map(
        (r, i) => html`${i === firstNonCustomer ? html`<tr class="group" id="non-customers"><th colspan="${cols.length + 3}">${t.customers.nonCustomers}</th></tr>` : ''}
        <tr data-company="${r.companyId}" data-segment="${r.segment ?? ''}" class="${r.isCustomer ? '' : 'non-customer'}">
          <th><a href="${href(`/companies/${encodeURIComponent(r.companyId)}`, tenantParams(v.frame))}">${r.name}</a><span class="id">${r.companyId}</span></th>
          ${cols.map((c) => html`<td class="${c.numeric ? 'num' : ''}">${c.cell(r)}</td>`)}
          <td class="wrap flag-${r.serviceFlag}">${r.isCustomer ? labels.flags[r.serviceFlag] : '—'}</td><td class="wrap">${r.isCustomer ? labels.actions[r.recommendedAction] : '—'}</td>
        </tr>`,
      )}</tbody>
    </table></div>
    <nav class="pager">
      ${list.page > 1 ? html`<a rel="prev" href="${href('/customers', { ...sorted, page: list.page - 1 })}">${t.customers.previous}</a>` : ''}
      <span>${t.customers.page(list.page, list.pages)}</span>
      ${list.page < list.pages ? html`<a rel="next" href="${href('/customers', { ...sorted, page: list.page + 1 })}">${t.customers.next}</a>` : ''}
    </nav>`,
  );
}
