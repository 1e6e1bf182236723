// The errors of multiproc/coroutines, with gevent's names. (Timeout is also an error; it lives in timeout.ts
// because it is a timer as well.)

/** Raised inside a greenlet that is killed, and the exception a killed greenlet ends with (gevent.GreenletExit). */
export class GreenletExit extends Error {
  constructor(message = 'the greenlet was killed') {
    super(message);
  }
}
Object.defineProperty(GreenletExit.prototype, 'name', { value: 'GreenletExit', writable: true, configurable: true });
