// Start methods and contexts as Python has them: a child's default method, ctx.getContext(), concrete contexts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getContext, Pipe, type Connection } from '../../src/index.js';
import { sendStartMethod, sendStartMethodAfterSetting } from '../fixtures/python-behaviour.js';

async function childStartMethod(method: string, target: (writer: Connection, ...args: never[]) => unknown, ...args: unknown[]): Promise<unknown> {
  const ctx = getContext(method);
  const [reader, writer] = Pipe(false);
  // The targets of this file take the writer first; the rest is whatever each expects.
  const child = new ctx.Process({ target: target as (writer: Connection, ...args: unknown[]) => unknown, args: [writer, ...args] });
  child.start();
  writer.close();
  const answer = await reader.recv();
  reader.close();
  await child.join(30_000);
  assert.equal(child.exitcode, 0);
  return answer;
}

test("a child's getStartMethod() is the method that started it", { timeout: 90_000 }, async () => {
  assert.equal(await childStartMethod('forkserver', sendStartMethod), 'forkserver');
  assert.equal(await childStartMethod('spawn', sendStartMethod), 'spawn');
});

test("a thread-method child keeps its process's default start method", { timeout: 30_000 }, async () => {
  assert.equal(await childStartMethod('thread', sendStartMethod), 'spawn');
});

test('a child may still choose its own default start method without force', { timeout: 30_000 }, async () => {
  assert.equal(await childStartMethod('forkserver', sendStartMethodAfterSetting, 'thread'), 'thread');
});

test('ctx.getContext() is the context itself, or the context of the method named', () => {
  const ctx = getContext('forkserver');
  assert.equal(ctx.getContext(), ctx);
  assert.equal(ctx.getContext(null), ctx);
  assert.equal(ctx.getContext('thread'), getContext('thread'));
  assert.throws(() => ctx.getContext('fork'), { name: 'ValueError' });
});

test('ctx.setStartMethod() on a concrete context raises ValueError', () => {
  const ctx = getContext('spawn');
  assert.throws(() => ctx.setStartMethod('thread'), { name: 'ValueError', message: /concrete context/ });
  assert.throws(() => ctx.setStartMethod('spawn', { force: true }), { name: 'ValueError' });
  assert.equal(ctx.getStartMethod(), 'spawn');
});
