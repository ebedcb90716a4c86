// A folder of CSV exports as pages for a snapshot import (store.replacePortfolio): deals and
// activities are put while the files are read — each batch the reading threads hand over as
// its rows, the rest a page of records at a time — the companies, relations and overrides at
// the end (a company's created_at may come from its earliest record). A folder with any error
// throws import.invalid, and the store then keeps what it had.
import { AppError } from '../../../app/errors.ts';
import type { PortfolioPut } from '../../../app/ports/store.port.ts';
import type { Activity, Deal } from '../../../domain/records.ts';
import { streamPortfolioCsv, type ReadOptions } from './csv.reader.ts';
import type { ImportInvalidDetails } from './file.source.ts';
import { formatImportErrors } from './import-error.ts';

/** Records per page put while reading. */
const PAGE = 20_000;

export interface FolderPagesOptions extends ReadOptions {
  /** Hears what the user should know although nothing was refused (ignored columns, amounts that look Dutch). */
  onNote?: (note: string) => void;
}

export function folderPages(dir: string, options: FolderPagesOptions = {}): (put: PortfolioPut) => Promise<void> {
  return async (put) => {
    let deals: Deal[] = [];
    let activities: Activity[] = [];
    const read = await streamPortfolioCsv(
      dir,
      {
        deal: (deal) => void deals.push(deal),
        activity: (activity) => void activities.push(activity),
        // What the threads read goes to the store as their batches' rows: no object per record.
        dealRows: (rows) => put({ dealRows: rows }),
        activityRows: (rows) => put({ activityRows: rows }),
        async flush() {
          if (deals.length >= PAGE) {
            const page = deals;
            deals = [];
            await put({ deals: page });
          }
          if (activities.length >= PAGE) {
            const page = activities;
            activities = [];
            await put({ activities: page });
          }
        },
      },
      options,
    );
    for (const note of read.notes) options.onNote?.(note);
    if (!read.ok) {
      const details: ImportInvalidDetails = { dir, errors: read.errors, errorCount: read.errorCount };
      throw new AppError('import.invalid', `The CSV folder ${dir} has ${read.errorCount} error(s); nothing was imported.\n${formatImportErrors(read.errors, read.errorCount)}`, details);
    }
    await put({ ...read.frame, deals, activities });
  };
}
