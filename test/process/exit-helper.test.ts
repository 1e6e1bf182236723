// A child's memory is freed after it by a helper process of the parent (native exitNow): the parent reaps those
// helpers, even when it ends with process.exit() right after a join(). This test process stands in for an init
// process (a child subreaper), so that a helper left behind would become its zombie. (Under 'forkserver' the idle
// spare also outlives such a parent for a moment, as Python's forkserver does, so the check uses 'spawn'.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { native } from '../../src/platform/native.js';
import { tempDir, zombieChildren } from '../helpers.js';

const PARENT = fileURLToPath(new URL('../fixtures/tree-parent.ts', import.meta.url));
/** Long enough for a helper left behind to end (they end within milliseconds). */
const SETTLE_MS = 300;

function runParent(out: string): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', PARENT, 'spawn', 'exit-now', out], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout.trim().split('\n').at(-1)!).exitcode, 0);
}

test('a parent that exits right after join() leaves no exit helper behind', { timeout: 60_000 }, async () => {
  using dir = tempDir();
  // A first run fills tsx's cache: while it is cold, tsx starts a compiler service that process.exit() orphans too.
  runParent(dir.path('warm-up.json'));
  native!.setChildSubreaper();
  for (let i = 0; i < 3; i++) runParent(dir.path(`${i}.json`));
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  assert.deepEqual(zombieChildren(), [], 'processes orphaned by the parent ended here, unreaped');
});
