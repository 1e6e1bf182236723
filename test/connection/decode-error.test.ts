// Bytes that are not a valid message reach recv() as the library's DecodeError (a ValueError), never as the
// decoder's raw error, and the connection goes on delivering the messages after them — in this process and another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError, Pipe, Process, ValueError } from '../../src/index.js';
import { sendGarbageThenValue } from '../fixtures/python-behaviour.js';

const isDecodeError = (error: unknown) => error instanceof DecodeError && error instanceof ValueError && /not a valid message/.test((error as Error).message);

test('recv() of bytes that are not an encoding → DecodeError; the next message still arrives', async () => {
  const [a, b] = Pipe();
  a.sendBytes(Buffer.from([0xc1])); // a byte MessagePack never uses
  a.sendBytes(Buffer.from([0x92, 0x01])); // an array of two items cut after one
  a.sendBytes(Buffer.alloc(0));
  a.send({ after: 'the garbage' });
  await assert.rejects(b.recv(), isDecodeError);
  await assert.rejects(b.recv(), isDecodeError);
  await assert.rejects(b.recv(), { name: 'DecodeError', message: /empty message/ });
  assert.deepEqual(await b.recv(), { after: 'the garbage' });
  a.close();
  b.close();
});

test('garbage sent by another process is a DecodeError here too', { timeout: 30_000 }, async () => {
  const [reader, writer] = Pipe(false);
  const child = new Process({ target: sendGarbageThenValue, args: [writer] });
  child.start();
  writer.close();
  await assert.rejects(reader.recv(), isDecodeError);
  assert.equal(await reader.recv(), 'intact');
  reader.close();
  await child.join(30_000);
  assert.equal(child.exitcode, 0);
});
