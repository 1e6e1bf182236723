// A pool's first calls, made while its workers (and the parent) are still warming up their codec between tasks:
// work that arrives then is taken at once and comes back exact, whatever the values' kinds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Pool, ThreadPool } from '../../src/pool/index.js';
import * as t from '../fixtures/pool.js';

const T = { timeout: 60_000 };

for (const [label, make] of [
  ['Pool (spawn)', () => new Pool(2)],
  ['ThreadPool', () => new ThreadPool(2)],
] as const) {
  describe(`${label}: the first calls`, () => {
    test('a call made right after the pool starts, then a large map of integers, doubles and strings, are exact', T, async () => {
      const pool = make();
      try {
        assert.equal(await pool.apply(t.add, [2, 3]), 5);
        const items = Array.from({ length: 30_000 }, (_, i) => (i % 3 === 0 ? i : i % 3 === 1 ? i + 0.25 : `s${i}`));
        const expected = items.map((item) => (typeof item === 'string' ? `${item}!` : item * item));
        assert.deepEqual(await pool.map(t.squareOrShout, items), expected);
        assert.deepEqual(await pool.map(t.squareOrShout, items), expected);
      } finally {
        pool.terminate();
        await pool.join();
      }
    });
  });
}
