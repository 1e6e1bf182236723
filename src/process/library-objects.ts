// Loaded by every child before its arguments are decoded: these modules register the reducers that revive library
// objects (locks, shared values, pipes, queues), which the target's module may never import itself (a TypeScript
// type-only import leaves no trace at run time).
import '../sync/index.js';
import '../sharedctypes/index.js';
import '../connection/index.js';
import '../queues/index.js';
