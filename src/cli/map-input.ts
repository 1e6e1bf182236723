// `multiproc map`'s input: the non-blank lines of a file or stdin, read lazily and numbered as an editor numbers them,
// so a huge input streams through the pool and every error can name its line.
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { MapSetupError } from './map-resolve.js';

/** The stream behind --input: stdin for '-', else the file (MapSetupError when it cannot be opened). */
export async function openInput(path: string): Promise<Readable> {
  if (path === '-') return process.stdin;
  try {
    const handle = await open(path, 'r');
    return handle.createReadStream({ encoding: 'utf8' });
  } catch (error) {
    throw new MapSetupError(`cannot read --input ${path}: ${(error as Error).message}`);
  }
}

/** Each non-blank line as [line number (from 1), text], pulled from `input` only as fast as the consumer asks. */
export async function* numberedLines(input: Readable): AsyncGenerator<[number, string]> {
  input.setEncoding('utf8');
  let pending = '';
  let lineNumber = 0;
  function* complete(text: string): Generator<[number, string]> {
    lineNumber += 1;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (line.trim() !== '') yield [lineNumber, line];
  }
  for await (const chunk of input as AsyncIterable<string>) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      yield* complete(pending.slice(start, end));
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  if (pending !== '') yield* complete(pending);
}

/** How many lines numberedLines() will yield for the file at `path` (a first pass, for the progress bar's total). */
export async function countInputLines(path: string): Promise<number> {
  let count = 0;
  for await (const _ of numberedLines(await openInput(path))) count += 1;
  return count;
}
