// Targets by reference: exported functions and classes of ES and CommonJS modules (TypeScript included) are found
// and re-imported; anything else is refused with a message that says how to fix it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { referenceOf } from '../../src/reference/locate.js';
import { resolveReference, resolveReferenceSync } from '../../src/reference/resolve.js';
import * as targets from '../fixtures/targets.js';

const require = createRequire(import.meta.url);
const cjs = require('../fixtures/cjs-targets.cjs') as { triple(x: number): number; Box: new (v: number) => unknown };

test('exported functions, arrow functions, default exports and classes of a .ts ES module', async () => {
  for (const [fn, name] of [
    [targets.square, 'square'],
    [targets.slowDouble, 'slowDouble'],
    [targets.arrowAdd, 'arrowAdd'],
    [targets.default, 'default'],
    [targets.Point, 'Point'],
  ] as const) {
    const reference = referenceOf(fn);
    assert.equal(reference.name, name);
    assert.equal(reference.kind, 'esm');
    assert.match(reference.url, /^file:.*targets\.ts/);
    assert.equal(await resolveReference(reference), fn);
  }
});

test('exports of a CommonJS module', () => {
  const reference = referenceOf(cjs.triple);
  assert.deepEqual([reference.name, reference.kind], ['triple', 'cjs']);
  assert.equal(resolveReferenceSync(reference), cjs.triple);
  assert.equal(referenceOf(cjs.Box).name, 'Box');
});

test('closures, local functions, bound functions, methods and built-ins are refused with advice', () => {
  const local = () => 1;
  const cases: [unknown, RegExp][] = [
    [targets.makeClosure(), /does not export it/],
    [local, /does not export it/],
    [function inner() {}, /function 'inner'.*does not export it/],
    [targets.square.bind(null), /bound function/],
    [Math.max, /built-in or native/],
    [new targets.Point(1, 1).norm, /function 'norm'.*does not export it/],
    ['square', /must be a function or class/],
  ];
  for (const [fn, message] of cases) {
    assert.throws(() => referenceOf(fn), { name: 'TypeError', message });
    if (typeof fn === 'function') assert.throws(() => referenceOf(fn), { message: /export it \(export function/ });
  }
});
