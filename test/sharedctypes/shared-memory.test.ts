// SharedMemory and ShareableList: names, attach from children, errors, cleanup of user names.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { getContext } from '../../src/context.js';
import { IndexError, ValueError } from '../../src/index.js';
import { ShareableList, SharedMemory } from '../../src/sharedctypes/index.js';
import * as fixtures from '../fixtures/sharedctypes.js';

const T = { timeout: 60_000 };
const userName = () => `mptest-${process.pid}-${randomBytes(3).toString('hex')}`;

describe('SharedMemory', () => {
  test('create (named or not), attach by name, size, buf, close, unlink', () => {
    const name = userName();
    const created = new SharedMemory({ name, create: true, size: 64 });
    try {
      assert.equal(created.name, name);
      assert.equal(created.size, 64);
      assert.ok(existsSync(`/dev/shm/${name}`));
      created.buf[3] = 7;
      const attached = new SharedMemory({ name: `/${name}` });
      assert.equal(attached.size, 64);
      assert.equal(attached.buf[3], 7);
      attached.close();
      assert.throws(() => attached.buf, ValueError);
    } finally {
      created.unlink();
    }
    assert.equal(existsSync(`/dev/shm/${name}`), false);
    const unnamed = new SharedMemory({ create: true, size: 10 });
    assert.match(unnamed.name, /^mp-\d+-\d+-/);
    unnamed.unlink();
  });

  test('errors: missing name → ENOENT, taken name → EEXIST, bad sizes and names → ValueError', () => {
    assert.throws(() => new SharedMemory({ name: userName() }), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
    const shm = new SharedMemory({ name: userName(), create: true, size: 8 });
    try {
      assert.throws(() => new SharedMemory({ name: shm.name, create: true, size: 8 }), (e: NodeJS.ErrnoException) => e.code === 'EEXIST');
    } finally {
      shm.unlink();
    }
    assert.throws(() => shm.unlink(), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
    assert.throws(() => new SharedMemory({ create: true }), ValueError);
    assert.throws(() => new SharedMemory({ create: true, size: -1 }), ValueError);
    assert.throws(() => new SharedMemory({}), ValueError);
    assert.throws(() => new SharedMemory({ name: 'a/b' }), ValueError);
  });

  for (const method of ['spawn', 'thread'] as const) {
    test(`a ${method} child attaches by name and writes`, T, async () => {
      const { Process } = getContext(method);
      using shm = new SharedMemory({ name: userName(), create: true, size: 32 });
      try {
        const p = new Process({ target: fixtures.writeByName, args: [shm.name, 'hello'] });
        p.start();
        await p.join(30_000);
        assert.equal(p.exitcode, 0);
        assert.equal(Buffer.from(shm.buf.subarray(0, 5)).toString(), 'hello');
      } finally {
        shm.unlink();
      }
    });
  }
});

describe('ShareableList', () => {
  test('items of every kind, indexing (negative too), capacity, count/index, attach by name', () => {
    const list = new ShareableList([1.5, 'hello', null, true, 5n, new Uint8Array([1, 2])]);
    try {
      assert.equal(list.length, 6);
      assert.deepEqual(list.toArray(), [1.5, 'hello', null, true, 5n, new Uint8Array([1, 2])]);
      assert.equal(list[-1] instanceof Uint8Array, true);
      list[1] = 'hi';
      list[2] = 42;
      assert.equal(list[1], 'hi');
      assert.equal(list.format, 'd8sd?q8b');
      assert.throws(() => (list[1] = 'far too long for it'), ValueError);
      assert.throws(() => list.get(6), IndexError);
      assert.equal(list.count(42), 1);
      assert.equal(list.index(true), 3);
      assert.throws(() => list.index('absent'), ValueError);
      const attached = new ShareableList(null, { name: list.shm.name });
      assert.deepEqual([...attached], list.toArray());
    } finally {
      list.shm.unlink();
    }
  });

  test('new ShareableList() creates an empty list, attachable by name', () => {
    const list = new ShareableList();
    try {
      assert.equal(list.length, 0);
      assert.deepEqual([...list], []);
      assert.equal(list.format, '');
      assert.equal(new ShareableList(null, { name: list.shm.name }).length, 0);
      assert.throws(() => list.get(0), IndexError);
    } finally {
      list.shm.unlink();
    }
  });

  test('an index out of range throws the exported IndexError; a non-integer index a TypeError', () => {
    const list = new ShareableList([1, 2]);
    try {
      assert.throws(() => list[2], (e: Error) => e instanceof IndexError && /index 2 out of range \(length 2\)/.test(e.message));
      assert.throws(() => list[-3], IndexError);
      assert.throws(() => (list[5] = 1), IndexError);
      assert.throws(() => list.get(0.5), TypeError);
      assert.equal(list[-2], 1);
    } finally {
      list.shm.unlink();
    }
  });

  test('a child process changes a list it received and one it attached by name', T, async () => {
    const { Process } = getContext('spawn');
    const sent = new ShareableList([1, 'waiting']);
    const named = new ShareableList(['.........'], { name: userName() });
    try {
      const p = new Process({ target: fixtures.editList, args: [sent, named.shm.name] });
      p.start();
      await p.join(30_000);
      assert.equal(p.exitcode, 0);
      assert.deepEqual(sent.toArray(), [2, 'ok']);
      assert.equal(named[0], 'seen');
    } finally {
      sent.shm.unlink();
      named.shm.unlink();
    }
  });
});
