// Which connection a server-side method call comes from: the owner of an RLock (Python's server gives every
// connection its own thread; here one connection stands for one client process or thread).
let current = 0;

/** Set by the server right before it calls a managed object's method. */
export function setCaller(connectionId: number): void {
  current = connectionId;
}

/** The connection whose call is running; read it synchronously, at the start of the method. */
export function currentCaller(): number {
  return current;
}
