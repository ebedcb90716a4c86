// Progress of long CLI work. On a terminal: a line per step and a cli-progress bar per
// counted phase (count, rate per second, ETA when the total is known). Elsewhere nothing:
// pipes and CI logs keep only the results and the JSON log lines.
import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import type { CliIo } from './command.ts';
import { count as grouped } from './output.ts';

export interface Meter {
  /** `value` moves the bar (rows, bytes, companies); `count` is what the rate counts (default: value). */
  update(value: number, count?: number): void;
  add(count: number): void;
  done(): void;
}

export interface Progress {
  /** What happens now, as a line (on a terminal). */
  step(message: string): void;
  /** A counted phase; `total` in the unit of `value` when known, null when not (no ETA then). */
  meter(label: string, unit: string, total: number | null): Meter;
  /** `add` of a meter that starts with the first count (for work that may never come). */
  counter(label: string, unit: string, total: number | null): (count: number) => void;
  /** Ends any bar still drawn; call it in a finally. */
  stop(): void;
}

/** cli-progress, loaded when a bar is first drawn (on a terminal): a command in a pipe or a test never needs it. */
let bars: typeof cliProgress | null = null;
function progressBars(): typeof cliProgress {
  return (bars ??= createRequire(import.meta.url)('cli-progress') as typeof cliProgress);
}

/** Whether the CLI talks to a person: injected by the caller (tests), else stderr's TTY flag. */
export function isTerminal(io: CliIo): boolean {
  return io.terminal ?? io.stderr.isTTY === true;
}

const SILENT_METER: Meter = { update() {}, add() {}, done() {} };
const SILENT: Progress = { step() {}, meter: () => SILENT_METER, counter: () => () => {}, stop() {} };


export function createProgress(io: CliIo, now: () => number = Date.now): Progress {
  if (!isTerminal(io)) return SILENT;
  const started = now();
  // cli-progress draws only on a stream that says it is a TTY; the decision is ours.
  const stream = {
    isTTY: true,
    columns: (io.stderr as { columns?: number }).columns ?? 100,
    write: (chunk: string) => io.stderr.write(chunk),
  } as unknown as NodeJS.WriteStream;
  let active: Meter | null = null;

  const stop = () => {
    active?.done();
    active = null;
  };

  const progress: Progress = {
    step(message) {
      stop();
      io.stderr.write(`[${((now() - started) / 1000).toFixed(1)}s] ${message}\n`);
    },
    meter(label, unit, total) {
      stop();
      const format = total === null ? '{label} {count} {unit} | {rate} {unit}/s | {duration_formatted}' : '{label} [{bar}] {percentage}% | {count} {unit} | {rate} {unit}/s | ETA {eta_formatted}';
      const bar = new (progressBars().SingleBar)({ stream, format, hideCursor: false, etaBuffer: 50, fps: 5 });
      const from = now();
      let count = 0;
      let value = 0;
      const payload = () => {
        const seconds = Math.max((now() - from) / 1000, 0.001);
        return { label, unit, count: grouped(count), rate: grouped(count / seconds) };
      };
      // Without a total the bar still needs one; it never shows.
      bar.start(total ?? 1, 0, payload());
      let finished = false;
      const meter: Meter = {
        update(v, c = v) {
          value = v;
          count = c;
          bar.update(total === null ? 0 : Math.min(value, total), payload());
        },
        add(n) {
          meter.update(value + n, count + n);
        },
        done() {
          if (finished) return;
          finished = true;
          bar.update(total === null ? 0 : Math.min(value, total), payload());
          bar.stop();
          if (active === meter) active = null;
        },
      };
      active = meter;
      return meter;
    },
    counter(label, unit, total) {
      let meter: Meter | null = null;
      return (count) => (meter ??= progress.meter(label, unit, total)).add(count);
    },
    stop,
  };
  return progress;
}
