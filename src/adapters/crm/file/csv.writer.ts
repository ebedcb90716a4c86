// Writes a portfolio as the file connector's CSV folder (PRODUCT.md §5), streaming so a
// portal of millions of activities never sits in memory as one string.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Activity, Company, Deal, Instant, Override, Portfolio, Relation } from '../../../domain/records.ts';
import { CSV_FILES, type CsvFileSpec } from './csv.columns.ts';
import { isoDate, isoInstant } from './iso-format.ts';

const DAY = 86_400_000;
const CHUNK_CHARS = 1 << 20;
const NEEDS_QUOTES = /[",\r\n]/;

/** Called with the number of rows written so far, after each chunk of a file. */
export type WriteProgress = (rows: number) => void;

export async function writePortfolioCsv(dir: string, portfolio: Portfolio, onProgress?: WriteProgress): Promise<void> {
  await mkdir(dir, { recursive: true });
  let before = 0;
  const written = onProgress && ((rows: number) => onProgress(before + rows));
  const files = [
    () => writeFile(dir, CSV_FILES.companies, portfolio.companies, companyRow, written),
    () => writeFile(dir, CSV_FILES.deals, portfolio.deals, dealRow, written),
    () => writeFile(dir, CSV_FILES.activities, portfolio.activities, activityRow, written),
    () => writeFile(dir, CSV_FILES.relations, portfolio.relations, relationRow, written),
    () => writeFile(dir, CSV_FILES.overrides, portfolio.overrides, overrideRow, written),
  ];
  for (const file of files) before += await file();
}

// Each row function lists its cells in the order of the file's columns in csv.columns.ts.
function companyRow(c: Company): string {
  return `${text(c.id)},${text(c.name)},${text(c.parentId)},${text(c.industry)},${num(c.employees)},${num(c.annualRevenue)},${text(c.lifecycleStage)},${text(c.ownerId)},${instant(c.createdAt)},${bool(c.isReference)},${bool(c.codevelopment)},${num(c.estimatedWallet)},${num(c.satisfaction)}\n`;
}

function dealRow(d: Deal): string {
  return `${text(d.id)},${text(d.companyId)},${num(d.amount)},${day(d.closeDate)},${d.status},${text(d.pipeline)},${num(d.cost)},${num(d.marginPct)},${num(d.discount)},${num(d.orderCount)}\n`;
}

function activityRow(a: Activity): string {
  return `${text(a.id)},${text(a.companyId)},${a.type},${instant(a.occurredAt)},${num(a.durationMinutes)},${text(a.ownerRole)},${a.contactLayer ?? ''}\n`;
}

function relationRow(r: Relation): string {
  return `${text(r.fromCompanyId)},${text(r.toCompanyId)},${r.kind}\n`;
}

function overrideRow(o: Override): string {
  return `${text(o.companyId)},${o.segment},${text(o.reason)},${text(o.by)},${instant(o.at)},${o.expiresAt === undefined ? '' : instant(o.expiresAt)}\n`;
}

/** Writes one file; answers how many rows it wrote. */
async function writeFile<T>(dir: string, spec: CsvFileSpec, records: readonly T[], row: (record: T) => string, onProgress?: WriteProgress): Promise<number> {
  function* chunks(): Generator<string> {
    let chunk = `${spec.columns.join(',')}\n`;
    for (let i = 0; i < records.length; i++) {
      chunk += row(records[i]!);
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        onProgress?.(i + 1);
        chunk = '';
      }
    }
    if (chunk) yield chunk;
    onProgress?.(records.length);
  }
  await pipeline(Readable.from(chunks()), createWriteStream(join(dir, spec.name), { encoding: 'utf8' }));
  return records.length;
}

function text(value: string | undefined): string {
  if (value === undefined) return '';
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function num(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

function bool(value: boolean | undefined): string {
  return value === undefined ? '' : value ? 'true' : 'false';
}

function instant(value: Instant): string {
  return isoInstant(value);
}

/** A close date at midnight UTC is written as the date alone; anything else keeps its time. */
function day(value: Instant): string {
  return value % DAY === 0 ? isoDate(value) : isoInstant(value);
}
