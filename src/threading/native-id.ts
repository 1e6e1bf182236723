// The operating system's id of the calling thread (Python's get_native_id): Linux names each thread's task in
// /proc/thread-self, and a synchronous readlink runs on the calling JS thread, so it answers for that thread.
import { readlinkSync } from 'node:fs';

let cached: number | undefined | null = null;

/** This thread's kernel thread id (TID), or undefined where /proc/thread-self does not exist (not Linux). */
export function ownNativeId(): number | undefined {
  if (cached === null) {
    try {
      const link = readlinkSync('/proc/thread-self');
      cached = Number(link.slice(link.lastIndexOf('/') + 1));
    } catch {
      cached = undefined;
    }
  }
  return cached;
}
