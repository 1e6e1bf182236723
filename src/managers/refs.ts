// Reference counting across processes, as Python's incref/decref: every proxy object holds one reference to its
// managed object. A proxy being sent adds a "floating" reference (Incref) that its receiver takes over (Adopt); a
// proxy collected by the garbage collector gives its reference back (Decref). References held by a connection die
// with it, so a crashed client leaks nothing. In the server's own process the same steps are direct calls.
import { addressKey, channelTo, openChannel, type ManagerAddress } from './channel.js';
import { Op } from './protocol.js';

/** What a server in this process does for proxies of its own objects (e.g. a proxy stored in a managed dict). */
export interface LocalReferences {
  incref(id: number): void;
  adopt(id: number): void;
  decref(id: number): void;
}

const localServers = new Map<string, LocalReferences>();

/** Marks `address` as served by this process: its proxies here count their references without a socket. */
export function hostLocally(address: ManagerAddress, server: LocalReferences): () => void {
  const key = addressKey(address);
  localServers.set(key, server);
  return () => {
    if (localServers.get(key) === server) localServers.delete(key);
  };
}

interface Held {
  address: ManagerAddress;
  authkey: Uint8Array;
  id: number;
}

const collected = new FinalizationRegistry<Held>(({ address, authkey, id }) => {
  const local = localServers.get(addressKey(address));
  if (local !== undefined) local.decref(id);
  else openChannel(address, authkey)?.notify(Op.Decref, id);
});

/** Gives the reference back when `proxy` is collected. */
export function trackProxy(proxy: object, address: ManagerAddress, authkey: Uint8Array, id: number): void {
  collected.register(proxy, { address, authkey, id });
}

/** A proxy is being sent: add the reference its receiver will adopt (ordered before anything sent after it). */
export function increfForSending(address: ManagerAddress, authkey: Uint8Array, id: number): void {
  const local = localServers.get(addressKey(address));
  if (local !== undefined) local.incref(id);
  else channelTo(address, authkey).notify(Op.Incref, id);
}

/** A proxy was received: take over the reference its sender added, and give it back when the proxy is collected. */
export function adoptReceived(proxy: object, address: ManagerAddress, authkey: Uint8Array, id: number): void {
  const local = localServers.get(addressKey(address));
  if (local !== undefined) local.adopt(id);
  else channelTo(address, authkey).notify(Op.Adopt, id);
  trackProxy(proxy, address, authkey, id);
}
