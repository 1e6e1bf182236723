// bullmq and ioredis are optional peer dependencies: the main entry never loads them, the distributed entry loads
// them only at connect(), and without them connect() says what to install.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HOOK = fileURLToPath(new URL('../fixtures/distributed-hooks/hide-redis-packages.mjs', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../fixtures/distributed-hooks/without-redis-packages.ts', import.meta.url));

test('without bullmq and ioredis: multiproc loads, connect() rejects naming `npm install bullmq ioredis`', { timeout: 60_000 }, () => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--import', HOOK, SCRIPT], { encoding: 'utf8', timeout: 50_000 });
  assert.equal(child.status, 0, child.stderr);
  const report = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { afterMain: string[]; afterEntry: string[]; afterConnect: string[]; message: string };
  assert.deepEqual(report.afterMain, [], 'the main entry asked for no Redis package');
  assert.deepEqual(report.afterEntry, [], 'importing multiproc/distributed asked for none either');
  assert.ok(report.afterConnect.includes('bullmq'));
  assert.match(report.message, /npm install bullmq ioredis/);
});
