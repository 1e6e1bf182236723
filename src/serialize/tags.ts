// The wire vocabulary shared by the encoder and the decoder: values the format cannot carry as they are become
// plain objects marked with TAG_KEY, and an envelope says whether the decoder must look for them at all.

/** Marks a tagged object; a NUL-led key no ordinary data uses. */
export const TAG_KEY = '\u0000mp';

/** First item of the envelope [ENVELOPE, flags, body] that wraps messages holding tagged objects. */
export const ENVELOPE = '\u0000mp-envelope';

const ENVELOPE_PREFIX = Buffer.concat([Buffer.from([0x93, 0xa0 | ENVELOPE.length]), Buffer.from(ENVELOPE)]);

/** The flags of an encoded message without decoding it: its envelope's, or Plain. */
export function messageFlags(bytes: Uint8Array): number {
  if (bytes.length <= ENVELOPE_PREFIX.length) return Flags.Plain;
  for (let i = 0; i < ENVELOPE_PREFIX.length; i++) if (bytes[i] !== ENVELOPE_PREFIX[i]) return Flags.Plain;
  return bytes[ENVELOPE_PREFIX.length];
}

export function looksLikeEnvelope(value: unknown): value is [string, Flags, unknown] {
  return Array.isArray(value) && value.length === 3 && value[0] === ENVELOPE;
}

export const enum Flags {
  /** The bytes are plain packed data: nothing to revive. */
  Plain = 0,
  /** Tagged objects inside: walk and revive. */
  Tagged = 1,
  /** Some tagged objects name module exports that must be imported before reviving. */
  References = 2,
}

export const enum Tag {
  /** A library object sent by its reducer: { t: reducer tag, s: state, mod: reference of its class (to import its module) }. */
  Reduced = 'r',
  /** An error: { c: class, r?: reference, m: message, k: stack, p: own properties, h: has cause, u: cause, i: pid }. */
  Error = 'e',
  /** An instance of an exported class: { r: reference, p: own properties }. */
  Instance = 'c',
  /** A SharedArrayBuffer: { n: segment name } or { a: index into the attachments sent beside the bytes }. */
  SharedBuffer = 'b',
  /** A typed array or DataView over a SharedArrayBuffer: { b: the buffer's tag, k: constructor name, o: offset, l: length }. */
  SharedView = 'v',
}
