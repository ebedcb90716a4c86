// Every word the dashboard's pages and charts show, in English and Dutch. Codes (segments,
// levels, actions, roles, cost lines) are worded in src/domain/labels.ts; sentences with
// numbers format them here, with the right plural ("1 override", "2 overrides").
import type { Language } from '../../../domain/labels.ts';
import type { Segment } from '../../../domain/records.ts';
import { formats, type Formats } from './format.ts';

/** The task counts a run keeps (tasks_<action>), see app/contact-tasks.ts taskRunCounts. */
export const TASK_ACTIONS = ['created', 'moved', 'completed', 'removed', 'closed_by_hand', 'failed'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export interface Messages {
  nav: { overview: string; customers: string; tenant: string; show: string; logOut: string; language: string };
  error: {
    notFoundTitle: string;
    notFound: (path: string) => string;
    companyNotFound: (id: string) => string;
    failedTitle: string;
    /** A fault on our side: the page says only that, the log has the rest. */
    failed: string;
    malformedUrl: string;
    back: string;
  };
  overview: {
    title: string;
    lead: (asOf: number, customers: number, netContribution: number) => string;
    noRun: string;
    whale: {
      heading: string;
      hint: string;
      aria: string;
      peak: (rank: number, customerShare: number, contributionShare: number) => string;
      giveBack: (share: number) => string;
      empty: string;
      xAxis: string;
      yAxis: string;
      curve: string;
      segment: (s: Segment) => string;
      peakLabel: (rank: number, customerShare: number, contributionShare: number) => string;
      point: (rank: number, segment: Segment, share: number) => string;
      /** The second curve: every D customer's recommended option applied (the portfolio what-if). */
      projected: string;
      projectedPoint: (rank: number, share: number) => string;
      projectedPeakLabel: (rank: number, customerShare: number, contributionShare: number) => string;
    };
    whatIf: {
      heading: string;
      lead: (today: number, projected: number, effect: number) => string;
      peak: (before: number, after: number) => string;
      partingWays: (n: number) => string;
      noD: string;
      stale: string;
    };
    pyramid: { heading: string; aria: string; level: string; companies: string; revenue: string; netContribution: string; tooltip: (companies: number, revenue: number, net: number) => string[] };
    migration: {
      heading: string;
      empty: string;
      corner: string;
      up: string;
      down: string;
      none: string;
      more: (n: number) => string;
    };
    retention: {
      label: string;
      retained: (retained: number, customersYearBefore: number) => string;
      goal: (goal: number) => string;
      met: string;
      notMet: string;
    };
    goals: {
      heading: string;
      hint: string;
      goal: string;
      target: string;
      now: string;
      met: string;
      trend: string;
      yes: string;
      no: string;
      unmeasured: string;
      atLeast: (value: string) => string;
      atMost: (value: string) => string;
      trendAria: (values: string) => string;
    };
    segments: {
      heading: string;
      hint: string;
      figures: { grossMargin: string; costToServe: string; netContribution: string };
      caption: (companies: number, revenue: number) => string;
      aria: (s: Segment) => string;
      noCustomers: string;
      segment: string;
      companies: string;
      revenue: string;
      costRatio: string;
      noOverrides: string;
      overrides: (overrides: number, agreeing: number) => string;
    };
    discipline: { heading: string; empty: string; aria: string; owner: string; overdue: (s: Segment) => string; overServed: string; beyondBudget: string };
    /** The contact-schedule tasks per owner (shown once tasks were made). */
    tasks: { heading: string; hint: (months: number) => string; owner: string; open: string; late: string; completed: string };
    runs: {
      heading: string;
      last: (finished: number, took: number | null, asOf: number) => string;
      none: string;
      recalculate: string;
      started: string;
      kind: string;
      status: string;
      took: string;
      companies: string;
      error: string;
      kinds: Record<string, string>;
      statuses: Record<string, string>;
      counts: {
        companies: (n: number) => string;
        customers: (n: number) => string;
        segment: (s: Segment, n: number) => string;
        overServed: (n: number) => string;
        underServed: (n: number) => string;
        overrides: (n: number) => string;
        written: (n: number) => string;
        refused: (n: number) => string;
        /** What the run did to the contact-schedule tasks, by action (tasks_created …). */
        tasks: (action: TaskAction, n: number) => string;
      };
      refusedList: (n: number) => string;
      /** The newest sharded full run (PostgreSQL): its shards per stage, state and instance. */
      shards: {
        heading: (n: number) => string;
        stage: string;
        state: string;
        instance: string;
        count: string;
        stages: Record<string, string>;
        states: Record<string, string>;
      };
    };
    client: { recalculating: string; reloading: string; failed: string; couldNotStart: string };
  };
  customers: {
    title: string;
    search: string;
    searchHint: string;
    segment: string;
    level: string;
    service: string;
    action: string;
    owner: string;
    noOwner: string;
    any: string;
    noSegment: string;
    filter: string;
    clear: string;
    none: string;
    range: (first: number, last: number, total: number) => string;
    company: string;
    columns: { revenue: string; grossMargin: string; costToServe: string; netContribution: string; costRatio: string; clv: string; strategic: string; totalValue: string; rank: string; nextContact: string };
    overridden: (computed: string) => string;
    nonCustomers: string;
    potential: string;
    previous: string;
    next: string;
    page: (page: number, pages: number) => string;
  };
  company: {
    crumbs: string;
    noSegment: string;
    rank: (rank: number) => string;
    owner: (owner: string) => string;
    /** "NPS 8.2 (5 responses)" from surveys; a typed-in grade has no responses. */
    satisfaction: (score: number, responses: number | null) => string;
    was: (segment: string, on: number) => string;
    override: (segment: Segment, by: string, at: number, until: number | undefined, reason: string, computed: string) => string;
    since: (on: number) => string;
    why: {
      segment: (segment: Segment, rank: number | null) => string;
      d: (net: number, strategic: number) => string;
      value: (total: number) => string;
      from: string;
      costs: string;
      noCosts: string;
      notCustomer: Record<'inactive' | 'prospect' | 'suspect', string>;
      potential: (total: number) => string;
    };
    tiles: {
      revenue: string;
      grossMargin: string;
      costToServe: string;
      ratio: (ratio: number | null) => string;
      netContribution: string;
      clv: string;
      retention: (retention: number) => string;
      strategicValue: string;
      totalValue: string;
      potentialValue: string;
      potentialNote: string;
      growthPotential: string;
      wallet: (share: number | null) => string;
      weighted: (weight: number, amount: number) => string;
    };
    costs: { heading: string; aria: string; none: string };
    drivers: { heading: string; element: string; kind: string; amount: string; share: string; kinds: { value: string; cost: string }; none: string; weighted: (weight: number, growthPotential: number) => string };
    service: {
      heading: string;
      overServed: (ratio: number, budget: number, segment: Segment, over: number) => string;
      underServed: (touchpoint: string, days: number, every: number) => string;
    };
    schedule: { heading: string; touchpoint: string; who: string; layer: string; channel: string; every: string; lastContact: string; nextDue: string; everyDays: (days: number) => string; overdue: (days: number) => string; digitalOnly: string; notCustomer: string };
    history: { heading: string; aria: string; totalValue: string; netContribution: string; segment: (s: string) => string; none: string };
    whatIf: {
      heading: string;
      hint: string;
      today: (net: number) => string;
      option: string;
      change: string;
      netContribution: string;
      effect: string;
      valueLost: string;
      recommended: string;
      stale: string;
      changes: {
        orders: (before: number, after: number) => string;
        discounts: (before: number, after: number) => string;
        fee: (income: number) => string;
        lift: (before: number, after: number) => string;
        reached: (yearly: number) => string;
        tooSmall: (yearly: number) => string;
        digital: (replaced: number, digital: number) => string;
        partWays: string;
      };
    };
  };
}

const one = (n: number, singular: string, plural: string) => (n === 1 ? singular : plural);

function english(f: Formats): Messages {
  const c = f.count;
  return {
    nav: { overview: 'Overview', customers: 'Customers', tenant: 'Tenant', show: 'Show', logOut: 'Log out', language: 'Language' },
    error: {
      notFoundTitle: 'Page not found',
      notFound: (path) => `There is no page at ${path}.`,
      companyNotFound: (id) => `No results for company ${id}: it is unknown or has not been computed yet.`,
      failedTitle: 'Something went wrong',
      failed: 'The page could not be built; the error has been logged.',
      malformedUrl: 'The address has malformed percent-encoding.',
      back: 'Back to the overview',
    },
    overview: {
      title: 'Customer value overview',
      lead: (asOf, customers, net) => `As of ${f.date(asOf)} · ${c(customers)} ${one(customers, 'customer', 'customers')} · net contribution ${f.money(net)}`,
      noRun: 'No full run yet: start one below.',
      whale: {
        heading: 'Whale curve',
        hint: 'Cumulative share of net contribution, customers ranked from most to least profitable.',
        aria: 'Whale curve',
        peak: (rank, cs, ns) => `Peak: the ${c(rank)} most profitable ${one(rank, 'customer', 'customers')} (${f.percent(cs, 1)}) earn ${f.percent(ns, 1)} of the net contribution`,
        giveBack: (share) => `; the others give ${f.percent(share, 1)} of it back`,
        empty: 'No customers with results yet.',
        xAxis: 'Customers, most profitable first',
        yAxis: 'Cumulative share of net contribution',
        curve: 'Net contribution',
        segment: (s) => `Segment ${s}`,
        peakLabel: (rank, cs, ns) => `Peak: ${c(rank)} ${one(rank, 'customer', 'customers')} (${f.percent(cs, 1)}) → ${f.percent(ns, 1)}`,
        point: (rank, s, share) => `#${c(rank)} (${s}): ${f.percent(share, 1)} of net contribution`,
        projected: 'After the recommended actions for D',
        projectedPoint: (rank, share) => `#${c(rank)} after the what-if: ${f.percent(share, 1)} of net contribution`,
        projectedPeakLabel: (rank, cs, ns) => `What-if peak: ${c(rank)} (${f.percent(cs, 1)}) → ${f.percent(ns, 1)}`,
      },
      whatIf: {
        heading: 'What-if: the recommended action for every D customer',
        lead: (today, projected, effect) => `Net contribution ${f.money(today)} → ${f.money(projected)} (${f.signedMoney(effect)}).`,
        peak: (before, after) => `The whale curve's peak goes from ${f.percent(before, 1)} to ${f.percent(after, 1)}: less is given back by the tail.`,
        partingWays: (n) => `${c(n)} ${one(n, 'customer parts', 'customers part')} ways and ${one(n, 'leaves', 'leave')} the curve.`,
        noD: 'No D customers: nothing to change.',
        stale: 'Recalculate to see what the recommended actions for the D customers would earn.',
      },
      pyramid: {
        heading: 'Customer pyramid',
        aria: 'Customer pyramid',
        level: 'Level',
        companies: 'Companies',
        revenue: 'Revenue',
        netContribution: 'Net contribution',
        tooltip: (n, revenue, net) => [`${c(n)} ${one(n, 'company', 'companies')}`, `revenue ${f.money(revenue)}`, `net contribution ${f.money(net)}`],
      },
      migration: {
        heading: 'Migration since the previous full run',
        empty: 'Migration shows after the second full run.',
        corner: 'from ↓ to →',
        up: 'Moved up',
        down: 'Fell down',
        none: 'None.',
        more: (n) => `and ${c(n)} more`,
      },
      retention: {
        label: 'Retention of last year’s customers:',
        retained: (retained, before) => `(${c(retained)} of the ${c(before)} ${one(before, 'customer', 'customers')} a year before)`,
        goal: (goal) => `goal ${f.percent(goal)}`,
        met: 'met',
        notMet: 'not met',
      },
      goals: {
        heading: 'Customer goals',
        hint: 'Each goal against the latest figures; the trend shows it over the last full runs, oldest first.',
        goal: 'Goal',
        target: 'Target',
        now: 'Now',
        met: 'Met',
        trend: 'Trend',
        yes: 'met',
        no: 'not met',
        unmeasured: 'not measured yet',
        atLeast: (value) => `at least ${value}`,
        atMost: (value) => `at most ${value}`,
        trendAria: (values) => `Over the last full runs: ${values}`,
      },
      segments: {
        heading: 'Segments',
        hint: 'What each segment earns and what serving it costs, each on its own scale.',
        figures: { grossMargin: 'Gross margin', costToServe: 'Cost-to-serve', netContribution: 'Net contribution' },
        caption: (n, revenue) => `${c(n)} ${one(n, 'customer', 'customers')} · revenue ${f.money(revenue)}`,
        aria: (s) => `Gross margin, cost-to-serve and net contribution of segment ${s}`,
        noCustomers: 'No customers in this segment.',
        segment: 'Segment',
        companies: 'Companies',
        revenue: 'Revenue',
        costRatio: 'Cost ratio',
        noOverrides: 'No active overrides.',
        overrides: (n, agreeing) =>
          n === 1
            ? `1 override; the model ${agreeing === 1 ? 'agrees with it' : 'does not agree with it'}.`
            : `${c(n)} overrides; the model agrees with ${c(agreeing)} of them.`,
      },
      discipline: {
        heading: 'Contact discipline',
        empty: 'No overdue touchpoints and no over-served customers.',
        aria: 'Overdue touchpoints per owner',
        owner: 'Owner',
        overdue: (s) => `Overdue ${s}`,
        overServed: 'Over-served',
        beyondBudget: 'Beyond budget',
      },
      tasks: {
        heading: 'Contact-schedule tasks',
        hint: (months) => `The tasks in the reps' CRM task lists, one per due touchpoint: open, late (past the due date) and completed in the last ${c(months)} months.`,
        owner: 'Owner',
        open: 'Open',
        late: 'Late',
        completed: 'Completed',
      },
      runs: {
        heading: 'Run status',
        last: (finished, took, asOf) => `Last full run: ${f.dateTime(finished)}, took ${f.duration(took)}, as of ${f.date(asOf)}.`,
        none: 'No successful full run yet.',
        recalculate: 'Recalculate everything',
        started: 'Started',
        kind: 'Kind',
        status: 'Status',
        took: 'Took',
        companies: 'Companies',
        error: 'Error',
        kinds: { full: 'Full', incremental: 'Changed companies' },
        statuses: { running: 'Running', succeeded: 'Done', failed: 'Failed' },
        counts: {
          companies: (n) => `${c(n)} ${one(n, 'company', 'companies')}`,
          customers: (n) => `${c(n)} ${one(n, 'customer', 'customers')}`,
          segment: (s, n) => `${s} ${c(n)}`,
          overServed: (n) => `${c(n)} over-served`,
          underServed: (n) => `${c(n)} under-served`,
          overrides: (n) => `${c(n)} ${one(n, 'override', 'overrides')}`,
          written: (n) => `${c(n)} ${one(n, 'company', 'companies')} updated in the CRM`,
          refused: (n) => `${c(n)} refused by the CRM`,
          tasks: (action, n) => {
            const done = { created: 'created', moved: 'moved', completed: 'completed', removed: 'removed', closed_by_hand: 'closed by hand', failed: 'not taken by the CRM' }[action];
            return `${c(n)} ${one(n, 'task', 'tasks')} ${done}`;
          },
        },
        refusedList: (n) => `The CRM refused the values of ${c(n)} ${one(n, 'company', 'companies')}; they are tried again on the next run:`,
        shards: {
          heading: (n) => `The newest full run was shared by the instances in ${c(n)} ${one(n, 'shard', 'shards')} of companies:`,
          stage: 'Stage',
          state: 'State',
          instance: 'Instance',
          count: 'Shards',
          stages: { figures: 'Running figures', ranked: 'Own figures', rank: 'Ranking', results: 'Results', write: 'Write-back' },
          states: { queued: 'Waiting', running: 'Running', done: 'Done', failed: 'Failed' },
        },
      },
      client: { recalculating: 'Recalculating…', reloading: 'Done; loading the new figures…', failed: 'Recalculation failed:', couldNotStart: 'Could not start:' },
    },
    customers: {
      title: 'Customers',
      search: 'Search',
      searchHint: 'name or id',
      segment: 'Segment',
      level: 'Level',
      service: 'Service',
      action: 'Action',
      owner: 'Owner',
      noOwner: '(no owner)',
      any: 'any',
      noSegment: 'none (not a customer)',
      filter: 'Filter',
      clear: 'Clear',
      none: 'No companies match.',
      range: (first, last, total) => `${c(first)}–${c(last)} of ${c(total)} ${one(total, 'company', 'companies')}`,
      company: 'Company',
      columns: {
        revenue: 'Revenue',
        grossMargin: 'Gross margin',
        costToServe: 'Cost-to-serve',
        netContribution: 'Net contribution',
        costRatio: 'Cost ratio',
        clv: 'CLV',
        strategic: 'Strategic',
        totalValue: 'Total value',
        rank: 'Rank',
        nextContact: 'Next contact',
      },
      overridden: (computed) => `Override; the model says ${computed}`,
      nonCustomers: 'Not customers (inactive, prospects, suspects), listed apart: their total value is potential, not earned.',
      potential: 'potential',
      previous: '← Previous',
      next: 'Next →',
      page: (page, pages) => `Page ${c(page)} of ${c(pages)}`,
    },
    company: {
      crumbs: 'Customers',
      noSegment: 'no segment',
      rank: (rank) => `rank ${c(rank)}`,
      owner: (owner) => `owner ${owner}`,
      satisfaction: (score, responses) => (responses === null ? `satisfaction ${f.grade(score)}` : `NPS ${f.grade(score)} (${c(responses)} ${one(responses, 'response', 'responses')})`),
      was: (segment, on) => `was ${segment} on ${f.date(on)}`,
      override: (segment, by, at, until, reason, computed) =>
        `Override to ${segment} by ${by} on ${f.date(at)}${until === undefined ? '' : `, until ${f.date(until)}`}: “${reason}”. The model says ${computed}.`,
      since: (on) => `since ${f.date(on)}`,
      why: {
        segment: (s, rank) => `Segment ${s}${rank === null ? '' : `, value rank ${c(rank)}`}.`,
        d: (net, strategic) => `Segment D: it costs more than it brings — net contribution ${f.money(net)} plus strategic value ${f.money(strategic)} is below zero.`,
        value: (total) => `Total value ${f.money(total)}`,
        from: 'from',
        costs: 'Biggest costs:',
        noCosts: 'No cost-to-serve recorded.',
        notCustomer: {
          inactive: 'Not a customer: it bought from us before, but not in the last 12 months.',
          prospect: 'Not a customer: a prospect with an open deal that has never bought.',
          suspect: 'Not a customer: a suspect without deals yet.',
        },
        potential: (total) => `Its total value of ${f.money(total)} is potential: what it could be worth, not what it earns.`,
      },
      tiles: {
        revenue: 'Revenue (12 months)',
        grossMargin: 'Gross margin',
        costToServe: 'Cost-to-serve',
        ratio: (ratio) => `ratio ${f.percent(ratio)}`,
        netContribution: 'Net contribution',
        clv: 'CLV',
        retention: (retention) => `retention ${f.percent(retention)}`,
        strategicValue: 'Strategic value',
        totalValue: 'Total value',
        potentialValue: 'Potential value',
        potentialNote: 'not a customer: potential only',
        growthPotential: 'Growth potential',
        wallet: (share) => `share of wallet ${f.percent(share)}`,
        weighted: (weight, amount) => `${f.percent(weight)} of it, ${f.money(amount)}, counts in total value`,
      },
      costs: { heading: 'Cost-to-serve by line', aria: 'Cost-to-serve by line', none: 'No cost-to-serve in the last 12 months.' },
      drivers: {
        heading: 'What drives it',
        element: 'Element',
        kind: 'Kind',
        amount: 'Amount',
        share: 'Share',
        kinds: { value: 'value', cost: 'cost' },
        none: 'No drivers.',
        weighted: (weight, growth) => `${f.percent(weight)} of growth potential ${f.money(growth)}`,
      },
      service: {
        heading: 'Service and action',
        overServed: (ratio, budget, s, over) => `cost-to-serve is ${f.percent(ratio)} of gross margin against a budget of ${f.percent(budget)} for ${s}: ${f.money(over)} a year over budget`,
        underServed: (tp, days, every) => `${tp} is ${c(days)} ${one(days, 'day', 'days')} overdue (due every ${c(every)} ${one(every, 'day', 'days')})`,
      },
      schedule: {
        heading: 'Contact schedule',
        touchpoint: 'Touchpoint',
        who: 'Who',
        layer: 'Layer',
        channel: 'Channel',
        every: 'Every',
        lastContact: 'Last contact',
        nextDue: 'Next due',
        everyDays: (days) => `${c(days)} ${one(days, 'day', 'days')}`,
        overdue: (days) => `${c(days)} ${one(days, 'day', 'days')} overdue`,
        digitalOnly: 'No personal touchpoints for this segment: digital contact only.',
        notCustomer: 'No contact schedule: not a customer in the last 12 months.',
      },
      history: { heading: 'History', aria: 'Total value over time', totalValue: 'Total value', netContribution: 'Net contribution', segment: (s) => `Segment: ${s}`, none: 'none' },
      whatIf: {
        heading: 'What-if for this loss-maker',
        hint: 'What each option would make of the net contribution over the last 12 months, best first, if the customer keeps ordering and asking as it does now. ★ marks the option of the recommended action.',
        today: (net) => `Net contribution today: ${f.money(net)}.`,
        option: 'Option',
        change: 'What changes',
        netContribution: 'Net contribution',
        effect: 'Effect',
        valueLost: 'Strategic value lost',
        recommended: 'recommended',
        stale: 'Recalculate to see what the options for this customer would earn.',
        changes: {
          orders: (before, after) => `${c(before)} → ${c(after)} ${one(after, 'order', 'orders')} of at least the minimum`,
          discounts: (before, after) => `discounts ${f.money(before)} → ${f.money(after)}`,
          fee: (income) => `fee income ${f.money(income)}`,
          lift: (before, after) => `revenue ${f.money(before)} → ${f.money(after)} a year`,
          reached: (yearly) => `already ${f.money(yearly)} a year`,
          tooSmall: (yearly) => `${f.money(yearly)} a year, far below: parts ways`,
          digital: (replaced, digital) => `${c(replaced)} ${one(replaced, 'visit or meeting', 'visits and meetings')} → ${c(digital)} calls and e-mails`,
          partWays: 'margin and costs gone',
        },
      },
    },
  };
}

function dutch(f: Formats): Messages {
  const c = f.count;
  return {
    nav: { overview: 'Overzicht', customers: 'Klanten', tenant: 'Omgeving', show: 'Toon', logOut: 'Uitloggen', language: 'Taal' },
    error: {
      notFoundTitle: 'Pagina niet gevonden',
      notFound: (path) => `Er is geen pagina op ${path}.`,
      companyNotFound: (id) => `Geen resultaten voor bedrijf ${id}: het is onbekend of nog niet berekend.`,
      failedTitle: 'Er ging iets mis',
      failed: 'De pagina kon niet worden opgebouwd; de fout is vastgelegd in het logboek.',
      malformedUrl: 'Het adres bevat een ongeldige procentcodering.',
      back: 'Terug naar het overzicht',
    },
    overview: {
      title: 'Overzicht klantwaarde',
      lead: (asOf, customers, net) => `Per ${f.date(asOf)} · ${c(customers)} ${one(customers, 'klant', 'klanten')} · netto bijdrage ${f.money(net)}`,
      noRun: 'Nog geen volledige berekening: start er hieronder een.',
      whale: {
        heading: 'Walviscurve',
        hint: 'Cumulatief aandeel in de netto bijdrage, klanten van meest naar minst winstgevend.',
        aria: 'Walviscurve',
        peak: (rank, cs, ns) => `Top: de ${c(rank)} meest winstgevende ${one(rank, 'klant', 'klanten')} (${f.percent(cs, 1)}) ${one(rank, 'verdient', 'verdienen')} ${f.percent(ns, 1)} van de netto bijdrage`,
        giveBack: (share) => `; de andere geven daarvan ${f.percent(share, 1)} weer terug`,
        empty: 'Nog geen klanten met resultaten.',
        xAxis: 'Klanten, meest winstgevend eerst',
        yAxis: 'Cumulatief aandeel netto bijdrage',
        curve: 'Netto bijdrage',
        segment: (s) => `Segment ${s}`,
        peakLabel: (rank, cs, ns) => `Top: ${c(rank)} ${one(rank, 'klant', 'klanten')} (${f.percent(cs, 1)}) → ${f.percent(ns, 1)}`,
        point: (rank, s, share) => `#${c(rank)} (${s}): ${f.percent(share, 1)} van de netto bijdrage`,
        projected: 'Na de aanbevolen acties voor D',
        projectedPoint: (rank, share) => `#${c(rank)} na de wat-als: ${f.percent(share, 1)} van de netto bijdrage`,
        projectedPeakLabel: (rank, cs, ns) => `Top wat-als: ${c(rank)} (${f.percent(cs, 1)}) → ${f.percent(ns, 1)}`,
      },
      whatIf: {
        heading: 'Wat als: de aanbevolen actie voor elke D-klant',
        lead: (today, projected, effect) => `Netto bijdrage ${f.money(today)} → ${f.money(projected)} (${f.signedMoney(effect)}).`,
        peak: (before, after) => `De top van de walviscurve gaat van ${f.percent(before, 1)} naar ${f.percent(after, 1)}: de staart geeft minder terug.`,
        partingWays: (n) => `Van ${c(n)} ${one(n, 'klant', 'klanten')} nemen we afscheid; ${one(n, 'die verdwijnt', 'die verdwijnen')} uit de curve.`,
        noD: 'Geen D-klanten: niets te veranderen.',
        stale: 'Herbereken om te zien wat de aanbevolen acties voor de D-klanten zouden opleveren.',
      },
      pyramid: {
        heading: 'Klantenpiramide',
        aria: 'Klantenpiramide',
        level: 'Niveau',
        companies: 'Bedrijven',
        revenue: 'Omzet',
        netContribution: 'Netto bijdrage',
        tooltip: (n, revenue, net) => [`${c(n)} ${one(n, 'bedrijf', 'bedrijven')}`, `omzet ${f.money(revenue)}`, `netto bijdrage ${f.money(net)}`],
      },
      migration: {
        heading: 'Verschuivingen sinds de vorige volledige berekening',
        empty: 'Verschuivingen verschijnen na de tweede volledige berekening.',
        corner: 'van ↓ naar →',
        up: 'Gestegen',
        down: 'Gedaald',
        none: 'Geen.',
        more: (n) => `en nog ${c(n)}`,
      },
      retention: {
        label: 'Behoud van de klanten van vorig jaar:',
        retained: (retained, before) => `(${c(retained)} van de ${c(before)} ${one(before, 'klant', 'klanten')} van een jaar eerder)`,
        goal: (goal) => `doel ${f.percent(goal)}`,
        met: 'gehaald',
        notMet: 'niet gehaald',
      },
      goals: {
        heading: 'Klantdoelen',
        hint: 'Elk doel tegen de laatste cijfers; het verloop toont het over de laatste volledige runs, oudste eerst.',
        goal: 'Doel',
        target: 'Streven',
        now: 'Nu',
        met: 'Gehaald',
        trend: 'Verloop',
        yes: 'gehaald',
        no: 'niet gehaald',
        unmeasured: 'nog niet gemeten',
        atLeast: (value) => `minstens ${value}`,
        atMost: (value) => `hoogstens ${value}`,
        trendAria: (values) => `Over de laatste volledige runs: ${values}`,
      },
      segments: {
        heading: 'Segmenten',
        hint: 'Wat elk segment verdient en wat het bedienen ervan kost, elk op een eigen schaal.',
        figures: { grossMargin: 'Brutomarge', costToServe: 'Cost-to-serve', netContribution: 'Netto bijdrage' },
        caption: (n, revenue) => `${c(n)} ${one(n, 'klant', 'klanten')} · omzet ${f.money(revenue)}`,
        aria: (s) => `Brutomarge, cost-to-serve en netto bijdrage van segment ${s}`,
        noCustomers: 'Geen klanten in dit segment.',
        segment: 'Segment',
        companies: 'Bedrijven',
        revenue: 'Omzet',
        costRatio: 'Kostenratio',
        noOverrides: 'Geen actieve handmatige segmenten.',
        overrides: (n, agreeing) =>
          n === 1
            ? `1 handmatig segment; het model ${agreeing === 1 ? 'is het ermee eens' : 'is het er niet mee eens'}.`
            : `${c(n)} handmatige segmenten; het model is het met ${c(agreeing)} ervan eens.`,
      },
      discipline: {
        heading: 'Contactdiscipline',
        empty: 'Geen achterstallige contactmomenten en geen klanten die te veel bediend worden.',
        aria: 'Achterstallige contactmomenten per eigenaar',
        owner: 'Eigenaar',
        overdue: (s) => `Te laat ${s}`,
        overServed: 'Te veel bediend',
        beyondBudget: 'Boven budget',
      },
      tasks: {
        heading: 'Taken uit het contactschema',
        hint: (months) => `De taken in de takenlijsten van de verkopers in het CRM, één per contactmoment dat eraan komt: open, te laat (na de uiterste datum) en afgerond in de laatste ${c(months)} maanden.`,
        owner: 'Eigenaar',
        open: 'Open',
        late: 'Te laat',
        completed: 'Afgerond',
      },
      runs: {
        heading: 'Berekeningen',
        last: (finished, took, asOf) => `Laatste volledige berekening: ${f.dateTime(finished)}, duurde ${f.duration(took)}, per ${f.date(asOf)}.`,
        none: 'Nog geen geslaagde volledige berekening.',
        recalculate: 'Alles herberekenen',
        started: 'Gestart',
        kind: 'Soort',
        status: 'Status',
        took: 'Duur',
        companies: 'Bedrijven',
        error: 'Fout',
        kinds: { full: 'Volledig', incremental: 'Gewijzigde bedrijven' },
        statuses: { running: 'Bezig', succeeded: 'Klaar', failed: 'Mislukt' },
        counts: {
          companies: (n) => `${c(n)} ${one(n, 'bedrijf', 'bedrijven')}`,
          customers: (n) => `${c(n)} ${one(n, 'klant', 'klanten')}`,
          segment: (s, n) => `${s} ${c(n)}`,
          overServed: (n) => `${c(n)} te veel bediend`,
          underServed: (n) => `${c(n)} te weinig bediend`,
          overrides: (n) => `${c(n)} ${one(n, 'handmatig segment', 'handmatige segmenten')}`,
          written: (n) => `${c(n)} ${one(n, 'bedrijf', 'bedrijven')} bijgewerkt in het CRM`,
          refused: (n) => `${c(n)} geweigerd door het CRM`,
          tasks: (action, n) => {
            const done = { created: 'aangemaakt', moved: 'verplaatst', completed: 'afgerond', removed: 'verwijderd', closed_by_hand: 'met de hand gesloten', failed: 'niet aangenomen door het CRM' }[action];
            return `${c(n)} ${one(n, 'taak', 'taken')} ${done}`;
          },
        },
        refusedList: (n) => `Het CRM weigerde de waarden van ${c(n)} ${one(n, 'bedrijf', 'bedrijven')}; ze worden bij de volgende berekening opnieuw geprobeerd:`,
        shards: {
          heading: (n) => `De nieuwste volledige berekening is door de instanties gedeeld in ${c(n)} ${one(n, 'deel', 'delen')} van de bedrijven:`,
          stage: 'Stap',
          state: 'Stand',
          instance: 'Instantie',
          count: 'Delen',
          stages: { figures: 'Lopende cijfers', ranked: 'Eigen cijfers', rank: 'Rangorde', results: 'Uitkomsten', write: 'Terugschrijven' },
          states: { queued: 'Wacht', running: 'Bezig', done: 'Klaar', failed: 'Mislukt' },
        },
      },
      client: { recalculating: 'Herberekenen…', reloading: 'Klaar; de nieuwe cijfers worden geladen…', failed: 'Herberekenen mislukt:', couldNotStart: 'Kon niet starten:' },
    },
    customers: {
      title: 'Klanten',
      search: 'Zoeken',
      searchHint: 'naam of id',
      segment: 'Segment',
      level: 'Niveau',
      service: 'Service',
      action: 'Actie',
      owner: 'Eigenaar',
      noOwner: '(geen eigenaar)',
      any: 'alle',
      noSegment: 'geen (geen klant)',
      filter: 'Filteren',
      clear: 'Wissen',
      none: 'Geen bedrijven gevonden.',
      range: (first, last, total) => `${c(first)}–${c(last)} van ${c(total)} ${one(total, 'bedrijf', 'bedrijven')}`,
      company: 'Bedrijf',
      columns: {
        revenue: 'Omzet',
        grossMargin: 'Brutomarge',
        costToServe: 'Cost-to-serve',
        netContribution: 'Netto bijdrage',
        costRatio: 'Kostenratio',
        clv: 'CLV',
        strategic: 'Strategisch',
        totalValue: 'Totale waarde',
        rank: 'Positie',
        nextContact: 'Volgend contact',
      },
      overridden: (computed) => `Handmatig segment; het model zegt ${computed}`,
      nonCustomers: 'Geen klanten (inactief, prospects, suspects), apart gezet: hun totale waarde is potentieel, niet verdiend.',
      potential: 'potentieel',
      previous: '← Vorige',
      next: 'Volgende →',
      page: (page, pages) => `Pagina ${c(page)} van ${c(pages)}`,
    },
    company: {
      crumbs: 'Klanten',
      noSegment: 'geen segment',
      rank: (rank) => `positie ${c(rank)}`,
      owner: (owner) => `eigenaar ${owner}`,
      satisfaction: (score, responses) => (responses === null ? `tevredenheid ${f.grade(score)}` : `NPS ${f.grade(score)} (${c(responses)} ${one(responses, 'antwoord', 'antwoorden')})`),
      was: (segment, on) => `was ${segment} op ${f.date(on)}`,
      override: (segment, by, at, until, reason, computed) =>
        `Handmatig naar ${segment} gezet door ${by} op ${f.date(at)}${until === undefined ? '' : `, tot ${f.date(until)}`}: “${reason}”. Het model zegt ${computed}.`,
      since: (on) => `sinds ${f.date(on)}`,
      why: {
        segment: (s, rank) => `Segment ${s}${rank === null ? '' : `, waardepositie ${c(rank)}`}.`,
        d: (net, strategic) => `Segment D: kost meer dan het oplevert — netto bijdrage ${f.money(net)} plus strategische waarde ${f.money(strategic)} is lager dan nul.`,
        value: (total) => `Totale waarde ${f.money(total)}`,
        from: 'uit',
        costs: 'Grootste kosten:',
        noCosts: 'Geen cost-to-serve vastgelegd.',
        notCustomer: {
          inactive: 'Geen klant: het heeft eerder bij ons gekocht, maar niet in de laatste 12 maanden.',
          prospect: 'Geen klant: een prospect met een lopende deal die nog nooit gekocht heeft.',
          suspect: 'Geen klant: een suspect zonder deals.',
        },
        potential: (total) => `De totale waarde van ${f.money(total)} is potentieel: wat het waard kan worden, niet wat het oplevert.`,
      },
      tiles: {
        revenue: 'Omzet (12 maanden)',
        grossMargin: 'Brutomarge',
        costToServe: 'Cost-to-serve',
        ratio: (ratio) => `ratio ${f.percent(ratio)}`,
        netContribution: 'Netto bijdrage',
        clv: 'CLV',
        retention: (retention) => `behoud ${f.percent(retention)}`,
        strategicValue: 'Strategische waarde',
        totalValue: 'Totale waarde',
        potentialValue: 'Potentiële waarde',
        potentialNote: 'geen klant: alleen potentieel',
        growthPotential: 'Groeipotentieel',
        wallet: (share) => `aandeel in de klantbesteding ${f.percent(share)}`,
        weighted: (weight, amount) => `${f.percent(weight)} daarvan, ${f.money(amount)}, telt mee in de totale waarde`,
      },
      costs: { heading: 'Cost-to-serve per kostenpost', aria: 'Cost-to-serve per kostenpost', none: 'Geen cost-to-serve in de laatste 12 maanden.' },
      drivers: {
        heading: 'Wat de waarde bepaalt',
        element: 'Onderdeel',
        kind: 'Soort',
        amount: 'Bedrag',
        share: 'Aandeel',
        kinds: { value: 'waarde', cost: 'kosten' },
        none: 'Geen verklarende factoren.',
        weighted: (weight, growth) => `${f.percent(weight)} van groeipotentieel ${f.money(growth)}`,
      },
      service: {
        heading: 'Service en actie',
        overServed: (ratio, budget, s, over) => `cost-to-serve is ${f.percent(ratio)} van de brutomarge bij een budget van ${f.percent(budget)} voor ${s}: ${f.money(over)} per jaar boven budget`,
        underServed: (tp, days, every) => `${tp} is ${c(days)} ${one(days, 'dag', 'dagen')} te laat (elke ${c(every)} ${one(every, 'dag', 'dagen')})`,
      },
      schedule: {
        heading: 'Contactschema',
        touchpoint: 'Contactmoment',
        who: 'Wie',
        layer: 'Laag',
        channel: 'Kanaal',
        every: 'Elke',
        lastContact: 'Laatste contact',
        nextDue: 'Volgende',
        everyDays: (days) => `${c(days)} ${one(days, 'dag', 'dagen')}`,
        overdue: (days) => `${c(days)} ${one(days, 'dag', 'dagen')} te laat`,
        digitalOnly: 'Geen persoonlijke contactmomenten in dit segment: alleen digitaal contact.',
        notCustomer: 'Geen contactschema: geen klant in de laatste 12 maanden.',
      },
      history: { heading: 'Verloop', aria: 'Totale waarde door de tijd', totalValue: 'Totale waarde', netContribution: 'Netto bijdrage', segment: (s) => `Segment: ${s}`, none: 'geen' },
      whatIf: {
        heading: 'Wat als: opties voor deze verliesgevende klant',
        hint: 'Wat elke optie zou maken van de netto bijdrage over de laatste 12 maanden, beste eerst, als de klant blijft bestellen en vragen zoals nu. ★ markeert de optie van de aanbevolen actie.',
        today: (net) => `Netto bijdrage nu: ${f.money(net)}.`,
        option: 'Optie',
        change: 'Wat verandert',
        netContribution: 'Netto bijdrage',
        effect: 'Effect',
        valueLost: 'Verloren strategische waarde',
        recommended: 'aanbevolen',
        stale: 'Herbereken om te zien wat de opties voor deze klant zouden opleveren.',
        changes: {
          orders: (before, after) => `${c(before)} → ${c(after)} ${one(after, 'order', 'orders')} van minstens het minimum`,
          discounts: (before, after) => `kortingen ${f.money(before)} → ${f.money(after)}`,
          fee: (income) => `inkomsten uit servicekosten ${f.money(income)}`,
          lift: (before, after) => `omzet ${f.money(before)} → ${f.money(after)} per jaar`,
          reached: (yearly) => `al ${f.money(yearly)} per jaar`,
          tooSmall: (yearly) => `${f.money(yearly)} per jaar, ver eronder: afscheid`,
          digital: (replaced, digital) => `${c(replaced)} ${one(replaced, 'bezoek of afspraak', 'bezoeken en afspraken')} → ${c(digital)} telefoongesprekken en e-mails`,
          partWays: 'marge en kosten vervallen',
        },
      },
    },
  };
}

export interface Words {
  language: Language;
  f: Formats;
  t: Messages;
}

const BUILD: Record<Language, (f: Formats) => Messages> = { en: english, nl: dutch };
const cache = new Map<Language, Words>();

/** The page's words and number formats for a language (built once per language). */
export function wordsFor(language: Language): Words {
  let words = cache.get(language);
  if (!words) {
    const f = formats(language);
    words = { language, f, t: BUILD[language](f) };
    cache.set(language, words);
  }
  return words;
}
