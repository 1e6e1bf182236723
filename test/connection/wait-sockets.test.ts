// wait() accepts net.Sockets, as Python's accepts sockets: ready when a read would not wait (data, end or error),
// without consuming anything; mixed with connections and process sentinels.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { test } from 'node:test';
import { Pipe, Process, wait } from '../../src/index.js';
import { writeToPortThenEnd } from '../fixtures/python-behaviour.js';

test('wait() reports a socket once another process writes to it, leaves the data to read, and reports its end', { timeout: 60_000 }, async () => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const [reader, writer] = Pipe();
  const child = new Process({ target: writeToPortThenEnd, args: [(server.address() as AddressInfo).port, 'hello', reader] });
  child.start();
  const [socket] = await accepted;
  try {
    assert.deepEqual(await wait([socket, reader], 30_000), [socket]);
    assert.equal(socket.read()?.toString(), 'hello', 'wait() consumed nothing');
    assert.deepEqual(await wait([socket], 0), [], 'nothing more to read yet');
    assert.deepEqual(await wait([socket], 100), [], 'nor after a while');
    writer.send('end it');
    assert.deepEqual(await wait([socket], 30_000), [socket], 'the end of the stream makes it ready');
    assert.equal(socket.read(), null);
    await child.join(30_000);
    assert.equal(child.exitcode, 0);
  } finally {
    socket.destroy();
    server.close();
    reader.close();
    writer.close();
  }
});
