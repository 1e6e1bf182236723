// gevent prints the traceback of a greenlet that dies of an error; we do the same, but only when nobody is
// listening (joined, awaited, linked, pooled map): such an error is otherwise lost, yet must not crash the process.
import { GreenletExit } from './errors.js';

/** Whatever prints an unobserved greenlet failure; tests and applications may replace it with setFailureReporter(). */
export type FailureReporter = (error: unknown, greenlet: { toString(): string }) => void;

const printToStderr: FailureReporter = (error, greenlet) => {
  const detail = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  const name = error instanceof Error ? error.name : typeof error;
  process.stderr.write(`${detail}\n${String(greenlet)} failed with ${name}\n\n`);
};

let reporter: FailureReporter = printToStderr;

/** Replaces how unobserved failures are reported (pass nothing to restore printing to stderr); returns the old one. */
export function setFailureReporter(next?: FailureReporter): FailureReporter {
  const previous = reporter;
  reporter = next ?? printToStderr;
  return previous;
}

/** Reports `error` one event-loop turn later unless `isObserved()` has become true meanwhile. */
export function reportIfUnobserved(error: unknown, greenlet: { toString(): string }, isObserved: () => boolean): void {
  if (error instanceof GreenletExit) return;
  setImmediate(() => {
    if (!isObserved()) reporter(error, greenlet);
  });
}
