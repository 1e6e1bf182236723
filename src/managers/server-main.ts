// The manager's server process: its main loop is this exported function, the target BaseManager.start() runs in a
// child. It imports the registered callables, runs the initializer, listens, reports its address, then serves.
import type { Connection, Address } from '../connection/index.js';
import type { Reference } from '../reference/locate.js';
import { resolveReference } from '../reference/resolve.js';
import type { ServedType } from './object-table.js';
import { Server } from './server.js';
// The proxies a server hands out or receives must revive here too (a nested proxy in a dict, a Condition's Lock).
import './dict-proxy.js';
import './list-proxy.js';
import './namespace-proxy.js';
import './queue-proxy.js';
import './sync-proxies.js';
import './value-proxy.js';
import './pool-proxy.js';

/** A registered type as it travels to the server: [typeid, callable reference, exposed, methodToTypeid]. */
export type TypeOnTheWire = [typeid: string, callable: Reference | null, exposed: string[] | null, methodToTypeid: Record<string, string> | null];

/** What BaseManager.start() sends its server process. */
export interface ServerConfig {
  address: Address | null;
  authkey: Uint8Array;
  types: TypeOnTheWire[];
  initializer: Reference | null;
  initargs: unknown[];
}

/** How long a server waits to see whether listening failed before it reports its address. */
const LISTEN_CHECK_MS = 20;

/** Turns the registry sent by start() back into callables. */
export async function resolveTypes(types: TypeOnTheWire[]): Promise<Map<string, ServedType>> {
  const served = new Map<string, ServedType>();
  for (const [typeid, callable, exposed, methodToTypeid] of types) {
    served.set(typeid, { callable: callable === null ? undefined : await resolveReference(callable), exposed, methodToTypeid });
  }
  return served;
}

/** The server process's main loop: replies `{ address }` (or `{ error }`) on `ready`, then serves until shutdown. */
export async function runManagerServer(config: ServerConfig, ready: Connection): Promise<void> {
  let server: Server;
  try {
    const types = await resolveTypes(config.types);
    if (config.initializer !== null) await (await resolveReference(config.initializer))(...config.initargs);
    server = new Server(types, config.address, new Uint8Array(config.authkey));
  } catch (error) {
    ready.send({ error });
    throw error;
  }
  const serving = server.serveForever();
  await new Promise((resolve) => setTimeout(resolve, LISTEN_CHECK_MS));
  if (server.failure !== null) {
    ready.send({ error: server.failure });
    throw server.failure;
  }
  ready.send({ address: server.address });
  ready.close();
  await serving;
}
