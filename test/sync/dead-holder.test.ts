// A lock whose holder process dies: Python leaves it held forever; here a waiter notices the dead owner (its pid is
// in the lock's words) within a fraction of a second and takes the lock over, with a warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getContext } from '../../src/context.js';
import { Event, Lock, RLock } from '../../src/sync/index.js';
import * as fixtures from '../fixtures/sync.js';

const T = { timeout: 60_000 };

for (const [name, make] of [['Lock', () => new Lock()], ['RLock', () => new RLock()]] as const) {
  for (const mode of ['sync', 'async'] as const) {
    test(`a waiter takes over a ${name} whose holder was killed (${mode})`, T, async () => {
      const warnings: string[] = [];
      const onWarning = (warning: Error & { code?: string }) => void warnings.push(warning.code ?? '');
      process.on('warning', onWarning);
      const { Process } = getContext('spawn');
      const lock = make();
      const held = new Event();
      const p = new Process({ target: fixtures.holdUntilKilled, args: [lock, held] });
      p.start();
      try {
        assert.equal(await held.wait(20_000), true);
        assert.equal(lock.acquireSync({ block: false }), false);
        p.kill();
        const got = mode === 'sync' ? lock.acquireSync({ timeout: 5000 }) : await lock.acquire({ timeout: 5000 });
        assert.equal(got, true);
        lock.release();
        assert.equal(lock.locked(), false);
        await new Promise((resolve) => setImmediate(resolve));
        assert.deepEqual(warnings, ['MULTIPROC_LOCK_RECOVERED']);
      } finally {
        process.off('warning', onWarning);
        p.kill();
        await p.join(10_000);
      }
    });
  }
}
