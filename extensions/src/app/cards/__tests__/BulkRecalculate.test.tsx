// The "Recalculate customer value" bulk action, rendered with HubSpot's test renderer in
// English and Dutch: the selected companies (at most 100) go to the backend in one signed
// call, and each one's outcome is listed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Alert, Button, StatusTag, Table, TableBody, TableRow, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { BulkRecalculateResponse } from '../api/types.ts';
import { BulkRecalculate } from '../components/BulkRecalculate.tsx';
import { BACKEND, errorResponse, fire, jsonResponse, stubFetch, textOf } from './support.tsx';

afterEach(() => {
  stubFetch().mockRestore();
});

const ANSWER: BulkRecalculateResponse = {
  results: [
    { companyId: '101', status: 'recalculated', name: 'Bakkerij De Korst', segment: 'A', serviceFlag: 'ok', totalValue: 122_120, written: true },
    { companyId: '102', status: 'recalculated', name: 'Groothandel Visser', segment: 'D', serviceFlag: 'over_served', totalValue: -2_820, written: false },
    { companyId: '103', status: 'refused', message: 'Next contact date is required when Lifecycle stage is Customer (crm.invalid_value); tried again on the next run.' },
    { companyId: '104', status: 'not_found', message: 'Company 104 is not known in the CRM (deleted, or merged into another).' },
  ],
};

function renderAction(objectIds: number[], locale = 'en-US', objectTypeId = '0-2') {
  const renderer = createRenderer('crm.bulkActions');
  const { context, actions } = renderer.mocks;
  context.crm.objectTypeId = objectTypeId;
  context.crm.objectIds = objectIds;
  context.user.locale = locale;
  context.portal.timezone = 'Europe/Amsterdam';
  context.variables = { BACKEND_URL: BACKEND };
  renderer.render(<BulkRecalculate context={context} actions={actions} />);
  return { action: renderer, actions };
}

const rows = (action: ReturnType<typeof renderAction>['action']) => action.findByTestId(Table, 'bulk-results').find(TableBody).findAll(TableRow).map((row) => textOf(row));

describe('bulk action: recalculate customer value', () => {
  it('recalculates the selected companies in one call and lists each outcome (English)', async () => {
    const fetch = stubFetch().mockResolvedValueOnce(jsonResponse(200, ANSWER));
    const { action, actions } = renderAction([101, 102, 103, 104]);
    expect(action.findByTestId(Text, 'bulk-intro').text).toBe('Recalculate the 4 selected companies: read fresh from HubSpot, recomputed and written back.');
    const run = action.findByTestId(Button, 'run');
    expect(run.text).toBe('Recalculate 4 companies');
    fire(run, 'onClick');
    await action.waitFor(() => expect(action.maybeFindByTestId(Table, 'bulk-results')).not.toBeNull());
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith(`${BACKEND}/api/companies/recalculate`, { method: 'POST', body: { ids: ['101', '102', '103', '104'] }, timeout: 15_000 });
    expect(action.findByTestId(Text, 'bulk-summary').text).toBe('2 of 4 recalculated.');
    expect(rows(action)).toEqual([
      'Bakkerij De Korst (101) Recalculated Segment A',
      'Groothandel Visser (102) Recalculated (unchanged) Segment D',
      '103 Refused by HubSpot: Next contact date is required when Lifecycle stage is Customer (crm.invalid_value); tried again on the next run. —',
      '104 Not found: Company 104 is not known in the CRM (deleted, or merged into another). —',
    ]);
    expect(action.findAll(StatusTag).map((t) => t.props.variant)).toEqual(['success', 'danger']);
    expect(actions.addAlert.calls).toEqual([[{ type: 'warning', message: '2 of 4 recalculated.' }]]);
  });

  it('speaks Dutch to a Dutch user', async () => {
    stubFetch().mockResolvedValueOnce(jsonResponse(200, { results: ANSWER.results.slice(0, 1) }));
    const { action } = renderAction([101], 'nl-NL');
    expect(action.findByTestId(Text, 'bulk-intro').text).toBe('Herbereken het geselecteerde bedrijf: vers uit HubSpot gelezen, opnieuw berekend en teruggeschreven.');
    const run = action.findByTestId(Button, 'run');
    expect(run.text).toBe('1 bedrijf herberekenen');
    fire(run, 'onClick');
    await action.waitFor(() => expect(action.maybeFindByTestId(Table, 'bulk-results')).not.toBeNull());
    expect(action.findByTestId(Text, 'bulk-summary').text).toBe('1 van 1 herberekend.');
    expect(rows(action)).toEqual(['Bakkerij De Korst (101) Herberekend Segment A']);
  });

  it('sends at most 100 of a larger selection, and says so', async () => {
    const fetch = stubFetch().mockResolvedValueOnce(jsonResponse(200, { results: [] }));
    const { action } = renderAction(Array.from({ length: 130 }, (_, i) => 5000 + i));
    expect(textOf(action.findByTestId(Alert, 'too-many'))).toBe('130 companies are selected; the first 100 are recalculated. Select fewer to do the rest.');
    fire(action.findByTestId(Button, 'run'), 'onClick');
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    const body = (fetch.mock.calls[0]![1] as { body: { ids: string[] } }).body;
    expect(body.ids).toHaveLength(100);
    expect(body.ids.at(-1)).toBe('5099');
  });

  it('says what to do when the backend refuses the request', async () => {
    stubFetch().mockResolvedValueOnce(errorResponse(403, 'auth.forbidden', 'The signed request names no portal (portalId).'));
    const { action } = renderAction([101]);
    fire(action.findByTestId(Button, 'run'), 'onClick');
    await action.waitFor(() => expect(action.maybeFindByTestId(Alert, 'bulk-error')).not.toBeNull());
    expect(textOf(action.findByTestId(Alert, 'bulk-error'))).toContain('This HubSpot account is not the one connected to Klantwaarde.');
  });

  it('acts on companies only, and needs a selection', () => {
    expect(renderAction([1], 'en-US', '0-1').action.findByTestId(Text, 'wrong-object').text).toBe('This action works on companies only.');
    expect(renderAction([]).action.findByTestId(Text, 'none-selected').text).toBe('Select one or more companies first.');
  });
});
