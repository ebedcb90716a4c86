// npm run bench:engine — times the full value computation on synthetic portals of
// growing size (10k, 1M and 5M activities), one child process per size so peak RSS is
// the computation's own. Generation is excluded from the timing.
import { execFileSync } from 'node:child_process';
import { computePortfolio } from '../src/domain/engine.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/domain/default-model-config.ts';
import { generatePortfolio } from '../src/app/sample/generate-portfolio.ts';

/**
 * Room for the generated portfolio, which this benchmark holds in memory whole (1.3 GB at 100k
 * companies; a real run streams it in chunks). Otherwise Node's defaults, as the server and the
 * CLI run with: a larger young generation (--max-semi-space-size=64) made no difference to the
 * compute time (six interleaved runs each, December 2026).
 */
const ENGINE_NODE_FLAGS = ['--max-old-space-size=6144'];
const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const POINTS = [200, 20_000, 100_000]; // companies: ~10k, ~1M and ~5M activities

interface Measurement {
  companies: number;
  deals: number;
  activities: number;
  relations: number;
  generateSeconds: number;
  computeSeconds: number;
  rssAfterGenerateMb: number;
  peakRssMb: number;
}

function measure(companies: number): Measurement {
  const t0 = performance.now();
  const portfolio = generatePortfolio({ companies, seed: 7, asOf: AS_OF, dealsPerCompany: 10, activitiesPerCompany: 50 });
  const t1 = performance.now();
  const rssAfterGenerateMb = process.memoryUsage().rss / 1e6;
  const { results } = computePortfolio(portfolio, DEFAULT_MODEL_CONFIG, AS_OF);
  const t2 = performance.now();
  if (results.length !== portfolio.companies.length) throw new Error('engine lost companies');
  return {
    companies: portfolio.companies.length,
    deals: portfolio.deals.length,
    activities: portfolio.activities.length,
    relations: portfolio.relations.length,
    generateSeconds: (t1 - t0) / 1000,
    computeSeconds: (t2 - t1) / 1000,
    rssAfterGenerateMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

if (process.argv[2] === '--point') {
  process.stdout.write(JSON.stringify(measure(Number(process.argv[3]))));
} else {
  console.log(`bench:engine — Node ${process.version}, full computation as of ${new Date(AS_OF).toISOString().slice(0, 10)}`);
  console.log('companies   deals      activities  relations  generate  compute   records/s   RSS after gen  peak RSS');
  const rows: Measurement[] = [];
  for (const companies of POINTS) {
    const out = execFileSync(process.execPath, [...ENGINE_NODE_FLAGS, import.meta.filename, '--point', String(companies)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const m = JSON.parse(out) as Measurement;
    rows.push(m);
    const records = m.companies + m.deals + m.activities + m.relations;
    console.log(
      [
        String(m.companies).padEnd(11),
        String(m.deals).padEnd(10),
        String(m.activities).padEnd(11),
        String(m.relations).padEnd(10),
        `${m.generateSeconds.toFixed(2)} s`.padEnd(9),
        `${m.computeSeconds.toFixed(2)} s`.padEnd(9),
        Math.round(records / m.computeSeconds).toLocaleString('en-US').padEnd(11),
        `${Math.round(m.rssAfterGenerateMb)} MB`.padEnd(14),
        `${Math.round(m.peakRssMb)} MB`,
      ].join(' '),
    );
  }
  const big = rows.at(-1)!;
  console.log(`goal at 100k companies: compute ≤ 2 s (${big.computeSeconds.toFixed(2)} s); peak RSS here includes the generated portfolio held in memory (${Math.round(big.peakRssMb)} MB) — a full run streams it in chunks instead (bench:pipeline)`);
}
