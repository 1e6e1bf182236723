// One way to wait for anything in this package: woken by an event, ended by a timeout, aborted by a kill or a Timeout.
import { FOREVER, normalizeTimeout as normalizeMs, onAbort } from '../time.js';
import { currentFrame, registerInterrupt } from './frames.js';

/** SPEC convention 3 (time.ts), with `null` for "forever" as this layer's waits take it. */
export function normalizeTimeout(timeout: number | null | undefined): number | null {
  const timeoutMs = normalizeMs(timeout);
  return timeoutMs === FOREVER ? null : timeoutMs;
}

/**
 * Resolves true when `subscribe`'s wake is called, false when `timeout` ms pass first; rejects when the current
 * greenlet is killed, a Timeout around this wait expires or `signal` aborts. `subscribe` returns its own undo.
 */
export function waitFor(subscribe: (wake: () => void) => () => void, timeout: number | null, signal?: AbortSignal): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    let unsubscribe: (() => void) | undefined;
    let unregister: (() => void) | undefined;
    let stopListening: (() => void) | undefined;
    const finish = (): boolean => {
      if (finished) return false;
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      unsubscribe?.();
      unregister?.();
      stopListening?.();
      return true;
    };
    unregister = registerInterrupt(currentFrame(), (reason) => {
      if (finish()) reject(reason);
    });
    if (finished) return;
    stopListening = onAbort(signal, (reason) => {
      if (finish()) reject(reason);
    });
    if (finished) return;
    unsubscribe = subscribe(() => {
      if (finish()) resolve(true);
    });
    if (finished) {
      unsubscribe();
      return;
    }
    if (timeout !== null) {
      timer = setTimeout(() => {
        if (finish()) resolve(false);
      }, timeout);
    }
  });
}
