// npm run bench:peer — the product's own 100k-company sample (~1M deals, ~5M activities)
// through `klantwaarde recalc --input` and through the DuckDB query an analyst would write
// instead (bench/support/peer-query.ts), interleaved, best of two each. Prints both times,
// the ratio and both peak RSS values, and checks that the two agree to the cent on revenue,
// gross margin and cost-to-serve for every company (and counts agreement on the rest).
// Both write their output to a file, as `klantwaarde recalc … > out.csv` and DuckDB's COPY …
// TO do: neither is timed with a pipe into this process, which would spend the same two
// cores taking in and decoding 37 MB of text (that added ~0.6 s to ours).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { writeSamplePortal } from '../src/adapters/crm/file/sample.ts';
import { LEFT_OUT } from './support/peer-query.ts';
import type { ChildUsage } from './support/report-usage.ts';

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 100_000);
const SEED = 11;
const AS_OF = '2026-11-01T00:00:00.000Z';
const ROOT = new URL('..', import.meta.url).pathname;
const WORK = join(tmpdir(), 'klantwaarde-bench');
const SAMPLE = join(WORK, `sample-${COMPANIES}-${SEED}`);

interface Timed {
  seconds: number;
  peakRssMb: number;
  /** CPU time of all the child's threads. */
  cpuSeconds: number;
}

function runChild(args: string[], stdoutFile: string | null): Timed {
  const usageFile = join(WORK, `usage-${process.pid}`);
  // The child's standard output goes straight into the file, as a shell's `> file` sends it.
  const out = stdoutFile ? openSync(stdoutFile, 'w') : null;
  const t = performance.now();
  const child = spawnSync(process.execPath, ['--import', join(ROOT, 'bench/support/report-usage.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, KW_BENCH_USAGE_FILE: usageFile },
    stdio: ['ignore', out ?? 'inherit', 'inherit'],
  });
  const seconds = (performance.now() - t) / 1000;
  if (out !== null) closeSync(out);
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited with ${child.status}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as ChildUsage;
  rmSync(usageFile, { force: true });
  return { seconds, peakRssMb: usage.maxRssKb / 1024, cpuSeconds: usage.cpuSeconds };
}

const ours = (out: string) => runChild(['bin/klantwaarde.js', 'recalc', '--input', SAMPLE, '--as-of', AS_OF, '--format', 'csv', '--dry-run'], out);
const peer = (out: string) => runChild([join(ROOT, 'bench/support/peer-query.ts'), SAMPLE, AS_OF, out], null);

function readCsv(file: string): Map<string, Record<string, string>> {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
  return new Map(rows.map((row) => [row.company_id!, row]));
}

const cents = (v: string | undefined) => Math.round(Number(v || 0) * 100);

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  if (!existsSync(join(SAMPLE, 'activities.csv'))) {
    console.log(`writing the sample (${COMPANIES.toLocaleString('en-US')} companies, seed ${SEED}) to ${SAMPLE} …`);
    await writeSamplePortal({ companies: COMPANIES, seed: SEED, out: SAMPLE, asOf: Date.parse(AS_OF) });
  }
  const oursOut = join(WORK, 'ours.csv');
  const peerOut = join(WORK, 'peer.csv');
  const runs: { ours: Timed[]; peer: Timed[] } = { ours: [], peer: [] };
  for (let round = 0; round < 2; round++) {
    runs.ours.push(ours(oursOut));
    runs.peer.push(peer(peerOut));
  }
  const best = (xs: Timed[]) => xs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const o = best(runs.ours);
  const p = best(runs.peer);

  const a = readCsv(oursOut);
  const b = readCsv(peerOut);
  const exact = { revenue_12m: 'revenue', gross_margin_12m: 'gross_margin', cost_to_serve_12m: 'cost_to_serve' } as const;
  const also = { net_contribution_12m: 'net_contribution', clv: 'clv', strategic_value: 'strategic_value', total_value: 'total_value' } as const;
  const mismatches: string[] = [];
  const alsoDiffer: Record<string, number> = {};
  let segmentsDiffer = 0;
  for (const [id, row] of a) {
    const other = b.get(id);
    if (!other) {
      mismatches.push(`${id}: missing from the DuckDB result`);
      continue;
    }
    for (const [mine, theirs] of Object.entries(exact)) {
      if (cents(row[mine]) !== cents(other[theirs])) mismatches.push(`${id} ${mine}: ${row[mine]} vs ${other[theirs]}`);
    }
    for (const [mine, theirs] of Object.entries(also)) {
      if (Math.abs(cents(row[mine]) - cents(other[theirs])) > 1) alsoDiffer[mine] = (alsoDiffer[mine] ?? 0) + 1;
    }
    if ((row.segment_computed || '') !== (other.segment || '')) segmentsDiffer++;
  }
  if (b.size !== a.size) mismatches.push(`company count: ${a.size} vs ${b.size}`);

  console.log(`bench:peer — Node ${process.version}, ${a.size.toLocaleString('en-US')} companies as of ${AS_OF.slice(0, 10)}, best of 2 each, interleaved`);
  const line = (what: string, t: Timed, all: Timed[]) =>
    `  ${what.padEnd(29)}${t.seconds.toFixed(2)} s   CPU ${t.cpuSeconds.toFixed(2)} s   peak RSS ${Math.round(t.peakRssMb)} MB   (runs: ${all.map((r) => `${r.seconds.toFixed(2)} s, CPU ${r.cpuSeconds.toFixed(2)} s`).join('; ')})`;
  console.log(line('klantwaarde recalc --input', o, runs.ours));
  console.log(line('DuckDB query (analyst)', p, runs.peer));
  console.log(`  ratio                        ${(o.seconds / p.seconds).toFixed(2)}×   (goal ≤ 1.5×; peak RSS goal ≤ 1536 MB); CPU time ${(o.cpuSeconds / p.cpuSeconds).toFixed(2)}× on ${availableParallelism()} cores`);
  console.log(`  agreement to the cent on revenue, gross margin and cost-to-serve: ${mismatches.length === 0 ? 'every company' : `${mismatches.length} mismatches`}`);
  for (const m of mismatches.slice(0, 10)) console.log(`    ${m}`);
  const diffs = Object.entries(alsoDiffer);
  console.log(`  also compared (±1 cent): ${diffs.length === 0 ? 'net contribution, CLV, strategic value and total value agree for every company' : diffs.map(([k, n]) => `${k} differs for ${n}`).join(', ')}; computed segment differs for ${segmentsDiffer}`);
  console.log('  the query leaves out:');
  for (const line of LEFT_OUT) console.log(`    - ${line}`);
  if (mismatches.length > 0) process.exitCode = 1;
}

await main();
