// A Connection over shared memory: one ring per direction, futex waits, and holder tables that turn "every holder of
// the other end closed or died" into end of file. Works the same between processes and between threads.
import { EOFError, OSError } from '../errors.js';
import { registerReducer } from '../serialize/index.js';
import { unlinkSegment, segmentNameOf } from '../shm/segment.js';
import { ByteRing } from '../ring/byte-ring.js';
import { Connection, WAIT_READABLE } from './connection.js';
import { isProcessExiting, releaseHeld, trackHeld, untrackHeld, type HeldSlot } from '../ring/held-slots.js';
import { HolderTable } from '../ring/holders.js';
import { discardOversize, loadOversize, storeOversize } from '../ring/oversize.js';
import { Outbox } from '../ring/outbox.js';
import { holdersBase, META_CAPACITY, META_DUPLEX, META_MAGIC, PIPE_MAGIC, ringDataOffset, ringHeaderOffset } from './pipe-layout.js';
import { GET_SIGNAL, GET_WAITERS, INLINE, OVERSIZE } from '../ring/ring-layout.js';
import { waitForSignal, waitForSignalSync } from '../ring/signal-wait.js';

/** How often a waiting reader checks that the writer's processes are still alive (ms). */
const LIVENESS_CHECK_MS = 100;
/** Past this many buffered bytes, send() waits for the reader (backpressure) instead of buffering more. */
const HIGH_WATER_BYTES = 64 * 1024 * 1024;

/** One end (0 or 1) of a Pipe, in this thread. */
export class ShmConnection extends Connection {
  /** The pipe's memory (sent by name when this end is passed to another process). */
  readonly buffer: SharedArrayBuffer;
  readonly end: number;
  private readonly readRing: ByteRing | null;
  private readonly writeRing: ByteRing | null;
  private readonly ownHolders: HolderTable;
  private readonly peerHolders: HolderTable;
  private readonly outbox: Outbox | null;
  private readonly held: HeldSlot;

  /** Attaches end `end` of the pipe in `buffer`, holding it under `slot` (already claimed in its table). */
  constructor(buffer: SharedArrayBuffer, end: number, slot: number) {
    const words = new Int32Array(buffer, 0, 16);
    const duplex = Atomics.load(words, META_DUPLEX) === 1;
    super(duplex || end === 0, duplex || end === 1);
    const capacity = Atomics.load(words, META_CAPACITY);
    const ring = (r: number) => new ByteRing(buffer, ringHeaderOffset(r), ringDataOffset(r, duplex, capacity), capacity);
    this.buffer = buffer;
    this.end = end;
    this.readRing = this.readable ? ring(1 - end) : null;
    this.writeRing = this.writable ? ring(end) : null;
    const all = new Int32Array(buffer);
    this.ownHolders = new HolderTable(all, holdersBase(end));
    this.peerHolders = new HolderTable(all, holdersBase(1 - end));
    // The outbox outlives this object in the garbage-collection registry (through the release): its callback must
    // not reach `this`, or no dropped end would ever be collected.
    const peerHolders = this.peerHolders;
    const outbox = this.writeRing === null ? null : new Outbox(this.writeRing, (deep) => isPeerGone(peerHolders, deep));
    this.outbox = outbox;
    this.held = trackHeld(this, {
      table: this.ownHolders,
      slot,
      released: false,
      beforeRelease: () => (outbox === null || outbox.size === 0 ? null : outbox.flush()),
      afterRelease: () => releaseMemory(buffer, duplex, capacity),
    });
  }

  /** The holder table of this end (the reducer reserves in-flight slots in it). */
  get holders(): HolderTable {
    return this.ownHolders;
  }

  protected sendMessage(bytes: Uint8Array, owned: boolean): void {
    const ring = this.writeRing!;
    if (this.peerGone(false)) throw new OSError('broken pipe: the other end is closed', 'EPIPE');
    if (bytes.length > ring.inlineLimit) this.outbox!.push(OVERSIZE, storeOversize(bytes), true);
    else this.outbox!.push(INLINE, bytes, owned);
    if (this.outbox!.bytes + this.outbox!.size * 4 > HIGH_WATER_BYTES) this.outbox!.flushSync();
  }

  protected async receiveMessage(): Promise<Buffer> {
    for (;;) {
      const message = this.takeOrEnd();
      if (message !== null) return message;
      await waitForSignal(this.readRing!.words, GET_WAITERS, GET_SIGNAL, () => this.readyToRead(), -1, {
        sliceMs: LIVENESS_CHECK_MS,
        onSlice: () => this.peerGone(true),
      });
      this.checkOpen();
    }
  }

  protected receiveMessageSync(): Buffer {
    for (;;) {
      const message = this.takeOrEnd();
      if (message !== null) return message;
      this.outbox?.writeSome();
      waitForSignalSync(this.readRing!.words, GET_WAITERS, GET_SIGNAL, () => this.readyToRead(), -1, {
        sliceMs: LIVENESS_CHECK_MS,
        onSlice: () => this.peerGone(true),
      });
    }
  }

  protected pollMessage(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.readyToRead()) return Promise.resolve(true);
    return waitForSignal(this.readRing!.words, GET_WAITERS, GET_SIGNAL, () => this.readyToRead(), timeoutMs, {
      sliceMs: LIVENESS_CHECK_MS,
      onSlice: () => this.peerGone(true),
      signal,
    });
  }

  protected pollMessageSync(timeoutMs: number): boolean {
    if (this.readyToRead()) return true;
    return waitForSignalSync(this.readRing!.words, GET_WAITERS, GET_SIGNAL, () => this.readyToRead(), timeoutMs, {
      sliceMs: LIVENESS_CHECK_MS,
      onSlice: () => this.peerGone(true),
    });
  }

  /** Whether every holder of the other end has closed it (a dead holder counts only once a wait has noticed). */
  get peerClosed(): boolean {
    return this.peerGone(false);
  }

  /**
   * Spins up to `us` microseconds, without sleeping, until a message or end of file is ready; true if one is. For a
   * reader that expects an answer within microseconds (a manager round trip), where sleeping would cost a wake-up.
   */
  spinForMessage(us: number): boolean {
    this.checkReadable();
    const ring = this.readRing!;
    const deadline = performance.now() + us / 1000;
    do {
      for (let i = 0; i < 32; i++) if (ring.hasData()) return true;
    } while (performance.now() < deadline);
    return this.readyToRead();
  }

  async [WAIT_READABLE](signal: AbortSignal): Promise<void> {
    const ring = this.readRing;
    if (ring === null || this.isClosed) return;
    try {
      await waitForSignal(ring.words, GET_WAITERS, GET_SIGNAL, () => this.readyToRead() || this.isClosed, -1, {
        sliceMs: LIVENESS_CHECK_MS,
        onSlice: () => this.peerGone(true),
        signal,
      });
    } catch (error) {
      if (!signal.aborted) throw error; // an abort here only means wait() has its answer
    }
  }

  protected closeHandle(): void {
    untrackHeld(this.held);
    releaseHeld(this.held);
    // Wake our own waiters (they report 'handle is closed') and the peer's (they may now see end of file).
    this.readRing?.wakeAll();
    this.writeRing?.wakeAll();
  }

  private readyToRead(): boolean {
    return this.readRing!.hasData() || this.peerGone(false) || this.isClosed;
  }

  private peerGone(deep: boolean): boolean {
    return isPeerGone(this.peerHolders, deep);
  }

  /** The next message, or null to wait; EOFError when the peer is gone and nothing is left. */
  private takeOrEnd(): Buffer | null {
    this.checkOpen();
    const message = this.take();
    if (message !== null) return message;
    if (!this.peerGone(false)) return null;
    const last = this.take();
    if (last !== null) return last;
    throw new EOFError('the other end of the pipe was closed and no message is left');
  }

  private take(): Buffer | null {
    const ring = this.readRing!;
    const record = ring.tryRead();
    if (record === null) return null;
    const kind = ring.lastKind;
    ring.notifyProducers();
    return kind === OVERSIZE ? loadOversize(record) : record;
  }
}

/** Whether every holder of the other end closed; `deep` also forgets holders whose process died. */
function isPeerGone(peerHolders: HolderTable, deep: boolean): boolean {
  if (deep) peerHolders.reclaimDead();
  return !peerHolders.anyHolder();
}

/** At the last release of either end: if no end has a holder left, drop unread side segments and unlink the pipe. */
function releaseMemory(buffer: SharedArrayBuffer, duplex: boolean, capacity: number): void {
  const all = new Int32Array(buffer);
  const ends = [new HolderTable(all, holdersBase(0)), new HolderTable(all, holdersBase(1))];
  const rings = (duplex ? [0, 1] : [1]).map((r) => new ByteRing(buffer, ringHeaderOffset(r), ringDataOffset(r, duplex, capacity), capacity));
  for (const ring of rings) ring.wakeAll();
  for (const table of ends) table.reclaimDead();
  if (ends.some((table) => (isProcessExiting() ? table.heldBeyondThisProcess() : table.anyHolder()))) return;
  for (const ring of rings) ring.forEachRecord((kind, payload) => kind === OVERSIZE && discardOversize(payload));
  const name = segmentNameOf(buffer);
  if (name === null) return;
  try {
    unlinkSegment(name);
  } catch {
    // another last holder got there first
  }
}

interface PipeEndState {
  buffer: SharedArrayBuffer;
  end: number;
  slot: number;
  pid: number;
}

const ends = new WeakMap<SharedArrayBuffer, Map<number, WeakRef<ShmConnection>>>();

/** Makes `connection` this thread's handle of its end, so that receiving that end here gives the same object. */
export function rememberPipeEnd(connection: ShmConnection): ShmConnection {
  let byEnd = ends.get(connection.buffer);
  if (byEnd === undefined) ends.set(connection.buffer, (byEnd = new Map()));
  byEnd.set(connection.end, new WeakRef(connection));
  return connection;
}

// A pipe end travels as (its memory, which end, an in-flight holder slot) and arrives as the same end.
registerReducer<ShmConnection, PipeEndState>({
  tag: 'multiproc.PipeConnection',
  type: ShmConnection,
  reduce(connection) {
    if (connection.closed) throw new OSError('handle is closed', 'EBADF');
    rememberPipeEnd(connection);
    return { buffer: connection.buffer, end: connection.end, slot: connection.holders.reserveInFlight(), pid: process.pid };
  },
  revive({ buffer, end, slot, pid }) {
    if (Atomics.load(new Int32Array(buffer, 0, 1), META_MAGIC) !== PIPE_MAGIC) throw new TypeError('received a pipe end whose memory is not a pipe');
    const table = new HolderTable(new Int32Array(buffer), holdersBase(end));
    const known = ends.get(buffer)?.get(end)?.deref();
    if (known !== undefined && !known.closed) {
      table.cancelInFlight(slot, pid);
      return known;
    }
    return rememberPipeEnd(new ShmConnection(buffer, end, table.claimInFlight(slot, pid)));
  },
});
