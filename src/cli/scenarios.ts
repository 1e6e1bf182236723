// The seed scenarios, in the order `multiproc demo` runs them and test/examples checks them.
// An example joins SCENARIOS once the layer it uses exists in src/; until then it waits in PENDING_SCENARIOS.

/** One runnable example under examples/: what it shows and which seed tutorials it comes from. */
export interface Scenario {
  /** File name under examples/. */
  file: string;
  /** The header line the demo prints. */
  title: string;
  /** The seed tutorials (numbered 000–004) the example ports. */
  seeds: string;
}

/** An example written ahead of its layer; `layer` is the src/ folder it is waiting for. */
export interface PendingScenario extends Scenario {
  layer: string;
}

/** What `multiproc demo` runs, in order. */
export const SCENARIOS: readonly Scenario[] = [
  { file: 'process-from-function.ts', title: 'A function as a child process', seeds: '000, 004' },
  { file: 'process-many.ts', title: 'Several processes, cpuCount() and activeChildren()', seeds: '000' },
  { file: 'process-subclass.ts', title: 'A Process subclass with its own run()', seeds: '000, 001, 002' },
  { file: 'process-join-vs-no-join.ts', title: 'What join() changes', seeds: '001, 002' },
  { file: 'process-pid-ppid.ts', title: 'Process ids: pid and parent pid', seeds: '002, 003, 004' },
  { file: 'process-data-isolation.ts', title: 'Processes share no memory', seeds: '002' },
  { file: 'process-daemon.ts', title: 'Daemon processes end with their parent', seeds: '002, 003' },
  { file: 'process-terminate.ts', title: 'terminate(), isAlive() and exitcode', seeds: '002' },
  { file: 'process-target-must-be-exported.ts', title: 'Targets must be exported (no lambdas)', seeds: '000' },
  { file: 'subprocess-call.ts', title: 'subprocess: call, checkCall, checkOutput', seeds: '000' },
  { file: 'subprocess-popen.ts', title: 'subprocess: Popen, poll, wait, terminate', seeds: '000' },
  { file: 'queue-basics.ts', title: 'Queue: put, get, Full and Empty', seeds: '002' },
  { file: 'queue-between-processes.ts', title: 'Queue: messages between processes', seeds: '002, 003, 004' },
  { file: 'queue-producer-consumer.ts', title: 'Queue: producer and consumer with an end marker', seeds: '002' },
  { file: 'joinable-queue.ts', title: 'JoinableQueue: taskDone() and join()', seeds: '002' },
  { file: 'pipe.ts', title: 'Pipe: parent and child talk', seeds: '002, 003, 004' },
  { file: 'pipe-between-children.ts', title: 'Pipe: two children talk', seeds: '004' },
  { file: 'lock-serial-output.ts', title: 'Lock: one process at a time', seeds: '002, 003' },
  { file: 'lock-ticket-purchase.ts', title: 'Lock: buying tickets without overselling', seeds: '002' },
  { file: 'semaphore-rooms.ts', title: 'Semaphore: two rooms, five guests', seeds: '002' },
  { file: 'event.ts', title: 'Event: cars wait for the green light', seeds: '002' },
  { file: 'pool-apply-async.ts', title: 'Pool: applyAsync, close, join', seeds: '001, 003, 004' },
  { file: 'pool-apply-async-get.ts', title: 'Pool: AsyncResult.get() one by one or all together', seeds: '001' },
  { file: 'pool-map.ts', title: 'Pool: map, starmap, mapAsync', seeds: '000, 001, 004' },
  { file: 'pool-callbacks.ts', title: 'Pool: callback and errorCallback', seeds: '000, 001' },
  { file: 'manager-dict-list.ts', title: 'Manager: a shared dict and list', seeds: '003' },
  { file: 'manager-queue-pool.ts', title: 'Manager: a Queue shared with Pool workers', seeds: '000' },
  { file: 'threading-lock.ts', title: 'threading: a Lock around a shared counter', seeds: '004' },
  { file: 'threading-local.ts', title: 'threading: local() data per thread', seeds: '004' },
  { file: 'threading-lock-balance.ts', title: 'threading: two threads change one balance under a Lock', seeds: '004' },
  { file: 'coroutine-generator-send.ts', title: 'Coroutines: a generator driven with send()', seeds: '004' },
  { file: 'gevent-spawn-joinall.ts', title: 'gevent: spawn and joinall', seeds: '004' },
  { file: 'gevent-pool.ts', title: 'gevent: a Pool limits concurrency', seeds: '004' },
];

/** Examples written against SPEC.md whose layer has not landed yet: move each into SCENARIOS once it runs cleanly. */
export const PENDING_SCENARIOS: readonly PendingScenario[] = [
];
