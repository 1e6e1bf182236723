#!/usr/bin/env node
// The installed command: runs the built CLI, or the TypeScript source through tsx in a checkout without dist/.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (existsSync(built)) {
  await import(built);
} else {
  const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', source, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
