// Thread identity from both sides: names (default Thread-N, counted per process), ident, nativeId, currentThread(),
// mainThread(), enumerate(), activeCount(); subclasses; misuse errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { threadId } from 'node:worker_threads';
import { ValueError } from '../../src/errors.js';
import { activeCount, currentThread, enumerate, getIdent, mainThread, Thread } from '../../src/threading/index.js';
import * as fixtures from '../fixtures/threading.js';
import { eventually, readJson, tempDir } from '../helpers.js';

const T = { timeout: 60_000 };

function nameNumber(name: string): number {
  const match = /^Thread-(\d+)$/.exec(name);
  assert.ok(match, `not a default name: ${name}`);
  return Number(match[1]);
}

test('in the main thread: MainThread, ident 0, nativeId = pid, alive; it cannot be joined', () => {
  const main = currentThread();
  assert.equal(main, mainThread());
  assert.equal(main.name, 'MainThread');
  assert.equal(main.ident, 0);
  assert.equal(getIdent(), threadId);
  assert.equal(main.nativeId, process.pid);
  assert.equal(main.daemon, false);
  assert.equal(main.isAlive(), true);
  assert.throws(() => main.join(), ValueError);
  assert.ok(enumerate().includes(main));
});

test('default names count up; inside, the thread knows its name, ident and native id; the main thread is MainThread', T, async () => {
  using dir = tempDir();
  const first = new Thread({ target: fixtures.reportThread, args: [dir.path('1.json'), 'x', 2], kwargs: { k: true } });
  const second = new Thread({ target: fixtures.reportThread, args: [dir.path('2.json')] });
  const named = new Thread({ target: fixtures.reportThread, args: [dir.path('3.json')], name: 'Worker-A' });
  assert.equal(nameNumber(second.name), nameNumber(first.name) + 1);
  assert.equal(first.ident, undefined);
  assert.equal(first.isAlive(), false);
  assert.match(String(first), /^<Thread\(Thread-\d+, initial\)>$/);
  for (const t of [first, second, named]) t.start();
  assert.equal(typeof first.ident, 'number');
  assert.equal(first.isAlive(), true);
  await Promise.all([first, second, named].map((t) => t.join(30_000)));
  const inside = readJson(dir.path('1.json'));
  assert.equal(inside.name, first.name);
  assert.equal(inside.ident, first.ident);
  assert.equal(inside.getIdent, first.ident);
  assert.equal(inside.main, 'MainThread');
  assert.equal(inside.isMainProcess, false);
  assert.equal(inside.alive, true);
  assert.deepEqual(inside.received, ['x', 2, { k: true }]);
  assert.equal(typeof inside.nativeId, 'number');
  assert.notEqual(inside.nativeId, process.pid);
  assert.equal(first.nativeId, inside.nativeId, 'the parent learns the native id the thread reported');
  assert.equal(readJson(dir.path('3.json')).name, 'Worker-A');
  assert.equal(first.isAlive(), false);
  assert.match(String(first), /^<Thread\(Thread-\d+, stopped \d+\)>$/);
});

test('enumerate() and activeCount() list live threads, and drop them once they end', T, async () => {
  using dir = tempDir();
  const before = activeCount();
  const threads = [0, 1].map((i) => new Thread({ target: fixtures.reportLater, args: [dir.path(`${i}.json`), 1500] }));
  for (const t of threads) t.start();
  const listed = enumerate();
  assert.equal(activeCount(), before + 2);
  for (const t of threads) assert.ok(listed.includes(t));
  assert.ok(listed.includes(mainThread()));
  await Promise.all(threads.map((t) => t.join(30_000)));
  await eventually(() => activeCount() === before, 5000);
  const inside = readJson(dir.path('0.json'));
  assert.deepEqual(inside.enumerate, ['MainThread', threads[0]!.name]);
  assert.equal(inside.activeCount, 2);
});

test('a thread inside a thread: names stay unique in the process; each sees what it started', T, async () => {
  using dir = tempDir();
  const outer = new Thread({ target: fixtures.startInner, args: [dir.path('outer.json'), dir.path('inner.json')] });
  outer.start();
  await outer.join(30_000);
  const seen = readJson(dir.path('outer.json'));
  const inner = readJson(dir.path('inner.json'));
  assert.notEqual(seen.inner, outer.name);
  assert.ok(nameNumber(seen.inner) > nameNumber(outer.name));
  assert.equal(inner.name, seen.inner);
  assert.deepEqual(seen.enumerate, ['MainThread', outer.name, seen.inner]);
  assert.equal(inner.ident, seen.innerIdent);
});

test('an exported Thread subclass runs its own run() with its fields, and is currentThread() inside', T, async () => {
  using dir = tempDir();
  const t = new fixtures.ReportingThread(dir.path('sub.json'), 'seven');
  assert.equal(t.name, 'Reporter-seven');
  t.start();
  await t.join(30_000);
  assert.deepEqual(readJson(dir.path('sub.json')), { label: 'seven', name: 'Reporter-seven', isCurrent: true, isSubclass: true });
});

test('misuse: start twice, join before start, daemon after start, a target that cannot be imported', T, async () => {
  const t = new Thread({ target: fixtures.reportLater, args: ['/dev/null', 0] });
  assert.throws(() => t.join(), { name: 'ValueError', message: 'cannot join thread before it is started' });
  t.daemon = true;
  t.start();
  assert.throws(() => t.start(), { name: 'ValueError', message: 'threads can only be started once' });
  assert.throws(() => (t.daemon = false), { name: 'ValueError', message: 'cannot set daemon status of active thread' });
  await t.join(30_000);
  const closure = () => 1;
  assert.throws(() => new Thread({ target: closure }).start(), TypeError);
  // @ts-expect-error a function is not a path: what is under test is the run-time refusal to send it
  assert.throws(() => new Thread({ target: fixtures.reportThread, args: [() => 1] }).start(), /args\[0\]/);
  assert.throws(() => new Thread({ target: 'nope' as never }), TypeError);
});

test('join(timeout) resolves while the thread still runs; the daemon flag is inherited from the creator', T, async () => {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const t = new Thread({ target: fixtures.waitForFlag, args: [flag] });
  assert.equal(t.daemon, false);
  t.start();
  // The thread waits until the flag is set below: join(200) can only come back by its timeout.
  await t.join(200);
  assert.equal(t.isAlive(), true);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  await t.join(30_000);
  assert.equal(t.isAlive(), false);
});
