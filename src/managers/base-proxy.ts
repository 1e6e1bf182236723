// Proxies: objects in a client that stand for an object living in a manager's server. Every method call is one round
// trip and returns a Promise. A proxy sent anywhere (a Process's args, a queue, a managed dict) arrives as a proxy to
// the same object. It carries the manager's authkey only to a child being started (as Python's proxies do); anywhere
// else the receiver connects with its own key for that address (keyring.ts), or fails with AuthenticationError.
import { registerReducer } from '../serialize/index.js';
import { channelTo, type ManagerAddress, type Reply } from './channel.js';
import { Op, Status, type ObjectInfo } from './protocol.js';
import { authkeyFor, rememberAuthkey } from './keyring.js';
import { adoptReceived, increfForSending, trackProxy } from './refs.js';

/** Where a proxy's own state lives (a symbol, so it never clashes with a method of the managed object). */
export const PROXY = Symbol('multiproc.proxy');

/** What identifies a managed object and how to reach it. */
export interface ProxyState {
  readonly address: ManagerAddress;
  readonly authkey: Uint8Array;
  readonly typeid: string;
  readonly id: number;
  /** The public methods the server lets proxies call. */
  readonly exposed: readonly string[];
}

type WireState = [address: ManagerAddress, authkey: Uint8Array | null, typeid: string, id: number, exposed: string[]];

export type ProxyClass = new (state: ProxyState) => BaseProxy;

/** Proxy classes by typeid, for results the server turns into new managed objects (methodToTypeid). */
const proxyTypes = new Map<string, ProxyClass>();

/** Makes `typeid`'s objects arrive as `cls` when a method returns one (register() and the built-in types call it). */
export function setProxyType(typeid: string, cls: ProxyClass): void {
  proxyTypes.set(typeid, cls);
}

/** A proxy for a new object this process's connection already holds a reference to (create, methodToTypeid). */
export function ownedProxy(cls: ProxyClass | undefined, address: ManagerAddress, authkey: Uint8Array, [id, typeid, exposed]: ObjectInfo): BaseProxy {
  const proxy = new (cls ?? proxyTypes.get(typeid) ?? AutoProxy)({ address, authkey, typeid, id, exposed });
  trackProxy(proxy, address, authkey, id);
  return proxy;
}

/** Base of every proxy (Python's BaseProxy); `_callMethod` reaches any exposed method. */
export class BaseProxy {
  declare readonly [PROXY]: ProxyState;

  constructor(state: ProxyState) {
    Object.defineProperty(this, PROXY, { value: state, enumerable: false });
  }

  /** Calls `method` of the managed object with `args` (Python's _callmethod); errors arrive as their own class. */
  _callMethod<R = unknown>(method: string, args: unknown[] = []): Promise<R> {
    const state = this[PROXY];
    const channel = channelTo(state.address, state.authkey);
    // What the managed method returns is known only to the caller, which names it as R.
    return channel.request(Op.Call, [state.id, method, args], `${state.typeid}.${method}()`).then((reply) => resultOf(reply, state) as R);
  }

  toString(): string {
    const { typeid, id } = this[PROXY];
    return `<${this.constructor.name} object, typeid '${typeid}' at ${id}>`;
  }
}

function resultOf(reply: Reply, state: ProxyState): unknown {
  return reply.status === Status.NewProxy ? ownedProxy(undefined, state.address, state.authkey, reply.value as ObjectInfo) : reply.value;
}

/**
 * The proxy of a registered type without a proxy class of its own (Python's AutoProxy): one method per exposed name.
 * Type it with `Proxied<T>`: `await manager.create<Counter>('Counter')`.
 */
export class AutoProxy extends BaseProxy {
  constructor(state: ProxyState) {
    super(state);
    for (const name of state.exposed) {
      if (!(name in this)) Object.defineProperty(this, name, { value: (...args: unknown[]) => this._callMethod(name, args), enumerable: false });
    }
  }
}

/** The promise-returning view of `T` that a proxy of a T offers. */
export type Proxied<T> = {
  [K in keyof T as T[K] extends (...args: any[]) => any ? K : never]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** Makes instances of `cls` travel as proxies to the same object (each proxy class calls this once, in its module). */
export function registerProxyClass(cls: ProxyClass): void {
  registerReducer<BaseProxy, WireState>({
    tag: `multiproc.managers.${cls.name}`,
    type: cls,
    reduce(proxy, { forChild }) {
      const { address, authkey, typeid, id, exposed } = proxy[PROXY];
      increfForSending(address, authkey, id);
      return [address, forChild ? authkey : null, typeid, id, [...exposed]];
    },
    revive([address, sent, typeid, id, exposed]) {
      let authkey: Uint8Array;
      if (sent === null) authkey = authkeyFor(address);
      else rememberAuthkey(address, (authkey = new Uint8Array(sent)));
      const proxy = new cls({ address, authkey, typeid, id, exposed });
      adoptReceived(proxy, address, authkey, id);
      return proxy;
    },
  });
}

registerProxyClass(AutoProxy);
