// klantwaarde report — the managers' overview as text: segments, whale curve, pyramid
// and migration, contact discipline per owner. Same figures as the dashboard.
import { ownerLabel } from '../../app/owner-names.ts';
import { portfolioOverview, type PortfolioOverview } from '../../app/portfolio-overview.ts';
import { goalLabel, LABELS } from '../../domain/labels.ts';
import type { PortfolioWhatIf } from '../../domain/portfolio-what-if.ts';
import type { WhalePoint } from '../../domain/portfolio-report.ts';
import type { GoalProgress } from '../../domain/goals.ts';
import { PYRAMID_LEVELS } from '../../domain/results.ts';
import { WHAT_IF_OPTIONS } from '../../domain/what-if.ts';
import { CONFIG_HELP, EXIT, knownTenant, UsageError, write, type Command } from '../command.ts';
import { money, percent, table } from '../output.ts';
import { openRuntime } from '../../composition/runtime.ts';

export const reportCommand: Command = {
  name: 'report',
  summary: 'segments, whale curve, pyramid migration and overdue contacts',
  usage: 'klantwaarde report [--tenant TENANT] [--format table|json] [--config FILE]',
  options: { tenant: { type: 'string' }, format: { type: 'string', default: 'table' }, config: { type: 'string' } },
  help: {
    options: {
      tenant: { value: 'TENANT', text: 'one tenant: local, hubspot:<portal id> or salesforce:<org id>', default: 'every tenant', example: '--tenant hubspot:62515' },
      format: { value: 'FORMAT', text: 'table (readable) or json', default: 'table', example: '--format json' },
      config: CONFIG_HELP,
    },
    examples: ['klantwaarde report', 'klantwaarde report --tenant local --format json'],
  },
  async run(values, _positionals, io) {
    if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`--format ${String(values.format)}: expected table or json`);
    const runtime = await openRuntime({ configPath: typeof values.config === 'string' ? values.config : undefined, io });
    try {
      const tenants = typeof values.tenant === 'string' ? [await knownTenant(runtime, values.tenant)] : await runtime.tenants();
      for (const tenant of tenants) {
        const overview = await portfolioOverview(runtime.store, tenant, runtime.config);
        if (values.format === 'json') io.stdout.write(`${JSON.stringify(overview, null, 2)}\n`);
        else write(io.stdout, describeOverview(overview));
      }
      return EXIT.ok;
    } finally {
      await runtime.close();
    }
  },
};

/** The whale curve is printed at every tenth of the customers, plus its peak. */
const WHALE_STEPS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export function* describeOverview({ tenant, lastFullRun, report, ownerNames, refusedWrites, goals }: PortfolioOverview): Generator<string> {
  yield `Tenant ${tenant} — ${report.customers} customers${lastFullRun ? `, last full run ${new Date(lastFullRun.startedAt).toISOString()}` : ', no full run yet'}\n\n`;
  yield 'Segments\n';
  yield* table(
    ['segment', 'companies', 'revenue', 'gross margin', 'cost-to-serve', 'net contribution', 'cost ratio'],
    report.segments.map((s) => [s.segment, String(s.companies), money(s.revenue), money(s.grossMargin), money(s.costToServe), money(s.netContribution), percent(s.costToServeRatio)]),
    [1, 2, 3, 4, 5, 6],
  );
  const o = report.overrides;
  yield `Overrides: ${o.overrides}, agreeing with the model: ${o.agreeing} (${percent(o.rate)})\n\n`;

  yield 'Whale curve (customers ranked by net contribution)\n';
  const curve = report.whaleCurve;
  const rows = WHALE_STEPS.filter(() => curve.length > 0).map((step) => {
    const point = curve[Math.max(0, Math.ceil(step * curve.length) - 1)]!;
    return [percent(point.customerShare), percent(point.contributionShare), point.segment];
  });
  yield* table(['customers', 'net contribution', 'segment there'], rows, [0, 1]);
  if (report.whalePeak) {
    yield `Peak: the first ${report.whalePeak.rank} customers (${percent(report.whalePeak.customerShare)}) earn ${percent(report.whalePeak.contributionShare)} of the total net contribution of ${money(report.totalNetContribution)}\n`;
  }
  yield* describePortfolioWhatIf(report.whatIf, curve);

  yield '\nCustomer pyramid\n';
  yield* table(['level', 'companies', 'revenue', 'net contribution'], report.pyramid.map((p) => [p.level, String(p.companies), money(p.revenue), money(p.netContribution)]), [1, 2, 3]);
  const r = report.retention;
  const retentionGoal = report.goals.find((g) => g.kind === 'retention')!;
  yield `\nRetention of last year's customers: ${r.retained}/${r.customersYearBefore} (${percent(r.rate)}; goal ${percent(retentionGoal.target)}${verdict(retentionGoal.met)})\n`;
  if (report.migration) {
    const m = report.migration;
    yield '\nMigration since the previous full run (from → to)\n';
    const levels = [...PYRAMID_LEVELS];
    yield* table(['from \\ to', ...levels], levels.map((from) => [from, ...levels.map((to) => String(m.matrix[from][to]))]), levels.map((_, i) => i + 1));
    const up = m.moves.filter((x) => x.direction === 'up').length;
    const down = m.moves.filter((x) => x.direction === 'down').length;
    yield `Up: ${up}, down: ${down}.\n`;
  } else {
    yield '\nMigration: no previous full run to compare with yet.\n';
  }

  yield '\nCustomer goals (trend: the last full runs, oldest first)\n';
  yield* table(
    ['goal', 'target', 'now', 'met', 'trend'],
    goals.map(({ progress: g, past }) => [goalLabel(g, 'en'), `${g.kind.startsWith('max_') ? '≤' : '≥'} ${goalValue(g, g.target)}`, goalValue(g, g.value), g.met === null ? '–' : g.met ? 'yes' : 'no', past.map((v) => goalValue(g, v)).join(' → ') || '–']),
    [1, 2],
  );

  yield '\nContact discipline per owner\n';
  yield* table(
    ['owner', 'overdue A', 'overdue B', 'overdue C', 'overdue D', 'over-served', 'over budget'],
    report.owners.map((w) => [ownerLabel(ownerNames, w.ownerId), String(w.overdueTouchpoints.A), String(w.overdueTouchpoints.B), String(w.overdueTouchpoints.C), String(w.overdueTouchpoints.D), String(w.overServed), money(w.overBudget)]),
    [1, 2, 3, 4, 5, 6],
  );
  if (refusedWrites.length > 0) {
    yield `\nRefused by the CRM (${refusedWrites.length}; tried again on the next run)\n`;
    for (const r of refusedWrites) yield `  ${r.name} (${r.companyId}): ${r.message} [${r.code}]\n`;
  }
}

/** The recommended action applied to every D customer: the options taken, the new total and the two whale curves side by side. */
function* describePortfolioWhatIf(whatIf: PortfolioWhatIf | null, today: readonly WhalePoint[]): Generator<string> {
  if (whatIf === null) {
    yield '\nWhat-if: recalculate to see what the recommended actions for the D customers would earn.\n';
    return;
  }
  const taken = WHAT_IF_OPTIONS.filter((o) => whatIf.applied[o] > 0).map((o) => `${LABELS.en.whatIfOptions[o].toLowerCase()} ${whatIf.applied[o]}`);
  if (taken.length === 0) {
    yield '\nWhat-if: no D customers, nothing to change.\n';
    return;
  }
  yield `\nWhat-if: the recommended action for every D customer (${taken.join(', ')})\n`;
  yield `Net contribution ${money(whatIf.today)} → ${money(whatIf.totalNetContribution)} (${whatIf.effect >= 0 ? '+' : ''}${money(whatIf.effect)})`;
  const lost = Math.round(whatIf.strategicValueLost) > 0 ? `, taking ${money(whatIf.strategicValueLost)} of strategic value with them` : '';
  yield whatIf.partingWays > 0 ? `; ${whatIf.partingWays} part ways${lost}\n` : '\n';
  const after = whatIf.whaleCurve;
  const at = (curve: readonly WhalePoint[], step: number) => curve[Math.max(0, Math.ceil(step * curve.length) - 1)];
  const rows = WHALE_STEPS.filter(() => today.length > 0 && after.length > 0).map((step) => [percent(step), percent(at(today, step)!.contributionShare), percent(at(after, step)!.contributionShare)]);
  yield* table(['customers', 'today', 'after the what-if'], rows, [0, 1, 2]);
  if (whatIf.whalePeak) {
    yield `Peak after the what-if: the first ${whatIf.whalePeak.rank} customers (${percent(whatIf.whalePeak.customerShare)}) earn ${percent(whatIf.whalePeak.contributionShare)} of ${money(whatIf.totalNetContribution)}\n`;
  }
}

const verdict = (met: boolean | null) => (met === null ? '' : met ? ', met' : ', not met');

function goalValue(goal: GoalProgress, value: number | null): string {
  if (value === null) return '–';
  return goal.unit === 'count' ? String(value) : percent(value);
}
