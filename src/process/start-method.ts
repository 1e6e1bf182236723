// Python's start methods: which launcher a Process uses, chosen globally (setStartMethod) or per context.
import { ValueError } from '../errors.js';
import type { Launcher } from './handle.js';
import { ownIdentity } from './identity.js';
import { launchForkserver, launchSpawn } from './launch-spawn.js';
import { launchThread } from './launch-thread.js';

export type StartMethod = 'spawn' | 'forkserver' | 'thread';

export const launchers: Record<StartMethod, Launcher> = { spawn: launchSpawn, forkserver: launchForkserver, thread: launchThread };

let chosen: StartMethod | null = null;

export function checkStartMethod(method: unknown): StartMethod {
  if (typeof method === 'string' && Object.hasOwn(launchers, method)) return method as StartMethod;
  throw new ValueError(`cannot find context for ${JSON.stringify(method)}: start methods are ${getAllStartMethods().join(', ')}`);
}

/**
 * Python's default differs by platform; ours is 'spawn': a fresh process that sees the environment as it is now.
 * A child's default is the method that started it, as in Python; unlike Python, that default does not count as set,
 * so a child may still call setStartMethod() without `force`.
 */
export function getStartMethod(): StartMethod {
  const inherited = ownIdentity().defaultStartMethod;
  return chosen ?? (inherited === undefined || inherited === null ? 'spawn' : checkStartMethod(inherited));
}

export function setStartMethod(method: string, options: { force?: boolean } = {}): void {
  const next = checkStartMethod(method);
  if (chosen !== null && !options.force) throw new ValueError('context has already been set');
  chosen = next;
}

export function getAllStartMethods(): StartMethod[] {
  return ['spawn', 'forkserver', 'thread'];
}
