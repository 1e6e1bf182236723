// gevent.sleep: a pause that a kill of the current greenlet (or an expiring Timeout) ends at once.
import { currentFrame, registerInterrupt } from './frames.js';

/**
 * Waits `ms` milliseconds (0, the default, yields one turn of the event loop, as gevent.sleep(0) yields to the hub).
 * Rejects promptly with the GreenletExit (or Timeout) when the current greenlet is killed meanwhile.
 */
export function sleep(ms = 0): Promise<void> {
  const frame = currentFrame();
  return new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
    let interrupted = false;
    let unregister: (() => void) | undefined;
    unregister = registerInterrupt(frame, (reason) => {
      interrupted = true;
      unregister?.();
      if (timer !== undefined) {
        if (ms > 0) clearTimeout(timer as NodeJS.Timeout);
        else clearImmediate(timer as NodeJS.Immediate);
      }
      reject(reason);
    });
    if (interrupted) return;
    const wake = (): void => {
      unregister!();
      resolve();
    };
    timer = ms > 0 ? setTimeout(wake, ms) : setImmediate(wake);
  });
}
