// Cancellation of queue and pipe waits: an aborted get/put/recv takes or leaves nothing, so the item a child
// process supplies later goes to the next caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { Pipe, wait } from '../../src/connection/index.js';
import { Process } from '../../src/process/index.js';
import { JoinableQueue, Queue } from '../../src/queues/index.js';
import { Event } from '../../src/sync/index.js';
import * as fixtures from '../fixtures/abort.js';
import { isAbortError } from '../helpers.js';

const T = { timeout: 60_000 };

function started(child: Process): Process {
  child.start();
  return child;
}

test('Queue.get({ signal }) aborted before a child puts; the item goes to the next get', T, async () => {
  const queue = new Queue<string>();
  const go = new Event();
  const child = started(new Process({ target: fixtures.putWhenTold, args: [queue, go, 'late'] }));
  const controller = new AbortController();
  const waiting = queue.get({ signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(waiting, isAbortError);
  go.set();
  assert.equal(await queue.get({ timeout: 30_000 }), 'late');
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  await child.join(30_000);
  assert.equal(child.exitcode, 0);
  queue.close();
});

test('Queue.put({ signal }) on a full queue: an abort puts nothing; room a child makes later is still there', T, async () => {
  const queue = new Queue<string>(1);
  await queue.put('first');
  const go = new Event();
  const child = started(new Process({ target: fixtures.getWhenTold, args: [queue, go] }));
  const controller = new AbortController();
  const putting = queue.put('second', { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(putting, isAbortError);
  assert.equal(queue.qsize(), 1);
  go.set();
  await queue.put('third', { timeout: 30_000 });
  assert.equal(await queue.get({ timeout: 30_000 }), 'third');
  await child.join(30_000);
  assert.equal(child.exitcode, 0);
  queue.close();
});

test('JoinableQueue.join({ signal }) ends on abort while items are unfinished', T, async () => {
  const queue = new JoinableQueue<number>();
  await queue.put(1);
  const controller = new AbortController();
  const joining = queue.join({ signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(joining, isAbortError);
  await queue.get();
  queue.taskDone();
  await queue.join({ signal: controller.signal }).then(
    () => assert.fail('an aborted signal must reject at once'),
    (error) => assert.ok(isAbortError(error)),
  );
  queue.close();
});

test('Connection.recv({ signal }) and poll({ signal }) end on abort; the message a child sends later is kept', T, async () => {
  const [reader, writer] = Pipe(false);
  const go = new Event();
  const child = started(new Process({ target: fixtures.sendWhenTold, args: [writer, go, { hello: 'world' }] }));
  const controller = new AbortController();
  const receiving = reader.recv({ signal: controller.signal });
  const polling = reader.poll({ timeout: null, signal: controller.signal });
  const waiting = wait([reader], { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(receiving, isAbortError);
  await assert.rejects(polling, isAbortError);
  await assert.rejects(waiting, isAbortError);
  assert.equal(await reader.poll(0), false);
  go.set();
  assert.deepEqual(await wait([reader], { timeout: 30_000 }), [reader]);
  assert.deepEqual(await reader.recv(), { hello: 'world' });
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  await child.join(30_000);
  assert.equal(child.exitcode, 0);
  reader.close();
  writer.close();
});
