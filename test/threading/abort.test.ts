// Cancelling Thread.join with an AbortSignal: the wait ends, the thread runs on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Event } from '../../src/sync/index.js';
import { Thread } from '../../src/threading/index.js';
import * as fixtures from '../fixtures/abort.js';
import { isAbortError } from '../helpers.js';

const T = { timeout: 60_000 };

test('Thread.join({ signal }) stops waiting for a thread that a later set() lets finish', T, async () => {
  const go = new Event();
  const thread = new Thread({ target: fixtures.waitForEvent, args: [go] });
  thread.start();
  const controller = new AbortController();
  const joining = thread.join({ timeout: 30_000, signal: controller.signal });
  controller.abort();
  await assert.rejects(joining, isAbortError);
  assert.equal(thread.isAlive(), true);
  go.set();
  await thread.join({ timeout: 30_000 });
  assert.equal(thread.isAlive(), false);
});
