// Portable references are hostile input on the receiving side: only plain relative paths that resolve (symbolic
// links followed) to a file under the receiver's root are accepted; the sender's side makes them from exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ImportError } from '../../src/errors.js';
import { fromPortable, portableReferenceOf, resolvePortable } from '../../src/distributed/target-ref.js';
import * as t from '../fixtures/distributed/targets.js';
import { tempDir } from '../helpers.js';
import { cpuCount } from '../../src/process/api.js';

test('the caller makes a reference relative to the package root of the target', () => {
  const ref = portableReferenceOf(t.square);
  assert.equal(ref.path, 'targets.ts');
  assert.equal(ref.name, 'square');
  assert.equal(typeof ref.digest, 'string');
  assert.throws(() => portableReferenceOf((x: number) => x), TypeError);
});

test('paths that leave the root, absolute paths and malformed references are refused with ImportError', () => {
  using dir = tempDir();
  const root = dir.path('root');
  mkdirSync(root);
  writeFileSync(dir.path('outside.ts'), 'export function f() {}\n');
  writeFileSync(`${root}/inside.ts`, 'export function f() {}\n');
  symlinkSync(dir.path('outside.ts'), `${root}/link.ts`);
  const ref = (path: string) => ({ path, name: 'f', kind: 'esm', digest: 'x' });
  assert.equal(fileURLToPath(fromPortable(ref('inside.ts'), root, 'h').url).endsWith('/root/inside.ts'), true);
  for (const path of ['../outside.ts', dir.path('outside.ts'), 'a/../../outside.ts', './inside.ts', '', 'in\0side.ts']) {
    assert.throws(() => fromPortable(ref(path), root, 'h'), ImportError, path);
  }
  assert.throws(() => fromPortable(ref('link.ts'), root, 'h'), /outside/);
  assert.throws(() => fromPortable(ref('missing.ts'), root, 'h'), /no such file/);
  assert.throws(() => fromPortable({ path: 'inside.ts', name: 1 }, root, 'h'), /malformed/);
  assert.throws(() => fromPortable(null, root, 'h'), /malformed/);
});

test('a module whose function differs from the digest is refused every time, not only on first import', async () => {
  const root = fileURLToPath(new URL('../fixtures/distributed/', import.meta.url));
  const good = portableReferenceOf(t.square);
  assert.equal(await resolvePortable(good, root, 'h'), t.square);
  await assert.rejects(resolvePortable({ ...good, digest: 'other' }, root, 'h'), /differs/);
});

test("the library's own exports travel as library modules, found in the receiver's copy of the library", async () => {
  const ref = portableReferenceOf(cpuCount);
  assert.equal(ref.path, 'multiproc:process/api');
  using dir = tempDir();
  assert.equal(await resolvePortable(ref, dir.path(''), 'h'), cpuCount);
  assert.throws(() => fromPortable({ ...ref, path: 'multiproc:../x' }, dir.path(''), 'h'), ImportError);
});
