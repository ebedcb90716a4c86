// Runs the CLI in-process with captured output, as a user would call it.
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/**
 * `terminal`: run as if a person watched (progress bars on stderr); no real TTY needed.
 * `now` pins the clock the command's runs read (a live run is as of it).
 */
export async function cli(args: string[], env: Record<string, string | undefined> = {}, cwd = process.cwd(), options: { terminal?: boolean; now?: number } = {}): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const { terminal, now } = options;
  const code = await runCli(args, { stdout, stderr, env: { LOG_LEVEL: 'silent', ...env }, cwd, ...(terminal === undefined ? {} : { terminal }), ...(now === undefined ? {} : { now: () => now }) });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
