// Node's compile cache for process children (where Node has module.flushCompileCache): the library points a child
// at a private cache directory, keeps the variable out of the child's environment, and uses no directory it does not
// own alone. On a Node without the cache, no directory is made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJson, tempDir } from '../helpers.js';

const PARENT = fileURLToPath(new URL('../fixtures/compile-cache-parent.ts', import.meta.url));
const T = { timeout: 60_000 };

/** Node keeps a compile cache and can write it before a child's _exit(). */
const NODE_HAS_CACHE = 'enableCompileCache' in nodeModule && 'flushCompileCache' in nodeModule;

/** Runs the parent program with `tmp` as its temporary directory; returns what its child saw of NODE_COMPILE_CACHE. */
async function runParent(tmp: string, out: string): Promise<string | null> {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
  delete env.NODE_COMPILE_CACHE;
  delete env.NODE_DISABLE_COMPILE_CACHE;
  const parent = spawn(process.execPath, ['--import', 'tsx', PARENT, out], { env, stdio: 'inherit' });
  const [code] = await once(parent, 'exit');
  assert.equal(code, 0);
  return readJson<{ value: string | null }>(out).value;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

test("a child's compiled code is cached in a directory only this user may enter, out of the child's environment", T, async () => {
  using dir = tempDir();
  const tmp = dir.path('tmp');
  mkdirSync(tmp);
  assert.equal(await runParent(tmp, dir.path('child.json')), null);
  const cache = join(tmp, `multiproc-compile-cache-${process.getuid!()}`);
  if (NODE_HAS_CACHE) {
    const stats = statSync(cache);
    assert.equal(stats.mode & 0o777, 0o700);
    assert.equal(stats.uid, process.getuid!());
    assert.ok(filesUnder(cache).length > 0, 'the child wrote what it compiled');
  } else {
    assert.throws(() => statSync(cache), { code: 'ENOENT' }, 'a Node without the cache gets no directory');
  }
});

test('a cache directory that others may enter is not used: children compile as before', T, async () => {
  using dir = tempDir();
  const tmp = dir.path('tmp');
  const cache = join(tmp, `multiproc-compile-cache-${process.getuid!()}`);
  mkdirSync(cache, { recursive: true, mode: 0o755 });
  assert.equal(await runParent(tmp, dir.path('child.json')), null);
  assert.deepEqual(filesUnder(cache), []);
});
