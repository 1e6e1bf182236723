// Constructors that need to import something first (a Barrier's action arrives as a reference to an export).
import type { Reference } from '../../reference/locate.js';
import { resolveTrustedReference } from '../../reference/resolve.js';
import { ManagedBarrier } from './events.js';
import { untrustedTarget } from './untrusted.js';

/** A Barrier whose `action`, if any, is imported in the server and runs there once per cycle. */
export async function createBarrier(parties: number, options: { action?: Reference | null; timeout?: number | null } = {}): Promise<ManagedBarrier> {
  const action = options?.action ? ((await resolveTrustedReference(options.action)) ?? undefined) : undefined;
  if (options?.action && action === undefined) throw untrustedTarget(options.action);
  return new ManagedBarrier(parties, { action, timeout: options?.timeout });
}
