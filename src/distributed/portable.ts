// Encoded values that name modules (instances and errors of exported classes, library objects) carry local file URLs.
// Before such bytes leave the machine their references are made portable (package-relative path + digest); bytes that
// arrive have theirs resolved under the receiver's root, refusing what lies outside it. Bytes without references
// (the common case, told by their envelope flags alone) pass through untouched.
import { packer } from '../serialize/format.js';
import { messageFlags } from '../serialize/index.js';
import { Flags, TAG_KEY } from '../serialize/tags.js';
import type { Reference } from '../reference/locate.js';
import { fromPortable, toPortable } from './target-ref.js';

type Translate = (reference: unknown) => unknown;

/** The fields of tagged objects that hold a reference (see serialize/tags.ts). */
const REFERENCE_FIELDS = ['r', 'mod'];

function translateTree(value: unknown, translate: Translate, seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value)) return;
  seen.add(value);
  if (value instanceof Map) {
    for (const [key, item] of value) {
      translateTree(key, translate, seen);
      translateTree(item, translate, seen);
    }
    return;
  }
  if (Array.isArray(value) || value instanceof Set) {
    for (const item of value) translateTree(item, translate, seen);
    return;
  }
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, TAG_KEY)) {
    for (const field of REFERENCE_FIELDS) {
      if (record[field] !== undefined && record[field] !== null) record[field] = translate(record[field]);
    }
  }
  for (const key of Object.keys(record)) if (!REFERENCE_FIELDS.includes(key)) translateTree(record[key], translate, seen);
}

function translateBytes(bytes: Uint8Array, translate: Translate, flags: number): Uint8Array {
  if (!(messageFlags(bytes) & flags)) return bytes;
  const message = packer.unpack(bytes) as unknown;
  translateTree(message, translate, new Set());
  return packer.pack(message);
}

/** Bytes from encode() with their module references made portable; TypeError for a class outside any package. */
export function exportReferences(bytes: Uint8Array): Uint8Array {
  return translateBytes(bytes, (reference) => toPortable(reference as Reference, 'class'), Flags.References);
}

/** Received bytes with their portable references resolved under `root`; ImportError for one that does not resolve. */
export function importReferences(bytes: Uint8Array, root: string, host: string): Uint8Array {
  // Any tagged message is walked, whatever its flags claim: a tag the decoder revives by reference must never keep
  // a file URL chosen by the sender.
  return translateBytes(bytes, (reference) => fromPortable(reference, root, host), Flags.Tagged | Flags.References);
}
