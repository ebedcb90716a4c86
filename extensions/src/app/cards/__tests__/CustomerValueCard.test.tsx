// The company card in each state, rendered with HubSpot's test renderer; hubspot.fetch is
// stubbed with answers shaped like the card API's.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Alert,
  BarChart,
  Button,
  DateInput,
  DescriptionList,
  EmptyState,
  ErrorState,
  LineChart,
  LoadingSpinner,
  Select,
  Statistics,
  StatisticsItem,
  StatisticsTrend,
  Table,
  TableBody,
  TableRow,
  Tag,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import type { CardResponse } from '../api/types.ts';
import { BACKEND, deferred, errorResponse, fire, fixtures, jsonResponse, plain, renderCard, stubFetch, textOf } from './support.tsx';

afterEach(() => {
  stubFetch().mockRestore();
});

const companyUrl = `${BACKEND}/api/companies/9001`;

/** Renders the card with the first GET answered by `body` and waits until it shows. */
async function renderLoaded(body: CardResponse, options: Parameters<typeof renderCard>[0] = {}) {
  const fetch = stubFetch().mockResolvedValueOnce(jsonResponse(200, body));
  const card = renderCard(options);
  await card.waitFor(() => expect(card.maybeFind(Statistics) ?? card.maybeFind(EmptyState, { testId: 'not-customer' })).not.toBeNull());
  return { card, fetch };
}

function statistic(card: ReturnType<typeof renderCard>, figure: string) {
  const item = card.findByTestId(StatisticsItem, `stat-${figure}`);
  const trend = item.maybeFind(StatisticsTrend);
  return { label: item.props.label, number: plain(item.props.number), trend: trend && { direction: trend.props.direction, value: plain(trend.props.value), color: trend.props.color } };
}

describe('loading', () => {
  it('shows a spinner while the company is fetched, with a GET to the company URL', async () => {
    const fetch = stubFetch().mockReturnValue(new Promise<Response>(() => {}));
    const card = renderCard();
    // The request starts in an effect, which changes nothing on screen: poll for it.
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    expect(fetch).toHaveBeenCalledWith(companyUrl, { method: 'GET' });
    const spinner = card.find(LoadingSpinner);
    expect(spinner.props.label).toBe('Loading customer value…');
    expect(card.maybeFind(Statistics)).toBeNull();
  });
});

describe('an A customer (English)', () => {
  it('shows the segment tag, the pyramid level and when it was calculated', async () => {
    const { card } = await renderLoaded(fixtures.companyA());
    const tag = card.findByTestId(Tag, 'segment-tag');
    expect(tag.text).toBe('Segment A');
    expect(tag.props.variant).toBe('success');
    expect(card.findByTestId(Tag, 'pyramid-level').text).toBe('Top customer');
    expect(plain(card.findByTestId(Text, 'calculated-at').text ?? '')).toBe('Calculated Nov 23, 2026, 3:00 AM');
    expect(card.maybeFindByTestId(DescriptionList, 'override-details')).toBeNull();
  });

  it('names the owner, by id when the CRM gives no name', async () => {
    const { card } = await renderLoaded(fixtures.companyA());
    expect(card.findByTestId(Text, 'owner').text).toBe('Owner: Anouk de Vries');
    const nl = await renderLoaded(fixtures.companyD(), { locale: 'nl-NL' });
    expect(nl.card.findByTestId(Text, 'owner').text).toBe('Eigenaar: 7002');
  });

  it('shows the survey score with its responses, and a typed-in grade without them', async () => {
    const { card } = await renderLoaded(fixtures.companyA());
    expect(card.findByTestId(Text, 'satisfaction').text).toBe('NPS 8.2 (5 responses)');
    const nl = await renderLoaded(fixtures.companyA(), { locale: 'nl-NL' });
    expect(nl.card.findByTestId(Text, 'satisfaction').text).toBe('NPS 8,2 (5 antwoorden)');
    const typed = await renderLoaded({ ...fixtures.companyA(), satisfaction: { score: 7, responses: null } });
    expect(typed.card.findByTestId(Text, 'satisfaction').text).toBe('Satisfaction 7.0');
    const none = await renderLoaded(fixtures.companyD());
    expect(none.card.maybeFindByTestId(Text, 'satisfaction')).toBeNull();
  });

  it('shows the value figures in euros with trends against the previous run', async () => {
    const { card } = await renderLoaded(fixtures.companyA());
    expect(statistic(card, 'revenue')).toEqual({ label: 'Revenue', number: '€56,472', trend: { direction: 'increase', value: '12.5%', color: 'green' } });
    expect(statistic(card, 'grossMargin')).toEqual({ label: 'Gross margin', number: '€19,765', trend: { direction: 'increase', value: '12.5%', color: 'green' } });
    // Less cost is good news: a decrease in green.
    expect(statistic(card, 'costToServe')).toEqual({ label: 'Cost-to-serve', number: '€3,120', trend: { direction: 'decrease', value: '5.5%', color: 'green' } });
    expect(statistic(card, 'netContribution').number).toBe('€16,645');
    expect(statistic(card, 'clv')).toEqual({ label: 'Customer lifetime value', number: '€105,420', trend: { direction: 'increase', value: '16.6%', color: 'green' } });
    // Unchanged since the previous run: no trend.
    expect(statistic(card, 'strategicValue')).toEqual({ label: 'Strategic value', number: '€12,500', trend: null });
    expect(statistic(card, 'totalValue').number).toBe('€122,120');
    expect(card.findAll(StatisticsItem)).toHaveLength(7);
  });

  it('charts cost-to-serve by line, biggest first, without the empty lines', async () => {
    const { card } = await renderLoaded(fixtures.companyA());
    const chart = card.findByTestId(BarChart, 'cost-chart');
    expect(chart.props.data).toEqual([
      { line: 'Visits', amount: 1020 },
      { line: 'Meetings', amount: 680 },
      { line: 'Order handling', amount: 500 },
      { line: 'Calls', amount: 420 },
      { line: 'Travel', amount: 320 },
      { line: 'Emails', amount: 150 },
      { line: 'Notes', amount: 30 },
    ]);
    expect(chart.props.axes).toMatchObject({ x: { field: 'line', fieldType: 'category' }, y: { field: 'amount', fieldType: 'linear' } });
  });

  it('explains the segment by its top drivers', async () => {
    const { card } = await renderLoaded(fixtures.companyA());
    const rows = card.findByTestId(Table, 'drivers').find(TableBody).findAll(TableRow).map((row) => textOf(row));
    expect(rows).toEqual([
      'Customer lifetime value Value €105,420 86.3%',
      'Reference customer Value €10,000 8.2%',
      'Growth potential Value €4,200 3.4%',
      'Referrals Value €2,500 2.1%',
      'Visits Cost €1,020 32.7%',
      'Meetings Cost €680 21.8%',
    ]);
  });

  it('lists the contact schedule with the overdue touchpoint in red', async () => {
    const { card } = await renderLoaded(fixtures.companyA());
    const rows = card.findByTestId(Table, 'contact-schedule').find(TableBody).findAll(TableRow);
    expect(rows.map((row) => textOf(row))).toEqual([
      'account visit Account manager · visit · operational staff · every 30 days Oct 20, 2026 Nov 19, 2026 4 days overdue',
      'management meeting Management · meeting · decision makers · every 90 days Sep 1, 2026 Nov 30, 2026 On track',
      'process review Customer service · meeting · operational staff · every 90 days Never Nov 23, 2026 On track',
    ]);
    expect(rows[0]!.find(Tag).props.variant).toBe('error');
    expect(rows[1]!.find(Tag).props.variant).toBe('success');
  });

  it('shows no service alert when the service level is ok, and the recommended action in words', async () => {
    const { card } = await renderLoaded(fixtures.companyA());
    expect(card.maybeFindByTestId(Alert, 'service-alert')).toBeNull();
    expect(card.findByTestId(Text, 'recommended-action').text).toBe('Retain this customer and involve management.');
  });

  it('draws the history of total value oldest first, each run labelled with its segment', async () => {
    const { card } = await renderLoaded(fixtures.companyA());
    const chart = card.findByTestId(LineChart, 'history-chart');
    expect(chart.props.data).toEqual([
      { run: 'Sep 23, 2026 (B)', totalValue: 98000, segment: 'B' },
      { run: 'Oct 23, 2026 (A)', totalValue: 110000, segment: 'A' },
      { run: 'Nov 23, 2026 (A)', totalValue: 122120, segment: 'A' },
    ]);
  });
});

describe('an A customer (Dutch)', () => {
  it('words and formats everything for a Dutch user', async () => {
    const { card } = await renderLoaded(fixtures.companyA(), { locale: 'nl-NL' });
    expect(card.findByTestId(Tag, 'pyramid-level').text).toBe('Topklant');
    expect(statistic(card, 'revenue')).toEqual({ label: 'Omzet', number: '€ 56.472', trend: { direction: 'increase', value: '12,5%', color: 'green' } });
    expect(statistic(card, 'netContribution').label).toBe('Netto bijdrage');
    expect(card.findByTestId(BarChart, 'cost-chart').props.data).toContainEqual({ line: 'Bezoeken', amount: 1020 });
    expect(textOf(card.findByTestId(Table, 'contact-schedule').find(TableBody).find(TableRow))).toBe(
      'account visit Accountmanager · bezoek · uitvoerend niveau · elke 30 dagen 20 okt 2026 19 nov 2026 4 dagen te laat',
    );
    expect(card.findByTestId(Text, 'recommended-action').text).toBe('Behoud deze klant en betrek het management.');
    expect(card.findByTestId(Button, 'recalculate').text).toBe('Herberekenen');
    expect(card.findByTestId(Button, 'override-save').text).toBe('Aanpassing opslaan');
  });

  it('takes Dutch from any nl locale and English from anything else', async () => {
    const { card: nl } = await renderLoaded(fixtures.companyA(), { locale: 'nl-be' });
    expect(statistic(nl, 'revenue').label).toBe('Omzet');
    stubFetch().mockRestore();
    const { card: de } = await renderLoaded(fixtures.companyA(), { locale: 'de-DE' });
    expect(statistic(de, 'revenue').label).toBe('Revenue');
  });
});

describe('a D customer', () => {
  it('warns that it is over-served with its cost against the segment budget, and recommends an action', async () => {
    const { card } = await renderLoaded(fixtures.companyD());
    expect(card.findByTestId(Tag, 'segment-tag').props.variant).toBe('error');
    const alert = card.findByTestId(Alert, 'service-alert');
    expect(alert.props.title).toBe('Over-served');
    expect(alert.props.variant).toBe('warning');
    expect(plain(textOf(alert))).toBe('Cost-to-serve is 237.6% of gross margin; the budget for segment D is 10%. That is €4,665 a year over budget.');
    expect(card.findByTestId(Text, 'recommended-action').text).toBe('Set a minimum order size, or charge an order fee.');
    expect(statistic(card, 'netContribution').number).toBe('-€2,820');
    expect(card.maybeFindByTestId(Table, 'contact-schedule')).toBeNull();
    expect(textOf(card.getRootNode())).toContain('No personal touchpoints in this segment: digital contact only.');
  });

  it('says the same in Dutch', async () => {
    const { card } = await renderLoaded(fixtures.companyD(), { locale: 'nl' });
    const alert = card.findByTestId(Alert, 'service-alert');
    expect(alert.props.title).toBe('Te veel bediend');
    expect(plain(textOf(alert))).toBe('Cost-to-serve is 237,6% van de brutomarge; het budget voor segment D is 10%. Dat is € 4.665 per jaar boven budget.');
    expect(card.findByTestId(Text, 'recommended-action').text).toBe('Stel een minimale ordergrootte in, of reken orderkosten.');
  });
});

describe('an overridden segment', () => {
  it('shows the effective segment, the computed one, who overrode it, why and until when', async () => {
    const { card } = await renderLoaded(fixtures.overridden());
    expect(card.findByTestId(Tag, 'segment-tag').text).toBe('Segment A');
    const details = card.findByTestId(DescriptionList, 'override-details');
    expect(textOf(details)).toBe(
      'Segment B sanne.devries@example.nl Nov 2, 2026 Strategic partner: co-develops our new product line with us. Mar 31, 2027',
    );
    expect(details.findAll(Tag)[0]!.props.variant).toBe('info');
    expect(card.findByTestId(Button, 'override-remove').text).toBe('Remove override');
  });

  it('says which touchpoint is late when the customer is under-served', async () => {
    const { card } = await renderLoaded(fixtures.overridden());
    const alert = card.findByTestId(Alert, 'service-alert');
    expect(alert.props.title).toBe('Under-served');
    expect(textOf(alert)).toBe('account visit is 45 days overdue (due every 30 days).');
    expect(card.findByTestId(Text, 'recommended-action').text).toBe('Restore the contact schedule: plan the late touchpoint now.');
  });
});

describe('a company that was never computed', () => {
  it('says so and computes it on request', async () => {
    const fetch = stubFetch()
      .mockResolvedValueOnce(errorResponse(404, 'company.not_found', 'No results for company 9001: it is unknown or has not been computed yet.'))
      .mockResolvedValueOnce(jsonResponse(200, fixtures.companyA()));
    const card = renderCard();
    await card.waitFor(() => expect(card.maybeFindByTestId(EmptyState, 'not-computed')).not.toBeNull());
    const empty = card.findByTestId(EmptyState, 'not-computed');
    expect(empty.props.title).toBe('Not computed yet');
    expect(textOf(empty)).toContain('has not computed this company yet');
    const button = card.findByTestId(Button, 'recalculate');
    expect(button.text).toBe('Compute now');

    fire(button, 'onClick');
    await card.waitFor(() => expect(card.maybeFind(Statistics)).not.toBeNull());
    expect(fetch).toHaveBeenLastCalledWith(`${companyUrl}/recalculate`, { method: 'POST', timeout: 15000 });
    expect(card.findByTestId(Tag, 'segment-tag').text).toBe('Segment A');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
  });
});

describe('a company that is not a customer', () => {
  it('says what it is and what would make it a customer, without value figures', async () => {
    const { card } = await renderLoaded(fixtures.prospect());
    const empty = card.findByTestId(EmptyState, 'not-customer');
    expect(empty.props.title).toBe('Not a customer');
    expect(textOf(empty)).toBe(
      'This company is a prospect: it has an open deal but has never bought. It becomes a customer, and gets a segment, with a won deal in the last 12 months.',
    );
    expect(card.findByTestId(Tag, 'segment-tag').text).toBe('No segment');
    expect(card.findByTestId(Tag, 'pyramid-level').text).toBe('Prospect');
    expect(card.maybeFind(Statistics)).toBeNull();
    expect(card.maybeFindByTestId(Button, 'override-save')).toBeNull();
    expect(card.findByTestId(Button, 'recalculate').text).toBe('Recalculate');
  });

  it('in Dutch', async () => {
    const inactive = fixtures.prospect();
    inactive.result.pyramidLevel = 'inactive';
    const { card } = await renderLoaded(inactive, { locale: 'nl-NL' });
    expect(textOf(card.findByTestId(EmptyState, 'not-customer'))).toBe(
      'Dit bedrijf heeft eerder bij ons gekocht, maar niet in de laatste 12 maanden. Het wordt een klant, met een segment, zodra er in de laatste 12 maanden een deal gewonnen is.',
    );
  });
});

describe('errors', () => {
  it('a server error says to try again, and Retry loads the company', async () => {
    const fetch = stubFetch()
      .mockResolvedValueOnce(errorResponse(500, 'internal', 'Something went wrong on our side; it has been logged.'))
      .mockResolvedValueOnce(jsonResponse(200, fixtures.companyA()));
    const card = renderCard();
    await card.waitFor(() => expect(card.maybeFind(ErrorState)).not.toBeNull());
    const error = card.find(ErrorState);
    expect(error.props.title).toBe('Customer value is not available');
    expect(error.props.type).toBe('error');
    expect(card.findByTestId(Text, 'error-what-to-do').text).toBe('The Klantwaarde server ran into a problem. Try again; if it keeps failing, tell your admin.');
    expect(textOf(error)).toContain('Something went wrong on our side; it has been logged. (internal)');

    fire(card.findByTestId(Button, 'retry'), 'onClick');
    await card.waitFor(() => expect(card.maybeFind(Statistics)).not.toBeNull());
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch).toHaveBeenNthCalledWith(2, companyUrl, { method: 'GET' });
  });

  it('a network failure also offers Retry', async () => {
    stubFetch().mockRejectedValueOnce(new Error('Request timed out'));
    const card = renderCard({ locale: 'nl-NL' });
    await card.waitFor(() => expect(card.maybeFind(ErrorState)).not.toBeNull());
    expect(card.findByTestId(Text, 'error-what-to-do').text).toBe('De Klantwaarde-server is niet bereikbaar. Probeer het zo opnieuw.');
    expect(card.findByTestId(Button, 'retry').text).toBe('Opnieuw proberen');
  });

  it('403: the portal is not connected; no Retry, ask an admin', async () => {
    stubFetch().mockResolvedValueOnce(errorResponse(403, 'auth.forbidden', 'This portal is not connected to Klantwaarde.'));
    const card = renderCard();
    await card.waitFor(() => expect(card.maybeFind(ErrorState)).not.toBeNull());
    expect(card.find(ErrorState).props.type).toBe('lock');
    expect(card.findByTestId(Text, 'error-what-to-do').text).toBe(
      'This HubSpot account is not the one connected to Klantwaarde. Ask your HubSpot admin to install or reconnect the app for this account.',
    );
    expect(textOf(card.find(ErrorState))).toContain('(auth.forbidden)');
    expect(card.maybeFindByTestId(Button, 'retry')).toBeNull();
  });

  it('401: the app is not connected; reinstall', async () => {
    stubFetch().mockResolvedValueOnce(errorResponse(401, 'auth.signature_invalid', 'The request signature does not match.'));
    const card = renderCard({ locale: 'nl-NL' });
    await card.waitFor(() => expect(card.maybeFind(ErrorState)).not.toBeNull());
    expect(card.findByTestId(Text, 'error-what-to-do').text).toBe(
      'De Klantwaarde-app is niet verbonden met dit HubSpot-account. Vraag uw HubSpot-beheerder de app opnieuw te installeren.',
    );
  });

  it('without the BACKEND_URL profile variable nothing is fetched and the admin is told what to set', async () => {
    const fetch = stubFetch();
    const card = renderCard({ variables: { BACKEND_URL: '${BACKEND_URL}' } });
    await card.waitFor(() => expect(card.maybeFind(ErrorState)).not.toBeNull());
    expect(card.findByTestId(Text, 'error-what-to-do').text).toContain('config profile that sets BACKEND_URL');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('Recalculate', () => {
  it('posts to the company, shows progress, then the new figures, then refreshes the record', async () => {
    const { card, fetch } = await renderLoaded(fixtures.companyA());
    const answer = deferred<Response>();
    fetch.mockReturnValueOnce(answer.promise);

    fire(card.findByTestId(Button, 'recalculate'), 'onClick');
    expect(fetch).toHaveBeenLastCalledWith(`${companyUrl}/recalculate`, { method: 'POST', timeout: 15000 });
    await card.waitFor(() => expect(card.maybeFindByTestId(LoadingSpinner, 'recalculating')).not.toBeNull());
    expect(card.findByTestId(LoadingSpinner, 'recalculating').props.label).toBe('Recalculating…');
    expect(card.findByTestId(Button, 'recalculate').props.disabled).toBe(true);
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(0);

    const recalculated = fixtures.companyA();
    recalculated.result.revenue = 61000;
    answer.resolve(jsonResponse(200, recalculated));
    await card.waitFor(() => expect(statistic(card, 'revenue').number).toBe('€61,000'));
    expect(card.maybeFindByTestId(LoadingSpinner, 'recalculating')).toBeNull();
    expect(card.findByTestId(Button, 'recalculate').props.disabled).toBe(false);
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
  });

  it('keeps the figures and says what went wrong when it fails', async () => {
    const { card, fetch } = await renderLoaded(fixtures.companyA());
    fetch.mockResolvedValueOnce(errorResponse(502, 'crm.unavailable', 'HubSpot did not answer.'));
    fire(card.findByTestId(Button, 'recalculate'), 'onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'recalculate-error')).not.toBeNull());
    const alert = card.findByTestId(Alert, 'recalculate-error');
    expect(alert.props.title).toBe('Recalculation failed');
    expect(textOf(alert)).toBe('The Klantwaarde server ran into a problem. Try again; if it keeps failing, tell your admin. HubSpot did not answer. (crm.unavailable)');
    expect(statistic(card, 'revenue').number).toBe('€56,472');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(0);
  });
});

describe('Override form', () => {
  it('requires a reason: shows the message and sends nothing', async () => {
    const { card, fetch } = await renderLoaded(fixtures.companyA());
    fire(card.findByTestId(Select, 'override-segment'), 'onChange', 'B');
    fire(card.findByTestId(TextArea, 'override-reason'), 'onChange', '   ');
    fire(card.findByTestId(Button, 'override-save'), 'onClick');
    const reason = card.findByTestId(TextArea, 'override-reason');
    expect(reason.props.error).toBe(true);
    expect(reason.props.validationMessage).toBe('Give a reason for the override.');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('requires a segment too, in Dutch', async () => {
    const { card, fetch } = await renderLoaded(fixtures.companyA(), { locale: 'nl-NL' });
    fire(card.findByTestId(Button, 'override-save'), 'onClick');
    expect(card.findByTestId(Select, 'override-segment').props.validationMessage).toBe('Kies een segment.');
    expect(card.findByTestId(TextArea, 'override-reason').props.validationMessage).toBe('Geef een reden voor de aanpassing.');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('sends the override with its reason and end date, shows the result and refreshes the record', async () => {
    const { card, fetch } = await renderLoaded(fixtures.companyA());
    const overridden = fixtures.overridden();
    fetch.mockResolvedValueOnce(jsonResponse(200, overridden));

    fire(card.findByTestId(Select, 'override-segment'), 'onChange', 'B');
    fire(card.findByTestId(TextArea, 'override-reason'), 'onChange', '  Buys for the whole group  ');
    fire(card.findByTestId(DateInput, 'override-expiry'), 'onChange', { year: 2027, month: 0, date: 31, formattedDate: '2027-01-31' });
    fire(card.findByTestId(Button, 'override-save'), 'onClick');

    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch).toHaveBeenLastCalledWith(`${companyUrl}/override`, {
      method: 'PUT',
      body: { segment: 'B', reason: 'Buys for the whole group', expiresAt: '2027-01-31' },
      timeout: 15000,
    });
    await card.waitFor(() => expect(card.maybeFindByTestId(DescriptionList, 'override-details')).not.toBeNull());
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(card.mocks.actions.addAlert.calls).toEqual([[{ type: 'success', message: 'Segment override saved.' }]]);
    // The form starts over.
    expect(card.findByTestId(TextArea, 'override-reason').props.value).toBe('');
  });

  it('sends no end date when none was picked', async () => {
    const { card, fetch } = await renderLoaded(fixtures.companyA());
    fetch.mockResolvedValueOnce(jsonResponse(200, fixtures.overridden()));
    fire(card.findByTestId(Select, 'override-segment'), 'onChange', 'C');
    fire(card.findByTestId(TextArea, 'override-reason'), 'onInput', 'Pays late');
    fire(card.findByTestId(Button, 'override-save'), 'onClick');
    expect(fetch).toHaveBeenLastCalledWith(`${companyUrl}/override`, { method: 'PUT', body: { segment: 'C', reason: 'Pays late' }, timeout: 15000 });
  });

  it("shows the backend's refusal", async () => {
    const { card, fetch } = await renderLoaded(fixtures.companyA());
    fetch.mockResolvedValueOnce(errorResponse(400, 'override.expires_in_past', 'The end date 2020-01-01 is in the past.'));
    fire(card.findByTestId(Select, 'override-segment'), 'onChange', 'B');
    fire(card.findByTestId(TextArea, 'override-reason'), 'onChange', 'Group buyer');
    fire(card.findByTestId(DateInput, 'override-expiry'), 'onChange', { year: 2020, month: 0, date: 1 });
    fire(card.findByTestId(Button, 'override-save'), 'onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'override-error')).not.toBeNull());
    const alert = card.findByTestId(Alert, 'override-error');
    expect(alert.props.title).toBe('The override was not saved');
    expect(textOf(alert)).toBe('The end date 2020-01-01 is in the past.');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(0);
    // What the rep typed stays.
    expect(card.findByTestId(TextArea, 'override-reason').props.value).toBe('Group buyer');
  });

  it('removes an override with DELETE', async () => {
    const { card, fetch } = await renderLoaded(fixtures.overridden());
    fetch.mockResolvedValueOnce(jsonResponse(200, fixtures.companyA()));
    fire(card.findByTestId(Button, 'override-remove'), 'onClick');
    expect(fetch).toHaveBeenLastCalledWith(`${companyUrl}/override`, { method: 'DELETE', timeout: 15000 });
    await card.waitFor(() => expect(card.maybeFindByTestId(DescriptionList, 'override-details')).toBeNull());
    expect(card.maybeFindByTestId(Button, 'override-remove')).toBeNull();
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(card.mocks.actions.addAlert.calls).toEqual([[{ type: 'success', message: 'Segment override removed.' }]]);
  });
});
