// `multiproc map <module>:<export>`: maps an exported function over JSON lines with a process Pool, lazily (imap), so
// that input of any size streams through. Exit codes: 0 every line mapped, 1 some line failed, 2 nothing could start.
import { Pool } from '../pool/index.js';
import { startMethodContext } from '../process/index.js';
import { countInputLines, numberedLines, openInput } from './map-input.js';
import { openOutput, type LineWriter } from './map-output.js';
import { createProgress, type MapProgress } from './map-progress.js';
import { MapSetupError, resolveMapTarget } from './map-resolve.js';
import { checkMapTarget, runMapLine, setMapTarget, type MapLineOutcome, type MapTarget } from './map-target.js';

/** The options of `multiproc map`, as SPEC.md "CLI" lists them, plus --output and --keep-going. */
export interface MapOptions {
  input?: string;
  processes?: number;
  chunksize?: number;
  unordered?: boolean;
  startMethod?: string;
  output?: string;
  keepGoing?: boolean;
}

/** The exit codes runMap resolves with. */
export const MAP_EXIT = { ok: 0, itemFailed: 1, setupFailed: 2 } as const;

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** What a run needs once its target, input and output are known to be usable. */
interface MapRun {
  pool: Pool;
  lines: AsyncIterable<[number, string]>;
  writer: LineWriter;
  progress: MapProgress;
  options: MapOptions;
}

/** Streams every line through the pool and writes the results; resolves with the number of failed lines. */
async function mapLines({ pool, lines, writer, progress, options }: MapRun): Promise<number> {
  const imapOptions = { chunksize: options.chunksize ?? 1, progress: (done: number) => progress.update(done) };
  const results = options.unordered ? pool.imapUnordered(runMapLine, lines, imapOptions) : pool.imap(runMapLine, lines, imapOptions);
  let failures = 0;
  try {
    for (;;) {
      let step: IteratorResult<MapLineOutcome>;
      try {
        step = await results.next();
      } catch (error) {
        // Not one line's error: a worker died (WorkerLostError) or the input could not be read.
        failures += 1;
        progress.log(`error: ${describe(error)}`);
        if (options.keepGoing) continue;
        break;
      }
      if (step.done) break;
      const outcome = step.value;
      if (outcome.ok) {
        await writer.write(outcome.value);
        continue;
      }
      failures += 1;
      progress.log(`error: line ${outcome.line}: ${outcome.name}: ${outcome.message}`);
      if (!options.keepGoing) break;
    }
  } finally {
    await results.return();
  }
  return failures;
}

/** Starts the pool and checks, in a worker, that the target imports and is a function (MapSetupError if not). */
async function startPool(target: MapTarget, options: MapOptions): Promise<Pool> {
  const pool = new Pool({ processes: options.processes, context: startMethodContext(options.startMethod), initializer: setMapTarget, initargs: [target] });
  const problem = await pool.apply(checkMapTarget).catch((error: unknown) => describe(error));
  if (problem === null) return pool;
  await stopPool(pool);
  throw new MapSetupError(problem);
}

async function stopPool(pool: Pool): Promise<void> {
  pool.terminate();
  await pool.join();
}

/** Resolves the target, opens the input, starts the pool and (last, so a bad target leaves no file behind) the output. */
async function setUp(targetArgument: string, options: MapOptions): Promise<{ pool: Pool; lines: AsyncIterable<[number, string]>; writer: LineWriter }> {
  const target = resolveMapTarget(targetArgument, process.cwd());
  const lines = numberedLines(await openInput(options.input ?? '-'));
  const pool = await startPool(target, options);
  try {
    return { pool, lines, writer: await openOutput(options.output) };
  } catch (error) {
    await stopPool(pool);
    throw error;
  }
}

/** Runs `multiproc map`; resolves with the exit code (see MAP_EXIT). */
export async function runMap(targetArgument: string, options: MapOptions): Promise<number> {
  let started: Awaited<ReturnType<typeof setUp>>;
  try {
    started = await setUp(targetArgument, options);
  } catch (error) {
    if (!(error instanceof MapSetupError)) throw error;
    console.error(`error: ${error.message}`);
    return MAP_EXIT.setupFailed;
  }
  const { pool, lines, writer } = started;
  const inputPath = options.input ?? '-';
  const total = process.stderr.isTTY === true && inputPath !== '-' ? await countInputLines(inputPath) : undefined;
  const progress = createProgress(process.stderr, total);
  let failures: number;
  let writeError: unknown = null;
  try {
    failures = await mapLines({ pool, lines, writer, progress, options });
  } catch (error) {
    // The output could not be written (a full disk, a closed pipe): nothing more can be done.
    writeError = error;
    failures = 1;
  } finally {
    progress.stop();
    await stopPool(pool);
  }
  try {
    await writer.close();
  } catch (error) {
    writeError ??= error;
    failures += 1;
  }
  // A reader that stops early (`| head`) closes the pipe: that ends the run quietly, as it does for Unix tools.
  if (writeError !== null && (writeError as NodeJS.ErrnoException).code !== 'EPIPE') console.error(`error: ${describe(writeError)}`);
  return failures === 0 ? MAP_EXIT.ok : MAP_EXIT.itemFailed;
}
