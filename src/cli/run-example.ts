// Runs one example file as a child Node process, handing each line of its output (stdout and stderr) to a callback.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT, nodeArgsFor } from './paths.js';

/** How long output may still arrive after the example itself exited (from its children). */
const PIPE_GRACE_MS = 2000;

/** How one example run ended. */
export interface ExampleOutcome {
  /** The exit code, or null when ended by a signal (timeout included). */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  ms: number;
}

/** Runs `file` with the same node binary; `onLine` gets every output line as it comes. Never rejects. */
export function runExample(file: string, onLine: (line: string, stream: 'stdout' | 'stderr') => void, timeoutMs: number): Promise<ExampleOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgsFor(file), { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const streamsDone = (['stdout', 'stderr'] as const).map((name) => {
      const lines = createInterface({ input: child[name], crlfDelay: Infinity });
      lines.on('line', (line) => onLine(line, name));
      return new Promise<void>((done) => lines.once('close', done));
    });
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((done) => {
      child.once('error', (error) => {
        onLine(`could not start: ${error.message}`, 'stderr');
        done([null, null]);
      });
      child.once('exit', (code, signal) => done([code, signal]));
    });
    // Grandchildren may hold the pipes a moment after the example exits: give them a little while, then let go.
    void exited.then(async ([code, signal]) => {
      clearTimeout(timer);
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(streamsDone), new Promise((done) => (grace = setTimeout(done, PIPE_GRACE_MS)))]);
      clearTimeout(grace);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, signal, timedOut, ms: performance.now() - started });
    });
  });
}
