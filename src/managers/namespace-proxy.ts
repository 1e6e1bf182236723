// The proxy of a managed Namespace (Python's Namespace: an object whose attributes every process shares). Reading an
// attribute gives a Promise of its value (`await ns.x`); assigning one sends it at once (`ns.x = 1`), in order with
// every later call of this process; get/set/delete/has/keys/copy are the awaitable forms.
import { BaseProxy, PROXY, registerProxyClass, type ProxyState } from './base-proxy.js';

/** Property access on a NamespaceProxy: `await ns.x`, `ns.x = 1`, `delete ns.x`. */
const attributes: ProxyHandler<NamespaceProxy> = {
  get(target, key, receiver) {
    if (typeof key === 'symbol' || key in target || key.startsWith('_')) return Reflect.get(target, key, receiver);
    // Not thenable: `await manager.Namespace()` must give the proxy, not try to call a remote `then`.
    if (key === 'then') return undefined;
    return target.get(key);
  },
  set(target, key, value, receiver) {
    if (typeof key === 'symbol' || key.startsWith('_')) return Reflect.set(target, key, value, receiver);
    target.set(key, value).catch(warn);
    return true;
  },
  deleteProperty(target, key) {
    if (typeof key === 'symbol' || key.startsWith('_')) return Reflect.deleteProperty(target, key);
    target.delete(key).catch(warn);
    return true;
  },
};

function warn(error: unknown): void {
  process.emitWarning(`a Namespace attribute assignment failed in the manager: ${(error as Error)?.message ?? String(error)}`);
}

/** A Namespace in a manager's server. Attribute names starting with `_` stay local to the proxy, as in Python. */
export class NamespaceProxy extends BaseProxy {
  [attribute: string]: any;

  constructor(state: ProxyState) {
    super(state);
    // The object users hold is the JS Proxy; its [PROXY] state is read through to this instance.
    return new Proxy(this, attributes);
  }

  /** The value of attribute `name`; AttributeError-like `KeyError` when it was never set. */
  get(name: string): Promise<unknown> {
    return this._callMethod('get', [name]);
  }

  set(name: string, value: unknown): Promise<void> {
    return this._callMethod('set', [name, value]);
  }

  /** Removes attribute `name`; whether it existed. */
  delete(name: string): Promise<boolean> {
    return this._callMethod('delete', [name]);
  }

  has(name: string): Promise<boolean> {
    return this._callMethod('has', [name]);
  }

  keys(): Promise<string[]> {
    return this._callMethod('keys');
  }

  /** Every attribute as a plain object. */
  copy(): Promise<Record<string, unknown>> {
    return this._callMethod('copy');
  }

  override toString(): string {
    const { id } = this[PROXY];
    return `<NamespaceProxy object at ${id}>`;
  }
}

registerProxyClass(NamespaceProxy);
