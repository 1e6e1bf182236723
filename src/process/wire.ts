// What a parent hands a child: a JSON header (identity and how to find the target, readable before any user module
// is imported) and the encoded arguments. The same shape travels over fd 3 to a process or as workerData to a thread.
import type { TranspiledModule } from '../reference/inspector.js';
import type { Reference } from '../reference/locate.js';
import type { Identity } from './identity.js';

export interface ChildHeader extends Identity {
  /** The exported target function, or null when the process object's own run() is the work. */
  target: Reference | null;
  /** Whether an instance of a Process subclass was sent (part 2). */
  hasInstance: boolean;
  /** The spawning thread was the parent's main thread, so a parent-death signal is safe to request. */
  mainThread: boolean;
  /** The parent's environment and directory at start(), for a warm spare started before (a fresh child inherits them). */
  inherit?: { env: Record<string, string | undefined>; cwd: string };
  /** The JavaScript the parent runs for its TypeScript modules, when the child loads them without tsx. */
  transpiled?: Record<string, TranspiledModule>;
}

/** The payload for a child started ahead of it: with what a fresh child would inherit at start(). */
export function forSpare(payload: ChildPayload): ChildPayload {
  return { ...payload, header: { ...payload.header, inherit: { env: { ...process.env }, cwd: process.cwd() } } };
}

export interface ChildPayload {
  header: ChildHeader;
  /** encode()d args, kwargs and (when hasInstance) the Process subclass instance. */
  parts: [args: Uint8Array, kwargs: Uint8Array, instance: Uint8Array | null];
  /** SharedArrayBuffers of the parent that the thread method can hand over directly. */
  attachments?: SharedArrayBuffer[];
}

/** Frames a payload for a pipe: [u32 header length][header JSON] then [u32 length][bytes] per part (0xFFFFFFFF: none). */
export function framePayload(payload: ChildPayload): Buffer {
  const header = Buffer.from(JSON.stringify(payload.header));
  const chunks: Buffer[] = [u32(header.length), header];
  for (const part of payload.parts) {
    if (part === null) chunks.push(u32(0xffffffff));
    else chunks.push(u32(part.length), Buffer.from(part.buffer, part.byteOffset, part.length));
  }
  return Buffer.concat(chunks);
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32LE(n);
  return b;
}

/** Reads a framed payload with a blocking reader (the child has nothing else to do until it arrives). */
export function readPayload(readExactly: (length: number) => Buffer): ChildPayload {
  const header = JSON.parse(readExactly(readExactly(4).readUInt32LE()).toString()) as ChildHeader;
  const parts: (Uint8Array | null)[] = [];
  for (let i = 0; i < 3; i++) {
    const length = readExactly(4).readUInt32LE();
    parts.push(length === 0xffffffff ? null : readExactly(length));
  }
  return { header, parts: parts as ChildPayload['parts'] };
}
