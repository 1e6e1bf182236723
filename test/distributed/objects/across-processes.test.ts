// Objects on Redis passed to other processes travel by name: a child Process and local Pool workers reach the
// same Redis objects, and an object returned from a task is a handle to the same object again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Dict, Queue, Value, setCurrentStore } from '../../../src/distributed/objects/index.js';
import { decode, encode } from '../../../src/serialize/index.js';
import { Pool } from '../../../src/pool/index.js';
import { Process } from '../../../src/process/index.js';
import { Point, putAll, recordSquare } from '../../fixtures/distributed-objects.js';
import { freshPrefix, setUp, T, type Setup } from './helpers.js';

describe('distributed objects across processes', () => {
  let s: Setup;
  before(async () => {
    s = await setUp();
  });
  after(() => s.close());

  test('a Queue passed to a child Process is the same queue: its puts arrive here in order, classes kept', T, async () => {
    const prefix = freshPrefix();
    const queue = new Queue<unknown>(s.open(prefix), 'from-child', { maxsize: 3 });
    const items = [1, 'two', new Map([[3, new Set([4n])]]), new Date(5), new Float64Array([6.5]), { seven: [7] }, new Point(3, 4)];
    const child = new Process({ target: putAll, args: [queue, items] });
    child.start();
    const got = [];
    for (let i = 0; i < items.length; i++) got.push(await queue.get({ timeout: 30_000 }));
    await child.join(30_000);
    assert.equal(child.exitcode, 0);
    assert.deepEqual(got, items);
    assert.ok(got[6] instanceof Point);
    assert.equal((got[6] as Point).norm(), 5);
    await queue.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('a dict and a Value inside local Pool task arguments reach the same Redis objects; a returned dict is the same dict', T, async () => {
    const prefix = freshPrefix();
    const store = s.open(prefix);
    const squares = new Dict<number, number>(store, 'squares');
    const counter = new Value<number>(store, 'counter', 0);
    const pool = new Pool(2);
    try {
      const returned = await pool.starmap(recordSquare, [1, 2, 3, 4, 5, 6].map((x) => [squares, counter, x]));
      assert.deepEqual(new Map([...(await squares.copy())].sort((a, b) => a[0] - b[0])), new Map([[1, 1], [2, 4], [3, 9], [4, 16], [5, 25], [6, 36]]));
      assert.equal(await counter.get(), 6, 'no update was lost between the workers');
      assert.ok(returned[0] instanceof Dict);
      assert.equal(returned[0].name, 'squares');
      assert.equal(await returned[0].get(5), 25);
    } finally {
      pool.terminate();
      await pool.join();
    }
    await squares.unlink();
    await counter.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });
});

describe('received handles', () => {
  let s: Setup;
  before(async () => {
    s = await setUp();
  });
  after(async () => {
    setCurrentStore(null);
    await s.close();
  });

  test('a connected process reopens received objects on its own store and refuses another prefix; malformed handles are TypeError', T, async () => {
    const mine = s.open('mine');
    const theirs = s.open('theirs');
    const elsewhere = new Queue(s.open('mine'), 'q');
    setCurrentStore(mine);
    const revived = decode(encode(elsewhere)) as Queue;
    assert.ok(revived instanceof Queue);
    await revived.put(1);
    assert.equal(await elsewhere.get({ timeout: 5_000 }), 1);
    assert.throws(() => decode(encode(new Queue(theirs, 'q'))), (error) => error instanceof TypeError && /prefix 'theirs'/.test(error.message));
    setCurrentStore(null);
    // A handle whose state was tampered with: the address must be a redis:// URL.
    const bytes = encode(new Queue(theirs, 'q'));
    const tampered = Buffer.from(bytes.toString('latin1').replace('redis://', 'http:///'), 'latin1');
    assert.notDeepEqual(tampered, bytes);
    assert.throws(() => decode(tampered), (error) => error instanceof TypeError && /not a redis:\/\/ URL/.test(error.message));
    await elsewhere.unlink();
  });
});
