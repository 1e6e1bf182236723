// Work that must finish before a child process or thread exits (e.g. queue data still buffered in this process).
// Lower layers register here; the process layer runs it after the target returns, before exiting, as Python's
// child joins its queues' feeder threads.

type Hook = () => void | Promise<void>;
const hooks = new Set<Hook>();

/** Registers `hook` to run before this child exits normally; returns a function that removes it. */
export function beforeChildExit(hook: Hook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Runs every registered hook (errors are reported, not thrown: exiting must go on). */
export async function runBeforeChildExit(): Promise<void> {
  for (const hook of [...hooks]) {
    try {
      await hook();
    } catch (error) {
      process.stderr.write(`multiproc: cleanup before exit failed: ${(error as Error)?.stack ?? String(error)}\n`);
    }
  }
}
