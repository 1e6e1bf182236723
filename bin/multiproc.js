#!/usr/bin/env node
// The installed command: runs the built CLI. In a checkout (the source is there; a package ships only dist/), it runs
// the TypeScript source through tsx instead, so that a dist/ left by an earlier build is never run stale.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
if (existsSync(source)) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', source, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} else {
  await import(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)));
}
