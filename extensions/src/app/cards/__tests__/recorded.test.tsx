// The card on answers recorded from the real backend (fixtures/recorded-*.json, kept in step
// with the API by the root test test/http/card-fixtures.test.ts): each renders its state with
// the backend's own figures, in English and Dutch, and never falls into the error state.
import { afterEach, describe, expect, it } from 'vitest';
import { Alert, BarChart, EmptyState, ErrorState, LineChart, Statistics, StatisticsItem, Tag } from '@hubspot/ui-extensions';
import type { CardResponse } from '../api/types.ts';
import aCustomer from '../fixtures/recorded-a-customer.json';
import dOverServed from '../fixtures/recorded-d-over-served.json';
import overridden from '../fixtures/recorded-overridden.json';
import prospect from '../fixtures/recorded-prospect.json';
import underServed from '../fixtures/recorded-under-served.json';
import { jsonResponse, plain, renderCard, stubFetch, textOf } from './support.tsx';

afterEach(() => {
  stubFetch().mockRestore();
});

async function show(json: unknown, locale = 'en-US') {
  const body = structuredClone(json) as CardResponse;
  stubFetch().mockResolvedValueOnce(jsonResponse(200, body));
  const card = renderCard({ locale, objectId: Number(body.result.companyId.replace(/\D/g, '')) });
  await card.waitFor(() => expect(card.maybeFind(Statistics) ?? card.maybeFind(EmptyState, { testId: 'not-customer' }) ?? card.maybeFind(ErrorState)).not.toBeNull());
  expect(card.maybeFind(ErrorState)).toBeNull();
  return { card, body };
}

describe('recorded backend answers', () => {
  for (const [name, json] of Object.entries({ aCustomer, dOverServed, overridden, underServed })) {
    for (const locale of ['en-US', 'nl-NL']) {
      it(`${name} (${locale}): segment tag, the backend's total value, cost chart and history`, async () => {
        const { card, body } = await show(json, locale);
        expect(card.findByTestId(Tag, 'segment-tag').text).toContain(body.result.segment!);
        const total = card.findByTestId(StatisticsItem, 'stat-totalValue');
        const euros = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(Math.round(body.result.totalValue));
        expect(plain(total.props.number)).toBe(plain(euros));
        expect(card.maybeFind(BarChart)).not.toBeNull();
        expect(card.find(LineChart).props.data).toHaveLength(body.history.length);
      });
    }
  }

  it('the over-served D customer warns with its cost against the segment budget', async () => {
    const { card, body } = await show(dOverServed);
    expect(body.service.flag).toBe('over_served');
    expect(card.findAll(Alert).some((a) => a.props.variant === 'warning' || a.props.variant === 'danger' || a.props.variant === 'error')).toBe(true);
  });

  it('the under-served customer names its late touchpoint', async () => {
    const { card, body } = await show(underServed);
    expect(textOf(card.find(Alert))).toContain(body.service.late!.name);
  });

  it('the prospect says it is not a customer yet', async () => {
    const { card } = await show(prospect);
    expect(card.maybeFind(EmptyState, { testId: 'not-customer' })).not.toBeNull();
  });
});
