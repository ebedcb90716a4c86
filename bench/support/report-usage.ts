// Preloaded into a benchmarked child process (node --import): on exit it writes what the
// process used — its peak resident set size (kB) and the CPU time of all its threads (user
// and system, seconds) — to KW_BENCH_USAGE_FILE as JSON, so the parent can report it. On two
// cores a run that keeps both busy takes about half its CPU time: the CPU time is the figure
// to compare when the machine's noise moves the wall time.
import { writeFileSync } from 'node:fs';

export interface ChildUsage {
  maxRssKb: number;
  cpuSeconds: number;
}

const file = process.env.KW_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 } satisfies ChildUsage));
  });
}
