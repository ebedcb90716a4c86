// klantwaarde import — loads a folder of CSV exports into the store (tenant "local"),
// all or nothing. The folder is a snapshot: re-importing updates records by id and removes
// what the folder no longer has (PRODUCT.md §3.7).
import { createFileSource } from '../../adapters/crm/file/file.source.ts';
import { syncTenant } from '../../app/sync.ts';
import { EXIT, progress, UsageError, type Command } from '../command.ts';
import { LOCAL_TENANT, openRuntime } from '../../composition/runtime.ts';

export const importCommand: Command = {
  name: 'import',
  summary: 'import a folder of CSV exports into the store',
  usage: 'klantwaarde import --input DIR [--config FILE]',
  options: { input: { type: 'string' }, config: { type: 'string' } },
  async run(values, positionals, io) {
    const dir = typeof values.input === 'string' ? values.input : positionals[0];
    if (!dir) throw new UsageError('--input DIR is required: the folder with companies.csv, deals.csv and activities.csv');
    const step = progress(io);
    const runtime = await openRuntime({ configPath: typeof values.config === 'string' ? values.config : undefined, io, step });
    try {
      step(`reading ${dir}`);
      const outcome = await syncTenant(runtime.store, createFileSource({ dir, tenant: LOCAL_TENANT }), 'full', runtime.log);
      const r = outcome.removed;
      io.stdout.write(`Imported ${outcome.records} records for ${outcome.changedCompanyIds.length} companies from ${dir} into tenant ${LOCAL_TENANT}.\n`);
      io.stdout.write(`Removed what the folder no longer has: ${r.companies} companies, ${r.deals} deals, ${r.activities} activities, ${r.relations} relations, ${r.overrides} overrides.\n`);
      return EXIT.ok;
    } finally {
      await runtime.close();
    }
  },
};
