// `npm test`: every test file under test/ through Node's test runner (TypeScript via tsx), then the leak check,
// which must run alone after everything else has finished; or only the files named (`node scripts/test.mjs a.test.ts`).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const LEAK_CHECK = join('test', 'leaks.test.ts');
// Run only when named: it needs a cross compiler and qemu-user, which a developer's machine may lack, and CI runs it
// once as a step of its own (.ci/run), not on every Node the suite runs on.
const OWN_STEP = new Set([join('test', 'package', 'arm64.test.ts')]);

function findTests(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'fixtures' ? [] : findTests(path);
    return path.endsWith('.test.ts') && path !== LEAK_CHECK && !OWN_STEP.has(path) ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : findTests('test').sort();
// A file's tests all end within this (each test has its own, shorter timeout); the package test packs, installs and
// plays the whole demo, which takes minutes on a loaded machine.
const runner = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=900000'];
// The leak check judges only what appeared after this moment (other programs on the machine may use /dev/shm too).
const env = { ...process.env, MULTIPROC_SUITE_START: String(Date.now()) };
const run = (paths) => spawnSync(process.execPath, [...runner, ...paths], { stdio: 'inherit', env }).status ?? 1;

let status = run(files);
if (only.length === 0) status = run([LEAK_CHECK]) || status;
process.exitCode = status;
