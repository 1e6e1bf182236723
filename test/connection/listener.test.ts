// Listener/Client over TCP and Unix sockets, with right and wrong authkeys; wait() over connections and sentinels;
// fuzzed framing: random and truncated bytes give clear errors, never a crash, a hang or a huge allocation.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AuthenticationError, EOFError, OSError } from '../../src/errors.js';
import { Client, Listener, Pipe, wait, type Address } from '../../src/connection/index.js';
import { Process } from '../../src/process/index.js';
import * as targets from '../fixtures/queues.js';

const T = { timeout: 30_000 };

function rawSocket(address: Address) {
  return typeof address === 'string' ? connect({ path: address }) : connect({ host: address[0], port: address[1] });
}

function sendRaw(address: Address, bytes: Buffer, end = true): Promise<void> {
  return new Promise((resolve) => {
    const socket = rawSocket(address);
    socket.on('error', () => resolve());
    socket.on('connect', () => {
      socket.write(bytes);
      if (end) socket.end();
      resolve();
    });
  });
}

for (const [family, address] of [
  ['TCP', ['127.0.0.1', 0]],
  ['Unix socket', join(tmpdir(), `mp-test-${process.pid}-${randomBytes(4).toString('hex')}.sock`)],
] as [string, Address][]) {
  describe(`Listener/Client over ${family}`, () => {
    test('right key: accept/Client authenticate both ways and exchange values and bytes', T, async () => {
      const listener = new Listener(address, { authkey: 'secret' });
      if (family === 'TCP') assert.ok((listener.address as [string, number])[1] > 0, 'a real port was picked');
      const [server, client] = await Promise.all([listener.accept(), Client(listener.address, { authkey: Buffer.from('secret') })]);
      client.send({ hello: [1, 2n] });
      assert.deepEqual(await server.recv(), { hello: [1, 2n] });
      server.sendBytes(Buffer.alloc(0));
      server.sendBytes(Buffer.from('abc'));
      assert.equal((await client.recvBytes()).length, 0);
      assert.equal((await client.recvBytes()).toString(), 'abc');
      assert.equal(await client.poll(), false);
      client.close();
      await assert.rejects(server.recv(), EOFError);
      assert.equal(await server.poll(), true);
      server.close();
      listener.close();
      if (typeof address === 'string') assert.equal(existsSync(address), false, 'the socket file is removed');
    });

    test('wrong key → AuthenticationError on both sides; the listener goes on accepting', T, async () => {
      const listener = new Listener(address, { authkey: 'right' });
      const [serverSide, clientSide] = await Promise.allSettled([listener.accept(), Client(listener.address, { authkey: 'wrong' })]);
      assert.ok(serverSide.status === 'rejected' && serverSide.reason instanceof AuthenticationError, 'server side');
      assert.ok(clientSide.status === 'rejected' && clientSide.reason instanceof AuthenticationError, 'client side');
      const [server, client] = await Promise.all([listener.accept(), Client(listener.address, { authkey: 'right' })]);
      client.send('after a failed attempt');
      assert.equal(await server.recv(), 'after a failed attempt');
      client.close();
      server.close();
      listener.close();
    });

    test('without authkey: no handshake; a client with a key fails against a keyless listener', T, async () => {
      const listener = new Listener(address);
      const [server, client] = await Promise.all([listener.accept(), Client(listener.address)]);
      server.send('plain');
      assert.equal(await client.recv(), 'plain');
      client.close();
      server.close();
      const attempt = Client(listener.address, { authkey: 'k', handshakeTimeout: 300 });
      const stranger = await listener.accept();
      await assert.rejects(attempt, AuthenticationError);
      stranger.close();
      listener.close();
    });

    test('fuzz: random, truncated and oversized frames give clear errors, no hang, no huge allocation', T, async () => {
      const keyed = new Listener(address, { authkey: 'k', handshakeTimeout: 500 });
      for (let i = 0; i < 20; i++) {
        const accepting = keyed.accept();
        await sendRaw(keyed.address, randomBytes(1 + Math.floor(Math.random() * 600)), i % 2 === 0);
        await assert.rejects(accepting, AuthenticationError);
      }
      keyed.close();
      const open = new Listener(address);
      const cases: [string, Buffer, RegExp][] = [
        ['negative length', Buffer.from([0xff, 0xff, 0xff, 0x00, 1, 2]), /bad message length/],
        ['2 GiB announced, 4 bytes sent', Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4]), /bad message length/],
        ['huge 64-bit length', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0]), /bad message length/],
        ['truncated body', Buffer.from([0, 0, 0, 10, 1, 2, 3]), /end of file during message/],
        ['truncated header', Buffer.from([0, 0]), /end of file during message/],
      ];
      for (const [name, bytes, expected] of cases) {
        const accepting = open.accept();
        await sendRaw(open.address, bytes);
        const server = await accepting;
        await assert.rejects(server.recvBytes(), (e: Error) => e instanceof OSError && expected.test(e.message), name);
        server.close();
      }
      for (let i = 0; i < 20; i++) {
        const accepting = open.accept();
        await sendRaw(open.address, randomBytes(1 + Math.floor(Math.random() * 300)));
        const server = await accepting;
        try {
          for (;;) await server.recvBytes();
        } catch (error) {
          assert.ok(error instanceof OSError || error instanceof EOFError, `clear error, got ${(error as Error).name}`);
        }
        server.close();
      }
      open.close();
    });
  });
}

describe('Listener/Client misc', () => {
  test('Client to nothing → OSError; accept after close → OSError', T, async () => {
    const listener = new Listener(['127.0.0.1', 0]);
    const address = listener.address;
    listener.close();
    await assert.rejects(listener.accept(), OSError);
    await assert.rejects(Client(address), OSError);
  });

  test('a Unix socket path left by a dead process is reclaimed; one somebody listens on still fails', T, async () => {
    const path = join(tmpdir(), `mp-test-stale-${randomBytes(4).toString('hex')}.sock`);
    const dead = spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    assert.equal(dead.signal, 'SIGKILL');
    assert.ok(existsSync(path), 'the dead process left its socket file');
    const listener = new Listener(path);
    const [server, client] = await Promise.all([listener.accept(), Client(path)]);
    client.send('over the reclaimed path');
    assert.equal(await server.recv(), 'over the reclaimed path');
    assert.throws(() => new Listener(path), (e: Error) => e instanceof OSError && e.code === 'EADDRINUSE');
    assert.ok(existsSync(path), 'a listener that failed to bind leaves the path to its owner');
    for (const c of [server, client]) c.close();
    listener.close();
    assert.equal(existsSync(path), false);
  });

  test('a second Listener on a bound TCP address throws OSError at construction, as Python does', T, async () => {
    const first = new Listener(['127.0.0.1', 0]);
    assert.throws(() => new Listener(first.address), (e: Error) => e instanceof OSError && e.code === 'EADDRINUSE' && /cannot listen on/.test(e.message));
    const [server, client] = await Promise.all([first.accept(), Client(first.address)]);
    client.send('the first listener still works');
    assert.equal(await server.recv(), 'the first listener still works');
    for (const c of [server, client]) c.close();
    first.close();
  });

  test('a Listener on a host name binds at construction and reports its real port', T, async () => {
    const listener = new Listener(['localhost', 0]);
    const address = listener.address as [string, number];
    assert.ok(address[1] > 0);
    const [server, client] = await Promise.all([listener.accept(), Client(address)]);
    client.send(1);
    assert.equal(await server.recv(), 1);
    for (const c of [server, client]) c.close();
    listener.close();
  });

  test('a socket Connection cannot be sent to another process', T, async () => {
    const listener = new Listener(['127.0.0.1', 0]);
    const [server, client] = await Promise.all([listener.accept(), Client(listener.address)]);
    const [a, b] = Pipe();
    assert.throws(() => a.send(client), TypeError);
    for (const c of [a, b, client, server]) c.close();
    listener.close();
  });
});

describe('wait()', () => {
  test('returns the ready connections, sentinels and processes; [] on timeout', T, async () => {
    const [a, b] = Pipe();
    const [c, d] = Pipe();
    const listener = new Listener(['127.0.0.1', 0]);
    const [server, client] = await Promise.all([listener.accept(), Client(listener.address)]);
    assert.deepEqual(await wait([a, c, server], 50), []);
    assert.deepEqual(await wait([a, c, server], 0), []);
    b.send(1);
    assert.deepEqual(await wait([a, c, server], 1000), [a]);
    setTimeout(() => client.send('x'), 30);
    assert.deepEqual(await wait([c, server], 5000), [server]);
    const resolved = Promise.resolve();
    assert.deepEqual(await wait([c, resolved], 1000), [resolved]);
    const child = new Process({ target: targets.pipeExitWithoutClose, args: [d] });
    child.start();
    assert.deepEqual(await wait([child], 30_000), [child]);
    assert.deepEqual(await wait([c], 5000), [c], 'the message the child sent, then end of file');
    assert.deepEqual(await wait([child.sentinel], 0), [child.sentinel]);
    for (const x of [a, b, c, d, server, client]) x.close();
    listener.close();
  });
});
