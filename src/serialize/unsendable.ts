// Naming what cannot be sent and where it sits, so the sender's error points at the value to fix.

/** Renders a path such as args[1].cb from its steps. */
export function formatPath(root: string, steps: readonly (string | number)[]): string {
  let path = root;
  for (const step of steps) {
    path += typeof step === 'number' ? `[${step}]` : /^[A-Za-z_$][\w$]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
  }
  return path;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'function') return value.name === '' ? 'an anonymous function' : `function ${value.name}`;
  if (typeof value === 'symbol') return `${String(value)}`;
  const name = (value as object)?.constructor?.name;
  return name ? `a ${name}` : 'an object';
}

export function unsendable(root: string, steps: readonly (string | number)[], value: unknown, hint = ''): TypeError {
  const what = describeValue(value);
  const advice =
    hint ||
    (typeof value === 'function'
      ? 'functions are not data: pass it as a target, or send the data it needs'
      : 'only data, exported-class instances and multiproc objects can be sent');
  return new TypeError(`cannot send ${formatPath(root, steps)}: ${what} cannot be copied to another process (${advice})`);
}
