// gevent.getcurrent: which greenlet is running the calling code, correct across awaits.
import { currentFrame, greenletOfFrame } from './frames.js';
import { Greenlet, mainGreenlet } from './greenlet.js';

/**
 * The greenlet whose function is running the calling code (through any number of awaits), or the main
 * pseudo-greenlet outside any greenlet. Read `getcurrent().signal` to stop early when killed.
 */
export function getcurrent(): Greenlet<unknown> {
  return greenletOfFrame(currentFrame()) as Greenlet<unknown>;
}

/** The pseudo-greenlet of code outside any greenlet (gevent's `get_hub().parent`-side main greenlet). */
export function getmain(): Greenlet<unknown> {
  return mainGreenlet;
}
