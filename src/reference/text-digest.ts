// A short fingerprint of a text (two 32-bit FNV-1a lanes with different seeds): enough to notice that a file is not
// the one another process read, in plain JS (no node:crypto to load in a child).
export function digestText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}
