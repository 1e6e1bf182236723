// Checks of the options every waiting call takes ({ block, timeout, signal }), with messages that say what to pass.
export interface WaitOptions {
  /** false: try once and fail at once. Default true. */
  block?: boolean;
  /** ms; undefined or null waits forever, negative means 0. */
  timeout?: number | null;
  signal?: AbortSignal;
}

export interface CheckedWait {
  block: boolean;
  timeout: number | null;
  signal: AbortSignal | undefined;
}

export function validateWaitOptions(method: string, options: WaitOptions | undefined): CheckedWait {
  if (options === undefined) return { block: true, timeout: null, signal: undefined };
  if (typeof options !== 'object' || options === null) throw new TypeError(`${method}: options must be an object { block?, timeout?, signal? }`);
  const { block = true, timeout = null, signal } = options;
  if (typeof block !== 'boolean') throw new TypeError(`${method}: block must be a boolean`);
  validateTimeout(method, timeout);
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`${method}: signal must be an AbortSignal`);
  return { block, timeout, signal };
}

export function validateTimeout(method: string, timeout: unknown): asserts timeout is number | null | undefined {
  if (timeout !== undefined && timeout !== null && (typeof timeout !== 'number' || Number.isNaN(timeout))) {
    throw new TypeError(`${method}: timeout must be a number of milliseconds, or null to wait forever`);
  }
}

export function validateCount(method: string, what: string, value: unknown, least: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least) {
    throw new TypeError(`${method}: ${what} must be an integer >= ${least}, got ${String(value)}`);
  }
  return value;
}
