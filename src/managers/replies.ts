// The server's side of one connection's replies: encoded one by one (a result that cannot be sent fails only its
// own call), sent together at the end of the tick, and dropped quietly when the client has gone.
import type { Connection } from '../connection/index.js';
import { RemoteError } from '../errors.js';
import { encode } from '../serialize/index.js';
import { joinParts, Status } from './protocol.js';

/** Batches replies for one connection. */
export class ReplyBatch {
  private parts: Uint8Array[] = [];
  private queued = false;

  constructor(private readonly connection: Connection) {}

  send(callId: number, status: Status, value: unknown): void {
    this.parts.push(encodeReply(callId, status, value));
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => this.flush());
  }

  /** Sends what is pending now (before a shutdown closes the connection). */
  flush(): void {
    this.queued = false;
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    if (this.connection.closed) return;
    try {
      this.connection.sendBytes(joinParts(parts));
    } catch {
      // The client disconnected mid-call: nobody is left to tell.
    }
  }
}

function encodeReply(callId: number, status: Status, value: unknown): Buffer {
  try {
    return Buffer.from(encode([callId, status, value], { root: 'result' }));
  } catch (error) {
    const reason = (error as Error)?.message ?? String(error);
    const failure = status === Status.Failed ? new RemoteError(`${(value as Error)?.name ?? 'Error'}: ${(value as Error)?.message ?? String(value)}`) : new RemoteError(`the result cannot be sent back: ${reason}`);
    return Buffer.from(encode([callId, Status.Failed, failure]));
  }
}
