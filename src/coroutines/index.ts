// multiproc/coroutines: gevent's spawn / joinall / Greenlet / Pool / Group / Timeout / sleep on the Node event loop.
export { getcurrent, getmain } from './current.js';
export { GreenletExit } from './errors.js';
export { Greenlet, type LinkCallback } from './greenlet.js';
export type { GetOptions, KillOptions } from './greenlet-options.js';
export { Group } from './group.js';
export type { GreenletSet, ImapOptions } from './group-base.js';
export type { MapInput } from './map-run.js';
export { Pool } from './pool.js';
export { setFailureReporter, type FailureReporter } from './report.js';
export { sleep } from './sleep.js';
export { joinall, spawn, spawnLater, type JoinallOptions } from './spawn.js';
export { Timeout, withTimeout, type WithTimeoutOptions } from './timeout.js';
