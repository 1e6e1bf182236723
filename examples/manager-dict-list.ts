// Seed 003: a Manager serves a dict and a list that every process can change through proxies (Queue and Pipe
// only pass messages; a Manager shares the data itself). Users write `from 'multiproc'`.
//   node --import tsx examples/manager-dict-list.ts
import { Process, isMainProcess } from '../src/index.js';
import { Manager, type DictProxy, type ListProxy } from '../src/managers/index.js';

/** Seed 003's f(d, l, n): every child writes into the same dict and list (each call is a round trip). */
export async function f(d: DictProxy, l: ListProxy, n: number): Promise<void> {
  await d.set(n, '1');
  await d.set('2', 2);
  await d.set(0.25, null);
  await l.append(n);
}

if (isMainProcess()) {
  await using manager = await Manager();
  const d = await manager.dict();
  const l = await manager.list([0, 1, 2, 3, 4]);
  const children = [0, 1, 2, 3, 4].map((n) => new Process({ target: f, args: [d, l, n] }));
  for (const p of children) p.start();
  for (const p of children) await p.join();
  const keys = (await d.keys()) as unknown[];
  console.log(`dict has ${await d.len()} keys: ${keys.map(String).sort().join(', ')}`);
  console.log(`d.get('2') = ${await d.get('2')}, d.get(0.25) = ${await d.get(0.25)}`);
  const items = (await l.copy()) as number[];
  console.log(`list has ${await l.len()} items: first five ${items.slice(0, 5).join(', ')}; appended ${items.slice(5).sort().join(', ')}`);
}
