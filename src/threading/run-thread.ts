// The first code of every started Thread, inside its worker: record who this thread is, decode what the parent
// sent (after importing the target's module, which loads what the values need), run run(), and print an escaping
// error the way Python's excepthook does. It returns normally either way: as in Python, an error in a thread does
// not fail the process.
import { setBootstrapping, setOwnAuthkey } from '../process/identity.js';
import { resolveReference } from '../reference/resolve.js';
import { decodeAsync } from '../serialize/index.js';
import { printThreadException } from './excepthook.js';
import { ownNativeId } from './native-id.js';
import type { ThreadSpec } from './spec.js';
import { adoptNameCounter, threadingState } from './state.js';
import { adoptRunningThread, standInThread, Thread } from './thread.js';

/** Exported because the process layer starts threads by reference: this is the target of every Thread's worker. */
export async function runThread(spec: ThreadSpec): Promise<void> {
  Atomics.store(spec.nativeIdCell, 0, ownNativeId() ?? 0);
  adoptNameCounter(spec.nameCounter);
  setOwnAuthkey(Buffer.from(spec.authkey, 'hex'));
  const state = threadingState();
  // Until run() begins (while the target's module loads), currentThread() already answers with this thread's name.
  state.current = standInThread('self', spec.name, spec.daemon);
  let thread: Thread | null = null;
  try {
    // Importing the target's module is this thread's bootstrapping, as it is a child process's.
    setBootstrapping('target');
    const target = spec.target === null ? undefined : await resolveReference(spec.target);
    const args = (await decodeAsync(spec.args, spec.attachments)) as unknown[];
    const kwargs = (await decodeAsync(spec.kwargs, spec.attachments)) as object | undefined;
    const object = spec.instance === null ? (Object.create(Thread.prototype) as Thread) : ((await decodeAsync(spec.instance, spec.attachments)) as Thread);
    setBootstrapping(undefined);
    thread = adoptRunningThread(object, { target, args, kwargs, name: spec.name, daemon: spec.daemon });
    state.current = thread;
    await thread.run();
  } catch (error) {
    printThreadException(thread?.name ?? spec.name, error);
  }
}
