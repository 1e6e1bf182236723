// The process layer's surface.
export { Process, type ProcessOptions } from './process.js';
export { isMainProcess } from './identity.js';
export { currentProcess, parentProcess } from './current.js';
export { activeChildren, cpuCount } from './api.js';
export { getStartMethod, setStartMethod, getAllStartMethods, type StartMethod } from './start-method.js';
export { startMethodContext, StartMethodContext } from './start-method-context.js';
export { setForkserverPreload } from './forkserver-preload.js';
