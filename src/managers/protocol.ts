// The manager wire protocol: requests and replies are values encoded by the serializer; several of them travel in one
// Connection message (a batch of length-prefixed parts), so that calls made in the same tick cost one write.
import { RemoteError } from '../errors.js';

/** What a request asks the server to do (second item of every request). */
export const enum Op {
  /** [callId, Call, objectId, method, args] → the method's result. */
  Call = 0,
  /** [callId, Create, typeid, args] → a new object owned by this connection: [objectId, exposed]. */
  Create = 1,
  /** [0, Incref, objectId]: a proxy was sent somewhere; its receiver will Adopt the reference (no reply). */
  Incref = 2,
  /** [0, Adopt, objectId]: a received proxy takes over a reference made by Incref (no reply). */
  Adopt = 3,
  /** [0, Decref, objectId]: a proxy of this connection was collected (no reply). */
  Decref = 4,
  /** [callId, Shutdown] → null, then the server stops. */
  Shutdown = 5,
  /** [callId, Info] → { objects, connections, pid } (for connect() checks, tests and debugging). */
  Info = 6,
  /** [callId, Upgrade, pipe end] → null on the socket; the connection then continues on the pipe (same machine only). */
  Upgrade = 7,
}

/** How a reply ended (second item of every reply). */
export const enum Status {
  /** [callId, Ok, value] */
  Ok = 0,
  /** [callId, Failed, error]: the error raised by the managed object (or by the server). */
  Failed = 1,
  /** [callId, NewProxy, [objectId, typeid, exposed]]: the result is a new managed object owned by the caller. */
  NewProxy = 2,
}

/** The call id of notifications and of replies that belong to no call (a garbage message). */
export const NO_CALL = 0;

/** A new object's identity as the server reports it: [objectId, typeid, exposed method names]. */
export type ObjectInfo = [id: number, typeid: string, exposed: string[]];

/** Joins encoded parts into one message: [u32 length][bytes] for each. */
export function joinParts(parts: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const part of parts) size += 4 + part.length;
  const message = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const part of parts) {
    message.writeUInt32BE(part.length, offset);
    message.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return message;
}

/** Splits a message made by joinParts; a malformed one → RemoteError that says so. */
export function splitParts(message: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < message.length) {
    if (offset + 4 > message.length) throw garbage(message, 'a truncated part header');
    const length = message.readUInt32BE(offset);
    if (length === 0 || offset + 4 + length > message.length) throw garbage(message, `a part of ${length} bytes that does not fit`);
    parts.push(message.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  if (parts.length === 0) throw garbage(message, 'no parts');
  return parts;
}

/** The error for bytes that are not a manager message (the server answers it and goes on serving). */
export function garbage(message: Uint8Array, what: string): RemoteError {
  return new RemoteError(`garbage message to the manager (${message.length} bytes, ${what}): not a multiproc manager request`);
}

/** Checks a decoded request has the shape of one; returns it typed. */
export function checkRequest(value: unknown, message: Uint8Array): [number, Op, ...unknown[]] {
  if (!Array.isArray(value) || value.length < 2 || !Number.isInteger(value[0]) || !Number.isInteger(value[1])) {
    throw garbage(message, 'not a request');
  }
  return value as [number, Op, ...unknown[]];
}
