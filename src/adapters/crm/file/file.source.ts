// The file connector as a CRM source: a folder of CSV exports is the whole portfolio, read
// all or nothing. An invalid folder fails the sync with `import.invalid` and its errors.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../app/errors.ts';
import type { CrmSource, SyncPage } from '../../../app/ports/crm.port.ts';
import type { TenantId } from '../../../app/ports/store.port.ts';
import type { Portfolio } from '../../../domain/records.ts';
import { CSV_FILES } from './csv.columns.ts';
import { readPortfolioCsv, type ReadOptions } from './csv.reader.ts';
import { formatImportErrors, type ImportError } from './import-error.ts';

export interface FileSourceOptions extends ReadOptions {
  dir: string;
  tenant?: TenantId;
  /** Hears what the user should know about a read although nothing was refused (ignored columns, amounts that look Dutch). */
  onNote?: (note: string) => void;
}

/** What `import.invalid` carries in AppError.details. */
export interface ImportInvalidDetails {
  dir: string;
  errors: ImportError[];
  errorCount: number;
}

export function createFileSource({ dir, tenant = 'local', onNote, ...read }: FileSourceOptions): CrmSource {
  const readFolder = async (options: ReadOptions): Promise<Portfolio> => {
    const result = await readPortfolioCsv(dir, options);
    for (const note of result.notes) onNote?.(note);
    if (result.ok) return result.portfolio;
    const details: ImportInvalidDetails = { dir, errors: result.errors, errorCount: result.errorCount };
    throw new AppError('import.invalid', `The CSV folder ${dir} has ${result.errorCount} error(s); nothing was imported.\n${formatImportErrors(result.errors, result.errorCount)}`, details);
  };
  return {
    tenant,
    // A folder has no change feed: every pull, full or incremental, yields all of it.
    async *pull() {
      const checkpoint = await folderFingerprint(dir);
      const page: SyncPage = { changes: await readFolder(read), skipped: [], checkpoint };
      yield page;
    },
    async pullCompanies(companyIds) {
      const portfolio = await readFolder({ numbers: read.numbers });
      return { changes: onlyCompanies(portfolio, new Set(companyIds)), skipped: [] };
    },
  };
}

/** Changes when any file of the folder is added, removed, resized or touched. */
async function folderFingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const spec of Object.values(CSV_FILES)) {
    try {
      const info = await stat(join(dir, spec.name));
      hash.update(`${spec.name}:${info.size}:${info.mtimeMs}\n`);
    } catch {
      hash.update(`${spec.name}:absent\n`);
    }
  }
  return `files:${hash.digest('hex').slice(0, 32)}`;
}

function onlyCompanies(portfolio: Portfolio, ids: ReadonlySet<string>): Portfolio {
  return {
    companies: portfolio.companies.filter((c) => ids.has(c.id)),
    deals: portfolio.deals.filter((d) => ids.has(d.companyId)),
    activities: portfolio.activities.filter((a) => ids.has(a.companyId)),
    relations: portfolio.relations.filter((r) => ids.has(r.fromCompanyId) || ids.has(r.toCompanyId)),
    overrides: portfolio.overrides.filter((o) => ids.has(o.companyId)),
  };
}
