import { describe, expect, it } from 'vitest';
import { matchesTouchpoint, summarizeSchedule, touchpointStatus } from './contact-schedule.ts';
import { computePortfolio } from './engine.ts';
import type { Touchpoint } from './model-config.ts';
import { activity, company, config, day, portfolio, won } from './testing/builders.ts';
import { isoDate } from './time.ts';

const visit30: Touchpoint = { name: 'account visit', who: 'account_manager', layer: 'operational', channel: 'visit', everyDays: 30 };

describe('touchpoint dates', () => {
  it('counts days across the end of February in a leap year', () => {
    expect(isoDate(touchpointStatus(visit30, day('2024-01-31'), day('2024-02-15')).nextDue)).toBe('2024-03-01');
  });

  it('counts days across the end of February in a common year', () => {
    expect(isoDate(touchpointStatus(visit30, day('2023-01-31'), day('2023-02-15')).nextDue)).toBe('2023-03-02');
  });

  it('counts days across month and year ends', () => {
    expect(isoDate(touchpointStatus({ ...visit30, everyDays: 60 }, day('2026-10-31'), day('2026-11-01')).nextDue)).toBe('2026-12-30');
  });

  it('makes a touchpoint never done due at asOf, not overdue', () => {
    const status = touchpointStatus(visit30, null, day('2026-11-01'));
    expect(status.nextDue).toBe(day('2026-11-01'));
    expect(status.overdue).toBe(false);
  });

  it('is overdue once the due date has passed, counting whole days', () => {
    const status = touchpointStatus(visit30, day('2026-09-01'), day('2026-11-01'));
    expect(isoDate(status.nextDue)).toBe('2026-10-01');
    expect(status.overdue).toBe(true);
    expect(status.daysOverdue).toBe(31);
  });
});

describe('matching activities to touchpoints', () => {
  it('needs the channel, and the role and layer when the activity knows them', () => {
    expect(matchesTouchpoint(activity('c', 'visit'), visit30)).toBe(true);
    expect(matchesTouchpoint(activity('c', 'call'), visit30)).toBe(false);
    expect(matchesTouchpoint(activity('c', 'visit', '2026-01-01', { ownerRole: 'inside_sales' }), visit30)).toBe(false);
    expect(matchesTouchpoint(activity('c', 'visit', '2026-01-01', { contactLayer: 'decision' }), visit30)).toBe(false);
    expect(matchesTouchpoint(activity('c', 'visit', '2026-01-01', { ownerRole: 'account_manager', contactLayer: 'operational' }), visit30)).toBe(true);
  });
});

describe('the schedule of a company', () => {
  it('gives an A customer the A touchpoints, the earliest next date and the plan as text', () => {
    const records = portfolio({
      companies: [company('a')],
      deals: [won('a', 100_000)],
      activities: [
        activity('a', 'visit', '2026-10-15', { ownerRole: 'account_manager' }),
        activity('a', 'visit', '2026-09-01', { ownerRole: 'account_manager' }),
        activity('a', 'meeting', '2026-06-01', { ownerRole: 'management', contactLayer: 'decision' }),
        activity('a', 'visit', '2026-12-01', { ownerRole: 'account_manager' }), // after asOf: ignored
      ],
    });
    const [r] = computePortfolio(records, config(), day('2026-11-01')).results;
    expect(r!.segment).toBe('A');
    expect(r!.contacts.map((c) => [c.touchpoint.name, c.lastContact && isoDate(c.lastContact), isoDate(c.nextDue), c.overdue])).toEqual([
      ['account visit', '2026-10-15', '2026-11-14', false],
      ['management meeting', '2026-06-01', '2026-08-30', true],
      ['process review', null, '2026-11-01', false],
    ]);
    expect(isoDate(r!.nextContactDate!)).toBe('2026-08-30');
    expect(r!.contactOverdue).toBe(true);
    expect(r!.contactPlan).toContain('management meeting: management → decision layer, meeting every 90 days (overdue since 2026-08-30)');
    expect(r!.serviceFlag).toBe('ok'); // 63 days late is within its 90-day interval
  });

  it('says a D customer is served digitally only', () => {
    expect(summarizeSchedule('D', []).contactPlan).toBe('D: digital only (newsletter), no personal touchpoint.');
    expect(summarizeSchedule('D', []).nextContactDate).toBeNull();
  });
});
