// HMAC challenge–response, both ways, as Python's deliver_challenge/answer_challenge (3.12 message format, SHA-256):
// each side proves it knows the authkey without sending it, and a wrong key fails on both sides.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '../errors.js';
import type { SocketConnection } from './socket-connection.js';

const CHALLENGE = Buffer.from('#CHALLENGE#');
const WELCOME = Buffer.from('#WELCOME#');
const FAILURE = Buffer.from('#FAILURE#');
const DIGEST_PREFIX = Buffer.from('{sha256}');
/** Handshake frames are tiny: anything larger is refused before it is buffered. */
export const HANDSHAKE_FRAME_LIMIT = 256;
/** A peer that stays silent this long during the handshake is dropped (ms). */
export const DEFAULT_HANDSHAKE_TIMEOUT = 10_000;

/** An authkey as bytes (strings are UTF-8). */
export function authkeyBytes(authkey: Uint8Array | string): Buffer {
  return typeof authkey === 'string' ? Buffer.from(authkey, 'utf8') : Buffer.from(authkey);
}

function respond(authkey: Buffer, message: Buffer): Buffer {
  return Buffer.concat([DIGEST_PREFIX, createHmac('sha256', authkey).update(message).digest()]);
}

/**
 * Receives one handshake message. Before the last one (`final`) the frame cap is lifted: the peer may send its first
 * real message right behind it, in the same chunk, and that frame must not be judged by the handshake's cap.
 */
async function receive(connection: SocketConnection, timeoutMs: number, step: string, final: boolean): Promise<Buffer> {
  if (final) connection.limitFrames(null);
  if (!(await connection.poll(timeoutMs))) throw new AuthenticationError(`no answer within ${timeoutMs} ms while ${step}`);
  const message = await connection.recvBytes();
  if (message.length > HANDSHAKE_FRAME_LIMIT) throw new AuthenticationError(`protocol error: a handshake message of ${message.length} bytes`);
  return message;
}

/** Sends a random challenge and checks the peer's HMAC of it (Python's deliver_challenge). */
export async function deliverChallenge(connection: SocketConnection, authkey: Buffer, timeoutMs: number, final = false): Promise<void> {
  const message = Buffer.concat([DIGEST_PREFIX, randomBytes(40)]);
  connection.sendBytes(Buffer.concat([CHALLENGE, message]));
  const response = await receive(connection, timeoutMs, 'waiting for the answer to our challenge', final);
  const expected = respond(authkey, message);
  if (response.length !== expected.length || !timingSafeEqual(response, expected)) {
    connection.sendBytes(FAILURE);
    throw new AuthenticationError('digest received was wrong');
  }
  connection.sendBytes(WELCOME);
}

/** Answers the peer's challenge with an HMAC of it (Python's answer_challenge). */
export async function answerChallenge(connection: SocketConnection, authkey: Buffer, timeoutMs: number, final = false): Promise<void> {
  const challenge = await receive(connection, timeoutMs, 'waiting for a challenge', false);
  if (!challenge.subarray(0, CHALLENGE.length).equals(CHALLENGE)) {
    throw new AuthenticationError(`protocol error: expected a challenge, got ${challenge.length} other bytes`);
  }
  connection.sendBytes(respond(authkey, challenge.subarray(CHALLENGE.length)));
  const verdict = await receive(connection, timeoutMs, 'waiting for the verdict on our answer', final);
  if (!verdict.equals(WELCOME)) throw new AuthenticationError('digest sent was rejected');
}

/** Runs a handshake step with a tiny frame cap, turning any failure (garbage, end of file, timeout) into AuthenticationError. */
export async function authenticate(connection: SocketConnection, steps: () => Promise<void>): Promise<void> {
  connection.limitFrames(HANDSHAKE_FRAME_LIMIT);
  try {
    await steps();
  } catch (error) {
    connection.close();
    if (error instanceof AuthenticationError) throw error;
    throw new AuthenticationError(`authentication failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  connection.limitFrames(null);
}
