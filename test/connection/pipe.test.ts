// Pipe and its Connections in one process: directions, message boundaries, the byte methods and their errors,
// closing and end of file, poll, 64 MiB messages.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BufferTooShort, EOFError, OSError, ValueError } from '../../src/errors.js';
import { Pipe } from '../../src/connection/index.js';

const T = { timeout: 30_000 };

describe('Pipe in one process', () => {
  test('duplex: both ends send and receive; rich values; messages never merged; empty ones count', T, async () => {
    const [a, b] = Pipe();
    assert.deepEqual([a.readable, a.writable, b.readable, b.writable], [true, true, true, true]);
    a.send(new Map([[1, new Set([2n])]]));
    a.sendBytes(Buffer.alloc(0));
    a.sendBytes(Buffer.from('xyz'));
    b.send('back');
    assert.deepEqual(await b.recv(), new Map([[1, new Set([2n])]]));
    assert.equal((await b.recvBytes()).length, 0);
    assert.equal((await b.recvBytes()).toString(), 'xyz');
    assert.equal(await a.recv(), 'back');
    assert.equal(await a.poll(), false);
    assert.equal(b.pollSync(), false);
    a.close();
    b.close();
  });

  test('Pipe(false) is [reader, writer]; the wrong direction → OSError', T, async () => {
    const [reader, writer] = Pipe(false);
    assert.deepEqual([reader.readable, reader.writable, writer.readable, writer.writable], [true, false, false, true]);
    writer.send(1);
    assert.equal(await reader.recv(), 1);
    assert.throws(() => reader.send(1), (e: Error) => e instanceof OSError && /read-only/.test(e.message));
    await assert.rejects(writer.recv(), (e: Error) => e instanceof OSError && /write-only/.test(e.message));
    await assert.rejects(writer.poll(), OSError);
    reader.close();
    writer.close();
  });

  test('sendBytes offsets and sizes; bad ones → ValueError', T, async () => {
    const [a, b] = Pipe();
    const bytes = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]);
    a.sendBytes(bytes, 2);
    a.sendBytes(bytes, 2, 3);
    a.sendBytes(new Uint16Array([0x0201, 0x0403]), 1, 2);
    a.sendBytes(bytes.buffer, 8);
    assert.deepEqual([...(await b.recvBytes())], [2, 3, 4, 5, 6, 7]);
    assert.deepEqual([...(await b.recvBytes())], [2, 3, 4]);
    assert.deepEqual([...(await b.recvBytes())], [0x02, 0x03]);
    assert.equal((await b.recvBytes()).length, 0);
    assert.throws(() => a.sendBytes(bytes, -1), ValueError);
    assert.throws(() => a.sendBytes(bytes, 9), ValueError);
    assert.throws(() => a.sendBytes(bytes, 0, -1), ValueError);
    assert.throws(() => a.sendBytes(bytes, 4, 5), ValueError);
    a.close();
    b.close();
  });

  test('recvBytes(maxlength) too short → OSError; recvBytesInto, too small → BufferTooShort with the message', T, async () => {
    const [a, b] = Pipe();
    a.sendBytes(Buffer.from('hello'));
    a.sendBytes(Buffer.from('hello'));
    a.sendBytes(Buffer.from('toolong'));
    const into = Buffer.alloc(8);
    assert.equal(await b.recvBytesInto(into, 1), 5);
    assert.equal(into.subarray(1, 6).toString(), 'hello');
    assert.equal(b.recvBytesIntoSync(new Uint8Array(5)), 5);
    await assert.rejects(b.recvBytesInto(new Uint8Array(4)), (e: Error) => e instanceof BufferTooShort && e.received.toString() === 'toolong');
    await assert.rejects(b.recvBytesInto(into, 9), ValueError);
    await assert.rejects(b.recvBytesInto(into, -1), ValueError);
    a.sendBytes(Buffer.from('0123456789'));
    await assert.rejects(b.recvBytes(4), (e: Error) => e instanceof OSError && /bad message length/.test(e.message));
    assert.equal(b.closed, true, 'as in Python, the connection is closed after a bad length');
    a.close();
  });

  test('close: use of a closed end → OSError("handle is closed"); the peer gets what is left, then EOFError', T, async () => {
    const [a, b] = Pipe();
    a.send('last words');
    a.close();
    assert.equal(a.closed, true);
    assert.throws(() => a.send(1), (e: Error) => e instanceof OSError && e.message === 'handle is closed');
    await assert.rejects(a.recv(), (e: Error) => e instanceof OSError && e.message === 'handle is closed');
    assert.equal(await b.poll(), true);
    assert.equal(await b.recv(), 'last words');
    assert.equal(await b.poll(), true, 'end of file is "ready"');
    await assert.rejects(b.recv(), EOFError);
    assert.throws(() => b.recvSync(), EOFError);
    assert.throws(() => b.send('to nobody'), (e: Error) => e instanceof OSError && /broken pipe/.test(e.message));
    b.close();
  });

  test('a recv() waiting in this process wakes on a send and on the peer closing', T, async () => {
    const [a, b] = Pipe();
    const waiting = b.recv();
    setTimeout(() => a.send(42), 20);
    assert.equal(await waiting, 42);
    const eof = b.recv();
    setTimeout(() => a.close(), 20);
    await assert.rejects(eof, EOFError);
    assert.equal(await b.poll(null), true);
    b.close();
  });

  test('poll(timeout) waits about that long, and answers true as soon as a message arrives', T, async () => {
    const [a, b] = Pipe();
    let started = performance.now();
    assert.equal(await b.poll(80), false);
    assert.ok(performance.now() - started >= 70);
    setTimeout(() => a.send('x'), 20);
    // Far beyond the test's own timeout: only the message's arrival can answer it in time.
    assert.equal(await b.poll(600_000), true);
    a.close();
    b.close();
  });

  test('a 64 MiB message round-trips; so do many messages beyond the ring', T, async () => {
    const [a, b] = Pipe(true, { capacity: 64 * 1024 });
    const huge = Buffer.allocUnsafe(64 * 1024 * 1024);
    for (let i = 0; i < huge.length; i += 4096) huge[i] = (i / 4096) % 256;
    a.sendBytes(huge);
    const got = await b.recvBytes();
    assert.equal(got.length, huge.length);
    assert.ok(got.equals(huge));
    for (let i = 0; i < 5000; i++) a.send(i);
    for (let i = 0; i < 5000; i++) assert.equal(await b.recv(), i);
    a.close();
    b.close();
  });
});
