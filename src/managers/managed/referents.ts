// Lets a server-side object take another managed object given to it as a proxy (a Condition built on a managed
// Lock): each server in this process says how to find the objects its proxies stand for.
import { BaseProxy, PROXY } from '../base-proxy.js';
import { addressKey, type ManagerAddress } from '../channel.js';

const servers = new Map<string, (id: number) => unknown>();

/** Installed by a server running in this process; returns its removal. */
export function serveReferents(address: ManagerAddress, find: (id: number) => unknown): () => void {
  const key = addressKey(address);
  servers.set(key, find);
  return () => {
    if (servers.get(key) === find) servers.delete(key);
  };
}

/** The object `proxy` stands for when it belongs to a server in this process; otherwise `proxy` itself. */
export function referentOf(proxy: unknown): unknown {
  if (!(proxy instanceof BaseProxy)) return proxy;
  const find = servers.get(addressKey(proxy[PROXY].address));
  return find === undefined ? proxy : find(proxy[PROXY].id);
}
