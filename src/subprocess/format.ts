// Python-looking renderings of commands and signals, so that error messages read exactly like Python's
// ("Command '['ls', '-l']' returned non-zero exit status 1.").
import { constants } from 'node:os';

const signalNames = new Map<number, string>(
  Object.entries(constants.signals).map(([name, number]) => [number, name]),
);

/** Python's repr() of a str: single quotes unless the text holds a single quote and no double quote. */
export function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\' || char === quote) body += '\\' + char;
    else if (char === '\n') body += '\\n';
    else if (char === '\r') body += '\\r';
    else if (char === '\t') body += '\\t';
    else if (code < 0x20 || code === 0x7f) body += '\\x' + code.toString(16).padStart(2, '0');
    else body += char;
  }
  return quote + body + quote;
}

/** What Python's `'%s' % cmd` prints: a string as is, a list as `['ls', '-l']`. */
export function formatCommand(cmd: string | readonly string[]): string {
  return typeof cmd === 'string' ? cmd : `[${cmd.map(reprString).join(', ')}]`;
}

/** The signal number for a name such as 'SIGKILL' (what `returncode = -N` needs). */
export function signalNumber(name: NodeJS.Signals | string): number {
  return (constants.signals as Record<string, number>)[name] ?? 0;
}

/** Python's `<Signals.SIGKILL: 9>`, or `unknown signal 99` for a number with no name. */
export function describeSignal(number: number): string {
  const name = signalNames.get(number);
  return name === undefined ? `unknown signal ${number}` : `<Signals.${name}: ${number}>`;
}

/** The exit status Python reports for Node's (code, signal) pair: the code, or -N for signal N (a name or N). */
export function toReturncode(code: number | null, signal: NodeJS.Signals | string | number | null): number {
  return code ?? -(typeof signal === 'number' ? signal : signalNumber(signal ?? ''));
}
