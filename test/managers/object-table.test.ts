// The manager server's object table on its own: which methods are exposed, and when an object is dropped and released.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RemoteError } from '../../src/errors.js';
import { ObjectTable, publicMethods, SERVER_HOLDER } from '../../src/managers/object-table.js';
import { RELEASE } from '../../src/managers/managed/release.js';

class Base {
  inherited() {}
  _hidden() {}
}
class Thing extends Base {
  released = 0;
  own() {}
  [RELEASE]() {
    this.released++;
  }
}

test('public methods: inherited and own functions, never names starting with _ or the constructor', () => {
  const thing = Object.assign(new Thing(), { attached: () => 1, _private: () => 2, data: 3 });
  assert.deepEqual(publicMethods(thing).sort(), ['attached', 'inherited', 'own']);
  assert.deepEqual(publicMethods(null), []);
  assert.deepEqual(publicMethods(42), []);
});

test('an explicit exposed list replaces the public methods', () => {
  const table = new ObjectTable();
  const { entry } = table.add(new Thing(), 'Thing', { exposed: ['own'] }, 1);
  assert.deepEqual(entry.exposed, ['own']);
  assert.equal(entry.callable.has('inherited'), false);
});

test('an object lives while a holder refers to it, and is released once when the last reference goes', () => {
  const table = new ObjectTable();
  const thing = new Thing();
  const { id } = table.add(thing, 'Thing', {}, 1);
  assert.equal(table.get(id).obj, thing);
  table.incref(id); // a proxy is sent to another connection
  table.adopt(id, 2); // which receives it
  table.decref(id, 1);
  assert.equal(table.size, 1, 'connection 2 still refers to it');
  table.decref(id, 2);
  assert.equal(table.size, 0);
  assert.equal(thing.released, 1);
  assert.throws(() => table.get(id), RemoteError);
  table.decref(id, 2); // a late decref of a dropped object is harmless
  assert.equal(thing.released, 1);
});

test('a reference in flight keeps the object; an adopt that overtakes its incref balances out', () => {
  const table = new ObjectTable();
  const thing = new Thing();
  const { id } = table.add(thing, 'Thing', {}, null); // created floating: the creating proxy is on its way
  table.adopt(id, 3);
  table.adopt(id, SERVER_HOLDER); // arrives before its incref
  table.decref(id, 3);
  assert.equal(table.size, 1, 'the server-side proxy still holds it');
  table.incref(id);
  table.decref(id, SERVER_HOLDER);
  assert.equal(table.size, 0);
  assert.equal(thing.released, 1);
});

test('a closed connection drops every reference it held; clear() releases everything', async () => {
  const table = new ObjectTable();
  const [a, b, c] = [new Thing(), new Thing(), new Thing()];
  const idA = table.add(a, 'Thing', {}, 7).id;
  table.add(b, 'Thing', {}, 7);
  table.add(c, 'Thing', {}, 8);
  table.adopt(idA, 8);
  table.incref(idA);
  table.dropHolder(7);
  assert.deepEqual([a.released, b.released, c.released], [0, 1, 0]);
  await table.clear();
  assert.deepEqual([a.released, b.released, c.released], [1, 1, 1]);
  assert.equal(table.size, 0);
});

test('ids of a new table do not follow on from an old one', () => {
  const first = new ObjectTable().add({}, 'dict', {}, 1).id;
  const second = new ObjectTable().add({}, 'dict', {}, 1).id;
  assert.notEqual(first, second);
});
