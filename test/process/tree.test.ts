// Python's exit rules and "no orphans", watched by pid from outside the process tree.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { eventually, pidAlive, tempDir, readJson } from '../helpers.js';

const PARENT = fileURLToPath(new URL('../fixtures/tree-parent.ts', import.meta.url));

function startParent(method: string, mode: string, out = '') {
  const parent = spawn(process.execPath, ['--import', 'tsx', PARENT, method, mode, out], { stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = (async () => {
    for await (const line of createInterface({ input: parent.stdout! })) return JSON.parse(line) as { pids: number[] };
    throw new Error('the parent printed nothing');
  })();
  return { parent, firstLine };
}

for (const method of ['spawn', 'forkserver']) {
  describe(`process tree (${method})`, () => {
    test('children of a SIGKILLed parent exit by themselves, busy ones included', { timeout: 60_000 }, async (t) => {
      const { parent, firstLine } = startParent(method, 'orphans');
      const { pids } = await firstLine;
      // Let the children finish booting so that they are past reading their payload.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.ok(pids.every(pidAlive), 'children run while the parent lives');
      parent.kill('SIGKILL');
      await once(parent, 'exit');
      const killedAt = Date.now();
      // Nothing else ends them: they go on the parent-death signal, or they would outlive this wait.
      await eventually(() => !pids.some(pidAlive), 20_000);
      const lag = Date.now() - killedAt;
      t.diagnostic(`children gone ${lag} ms after the parent was killed`);
    });

    test('at normal exit the parent waits for non-daemon children and terminates daemonic ones', { timeout: 60_000 }, async () => {
      using dir = tempDir();
      const out = dir.path('worker.json');
      const started = Date.now();
      const { parent, firstLine } = startParent(method, 'exit', out);
      const { pids } = await firstLine;
      const [code] = await once(parent, 'exit');
      assert.equal(code, 0);
      assert.deepEqual(readJson(out).received, ['late'], 'the non-daemon child finished before the parent exited');
      assert.ok(Date.now() - started >= 300);
      await eventually(() => !pidAlive(pids[0]), 3000);
    });
  });
}
