// klantwaarde sync — pulls changes from each connected CRM into the store (incremental
// from the last checkpoint, or everything with --full). `recalc` then computes and writes.
import { syncTenant } from '../../app/sync.ts';
import { SYNC_CHECKPOINT } from '../../app/sync.ts';
import { openRuntime } from '../../composition/runtime.ts';
import { EXIT, progress, type Command } from '../command.ts';

export const syncCommand: Command = {
  name: 'sync',
  summary: 'pull companies, deals and activities from the connected CRM',
  usage: 'klantwaarde sync [--full] [--config FILE]',
  options: { full: { type: 'boolean', default: false }, config: { type: 'string' } },
  async run(values, _positionals, io) {
    const step = progress(io);
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
        const outcome = await syncTenant(runtime.store, source, mode, runtime.log);
        io.stdout.write(`${tenant}: ${mode} sync stored ${outcome.records} records in ${outcome.pages} pages; ${outcome.changedCompanyIds.length} companies changed, ${outcome.deletedCompanyIds.length} deleted, ${outcome.skipped.length} records skipped.\n`);
        for (const s of outcome.skipped.slice(0, 20)) io.stdout.write(`  skipped ${s.object} ${s.id}: ${s.reason}\n`);
      }
      return EXIT.ok;
    } finally {
      await runtime.close();
    }
  },
};
