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

/** `now` pins the clock the command's runs read (a live run is as of it). */
export async function cli(args: string[], env: Record<string, string | undefined> = {}, cwd = process.cwd(), now?: number): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, { stdout, stderr, env: { LOG_LEVEL: 'silent', ...env }, cwd, ...(now === undefined ? {} : { now: () => now }) });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
