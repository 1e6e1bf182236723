// Pipes between processes and threads: both directions, Pipe(false), a 64 MiB message, end of file when the peer
// process closes, exits, or dies without closing, and pipe ends travelling through queues.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EOFError } from '../../src/errors.js';
import { Pipe, type Connection } from '../../src/connection/index.js';
import { Process } from '../../src/process/index.js';
import { getContext } from '../../src/context.js';
import { Queue } from '../../src/queues/index.js';
import * as targets from '../fixtures/queues.js';

const T = { timeout: 60_000 };
const JOIN = 30_000;

async function finish(p: Process, code = 0): Promise<void> {
  await p.join(JOIN);
  if (p.exitcode === null) p.kill();
  assert.equal(p.exitcode, code, `${p.name} exit code`);
}

function withTimeout<T>(promise: Promise<T>, ms = JOIN): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

describe('Pipe between processes', () => {
  test('seed: parent and child talk both ways over a duplex pipe', T, async () => {
    const [parentEnd, childEnd] = Pipe();
    const child = new Process({ target: targets.pipeEcho, args: [childEnd] });
    child.start();
    childEnd.close(); // as in Python: the parent's copy of the child's end is not needed
    for (const value of [1, 21, 'text', [1, { a: 2 }]]) {
      parentEnd.send(value);
      const expected = typeof value === 'number' ? value * 2 : value;
      assert.deepEqual(await withTimeout(parentEnd.recv() as Promise<unknown>), expected);
    }
    parentEnd.send(null);
    await assert.rejects(withTimeout(parentEnd.recv()), EOFError);
    await finish(child);
    parentEnd.close();
  });

  test('seed: Pipe(false) — the child writes, the parent reads until end of file', T, async () => {
    const [reader, writer] = Pipe(false);
    const child = new Process({ target: targets.pipeSend, args: [writer, [1, 'two', new Set([3])]] });
    child.start();
    writer.close();
    const got: unknown[] = [];
    await assert.rejects(async () => {
      for (;;) got.push(await withTimeout(reader.recv() as Promise<unknown>));
    }, EOFError);
    assert.deepEqual(got, [1, 'two', new Set([3])]);
    await finish(child);
    reader.close();
  });

  for (const [method, duplex] of [['spawn', false], ['spawn', true], ['forkserver', false], ['thread', false]] as const) {
    test(`Pipe(${duplex}), ${method}: 50 × 1 MiB from a child that closes its end; the parent closed its copy; every message arrives before end of file`, T, async () => {
      const [reader, writer] = Pipe(duplex);
      const child = new (getContext(method).Process)({ target: targets.pipeSendMany, args: [writer, 50, 1 << 20] });
      child.start();
      writer.close();
      const firstBytes: number[] = [];
      await assert.rejects(async () => {
        for (;;) {
          const message = await withTimeout(reader.recvBytes());
          assert.equal(message.length, 1 << 20);
          firstBytes.push(message[0]);
        }
      }, EOFError);
      assert.deepEqual(firstBytes, Array.from({ length: 50 }, (_, i) => i));
      await finish(child);
      reader.close();
    });
  }

  test('the parent writes, a child reads until end of file (Pipe(false) the other way)', T, async () => {
    const [reader, writer] = Pipe(false);
    const results = new Queue<{ received: unknown[]; error: string }>();
    const child = new Process({ target: targets.pipeCollect, args: [reader, results] });
    child.start();
    reader.close();
    for (let i = 0; i < 1000; i++) writer.send(i);
    writer.close();
    const report = await results.get({ timeout: JOIN });
    assert.equal(report.error, 'EOFError');
    assert.deepEqual(report.received, Array.from({ length: 1000 }, (_, i) => i));
    await finish(child);
    results.close();
  });

  test('a 64 MiB message from a child process round-trips intact', T, async () => {
    const [a, b] = Pipe();
    const size = 64 * 1024 * 1024;
    const child = new Process({ target: targets.pipeChecksum, args: [b] });
    child.start();
    b.close();
    const huge = Buffer.allocUnsafe(size);
    for (let i = 0; i < size; i++) huge[i] = i % 251;
    a.sendBytes(huge);
    let sum = 0;
    for (let i = 0; i < size; i += 4099) sum = (sum + huge[i]) % 1_000_003;
    assert.deepEqual(await withTimeout(a.recv() as Promise<unknown>), [size, sum]);
    await finish(child);
    a.close();
  });

  test('EOFError when the peer process is killed without closing its end', T, async () => {
    const [a, b] = Pipe();
    const child = new Process({ target: targets.pipeDieHolding, args: [b] });
    child.start();
    b.close();
    assert.equal(await withTimeout(a.recv() as Promise<unknown>), 'about to die');
    await assert.rejects(withTimeout(a.recv(), 10_000), EOFError);
    await finish(child, -9);
    a.close();
  });

  test('EOFError when the peer process exits without closing its end', T, async () => {
    const [a, b] = Pipe();
    const child = new Process({ target: targets.pipeExitWithoutClose, args: [b] });
    child.start();
    b.close();
    assert.equal(await withTimeout(a.recv() as Promise<unknown>), 'bye');
    await assert.rejects(withTimeout(a.recv(), 10_000), EOFError);
    await finish(child);
    a.close();
  });

  test('a pipe end made in a child travels back through a queue and still works', T, async () => {
    const mailbox = new Queue<Connection>();
    const child = new Process({ target: targets.sendPipeEndBack, args: [mailbox] });
    child.start();
    const end = await mailbox.get({ timeout: JOIN });
    end.send('ping');
    assert.equal(await withTimeout(end.recv() as Promise<unknown>), 'ping');
    await assert.rejects(withTimeout(end.recv()), EOFError);
    await finish(child);
    end.close();
    mailbox.close();
  });

  test('a worker thread on the other end, using the blocking twins', T, async () => {
    const { Process: Thread } = getContext('thread');
    const [a, b] = Pipe();
    const thread = new Thread({ target: targets.pipeEcho, args: [b] });
    thread.start();
    b.close();
    a.send(5);
    assert.equal(a.pollSync(10_000), true);
    assert.equal(a.recvSync(), 10);
    a.send(null);
    await assert.rejects(withTimeout(a.recv()), EOFError);
    await finish(thread);
    a.close();
  });
});
