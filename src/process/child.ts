// The child's side of a start: decode what the parent sent, run the target (awaiting a promise), report an uncaught
// error on stderr as Python does, let buffered work finish, and exit with Python's exit code.
import { runBeforeChildExit } from '../lifecycle.js';
import { resolveReference } from '../reference/resolve.js';
import { decodeAsync, messageFlags } from '../serialize/index.js';
import { Flags } from '../serialize/tags.js';
import { liveChildren, liveNonDaemonThreads } from './children.js';
import { becomeChild, setBootstrapping } from './identity.js';
import { newState, Process, STATE } from './process.js';
import { setCurrentProcess } from './current.js';
import type { ChildPayload } from './wire.js';

async function buildProcess(payload: ChildPayload): Promise<Process> {
  const { header, parts, attachments } = payload;
  // Library objects among the arguments need their layers' reducers; children that get none skip loading them.
  if (parts.some((part) => part !== null && messageFlags(part) & Flags.References)) await import('./library-objects.js');
  const target = header.target === null ? undefined : await resolveReference(header.target);
  const args = (await decodeAsync(parts[0], attachments)) as unknown[];
  const kwargs = (await decodeAsync(parts[1], attachments)) as object | undefined;
  const child = parts[2] === null ? Object.create(Process.prototype) : ((await decodeAsync(parts[2], attachments)) as Process);
  Object.defineProperty(child, STATE, {
    value: newState({ target, args, kwargs, name: header.name, daemon: header.daemon }, true),
    writable: true,
    enumerable: false,
    configurable: true,
  });
  return child;
}

function report(name: string, error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : `Uncaught ${String(error)}`;
  process.stderr.write(`Process ${name}:\n${text}\n`);
}

/** Runs a child to completion and returns its exit code (0, or 1 after an uncaught error). */
export async function runChild(payload: ChildPayload): Promise<number> {
  becomeChild({ ...payload.header, bootstrapping: 'target' });
  let code = 0;
  try {
    const child = await buildProcess(payload);
    setBootstrapping(undefined);
    setCurrentProcess(child);
    await child.run();
  } catch (error) {
    report(payload.header.name, error);
    code = 1;
  }
  // Python's threading._shutdown(): the child ends only after its non-daemon threads (which may start more); daemon
  // threads end with it.
  for (let threads = liveNonDaemonThreads(); threads.length > 0; threads = liveNonDaemonThreads()) {
    await Promise.all(threads.map((thread) => thread.join()));
  }
  await runBeforeChildExit();
  // As Python's child does at exit: wait for its own non-daemon children, terminate daemonic ones.
  for (const grandchild of liveChildren()) {
    if (grandchild.daemon) grandchild.terminate();
    else await grandchild.join();
  }
  return code;
}
