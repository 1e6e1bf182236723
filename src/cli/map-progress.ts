// `multiproc map`'s progress bar on stderr (cli-progress), shown only when stderr is a terminal; error lines go
// through it so that they print above the bar instead of through it.
import cliProgress from 'cli-progress';

/** Progress and error lines: a live bar on a terminal, plain error lines otherwise. */
export interface MapProgress {
  /** `done` items mapped so far. */
  update(done: number): void;
  /** Prints one line (an error) to the stream. */
  log(line: string): void;
  /** Draws the final state and leaves the terminal as it was. */
  stop(): void;
}

/** A progress display on `stream`; `total` (lines to map) is shown as done/total when known, else a count. */
export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, total: number | undefined): MapProgress {
  if (stream.isTTY !== true) {
    return { update: () => undefined, log: (line) => void stream.write(line + '\n'), stop: () => undefined };
  }
  const known = total !== undefined;
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: known ? 'map {bar} {percentage}% | {value}/{total} lines | {duration_formatted}' : 'map {value} lines | {duration_formatted}',
      hideCursor: true,
      gracefulExit: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = bars.create(total ?? 0, 0);
  let stopped = false;
  return {
    update: (done) => bar.update(done),
    log: (line) => bars.log(line + '\n'),
    stop: () => {
      if (stopped) return;
      stopped = true;
      bars.update(); // flushes lines still waiting in the log buffer
      bars.stop();
    },
  };
}
