// Process.authkey as Python has it: random 32 bytes in the main process, inherited by each child from its Process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentProcess, getContext, Pipe, Process } from '../../src/index.js';
import { sendAuthkey } from '../fixtures/python-behaviour.js';

async function childAuthkey(child: Process, writer: { close(): void }, reader: { recv(): Promise<unknown>; close(): void }): Promise<Buffer> {
  child.start();
  writer.close();
  const key = await reader.recv();
  reader.close();
  await child.join(30_000);
  assert.equal(child.exitcode, 0);
  return Buffer.from(key as Uint8Array);
}

test("the main process's authkey is 32 random bytes, the same on every read", () => {
  const key = currentProcess().authkey;
  assert.ok(Buffer.isBuffer(key));
  assert.equal(key.length, 32);
  assert.deepEqual(currentProcess().authkey, key);
  assert.notDeepEqual(key, Buffer.alloc(32));
});

test("a child inherits its Process object's authkey, which may be set before start()", { timeout: 60_000 }, async () => {
  for (const method of ['spawn', 'thread']) {
    const [reader, writer] = Pipe(false);
    const child = new (getContext(method).Process)({ target: sendAuthkey, args: [writer] });
    assert.deepEqual(child.authkey, currentProcess().authkey);
    assert.deepEqual(await childAuthkey(child, writer, reader), currentProcess().authkey, method);
  }
  const [reader, writer] = Pipe(false);
  const child = new Process({ target: sendAuthkey, args: [writer] });
  child.authkey = Buffer.from('a key of our own');
  assert.deepEqual(await childAuthkey(child, writer, reader), Buffer.from('a key of our own'));
});

test('authkey accepts only bytes', () => {
  const child = new Process();
  assert.throws(() => {
    (child as unknown as { authkey: unknown }).authkey = 'text';
  }, { name: 'TypeError', message: /Buffer or Uint8Array/ });
});
