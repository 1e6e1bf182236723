// Seed 002: an Event is a shared flag. wait() blocks while it is false; set() makes it true and wakes every
// waiter; clear() makes it false again. Here: cars wait at a red light until the parent turns it green.
// Users write `from 'multiproc'`.
//   node --import tsx examples/event.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';
import { Event } from '../src/sync/index.js';

/** A car: waits for green (the event set), then passes. */
export async function car(light: Event, n: number): Promise<void> {
  if (!light.isSet()) console.log(`car ${n} waits at the red light`);
  await light.wait();
  console.log(`car ${n} passes`);
}

if (isMainProcess()) {
  const light = new Event();
  const cars = [1, 2, 3].map((n) => new Process({ target: car, args: [light, n] }));
  for (const p of cars) p.start();
  await sleep(500);
  console.log('green light');
  light.set();
  for (const p of cars) await p.join();
  light.clear();
  console.log(`red again: isSet() = ${light.isSet()}; wait(100) gives ${await light.wait(100)}`);
}
