// Use case: the managers' overview of a tenant — the report over the latest results, with
// migration since the previous full run, and the contact-schedule tasks per owner. The CLI
// `report` and the dashboard both show it, so their figures cannot drift apart.
import { taskCounts, type OwnerTaskCounts } from '../domain/contact-tasks.ts';
import { goalTrends, type GoalTrend } from '../domain/goals.ts';
import type { ValueModelConfig } from '../domain/model-config.ts';
import { subtractMonths } from '../domain/time.ts';
import { dateIn } from '../domain/zoned-day.ts';
import { portfolioReport, type PortfolioReport } from '../domain/portfolio-report.ts';
import type { RunRecord, Store, TenantId } from './ports/store.port.ts';
import { ownerNames, type OwnerNames } from './owner-names.ts';
import { previousFullLevels } from './recompute.ts';
import { refusedWrites, type RefusedWrite } from './write-back.ts';

export interface PortfolioOverview {
  tenant: TenantId;
  lastFullRun: RunRecord | null;
  report: PortfolioReport;
  /** Owner id → "First Last" for the owners the CRM named (show the id for the others). */
  ownerNames: OwnerNames;
  /** Companies the CRM refused to write (a validation rule, a bad value), waiting for the next run. */
  refusedWrites: RefusedWrite[];
  /**
   * Contact-schedule tasks per owner as of the latest run: open, late (past their due date) and
   * completed in the window (`window.months`). Empty while Klantwaarde has made no task.
   */
  tasks: OwnerTaskCounts[];
  /** Each customer goal as the latest results meet it, with its values over the last full runs. */
  goals: GoalTrend[];
}

/** How many past full runs a goal's trend shows. */
export const GOAL_TREND_RUNS = 8;

export async function portfolioOverview(store: Store, tenant: TenantId, config: ValueModelConfig): Promise<PortfolioOverview> {
  const lastFullRun = await store.lastRun(tenant, 'full', 'succeeded');
  const results = await store.latestResults(tenant);
  // Migration compares the latest full run with the full run before it.
  const previous = lastFullRun ? await previousFullLevels(store, tenant, lastFullRun) : null;
  const report = portfolioReport(results, config, previous);
  return {
    tenant,
    lastFullRun,
    report,
    ownerNames: await ownerNames(store, tenant),
    refusedWrites: await refusedWrites(store, tenant),
    tasks: await tasksPerOwner(store, tenant, config),
    goals: goalTrends(report.goals, await store.goalHistory(tenant, GOAL_TREND_RUNS)),
  };
}

/** Task counts change only when a run keeps the tasks: they are counted as of the latest run. */
async function tasksPerOwner(store: Store, tenant: TenantId, config: ValueModelConfig): Promise<OwnerTaskCounts[]> {
  const tasks = await store.listTasks(tenant);
  const latest = tasks.length > 0 ? await store.lastRun(tenant, undefined, 'succeeded') : null;
  if (!latest) return [];
  return taskCounts(tasks, dateIn(latest.asOf, config.schedule.timezone), subtractMonths(latest.asOf, config.window.months));
}
