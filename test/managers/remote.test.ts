// Remote managers over TCP: right and wrong authkeys (also from a separate program), restarting on the same address,
// shutdown leaving no process, and a server that survives garbage and clients vanishing mid-call.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { Client } from '../../src/connection/index.js';
import { AuthenticationError, RemoteError } from '../../src/errors.js';
import { Process } from '../../src/process/index.js';
import { Manager } from '../../src/managers/index.js';
import { decode, encode } from '../../src/serialize/index.js';
import { pidAlive } from '../helpers.js';
import { blockingGet, CounterManager } from '../fixtures/managers.js';

const T = { timeout: 120_000 };
const SCRIPT = fileURLToPath(new URL('../fixtures/manager-remote-client.ts', import.meta.url));

function runScript(args: string[]): Promise<{ ok: boolean; name?: string; seen?: number; counter?: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!));
    });
  });
}

/** Splits a manager reply message ([u32 length][bytes]...) and decodes each part. */
function replies(message: Buffer): unknown[] {
  const out: unknown[] = [];
  for (let offset = 0; offset < message.length; ) {
    const length = message.readUInt32BE(offset);
    out.push(decode(message.subarray(offset + 4, offset + 4 + length)));
    offset += 4 + length;
  }
  return out;
}

describe('remote managers', () => {
  test('TCP with an authkey: clients in this process and in a separate program; a wrong key → AuthenticationError', T, async () => {
    await using manager = new CounterManager({ address: ['127.0.0.1', 0], authkey: 'right key' });
    await manager.start();
    const [host, port] = manager.address as [string, number];
    assert.equal(host, '127.0.0.1');
    assert.ok(port > 0);
    const remote = await runScript([host, String(port), 'right key']);
    assert.equal(remote.ok, true);
    assert.equal(remote.counter, 15);
    const store = await manager.create('Store');
    assert.equal(await store.get('remote'), remote.seen);
    const wrong = await runScript([host, String(port), 'wrong key']);
    assert.deepEqual([wrong.ok, wrong.name], [false, 'AuthenticationError']);
    const stranger = new CounterManager({ address: [host, port], authkey: 'also wrong' });
    await assert.rejects(stranger.connect(), AuthenticationError);
    assert.equal(await store.has('remote'), true, 'the server still serves');
  });

  test('restarting a manager on the same address works; shutdown leaves no process', T, async () => {
    const first = new CounterManager({ address: ['127.0.0.1', 0], authkey: 'k' });
    await first.start();
    const address = first.address as [string, number];
    const firstPid = first.pid!;
    assert.ok(pidAlive(firstPid));
    await first.shutdown();
    assert.equal(pidAlive(firstPid), false, 'the server process is gone');
    const second = new CounterManager({ address, authkey: 'k' });
    await second.start();
    assert.deepEqual(second.address, address);
    const counter = await second.create('Counter', 1);
    assert.equal(await counter.increment(), 2);
    const secondPid = second.pid!;
    await second.shutdown();
    assert.equal(pidAlive(secondPid), false);
  });

  test('garbage messages get a clear error and the server keeps serving', T, async () => {
    await using manager = await Manager({ authkey: 'garbage test' });
    const d = await manager.dict();
    const raw = await Client(manager.address, { authkey: 'garbage test' });
    for (const junk of [Buffer.from('not a manager message at all'), Buffer.from([0, 0, 0, 1, 0xc1]), Buffer.from([0, 0, 0, 2, 0x92, 0x01])]) {
      raw.sendBytes(junk);
      const [reply] = replies(await raw.recvBytes()) as [number, number, Error][];
      assert.equal(reply[0], 0);
      assert.ok(reply[2] instanceof RemoteError, String(reply[2]));
      assert.match(reply[2].message, /garbage message to the manager/);
    }
    // A well-formed call on an object id that does not exist.
    const call = encode([1, 0, 12345, 'get', []]);
    const frame = Buffer.alloc(4 + call.length);
    frame.writeUInt32BE(call.length, 0);
    frame.set(call, 4);
    raw.sendBytes(frame);
    const [missing] = replies(await raw.recvBytes()) as [number, number, Error][];
    assert.ok(missing[2] instanceof RemoteError);
    raw.close();
    await d.set('still', 'serving');
    assert.equal(await d.get('still'), 'serving');
  });

  test('a client killed mid-call does not break the server', T, async () => {
    await using manager = await Manager();
    const q = await manager.Queue<string>();
    const started = await manager.Queue();
    const child = new Process({ target: blockingGet, args: [q, started] });
    child.start();
    assert.equal(await started.get({ timeout: 60_000 }), 'waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill();
    await child.join(30_000);
    await q.put('a');
    await q.put('b');
    assert.ok(['a', 'b'].includes(await q.get({ timeout: 10_000 })));
    const d = await manager.dict();
    await d.set('after', 1);
    assert.equal(await d.len(), 1);
  });
});
