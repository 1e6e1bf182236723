// What a parent thread hands a new thread (the wire type, kept apart from the code on either side). It travels as
// the one argument of runThread through the process layer's 'thread' start method. The user's args are encoded here,
// not by the process layer, so that the new thread imports the target's module (which loads the classes and
// reducers those args need) before it decodes them.
import type { Reference } from '../reference/locate.js';
import { referenceOf } from '../reference/locate.js';
import { encode } from '../serialize/index.js';
import { ownAuthkey } from '../process/identity.js';

export interface ThreadSpec {
  name: string;
  daemon: boolean;
  /** The exported target, or null when the object's own run() is the work. */
  target: Reference | null;
  /** encode()d args and kwargs; the instance of a Thread subclass (null for a plain Thread). */
  args: Uint8Array;
  kwargs: Uint8Array;
  instance: Uint8Array | null;
  /** Unnamed SharedArrayBuffers inside args, kwargs or instance (postMessage carries them to the thread). */
  attachments: SharedArrayBuffer[];
  /** [0]: the thread writes its kernel thread id here as it starts, for Thread.nativeId in the parent. */
  nativeIdCell: Int32Array;
  /** The process-wide counter behind default names. */
  nameCounter: Int32Array;
  /** The process's authkey (hex): a thread is part of the same process. */
  authkey: string;
}

export interface ThreadSpecInput {
  name: string;
  daemon: boolean;
  target: Function | undefined;
  args: unknown[];
  kwargs: object | undefined;
  /** The Thread object itself, when it is an instance of a subclass (it carries run() and its fields). */
  instance: object | null;
  nativeIdCell: Int32Array;
  nameCounter: Int32Array;
}

/** Builds the spec; throws TypeError at the caller for a target or value that cannot reach another thread. */
export function buildThreadSpec(input: ThreadSpecInput): ThreadSpec {
  const attachments: SharedArrayBuffer[] = [];
  if (input.instance !== null) referenceOf(input.instance.constructor, 'Thread subclass');
  return {
    name: input.name,
    daemon: input.daemon,
    target: input.target === undefined ? null : referenceOf(input.target),
    args: encode(input.args, { root: 'args', attachments, forChild: true }),
    kwargs: encode(input.kwargs, { root: 'kwargs', attachments, forChild: true }),
    instance: input.instance === null ? null : encode(input.instance, { root: 'thread', attachments, forChild: true }),
    authkey: ownAuthkey().toString('hex'),
    attachments,
    nativeIdCell: input.nativeIdCell,
    nameCounter: input.nameCounter,
  };
}
