// The result of run()/runSync(): Python's CompletedProcess.
import { CalledProcessError } from './errors.js';
import type { Args } from './options.js';

/** A finished child: its args, exit status (-N for signal N) and captured outputs (null when not captured). */
export class CompletedProcess<Out extends Buffer | string | null = Buffer | string | null, Err extends Buffer | string | null = Out> {
  constructor(
    public args: Args,
    public returncode: number,
    public stdout: Out = null as Out,
    public stderr: Err = null as Err,
  ) {}

  /** Throw CalledProcessError if the child exited non-zero or died by a signal. */
  checkReturncode(): void {
    if (this.returncode !== 0) throw new CalledProcessError(this.returncode, this.args, this.stdout, this.stderr);
  }
}
