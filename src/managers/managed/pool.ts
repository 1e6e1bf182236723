// What a manager's Pool is in the server: the library's Pool, whose workers are the server's children. Functions
// arrive as references and are imported here; ...Async and imap results become managed objects of their own.
import { Pool } from '../../pool/index.js';
import type { Reference } from '../../reference/locate.js';
import { resolveTrustedReference } from '../../reference/resolve.js';
import { RELEASE } from './release.js';
import { untrustedTarget } from './untrusted.js';

type Target = (...args: any[]) => unknown;

/** A client names the function: the server imports only what it may trust (reference/trust.ts). */
async function targetOf(reference: Reference): Promise<Target> {
  const target = await resolveTrustedReference(reference);
  if (target === null) throw untrustedTarget(reference);
  return target as Target;
}

/** A Pool whose methods take function references. */
export class ManagedPool {
  private readonly pool: Pool;

  constructor(processes?: number) {
    this.pool = new Pool(processes ?? undefined);
  }

  async apply(fn: Reference, args: unknown[] = [], kwds?: object): Promise<unknown> {
    return this.pool.apply(await targetOf(fn), args, kwds ?? undefined);
  }

  async applyAsync(fn: Reference, args: unknown[] = [], kwds?: object): Promise<unknown> {
    return this.pool.applyAsync(await targetOf(fn), args, { kwds: kwds ?? undefined });
  }

  async map(fn: Reference, items: unknown[], chunksize?: number): Promise<unknown> {
    return this.pool.map(await targetOf(fn), items, chunksize ?? undefined);
  }

  async mapAsync(fn: Reference, items: unknown[], chunksize?: number): Promise<unknown> {
    return this.pool.mapAsync(await targetOf(fn), items, { chunksize: chunksize ?? undefined });
  }

  async starmap(fn: Reference, items: unknown[][], chunksize?: number): Promise<unknown> {
    return this.pool.starmap(await targetOf(fn), items, chunksize ?? undefined);
  }

  async starmapAsync(fn: Reference, items: unknown[][], chunksize?: number): Promise<unknown> {
    return this.pool.starmapAsync(await targetOf(fn), items, { chunksize: chunksize ?? undefined });
  }

  async imap(fn: Reference, items: unknown[], chunksize = 1): Promise<unknown> {
    return this.pool.imap(await targetOf(fn), items, chunksize);
  }

  async imapUnordered(fn: Reference, items: unknown[], chunksize = 1): Promise<unknown> {
    return this.pool.imapUnordered(await targetOf(fn), items, chunksize);
  }

  close(): void {
    this.pool.close();
  }

  terminate(): void {
    this.pool.terminate();
  }

  join(): Promise<void> {
    return this.pool.join();
  }

  async [RELEASE](): Promise<void> {
    this.pool.terminate();
    await this.pool.join();
  }
}
