// The `lock` option of Value and SharedArray, as Python's: true or absent makes a new RLock, false means none,
// and an existing Lock or RLock is shared.
import { Lock } from '../sync/lock.js';
import { RLock } from '../sync/rlock.js';

export type LockOption = boolean | Lock | RLock | undefined;

export function lockFor(option: LockOption): Lock | RLock | null {
  if (option === undefined || option === true) return new RLock();
  if (option === false) return null;
  if (option instanceof Lock || option instanceof RLock) return option;
  throw new TypeError(`lock must be a boolean, a Lock or an RLock, got ${option === null ? 'null' : typeof option}`);
}
