// connect() when Redis cannot be reached: a clear ConnectionError within connectTimeout, never a hang.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { connect, ConnectionError } from '../../src/distributed/index.js';
import { freePort } from './redis-server.js';

const T = { timeout: 60_000 };

describe('connect() when Redis cannot be reached', () => {
  test('a port nobody listens on: ConnectionError naming the address', T, async () => {
    const port = await freePort();
    await assert.rejects(connect({ connection: `redis://127.0.0.1:${port}`, connectTimeout: 1000 }), (error: unknown) =>
      error instanceof ConnectionError && error.message.includes(`127.0.0.1:${port}`));
  });

  test('a server that never answers: ConnectionError once connectTimeout has passed, not a hang', T, async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      await assert.rejects(connect({ connection: `redis://127.0.0.1:${port}`, connectTimeout: 500 }), ConnectionError);
      const waited = Date.now() - started;
      assert.ok(waited >= 450 && waited < 10_000, `rejected after ${waited} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  test('bad options are TypeError / ValueError before any connection', async () => {
    await assert.rejects(connect(undefined as never), TypeError);
    await assert.rejects(connect({ connection: 'http://x' }), /redis:\/\//);
    await assert.rejects(connect({ connection: 'redis://127.0.0.1:1', connectTimeout: -1 }), /connectTimeout/);
  });
});
