// The compact sidebar card, rendered with HubSpot's test renderer in English and Dutch: the
// segment as a status tag, the next due contact, an overdue or over-served alert, the owner,
// and the link to the full card.
import { afterEach, describe, expect, it } from 'vitest';
import { Alert, Link, StatusTag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { CardResponse } from '../api/types.ts';
import { CustomerValueSidebar } from '../CustomerValueSidebar.tsx';
import { BACKEND, errorResponse, fixtures, jsonResponse, plain, stubFetch, textOf } from './support.tsx';

afterEach(() => {
  stubFetch().mockRestore();
});

async function renderSidebar(body: CardResponse | Response, locale = 'en-US') {
  const fetch = stubFetch().mockResolvedValueOnce(body instanceof Response ? body : jsonResponse(200, body));
  const renderer = createRenderer('crm.record.sidebar');
  const { context, actions } = renderer.mocks;
  context.crm.objectTypeId = '0-2';
  context.crm.objectId = 9001;
  context.user.locale = locale;
  context.portal.id = 4242;
  context.portal.timezone = 'Europe/Amsterdam';
  context.variables = { BACKEND_URL: BACKEND };
  renderer.render(<CustomerValueSidebar context={context} actions={actions} />);
  await renderer.waitFor(() => expect(renderer.maybeFind(Link)).not.toBeNull());
  return { card: renderer, fetch };
}

describe('sidebar card', () => {
  it('shows an A customer: green status, next contact, the overdue touchpoint, owner, link (English)', async () => {
    const { card, fetch } = await renderSidebar(fixtures.companyA());
    expect(fetch).toHaveBeenCalledWith(`${BACKEND}/api/companies/9001`, { method: 'GET' });
    const status = card.findByTestId(StatusTag, 'segment-status');
    expect([status.text, status.props.variant]).toEqual(['Segment A', 'success']);
    expect(plain(textOf(card.findByTestId(Text, 'next-contact')))).toBe('Next contact: Nov 19, 2026');
    const alert = card.findByTestId(Alert, 'overdue-alert');
    expect([alert.props.title, alert.props.variant, textOf(alert)]).toEqual(['Contact overdue', 'danger', 'account visit is 4 days overdue.']);
    expect(card.findByTestId(Text, 'owner').text).toBe('Owner: Anouk de Vries');
    const link = card.findByTestId(Link, 'full-card');
    expect([link.text, link.props.href]).toEqual(['Open the full customer value card', 'https://app.hubspot.com/contacts/4242/record/0-2/9001']);
  });

  it('shows a D customer in Dutch: red status, no planned contact, the over-served warning, the owner by id', async () => {
    const { card } = await renderSidebar(fixtures.companyD(), 'nl-NL');
    const status = card.findByTestId(StatusTag, 'segment-status');
    expect([status.text, status.props.variant]).toEqual(['Segment D', 'danger']);
    expect(textOf(card.findByTestId(Text, 'next-contact'))).toBe('Volgend contact: Geen contact gepland');
    const alert = card.findByTestId(Alert, 'service-alert');
    expect(alert.props.variant).toBe('warning');
    expect(alert.props.title).toBe('Te veel bediend');
    expect(card.maybeFindByTestId(Alert, 'overdue-alert')).toBeNull();
    expect(card.findByTestId(Text, 'owner').text).toBe('Eigenaar: 7002');
    expect(card.findByTestId(Link, 'full-card').text).toBe('Open de volledige klantwaardekaart');
  });

  it('says when the company was not computed yet, and still links to the full card', async () => {
    const { card } = await renderSidebar(errorResponse(404, 'company.not_found', 'No results for company 9001.'));
    expect(card.findByTestId(Text, 'not-computed').text).toBe('Not computed yet');
    expect(card.maybeFind(StatusTag)).toBeNull();
  });
});
