// A manager client names the functions its server's Pool runs: the server imports only modules it may trust (loaded
// there already, or files under its application root that match the client's copy), never a file of the client's
// choosing elsewhere.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Manager } from '../../src/managers/index.js';
import * as targets from '../fixtures/pool.js';

const T = { timeout: 90_000 };

test('a manager Pool refuses a function from a module outside the application root; runs one inside it', T, async (t) => {
  const outside = mkdtempSync(join(tmpdir(), 'mp-untrusted-'));
  const marker = join(outside, 'ran');
  const path = join(outside, 'outside.mjs');
  writeFileSync(path, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'imported');\nexport function one() { return 1; }\n`);
  const { one } = (await import(pathToFileURL(path).href)) as { one: () => number };
  rmSync(marker);
  const manager = await Manager();
  t.after(async () => {
    await manager.shutdown();
    rmSync(outside, { recursive: true, force: true });
  });
  const pool = await manager.Pool(1);
  await assert.rejects(pool.apply(one), (e: Error) => e instanceof TypeError && /will not import/.test(e.message));
  assert.equal(existsSync(marker), false, 'the server imported the module');
  assert.equal(await pool.apply(targets.square, [7]), 49);
  await pool.terminate();
});
