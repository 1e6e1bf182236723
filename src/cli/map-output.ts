// `multiproc map`'s output: one line per result to stdout or --output FILE, waiting when the reader is slower, so
// that a slow consumer slows the input down rather than filling memory.
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { MapSetupError } from './map-resolve.js';

/** Writes lines with backpressure; the first write error is remembered and rethrown by later calls. */
export class LineWriter {
  #failure: Error | null = null;

  constructor(private readonly stream: Writable, private readonly ownsStream: boolean) {
    stream.on('error', (error) => (this.#failure ??= error));
  }

  /** Writes `line` and a newline; resolves once the stream can take more. */
  async write(line: string): Promise<void> {
    if (this.#failure !== null) throw this.#failure;
    if (!this.stream.write(line + '\n')) await Promise.race([once(this.stream, 'drain'), once(this.stream, 'close')]);
    if (this.#failure !== null) throw this.#failure;
  }

  /** Flushes; a file opened for --output is closed, stdout is left open. */
  async close(): Promise<void> {
    if (this.ownsStream) {
      if (!this.stream.writableFinished && !this.stream.destroyed) {
        const finished = once(this.stream, 'close').catch(() => undefined);
        this.stream.end();
        await finished;
      }
    } else if (this.stream.writableNeedDrain && !this.stream.destroyed) {
      await once(this.stream, 'drain').catch(() => undefined);
    }
    if (this.#failure !== null) throw this.#failure;
  }
}

/** The writer for --output (stdout when omitted or '-'); MapSetupError when the file cannot be created. */
export async function openOutput(path: string | undefined): Promise<LineWriter> {
  if (path === undefined || path === '-') return new LineWriter(process.stdout, false);
  try {
    const handle = await open(path, 'w');
    return new LineWriter(handle.createWriteStream(), true);
  } catch (error) {
    throw new MapSetupError(`cannot write --output ${path}: ${(error as Error).message}`);
  }
}
