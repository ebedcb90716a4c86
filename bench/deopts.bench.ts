// npm run bench:deopts — what V8 compiles and throws away while `klantwaarde recalc --input` runs
// on the 100k-company sample (the one bench:peer uses). On two cores the compiler's threads
// take their CPU from the reading and result threads: code compiled twice is time the run
// loses. Prints the TurboFan and Maglev compile time of the run (all threads), how much of
// TurboFan's went to functions compiled again, and each deoptimization by function, reason and
// place in the source, most frequent first (on-stack-replacement steps left out: they are how
// a long loop moves to compiled code, not a loss).
//
// A deopt V8 recompiles for is worth removing when it is in a hot function and has a cause in
// our code: a shape that differs between objects (wrong map), or an operation first run after
// compiling (insufficient type feedback), such as a branch only a buffer's end reaches. The
// December 5 changes that removed the big ones are listed in the README (Performance).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeSamplePortal } from '../src/adapters/crm/file/sample.ts';

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 100_000);
const SEED = 11;
const AS_OF = '2026-11-01T00:00:00.000Z';
const ROOT = new URL('..', import.meta.url).pathname;
const SAMPLE = join(tmpdir(), 'klantwaarde-bench', `sample-${COMPANIES}-${SEED}`);

const COMPILED = /completed compiling 0x[0-9a-f]+ <JSFunction (\S*) \(sfi = (0x[0-9a-f]+)\)> \(target (\w+)\)( OSR)? - took ([\d.]+), ([\d.]+), ([\d.]+) ms/;
const BAILOUT = /bailout \(kind: [^,]+, reason: (.*?)\): begin\. deoptimizing 0x[0-9a-f]+ <JSFunction (\S*) .*?<Code (\w+)>/;
const WHERE = /deoptimize at <(?:file:\/\/)?([^>]*)>/;

interface Tally {
  turbofan: number;
  turbofanAgain: number;
  turbofanCount: number;
  maglev: number;
  deopts: Map<string, number>;
}

async function traced(): Promise<Tally> {
  const child = spawn(process.execPath, ['--trace-opt', '--trace-deopt-verbose', 'bin/klantwaarde.js', 'recalc', '--input', SAMPLE, '--as-of', AS_OF, '--format', 'csv', '--dry-run'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tally: Tally = { turbofan: 0, turbofanAgain: 0, turbofanCount: 0, maglev: 0, deopts: new Map() };
  const compiledBefore = new Set<string>();
  let pending: string | null = null;
  // The trace and the CSV share standard output; only the trace's lines match.
  for await (const line of createInterface({ input: child.stdout })) {
    const compiled = COMPILED.exec(line);
    if (compiled) {
      const [, , sfi, target, osr, a, b, c] = compiled;
      const ms = Number(a) + Number(b) + Number(c);
      if (target !== 'TURBOFAN_JS') {
        tally.maglev += ms;
        continue;
      }
      tally.turbofan += ms;
      tally.turbofanCount++;
      const key = `${sfi}${osr ?? ''}`;
      if (compiledBefore.has(key)) tally.turbofanAgain += ms;
      compiledBefore.add(key);
      continue;
    }
    const bailout = BAILOUT.exec(line);
    if (bailout) {
      const [, reason, fn, code] = bailout;
      pending = reason!.includes('on stack replacement') ? null : `${fn} (${code === 'TURBOFAN_JS' ? 'TurboFan' : code}): ${reason}`;
      continue;
    }
    const where = WHERE.exec(line);
    if (where && pending !== null) {
      const key = `${pending} @ ${where[1]!.replace(`${ROOT}src/`, '')}`;
      tally.deopts.set(key, (tally.deopts.get(key) ?? 0) + 1);
      pending = null;
    }
  }
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`recalc --input exited with ${code}`);
  return tally;
}

async function main(): Promise<void> {
  if (!existsSync(join(SAMPLE, 'activities.csv'))) {
    mkdirSync(SAMPLE, { recursive: true });
    console.log(`writing the sample (${COMPANIES.toLocaleString('en-US')} companies, seed ${SEED}) to ${SAMPLE} …`);
    await writeSamplePortal({ companies: COMPANIES, seed: SEED, out: SAMPLE, asOf: Date.parse(AS_OF) });
  }
  const t = await traced();
  const deopts = [...t.deopts].sort((a, b) => b[1] - a[1]);
  console.log(`bench:deopts — Node ${process.version}, recalc --input on ${COMPANIES.toLocaleString('en-US')} companies (one run; the compilers' timing varies from run to run)`);
  console.log(`  TurboFan   ${t.turbofan.toFixed(0)} ms in ${t.turbofanCount} compiles, of which ${t.turbofanAgain.toFixed(0)} ms compiling a function again`);
  console.log(`  Maglev     ${t.maglev.toFixed(0)} ms`);
  console.log(`  deopts     ${deopts.reduce((sum, [, n]) => sum + n, 0)} (on-stack replacement left out), by function, reason and place:`);
  for (const [key, n] of deopts) console.log(`  ${String(n).padStart(5)}  ${key}`);
}

await main();
