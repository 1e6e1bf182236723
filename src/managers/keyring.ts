// Which authkey this process uses for a manager's address. A proxy travels without its manager's key (except to a
// child being started, as in Python), so the receiver supplies its own: the key it already uses for that address
// (it started, connected to, or serves that manager, or received a proxy of it from its parent), else the process's
// authkey — which a manager uses by default, and every child inherits.
import { ownAuthkey } from '../process/identity.js';
import { addressKey, type ManagerAddress } from './channel.js';

const keys = new Map<string, Uint8Array>();

/** Records the key this process proved it knows (or was given) for `address`. */
export function rememberAuthkey(address: ManagerAddress, authkey: Uint8Array): void {
  keys.set(addressKey(address), authkey);
}

/** The key to reach `address` with when a proxy arrived without one. */
export function authkeyFor(address: ManagerAddress): Uint8Array {
  return keys.get(addressKey(address)) ?? ownAuthkey();
}
