// Bad arguments are refused at the call with Python's error classes, never accepted (processes, pools, queues,
// managers, connections): a misuse that used to pass silently is a TypeError or ValueError naming what to pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, JoinableQueue, Listener, Lock, Pipe, Pool, Process, Queue, RLock, Semaphore, SharedMemory, SyncManager } from '../src/index.js';
import { sleepForever } from './fixtures/processes.js';
import { square } from './fixtures/targets.js';
import { identity } from './fixtures/fails-in-children.js';

test('p.sentinel before start() → ValueError', () => {
  assert.throws(() => new Process().sentinel, { name: 'ValueError', message: /not started/ });
});

test('SyncManager.start() with a non-callable initializer → TypeError, and no server is started', async () => {
  const manager = new SyncManager();
  await assert.rejects(manager.start(1 as never), { name: 'TypeError', message: /start\(\) options must be an object/ });
  await assert.rejects(manager.start({ initializer: 1 as never }), { name: 'TypeError', message: /initializer must be a function/ });
  await assert.rejects(manager.start({ initargs: 'x' as never }), { name: 'TypeError', message: /initargs must be an array/ });
  assert.equal(manager.pid, undefined);
});

test('Queue(), JoinableQueue(), Pool() with a value of the wrong kind → TypeError', () => {
  assert.throws(() => new Queue('x' as never), { name: 'TypeError', message: /maxsize must be an integer, got the string "x"/ });
  assert.throws(() => new Queue(2.5), { name: 'TypeError' });
  assert.throws(() => new JoinableQueue('3' as never), { name: 'TypeError' });
  assert.throws(() => new Queue(1, 'x' as never), { name: 'TypeError', message: /Queue options must be an object/ });
  assert.throws(() => new Pool('x' as never), { name: 'TypeError', message: /Pool options must be an object/ });
  assert.throws(() => new Pool({ processes: '2' as never }), { name: 'TypeError', message: /processes must be an integer/ });
  assert.throws(() => new Pool({ initializer: 'f' as never }), { name: 'TypeError', message: /initializer must be a function/ });
  assert.throws(() => new Pool({ maxtasksperchild: 1.5 }), { name: 'TypeError' });
});

test('kwargs that are not an object → TypeError (Process and Pool.apply)', async () => {
  for (const kwargs of ['x', 1, [1], null]) {
    assert.throws(() => new Process({ target: square, kwargs: kwargs as never }), { name: 'TypeError', message: /kwargs must be an object/ }, String(kwargs));
  }
  await using pool = new Pool(1);
  assert.throws(() => pool.applyAsync(square, [2], { kwds: 'x' as never }), { name: 'TypeError', message: /kwds must be an object/ });
  await assert.rejects(async () => pool.apply(square, [2], 3 as never), { name: 'TypeError' });
});

test("join('x') and join(NaN) → TypeError, and the child is still running", { timeout: 30_000 }, async () => {
  const child = new Process({ target: sleepForever, daemon: true });
  child.start();
  try {
    assert.throws(() => child.join('x' as never), { name: 'TypeError', message: /timeout must be a number of milliseconds/ });
    assert.throws(() => child.join(NaN), { name: 'TypeError' });
    assert.ok(child.isAlive());
  } finally {
    child.kill();
    await child.join(10_000);
  }
  assert.equal(child.isAlive(), false);
});

test("a chunksize that is not a number → TypeError (map, imap); 0 → ValueError as in Python", async () => {
  await using pool = new Pool(1);
  await assert.rejects(pool.map(square, [1], 'x' as never), { name: 'TypeError', message: /chunksize must be an integer/ });
  assert.throws(() => pool.imap(square, [1], 'x' as never), { name: 'TypeError', message: /chunksize or options must be an object/ });
  assert.throws(() => pool.imap(square, [1], { chunksize: '2' as never }), { name: 'TypeError' });
  await assert.rejects(pool.map(square, [1], 0), { name: 'ValueError', message: 'Chunksize must be 1+, not 0' });
});

test('AsyncResult.get() and wait() with a timeout that is not a number → TypeError', async () => {
  await using pool = new Pool(1);
  const result = pool.applyAsync(square, [3]);
  assert.throws(() => result.get('x' as never), { name: 'TypeError' });
  await assert.rejects(result.wait(NaN), { name: 'TypeError' });
  assert.equal(await result.get(30_000), 9);
});

test('sendBytes() of a string → TypeError, nothing sent; the next message arrives intact', async () => {
  const [a, b] = Pipe();
  assert.throws(() => a.sendBytes('a string' as never), { name: 'TypeError', message: /encode a string first/ });
  assert.throws(() => a.sendBytes(42 as never), { name: 'TypeError' });
  a.sendBytes(Buffer.from('bytes'));
  assert.equal((await b.recvBytes()).toString(), 'bytes');
  assert.equal(await b.poll(), false);
  a.close();
  b.close();
});

test('a pool task whose module fails to import in the worker reports the import error; the worker lives on', { timeout: 60_000 }, async () => {
  await using pool = new Pool(1);
  await assert.rejects(pool.apply(identity, [1]), { message: 'this module refuses to load in a child process' });
  await assert.rejects(pool.map(identity, [1, 2, 3]), { message: 'this module refuses to load in a child process' });
  assert.equal(await pool.apply(square, [4]), 16, 'the same worker still runs other tasks');
});

test('the sweep: locks, listeners, names, sizes and lengths refuse values of the wrong kind with TypeError', async () => {
  const lock = new Lock();
  assert.throws(() => lock.acquireSync({ timeout: 'x' as never }), { name: 'TypeError', message: /timeout must be a number/ }, 'even when the lock is free');
  assert.equal(lock.locked(), false, 'a refused acquire takes nothing');
  const rlock = new RLock();
  assert.throws(() => rlock.acquireSync({ timeout: NaN }), { name: 'TypeError' });
  assert.throws(() => new Semaphore(1).acquire({ timeout: 'x' as never }), { name: 'TypeError' });
  assert.throws(() => new Listener(['127.0.0.1', 'x' as never]), { name: 'TypeError', message: /an address is \['host', port\]/ });
  assert.throws(() => new Listener(['127.0.0.1', 70000]), { name: 'TypeError' });
  assert.throws(() => new Listener(5 as never), { name: 'TypeError' });
  assert.throws(() => new Listener(['127.0.0.1', 0], { backlog: 'x' as never }), { name: 'TypeError', message: /backlog must be an integer/ });
  await assert.rejects(Client(['127.0.0.1', 'x' as never]), { name: 'TypeError' });
  assert.throws(() => new Process({ name: 5 as never }), { name: 'TypeError', message: /name must be a string/ });
  assert.throws(() => new SharedMemory({ create: true, size: 'x' as never }), { name: 'TypeError' });
  const [a, b] = Pipe();
  a.sendBytes(Buffer.from('kept'));
  await assert.rejects(b.recvBytes('x' as never), { name: 'TypeError', message: /maxlength must be a number/ });
  assert.equal((await b.recvBytes()).toString(), 'kept', 'the refused call read nothing');
  a.close();
  b.close();
});
