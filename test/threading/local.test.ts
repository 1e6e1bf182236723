// threading.local(): each thread sees only the attributes it set itself, also when a local is sent to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Local, local, Thread } from '../../src/threading/index.js';
import * as fixtures from '../fixtures/threading.js';
import { readJson, tempDir } from '../helpers.js';

const T = { timeout: 60_000 };

test("seed 004's local_school: two threads bind different students at once, each reads its own", T, async () => {
  using dir = tempDir();
  fixtures.school.student = 'main';
  const a = new Thread({ target: fixtures.bindStudent, args: [dir.path('a.json'), 'Alice', 300], name: 'Thread-A' });
  const b = new Thread({ target: fixtures.bindStudent, args: [dir.path('b.json'), 'Bob', 300], name: 'Thread-B' });
  a.start();
  b.start();
  await Promise.all([a.join(30_000), b.join(30_000)]);
  assert.deepEqual(readJson(dir.path('a.json')), { thread: 'Thread-A', student: 'Alice' });
  assert.deepEqual(readJson(dir.path('b.json')), { thread: 'Thread-B', student: 'Bob' });
  assert.equal(fixtures.school.student, 'main', "the threads' attributes never reach the main thread");
});

test('a local sent to a thread arrives empty there, is one object per thread, and keeps its values at home', T, async () => {
  using dir = tempDir();
  const shared = local<{ note?: string }>();
  shared.note = 'set in main';
  assert.ok(shared instanceof Local);
  const t = new Thread({ target: fixtures.inspectLocal, args: [dir.path('out.json'), shared], kwargs: { again: shared } });
  t.start();
  await t.join(30_000);
  assert.deepEqual(readJson(dir.path('out.json')), { keysBefore: [], same: true, againNote: 'set in the thread', moduleLocal: null });
  assert.equal(shared.note, 'set in main');
});
