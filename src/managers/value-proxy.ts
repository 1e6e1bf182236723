// Proxies of a manager's Value and Array (Python's ValueProxy and ArrayProxy): the data lives in the server.
import { BaseProxy, registerProxyClass } from './base-proxy.js';
import { IndexedProxy } from './indexed-proxy.js';

/** A Value of a manager: `await v.get()`, `await v.set(x)`; `v.value` reads (a Promise) and writes in the background. */
export class ValueProxy<T = unknown> extends BaseProxy {
  get(): Promise<T> {
    return this._callMethod('get');
  }

  set(value: T): Promise<void> {
    return this._callMethod('set', [value]);
  }

  get value(): Promise<T> {
    return this.get();
  }

  set value(value: T) {
    this.set(value).catch((error: Error) => process.emitWarning(`a managed Value assignment failed: ${error.message}`));
  }
}

/** An Array of a manager (typed by its typecode): get/set by index, len, copy. */
export class ArrayProxy<T = number> extends IndexedProxy<T> {}

registerProxyClass(ValueProxy);
registerProxyClass(ArrayProxy);
