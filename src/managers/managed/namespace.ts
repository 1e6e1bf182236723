// What a manager's Namespace is in the server: named attributes (the NamespaceProxy's counterpart).
import { KeyError } from '../../errors.js';

/** Attributes by name. */
export class ManagedNamespace {
  private readonly attributes = new Map<string, unknown>();

  constructor(init?: Record<string, unknown>) {
    for (const [name, value] of Object.entries(init ?? {})) this.attributes.set(name, value);
  }

  get(name: string): unknown {
    if (!this.attributes.has(name)) throw new KeyError(`'Namespace' object has no attribute '${name}'`);
    return this.attributes.get(name);
  }

  set(name: string, value: unknown): void {
    this.attributes.set(String(name), value);
  }

  delete(name: string): boolean {
    return this.attributes.delete(name);
  }

  has(name: string): boolean {
    return this.attributes.has(name);
  }

  keys(): string[] {
    return [...this.attributes.keys()];
  }

  copy(): Record<string, unknown> {
    return Object.fromEntries(this.attributes);
  }
}
