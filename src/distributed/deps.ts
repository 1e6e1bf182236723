// bullmq and ioredis are optional peer dependencies: only users of multiproc/distributed install them, and the main
// entry never loads them. They are imported on first use, with an error that says what to install when missing.
import type * as BullMQ from 'bullmq';
import type * as IORedis from 'ioredis';

export interface Dependencies {
  bullmq: typeof BullMQ;
  Redis: typeof IORedis.Redis;
}

let loading: Promise<Dependencies> | undefined;

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

async function importDependencies(): Promise<Dependencies> {
  try {
    const [bullmq, ioredis] = await Promise.all([import('bullmq'), import('ioredis')]);
    return { bullmq, Redis: ioredis.Redis };
  } catch (error) {
    if (!isMissing(error)) throw error;
    throw new Error(
      'multiproc/distributed needs the packages bullmq and ioredis, which are not installed: run `npm install bullmq ioredis`',
      { cause: error },
    );
  }
}

/** bullmq and ioredis, imported once. */
export function loadDependencies(): Promise<Dependencies> {
  loading ??= importDependencies();
  return loading;
}
