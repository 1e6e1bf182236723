// The spin policy of a reader expecting an answer: spin while it pays off, tolerate single misses, then skip a
// growing number of turns; a hit restores spinning at once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AdaptiveSpin } from '../../src/connection/index.js';

/** Budgets of the next `n` turns, each recorded as `hit`. */
function turns(spin: AdaptiveSpin, n: number, hit: boolean): number[] {
  return Array.from({ length: n }, () => {
    const us = spin.next();
    if (us > 0) spin.record(hit);
    return us;
  });
}

describe('AdaptiveSpin', () => {
  test('spins the whole budget while spinning finds messages', () => {
    const spin = new AdaptiveSpin(50);
    assert.deepEqual(turns(spin, 5, true), [50, 50, 50, 50, 50]);
  });

  test('two misses change nothing; from the third on, skipped turns double up to 64', () => {
    const spin = new AdaptiveSpin(50);
    const budgets = turns(spin, 40, false);
    assert.deepEqual(budgets.slice(0, 3), [50, 50, 50]);
    assert.deepEqual(budgets.slice(3, 6), [0, 0, 50], 'third miss: skip 2');
    assert.deepEqual(budgets.slice(6, 11), [0, 0, 0, 0, 50], 'fourth miss: skip 4');
    const long = turns(spin, 400, false);
    const gaps = long.join(',').split('50').map((run) => run.split(',').filter((x) => x === '0').length);
    assert.ok(Math.max(...gaps) === 64, `skips are capped at 64 (longest run ${Math.max(...gaps)})`);
  });

  test('a hit after misses restores spinning at once', () => {
    const spin = new AdaptiveSpin(20);
    turns(spin, 2, false);
    assert.equal(spin.next(), 20);
    spin.record(true);
    assert.deepEqual(turns(spin, 3, false), [20, 20, 20], 'the miss count started over');
  });
});
