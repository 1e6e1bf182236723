// What the two ways of hooking a child's module loading for TypeScript share (typescript-hooks on Node's hooks thread,
// typescript-register's in-thread hooks): which URLs are TypeScript, how TypeScript-style specifiers resolve, and
// when the parent's JavaScript for a module may be used.
import { readFileSync } from 'node:fs';
import type { TranspiledModule } from '../reference/inspector.js';
import { digestText } from '../reference/text-digest.js';

export const TYPESCRIPT_URL = /\.(ts|mts|tsx)(\?.*)?$/;

/** Whether a specifier that failed to resolve from `parentURL` may mean a TypeScript file under another spelling. */
export function mayMeanTypeScript(specifier: string, parentURL: string | undefined): boolean {
  return /^(\.{1,2}\/|\/|file:)/.test(specifier) && parentURL !== undefined && TYPESCRIPT_URL.test(parentURL);
}

/** The TypeScript files such a specifier may mean, in the order tsx tries them ('./x.js' → './x.ts', …). */
export function typeScriptCandidates(specifier: string): string[] {
  const js = /\.(c|m)?js$/.exec(specifier);
  if (js !== null) {
    const base = specifier.slice(0, -js[0].length);
    return js[1] === 'm' ? [`${base}.mts`] : js[1] === 'c' ? [`${base}.cts`] : [`${base}.ts`, `${base}.tsx`];
  }
  if (/\.[a-z]+$/i.test(specifier)) return [];
  return [`${specifier}.ts`, `${specifier}.tsx`, `${specifier}/index.ts`];
}

/**
 * How a child has esbuild transform a module the parent never loaded: as tsx itself does (whitespace minified, names
 * kept), so that the child's functions have the same source text as the parent's would, which is what a reference to
 * a function is checked against. Without the project's tsconfig settings tsx would add, which change the text of
 * classes and decorators only.
 */
export function esbuildOptionsLikeTsx(path: string): import('esbuild').TransformOptions {
  return {
    loader: path.endsWith('x') ? 'tsx' : 'ts',
    format: 'esm',
    sourcefile: path,
    sourcemap: 'inline',
    target: `node${process.versions.node}`,
    minifyWhitespace: true,
    keepNames: true,
  };
}

/** The parent's JavaScript for a module, if the file still holds the text the parent read (whatever its mtime). */
export function parentsJavaScript(transpiled: ReadonlyMap<string, TranspiledModule>, url: string): string | null {
  const module = transpiled.get(url);
  if (module === undefined) return null;
  try {
    return digestText(readFileSync(new URL(url), 'utf8')) === module.digest ? module.source : null;
  } catch {
    return null;
  }
}
