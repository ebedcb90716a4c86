import { describe, expect, it } from 'vitest';
import { touchpointStatus } from './contact-schedule.ts';
import { serviceLevel, serviceStanding } from './service-level.ts';
import { AS_OF, config, day } from './testing/builders.ts';
import { DAY_MS as DAY } from './time.ts';

const cfg = config();
const [visit] = cfg.contacts.schedule.A;

describe('service flag', () => {
  it('flags over-served when the cost ratio exceeds the segment budget', () => {
    expect(serviceLevel('C', 0.16, 10_000, [], cfg, AS_OF)).toEqual({
      flag: 'over_served',
      detail: 'cost-to-serve is 16% of gross margin against a budget of 15% for C: 100 over budget',
    });
    expect(serviceLevel('C', 0.15, 10_000, [], cfg, AS_OF).flag).toBe('ok');
    expect(serviceLevel('A', 0.2, 10_000, [], cfg, AS_OF).flag).toBe('ok');
  });

  it('flags under-served when an A or B touchpoint is late by more than its interval', () => {
    const late = touchpointStatus(visit!, day('2026-08-01'), day('2026-11-01')); // due 08-31, 62 days late
    const onTime = touchpointStatus(visit!, day('2026-09-15'), day('2026-11-01')); // 17 days late
    expect(serviceLevel('A', 0.1, 10_000, [late], cfg, AS_OF).flag).toBe('under_served');
    expect(serviceLevel('A', 0.1, 10_000, [late], cfg, AS_OF).detail).toBe('account visit is 62 days overdue (due every 30 days)');
    expect(serviceLevel('A', 0.1, 10_000, [onTime], cfg, AS_OF).flag).toBe('ok');
    expect(serviceLevel('C', 0.1, 10_000, [late], cfg, AS_OF).flag).toBe('ok');
  });

  it('compares the exact time a touchpoint is late: 30.5 days on a 30-day interval is under-served, 30 days is not', () => {
    const asOf = day('2026-11-01');
    const halfDayLate = touchpointStatus(visit!, asOf - 60.5 * DAY, asOf);
    const exactlyLate = touchpointStatus(visit!, asOf - 60 * DAY, asOf);
    expect(halfDayLate.daysOverdue).toBe(30);
    expect(serviceLevel('A', 0.1, 10_000, [halfDayLate], cfg, asOf)).toEqual({ flag: 'under_served', detail: 'account visit is 30 days overdue (due every 30 days)' });
    expect(serviceLevel('A', 0.1, 10_000, [exactlyLate], cfg, asOf).flag).toBe('ok');
  });

  it('does not judge the ratio when it is unknown', () => {
    expect(serviceLevel('D', null, -50, [], cfg, AS_OF).flag).toBe('ok');
  });

  it('gives the figures behind the flag: the budget, the money over it, the late touchpoint', () => {
    expect(serviceStanding('C', 0.16, 10_000, [], cfg, AS_OF)).toEqual({ flag: 'over_served', costToServeRatio: 0.16, budgetRatio: 0.15, overBudget: expect.closeTo(100, 9), late: null });
    const late = touchpointStatus(visit!, day('2026-08-01'), day('2026-11-01'));
    expect(serviceStanding('A', 0.1, 10_000, [late], cfg, AS_OF)).toEqual({
      flag: 'under_served',
      costToServeRatio: 0.1,
      budgetRatio: cfg.service.maxCostRatio.A,
      overBudget: null,
      late: { name: 'account visit', daysOverdue: 62, everyDays: 30 },
    });
    expect(serviceStanding(null, 0.9, 10_000, [late], cfg, AS_OF)).toEqual({ flag: 'ok', costToServeRatio: 0.9, budgetRatio: null, overBudget: null, late: null });
  });
});
