// How a process's calls reach a manager: over a shared-memory pipe when the manager listens on a Unix socket (this
// machine), over the socket for TCP; a manager that went away is noticed, whether a call was waiting or not.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EOFError } from '../../src/errors.js';
import { Process } from '../../src/process/index.js';
import { Manager, SyncManager } from '../../src/managers/index.js';
import { openChannel } from '../../src/managers/channel.js';
import { eventually, pidAlive } from '../helpers.js';
import { appendMany } from '../fixtures/managers.js';

const T = { timeout: 120_000 };

describe('manager links', () => {
  test('a manager on a Unix socket is called over shared memory; a TCP one over its socket', T, async () => {
    await using local = await Manager();
    await using remote = await Manager({ address: ['127.0.0.1', 0] });
    assert.equal(typeof local.address, 'string');
    const [d, r] = [await local.dict<string, number>(), await remote.dict<string, number>()];
    await Promise.all([d.set('a', 1), r.set('a', 1)]);
    assert.equal(openChannel(local.address, local.authkey)?.transport, 'shared memory');
    assert.equal(openChannel(remote.address, remote.authkey)?.transport, 'socket');
    assert.deepEqual([await d.get('a'), await r.get('a')], [1, 1]);
  });

  test('calls awaited one by one and many in flight, from here and from children, all arrive in order', T, async () => {
    await using manager = await Manager();
    const l = await manager.list<number>();
    for (let i = 0; i < 200; i++) await l.append(i);
    await Promise.all(Array.from({ length: 200 }, (_, i) => l.append(200 + i)));
    const children = [0, 1].map((n) => new Process({ target: appendMany, args: [l, 1000 + n * 1000, 300] }));
    for (const child of children) child.start();
    for (const child of children) await child.join(60_000);
    assert.deepEqual(children.map((child) => child.exitcode), [0, 0]);
    const all = await l.copy();
    assert.equal(all.length, 1000);
    assert.deepEqual(all.slice(0, 400), Array.from({ length: 400 }, (_, i) => i));
    for (const start of [1000, 2000]) {
      const mine = all.filter((x) => x >= start && x < start + 1000);
      assert.deepEqual(mine, Array.from({ length: 300 }, (_, i) => start + i), 'each child sees its own calls in order');
    }
  });

  test('a manager killed while a call waits: the call fails with EOFError', T, async () => {
    const manager = await Manager();
    const q = await manager.Queue();
    const waiting = q.get();
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.kill(manager.pid!, 'SIGKILL');
    await assert.rejects(waiting, (error: Error) => error instanceof EOFError && /manager at .* closed the connection/.test(error.message));
    await manager.shutdown();
  });

  test('a manager killed while idle is noticed at once; a new one on the same Unix socket path works', T, async () => {
    const address = join(tmpdir(), `mp-test-${randomBytes(4).toString('hex')}.sock`);
    const first = new SyncManager({ address, authkey: 'same' });
    await first.start();
    const d1 = await first.dict<string, number>();
    await d1.set('x', 1);
    assert.equal(openChannel(address, first.authkey)?.transport, 'shared memory');
    const firstPid = first.pid!;
    process.kill(firstPid, 'SIGKILL');
    await eventually(() => !pidAlive(firstPid), 10_000);
    await eventually(() => openChannel(address, first.authkey) === undefined, 2000, 5); // the channel to the dead manager is closed
    await assert.rejects(d1.get('x'));
    await first.shutdown();
    await using second = new SyncManager({ address, authkey: 'same' });
    await second.start();
    const d2 = await second.dict<string, number>();
    await d2.set('y', 2);
    assert.deepEqual([...(await d2.copy())], [['y', 2]]);
    assert.equal(openChannel(address, second.authkey)?.transport, 'shared memory');
  });
});
