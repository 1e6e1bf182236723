// The 'thread' start method: the child is a worker_threads thread of this process (Python's multiprocessing.dummy
// made real). It gets the same payload as a process would; terminate() and kill() report -SIGTERM / -SIGKILL so that
// programs behave the same under every start method.
import { Worker } from 'node:worker_threads';
import { constants } from 'node:os';
import { BOOTSTRAP_URL, childExecArgv, SPARE_READY, startSpareAfter, type ChildHandle } from './handle.js';
import { SPARE_COUNT, Spares } from './spares.js';
import { threadHookImport, withTranspiled } from './typescript-loader.js';
import { forSpare, type ChildPayload } from './wire.js';

/**
 * Worker threads do not inherit the parent's module loader hooks, so a parent running TypeScript through tsx has the
 * thread register tsx itself before importing the bootstrap (and, through it, the target's module); a child of a
 * TypeScript program, which runs the small hook instead, has its threads register that.
 */
function threadEntry(): string {
  const usesTsx = process.execArgv.some((arg) => /(^|[/\\])tsx([/\\]|$)/.test(arg)) || BOOTSTRAP_URL.pathname.endsWith('.ts');
  const bootstrap = JSON.stringify(BOOTSTRAP_URL.href);
  const smallHook = usesTsx ? null : threadHookImport();
  if (smallHook !== null) return `import(${JSON.stringify(smallHook)}).then(() => import(${bootstrap}))`;
  if (!usesTsx) return `import(${bootstrap})`;
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return `import(${tsx}).then((tsx) => { tsx.register(); return import(${bootstrap}); })`;
}

/**
 * Options a Worker refuses (process-wide ones such as --stack-trace-limit or --v8-pool-size, which Node 24's test
 * runner passes to every test process) are learned from the first refusal and left out from then on: Node offers no
 * list of what a Worker accepts, and its refusal names each flag it rejects.
 */
const refusedByWorker = new Set<string>();

const flagName = (arg: string): string => arg.split('=', 1)[0]!;

function workerExecArgv(): string[] {
  return childExecArgv().filter((arg, i, all) => arg !== '--import' && all[i - 1] !== '--import' && !refusedByWorker.has(flagName(arg)));
}

/** The flags of an ERR_WORKER_INVALID_EXEC_ARGV message ("...invalid execArgv flags: --a=1, --b"), by name. */
function refusedFlags(error: unknown): string[] {
  if ((error as NodeJS.ErrnoException | null)?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return [];
  const listed = (error as Error).message.split(': ').slice(1).join(': ');
  return listed.split(', ').filter((flag) => flag.startsWith('-')).map(flagName);
}

function startWorker(payload: ChildPayload | null): Worker {
  const start = () => new Worker(threadEntry(), { eval: true, workerData: payload, execArgv: workerExecArgv(), env: { ...process.env }, transferList: [] });
  try {
    return start();
  } catch (error) {
    const refused = refusedFlags(error).filter((name) => !refusedByWorker.has(name));
    if (refused.length === 0) throw error;
    for (const name of refused) refusedByWorker.add(name);
    return start();
  }
}

/**
 * Threads started ahead with the bootstrap (and the library) loaded, waiting for their payload (see spares.ts): loading
 * is most of a thread child's start. A start that took a spare refills at once: one at a time while another spare is
 * ready, all together when none is (starts outpace the spares: a program starting threads one after another, which
 * waits on them rather than using the cores itself). The very first start refills after its child (startSpareAfter),
 * so that a burst of first starts is not slowed by spares booting.
 */
const spares: Spares<Worker> = new Spares((booted) => {
  const worker = startWorker(null);
  worker.unref();
  worker.once('message', (message) => {
    if (message === SPARE_READY) booted();
  });
  // A spare that fails to boot is dropped; the next start makes its own thread.
  worker.once('error', () => undefined).once('exit', () => spares.drop(worker));
  return worker;
});

function takeSpare(payload: ChildPayload): Worker | null {
  const worker = spares.take();
  worker?.postMessage(forSpare(payload));
  return worker;
}

export function launchThread(sent: ChildPayload): ChildHandle {
  const payload = threadHookImport() === null ? sent : withTranspiled(sent);
  const warm = takeSpare(payload);
  const worker = warm ?? startWorker(payload);
  worker.ref();
  let endedBy: number | null = null;
  const exited = new Promise<number>((resolve) => {
    worker.once('exit', (code) => resolve(endedBy ?? code));
  });
  if (warm !== null) setImmediate(() => spares.refill(spares.hasReady() ? 1 : SPARE_COUNT));
  else startSpareAfter(exited, () => spares.refill());
  // An error thrown by the bootstrap itself (not the target, which reports its own) must not crash the parent.
  worker.on('error', (error) => process.stderr.write(`Thread child ${payload.header.name} failed: ${error.stack}\n`));
  const end = (signal: number) => {
    endedBy ??= -signal;
    void worker.terminate();
  };
  return {
    pid: process.pid,
    ident: worker.threadId,
    exited,
    terminate: () => end(constants.signals.SIGTERM),
    kill: () => end(constants.signals.SIGKILL),
    setKeepsParentAlive: (keep) => (keep ? worker.ref() : worker.unref()),
  };
}
