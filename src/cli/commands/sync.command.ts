// klantwaarde sync — pulls changes from each connected CRM into the store (incremental
// from the last checkpoint, or everything with --full). `recalc` then computes and writes.
import type { CrmSource } from '../../app/ports/crm.port.ts';
import { countRecords, SYNC_CHECKPOINT, syncTenant } from '../../app/sync.ts';
import { openRuntime } from '../../composition/runtime.ts';
import { CONFIG_HELP, EXIT, write, type Command } from '../command.ts';
import { createProgress } from '../progress.ts';

export const syncCommand: Command = {
  name: 'sync',
  summary: 'pull companies, deals and activities from the connected CRM',
  usage: 'klantwaarde sync [--full] [--config FILE]',
  options: { full: { type: 'boolean', default: false }, config: { type: 'string' } },
  help: {
    options: {
      full: { text: 'pull everything, not just what changed since the last sync (also removes what the CRM no longer has)', default: 'off: incremental from the last checkpoint (the first sync is always full)', example: '--full' },
      config: CONFIG_HELP,
    },
    examples: ['klantwaarde sync', 'klantwaarde sync --full'],
  },
  async run(values, _positionals, io) {
    const progress = createProgress(io);
    const step = progress.step;
    const runtime = await openRuntime({ configPath: typeof values.config === 'string' ? values.config : undefined, io, step });
    try {
      if (runtime.mode === 'local') {
        io.stderr.write('No CRM is connected: local mode has nothing to sync. Use `klantwaarde import --input DIR` for CSV exports, or connect HubSpot (README, "Connecting HubSpot").\n');
        return EXIT.usage;
      }
      for (const tenant of await runtime.tenants()) {
        const source = runtime.crm.sourceFor(tenant)!;
        const hasCheckpoint = (await runtime.store.getCheckpoint(tenant, SYNC_CHECKPOINT)) !== null;
        const mode = values.full === true || !hasCheckpoint ? 'full' : 'incremental';
        step(`${mode} sync of ${tenant}`);
        // The CRMs do not say how many records a pull brings: a count and a rate, no ETA.
        const outcome = await syncTenant(runtime.store, counted(source, progress.counter('stored', 'records', null)), mode, runtime.log);
        progress.stop();
        io.stdout.write(`${tenant}: ${mode} sync stored ${outcome.records} records in ${outcome.pages} pages; ${outcome.changedCompanyIds.length} companies changed, ${outcome.deletedCompanyIds.length} deleted, ${outcome.skipped.length} records skipped.\n`);
        write(io.stdout, outcome.skipped.slice(0, 20).map((s) => `  skipped ${s.object} ${s.id}: ${s.reason}\n`));
      }
      return EXIT.ok;
    } finally {
      progress.stop();
      await runtime.close();
    }
  },
};

/** The source, telling `onRecords` how many records each page it yields carries. */
function counted(source: CrmSource, onRecords: (count: number) => void): CrmSource {
  return {
    tenant: source.tenant,
    async *pull(options) {
      for await (const page of source.pull(options)) {
        yield page;
        // After the yield: the page is stored by then.
        onRecords(countRecords(page.changes));
      }
    },
    pullCompanies: (ids) => source.pullCompanies(ids),
  };
}
