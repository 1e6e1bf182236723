// The tracker process: `node tracker-main <rootPid> <rootStartTime>`. It polls the root (by pid and kernel start
// time, so a recycled pid does not fool it) and, once the root is gone, removes everything the tree left in
// /dev/shm, again after a grace second for children that outlived the root briefly, then exits. SIGTERM (sent by
// the root's normal exit, which has already cleaned up) makes it sweep once and exit at once.
import { processStartTime } from '../platform/proc.js';
import { sweep } from './sweep.js';

const POLL_MS = 200;
const GRACE_MS = 1000;

const root = Number(process.argv[2]);
// Read here when the root could not give it (see tracker.ts); '' only if the root is already gone, which ends us below.
const rootStart = process.argv[3] || (processStartTime(root) ?? '');

function rootAlive(): boolean {
  const start = processStartTime(root);
  return start !== null && (rootStart === '' || start === rootStart);
}

function finish(grace: boolean): void {
  clearInterval(poll);
  sweep(root, { keepTrackerFile: grace });
  if (!grace) process.exit(0);
  setTimeout(() => {
    sweep(root);
    process.exit(0);
  }, GRACE_MS);
}

// Detached in its own session-less process group; terminal signals meant for the tree must not end it early.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
process.on('SIGTERM', () => finish(false));

const poll = setInterval(() => {
  if (!rootAlive()) finish(true);
}, POLL_MS);
if (!rootAlive()) finish(true);
