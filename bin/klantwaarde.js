#!/usr/bin/env node
// The `klantwaarde` command. Node 24 runs the TypeScript sources directly.
import { runCli } from '../src/cli/main.ts';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: { ...process.env }, cwd: process.cwd() });
