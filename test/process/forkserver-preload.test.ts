// setForkserverPreload(): forkserver children import the listed modules before their payload (Python's
// set_forkserver_preload), as children that are not the main process; spawn children do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getContext, setForkserverPreload } from '../../src/index.js';
import { reportImport } from '../fixtures/preloaded.js';
import { reportRefusal } from '../fixtures/preload-starts.js';
import { readJson, tempDir } from '../helpers.js';

const TIMEOUT = { timeout: 60_000 };
const PRELOADED = new URL('../fixtures/preloaded.ts', import.meta.url);
const FAILS = new URL('../fixtures/preload-fails.ts', import.meta.url);
const STARTS = new URL('../fixtures/preload-starts.ts', import.meta.url);

/** Starts `target` (reportImport by default) in a child of `method` and returns what it wrote. */
async function importedBy(method: 'spawn' | 'forkserver', dir: ReturnType<typeof tempDir>, file: string, target: (path: string) => unknown = reportImport) {
  const p = new (getContext(method).Process)({ target, args: [dir.path(file)] });
  p.start();
  await p.join(30_000);
  assert.equal(p.exitcode, 0);
  // Lets the launcher boot the next warm spare, so that later starts in this file take one.
  await new Promise((resolve) => setImmediate(resolve));
  return { p, report: readJson(dir.path(file)) };
}

test('forkserver children import the listed modules before their payload, not as the main process', TIMEOUT, async () => {
  using dir = tempDir();
  setForkserverPreload([PRELOADED]);
  for (const i of [1, 2, 3]) {
    const { p, report } = await importedBy('forkserver', dir, `forkserver-${i}.json`);
    assert.deepEqual(report.atImport, { name: 'ForkServerProcess', isMain: false, parentPid: process.pid, pid: p.pid }, `child ${i}`);
    assert.deepEqual(report.atRun, { name: p.name, isMain: false }, `child ${i} runs as itself`);
  }
  const { p, report } = await importedBy('spawn', dir, 'spawn.json');
  assert.equal(report.atImport.name, p.name, 'spawn children import the module for their target, as themselves');
  setForkserverPreload([]);
});

test('a new list replaces the idle spare; an empty list preloads nothing', TIMEOUT, async () => {
  using dir = tempDir();
  setForkserverPreload(['node:zlib']);
  const before = await importedBy('forkserver', dir, 'zlib.json');
  assert.equal(before.report.atImport.name, before.p.name, 'the fixture was not listed');
  setForkserverPreload([`./${relative(process.cwd(), fileURLToPath(PRELOADED))}`]);
  const listed = await importedBy('forkserver', dir, 'listed.json');
  assert.equal(listed.report.atImport.name, 'ForkServerProcess');
  setForkserverPreload([]);
  const cleared = await importedBy('forkserver', dir, 'cleared.json');
  assert.equal(cleared.report.atImport.name, cleared.p.name);
});

test('a listed module that fails to import is skipped; the others load and children run', TIMEOUT, async () => {
  using dir = tempDir();
  getContext('forkserver').setForkserverPreload([FAILS, PRELOADED, 'msgpackr', 'fs']);
  const { report } = await importedBy('forkserver', dir, 'out.json');
  assert.equal(report.atImport.name, 'ForkServerProcess');
  setForkserverPreload([]);
});

test('a preloaded module may not start processes: the start throws ProcessError saying to guard it', TIMEOUT, async () => {
  using dir = tempDir();
  setForkserverPreload([STARTS]);
  const { report } = await importedBy('forkserver', dir, 'refused.json', reportRefusal);
  assert.equal(report?.name, 'ProcessError');
  assert.match(report.message, /bootstrapping phase: this child is still importing the modules of setForkserverPreload\(\).*if \(isMainProcess\(\)\)/);
  setForkserverPreload([]);
});

test('bad lists are errors at the call: TypeError for what is not a module, ValueError for what cannot be found', () => {
  assert.throws(() => setForkserverPreload('fs' as never), { name: 'TypeError', message: /array of module names, paths or URLs/ });
  assert.throws(() => setForkserverPreload([42 as never]), { name: 'TypeError' });
  assert.throws(() => setForkserverPreload(['./no/such/module.js']), { name: 'ValueError', message: /cannot preload "\.\/no\/such\/module\.js": there is no file .*relative paths start from the current directory/ });
  assert.throws(() => setForkserverPreload(['no-such-package-anywhere']), { name: 'ValueError', message: /cannot preload "no-such-package-anywhere"/ });
});
