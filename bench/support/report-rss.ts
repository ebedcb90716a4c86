// Preloaded into a benchmarked child process (node --import): on exit it writes the
// process's peak resident set size (kB) to KW_BENCH_RSS_FILE, so the parent can report it.
import { writeFileSync } from 'node:fs';

const file = process.env.KW_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
