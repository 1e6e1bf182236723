// Python's default threading.excepthook: an error that escapes a thread's run() is printed with the thread's name
// and does not end the process; the thread ends, the others go on.

/** The text Python's excepthook would print for `error` escaping thread `name`. */
export function formatThreadException(name: string, error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : `Uncaught ${String(error)}`;
  return `Exception in thread ${name}:\n${text}\n`;
}

/** Writes the report to stderr, as Python does. */
export function printThreadException(name: string, error: unknown): void {
  process.stderr.write(formatThreadException(name, error));
}
