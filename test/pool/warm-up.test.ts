// A pool worker warms its hot paths before its first task, so that a pool's first large map runs optimized code,
// not V8's interpreter. The fixture reads V8's own verdict (%GetOptimizationStatus) from inside the first task. The
// optimizing compiler runs on a background thread: on a loaded machine its job may still be queued when the first
// task starts, the loop then running V8's baseline code, already tiered up; a cold loop is still interpreted there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('../fixtures/pool-warmth.ts', import.meta.url));
// V8's OptimizationStatus bits, the same on Node 20, 22 and 24.
const OPTIMIZED = 1 << 4;
const TOPMOST_FRAME_IS_TURBOFANNED = 1 << 12;
const TOPMOST_FRAME_IS_MAGLEV = 1 << 19;
const MARKED_FOR_CONCURRENT_OPTIMIZATION = 1 << 9;
const OPTIMIZING_CONCURRENTLY = 1 << 10;
const TOPMOST_FRAME_IS_BASELINE = 1 << 17;

async function firstTaskTiers(kind: 'process' | 'thread'): Promise<{ first: number; last: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', FIXTURE, kind], { timeout: 80_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

for (const kind of ['process', 'thread'] as const) {
  test(`a pool ${kind === 'process' ? 'worker process' : 'worker thread'}'s chunk loop runs tiered-up code in its first task, not the interpreter's`, { timeout: 90_000 }, async () => {
    const { first, last } = await firstTaskTiers(kind);
    // Read at the last item: V8 may be just moving a warm function between its optimizing tiers at the first.
    const optimized = (last & (OPTIMIZED | TOPMOST_FRAME_IS_TURBOFANNED | TOPMOST_FRAME_IS_MAGLEV)) !== 0;
    const queued = (last & TOPMOST_FRAME_IS_BASELINE) !== 0 && (last & (MARKED_FOR_CONCURRENT_OPTIMIZATION | OPTIMIZING_CONCURRENTLY)) !== 0;
    assert.ok(optimized || queued, `V8 status bits of the loop: ${first.toString(2)} at the first item, ${last.toString(2)} at the last`);
  });
}
