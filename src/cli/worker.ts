// `multiproc worker`: serves distributed pools until SIGTERM or SIGINT. The first signal finishes the chunks held and
// leaves; a second one exits at once (the chunks held are taken over by other workers when their locks expire).
import { DistributedWorker, type WorkerOptions } from '../distributed/worker.js';

export interface WorkerCommandOptions {
  connection: string;
  processes?: number;
  root?: string;
  prefix?: string;
  concurrency?: number;
  lockDuration?: number;
}

/** Runs a worker; resolves with the exit code once it has stopped. */
export async function runWorker(options: WorkerCommandOptions): Promise<number> {
  let worker: DistributedWorker;
  try {
    worker = await DistributedWorker.start(options satisfies WorkerOptions);
  } catch (error) {
    console.error(`error: ${(error as Error).name}: ${(error as Error).message}`);
    return 2;
  }
  console.error(`multiproc worker ${worker.id} ready (prefix ${options.prefix ?? 'multiproc'}); stop it with SIGTERM`);
  let signals = 0;
  const stopped = new Promise<void>((resolve) => {
    const onSignal = () => {
      signals++;
      void worker.stop().then(resolve);
      if (signals > 1) {
        // Leave now: what is held is taken over elsewhere once its locks expire. An unreachable Redis could keep
        // connections (and so the process) waiting, hence the exit rather than a return.
        console.error(`multiproc worker ${worker.id} leaving at once`);
        process.exit(1);
      }
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  await stopped;
  console.error(`multiproc worker ${worker.id} stopped`);
  return 0;
}
