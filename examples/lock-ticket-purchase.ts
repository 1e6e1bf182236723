// Seed 002: buying tickets. Every client reads how many tickets are left (anyone may, at once); buying —
// read, decrement, write back — happens under a Lock, so no ticket is sold twice. Without the lock, clients
// read the same count and the file ends up wrong. Users write `from 'multiproc'`.
//   node --import tsx examples/lock-ticket-purchase.ts
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';
import { Lock } from '../src/sync/index.js';

const TICKETS = 2;
const CLIENTS = 5;

function readCount(db: string): number {
  return (JSON.parse(readFileSync(db, 'utf8')) as { count: number }).count;
}

/** Writes the count so that a reader without the lock never sees a half-written file: a new file renamed over it. */
function writeCount(db: string, count: number): void {
  writeFileSync(`${db}.${process.pid}`, JSON.stringify({ count }));
  renameSync(`${db}.${process.pid}`, db);
}

/** Seed 002's search(): look at the count, no lock needed. */
function search(client: number, db: string): void {
  console.log(`client ${client} sees ${readCount(db)} ticket(s) left`);
}

/** Seed 002's get(): read, pretend network delay, decrement, write back. */
async function get(client: number, db: string): Promise<void> {
  const count = readCount(db);
  await sleep(50); // the read's network delay
  if (count > 0) {
    await sleep(50); // the write's network delay
    writeCount(db, count - 1);
    console.log(`client ${client} bought a ticket`);
  } else {
    console.log(`client ${client} found no ticket left`);
  }
}

/** One client: search freely, buy under the lock. */
export async function task(lock: Lock, client: number, db: string): Promise<void> {
  search(client, db);
  await lock.acquire();
  try {
    await get(client, db);
  } finally {
    lock.release();
  }
}

if (isMainProcess()) {
  const dir = mkdtempSync(join(tmpdir(), 'multiproc-tickets-'));
  const db = join(dir, 'db.json');
  writeCount(db, TICKETS);
  const lock = new Lock();
  const clients = Array.from({ length: CLIENTS }, (_, client) => new Process({ target: task, args: [lock, client, db] }));
  for (const p of clients) p.start();
  for (const p of clients) await p.join();
  console.log(`tickets left at the end: ${readCount(db)} (started with ${TICKETS}, ${CLIENTS} clients)`);
  rmSync(dir, { recursive: true, force: true });
}
