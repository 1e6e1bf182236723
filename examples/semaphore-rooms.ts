// Seed 002: a Semaphore lets a fixed number in at once — the mall's karaoke rooms: 2 rooms, 5 guests; a guest who
// finds both taken waits at the door until someone leaves. Users write `from 'multiproc'`.
//   node --import tsx examples/semaphore-rooms.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';
import { Semaphore } from '../src/sync/index.js';

const ROOMS = 2;
const GUESTS = 5;

/** Seed 002's go_ktv(sem, user): take a room, sing a while, leave. */
export async function goKtv(sem: Semaphore, user: string, stayMs: number): Promise<void> {
  await sem.acquire();
  try {
    console.log(`${user} got a room`);
    await sleep(stayMs);
    console.log(`${user} left`);
  } finally {
    sem.release();
  }
}

if (isMainProcess()) {
  const sem = new Semaphore(ROOMS);
  const guests = Array.from({ length: GUESTS }, (_, i) => new Process({ target: goKtv, args: [sem, `user${i}`, 100 + 50 * (i % 3)] }));
  for (const p of guests) p.start();
  for (const p of guests) await p.join();
  console.log(`============> everyone has sung; rooms free: ${sem.getValue()}`);
}
