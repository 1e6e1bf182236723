// Hostile and slow peers of a Listener: handshakes run side by side, each on its own deadline, and the socket file
// of a Unix-socket Listener is private to its owner whatever the umask.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AuthenticationError } from '../../src/errors.js';
import { Client, Listener, type Address } from '../../src/connection/index.js';

const T = { timeout: 30_000 };

function openSilentSocket(address: Address): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = typeof address === 'string' ? connect({ path: address }) : connect({ host: address[0], port: address[1] });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

test('silent peers do not delay an honest client: accept() returns the first finished handshake', T, async () => {
  // A deadline longer than the test's own timeout: waiting on any silent peer would fail the test.
  const listener = new Listener(['127.0.0.1', 0], { authkey: 'key', handshakeTimeout: 60_000, backlog: 16 });
  const silent = await Promise.all([1, 2, 3].map(() => openSilentSocket(listener.address)));
  const [server, client] = await Promise.all([listener.accept(), Client(listener.address, { authkey: 'key' })]);
  client.send('through');
  assert.equal(await server.recv(), 'through');
  for (const socket of silent) socket.destroy();
  for (const c of [server, client]) c.close();
  listener.close();
});

test('each silent peer fails on its own deadline, then an honest client is accepted', T, async () => {
  const listener = new Listener(['127.0.0.1', 0], { authkey: 'key', handshakeTimeout: 300, backlog: 16 });
  const silent = await Promise.all([1, 2, 3].map(() => openSilentSocket(listener.address)));
  for (let i = 0; i < 3; i++) await assert.rejects(listener.accept(), AuthenticationError);
  const [server, client] = await Promise.all([listener.accept(), Client(listener.address, { authkey: 'key' })]);
  client.send(1);
  assert.equal(await server.recv(), 1);
  for (const socket of silent) socket.destroy();
  for (const c of [server, client]) c.close();
  listener.close();
});

test('closing a listener ends the handshakes still in progress', T, async () => {
  const listener = new Listener(['127.0.0.1', 0], { authkey: 'key', handshakeTimeout: 60_000 });
  const silent = await openSilentSocket(listener.address);
  const ended = new Promise<void>((resolve) => silent.once('close', () => resolve()));
  silent.resume();
  listener.close();
  await ended;
});

test('a Unix socket file is created 0600 even under umask 000', T, async () => {
  const path = join(tmpdir(), `mp-test-mode-${randomBytes(4).toString('hex')}.sock`);
  const previous = process.umask(0);
  let listener: Listener;
  try {
    listener = new Listener(path);
  } finally {
    process.umask(previous);
  }
  const [server, client] = await Promise.all([listener.accept(), Client(path)]);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  for (const c of [server, client]) c.close();
  listener.close();
});
