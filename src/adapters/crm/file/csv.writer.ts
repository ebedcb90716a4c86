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

export async function writePortfolioCsv(dir: string, portfolio: Portfolio): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(dir, CSV_FILES.companies, portfolio.companies, companyRow);
  await writeFile(dir, CSV_FILES.deals, portfolio.deals, dealRow);
  await writeFile(dir, CSV_FILES.activities, portfolio.activities, activityRow);
  await writeFile(dir, CSV_FILES.relations, portfolio.relations, relationRow);
  await writeFile(dir, CSV_FILES.overrides, portfolio.overrides, overrideRow);
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

async function writeFile<T>(dir: string, spec: CsvFileSpec, records: readonly T[], row: (record: T) => string): Promise<void> {
  function* chunks(): Generator<string> {
    let chunk = `${spec.columns.join(',')}\n`;
    for (const record of records) {
      chunk += row(record);
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(chunks()), createWriteStream(join(dir, spec.name), { encoding: 'utf8' }));
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
