// SharedMemoryManager (Python's): SharedMemory and ShareableList made through it are ordinary shared segments that
// any process can use, and the manager's shutdown unlinks every one of them.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { Process, SharedMemoryManager, ShareableList } from '../../src/index.js';
import { editList } from '../fixtures/sharedctypes.js';

const T = { timeout: 90_000 };

test('SharedMemory and ShareableList of a SharedMemoryManager are shared, and unlinked at shutdown', T, async () => {
  const manager = new SharedMemoryManager();
  await manager.start();
  const shm = await manager.SharedMemory(128);
  const list = await manager.ShareableList([1, 'waiting']);
  const other = await manager.ShareableList(['.........']);
  const empty = await manager.ShareableList();
  assert.equal(shm.size, 128);
  assert.equal(empty.length, 0);
  shm.buf[0] = 42;
  const child = new Process({ target: editList, args: [list, other.shm.name] });
  child.start();
  await child.join(60_000);
  assert.equal(child.exitcode, 0);
  assert.deepEqual(list.toArray(), [2, 'ok']);
  assert.equal(new ShareableList(null, { name: other.shm.name })[0], 'seen');
  const names = [shm.name, list.shm.name, other.shm.name, empty.shm.name];
  for (const name of names) assert.ok(existsSync(`/dev/shm/${name}`), `${name} exists while the manager runs`);
  await manager.shutdown();
  for (const name of names) assert.equal(existsSync(`/dev/shm/${name}`), false, `${name} is unlinked by shutdown()`);
  assert.equal(shm.buf[0], 42, 'memory already mapped stays usable after the unlink');
});

test('SharedMemoryManager.SharedMemory(size) refuses a size that is not a positive integer', T, async () => {
  await using manager = new SharedMemoryManager();
  await manager.start();
  await assert.rejects(manager.SharedMemory('x' as never), { name: 'TypeError' });
  await assert.rejects(manager.SharedMemory(0), { name: 'ValueError' });
});
