// A proxy carries its manager's authkey only to a child being started (as Python's proxies do). Sent anywhere else it
// travels without the key, and the receiver connects with its own: the process authkey a default manager uses and
// every child inherits, or a key it already uses for that address.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pipe } from '../../src/connection/index.js';
import { Manager } from '../../src/managers/index.js';
import { Process } from '../../src/process/index.js';
import { Queue } from '../../src/queues/index.js';
import * as receivers from '../fixtures/proxy-receivers.js';

const T = { timeout: 90_000 };

async function handOverThroughQueue(list: unknown, value: number): Promise<unknown> {
  const inbox = new Queue();
  const outbox = new Queue();
  const child = new Process({ target: receivers.appendThroughReceivedProxy, args: [inbox, outbox, value] });
  child.start();
  await inbox.put(list);
  const verdict = await outbox.get({ timeout: 30_000 });
  await child.join(30_000);
  assert.equal(child.exitcode, 0);
  inbox.close();
  outbox.close();
  return verdict;
}

test('a proxy sent over a connection does not carry the authkey', T, async () => {
  const authkey = Buffer.from('a-secret-that-must-not-travel-0123456789');
  const manager = await Manager({ authkey });
  try {
    const list = await manager.list([1]);
    const [a, b] = Pipe();
    a.send(list);
    const bytes = Buffer.from(await b.recvBytes());
    assert.equal(bytes.includes(authkey), false, 'the authkey was sent in clear');
    for (const c of [a, b]) c.close();
  } finally {
    await manager.shutdown();
  }
});

test('a child that receives a proxy of a default manager through a queue uses the authkey it inherited', T, async () => {
  const manager = await Manager();
  try {
    const list = await manager.list<number>([]);
    assert.equal(await handOverThroughQueue(list, 5), 'ok');
    assert.deepEqual(await list.copy(), [5]);
  } finally {
    await manager.shutdown();
  }
});

test('a child that receives a proxy of a manager with another key through a queue fails with AuthenticationError', T, async () => {
  const manager = await Manager({ authkey: 'not-the-process-authkey' });
  try {
    const list = await manager.list<number>([]);
    assert.equal(await handOverThroughQueue(list, 5), 'AuthenticationError');
    assert.deepEqual(await list.copy(), []);
  } finally {
    await manager.shutdown();
  }
});
