// OrderedOutput: concurrent scenarios print one after another, the head live, the rest held until their turn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrderedOutput } from '../../src/cli/ordered-output.js';

test('the head writes through; later producers are held and flushed in order', () => {
  const written: string[] = [];
  const output = new OrderedOutput(3, (text) => written.push(text));
  output.write(0, 'a1');
  output.write(2, 'c1');
  output.write(1, 'b1');
  assert.deepEqual(written, ['a1']);
  output.write(2, 'c2');
  output.finish(2); // finished early: still waits for 0 and 1
  assert.deepEqual(written, ['a1']);
  output.write(0, 'a2');
  output.finish(0); // 1 becomes the head and prints what it held
  assert.deepEqual(written, ['a1', 'a2', 'b1']);
  output.write(1, 'b2');
  output.finish(1); // 2 was already done: flushed at once
  assert.deepEqual(written, ['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
});
