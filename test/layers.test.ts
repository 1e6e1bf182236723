// The house plan's layering, checked on the code: every import in src/ points at its own layer or one below it
// (docs/architecture.md, "Layers"). Imports of types only count too: a type from above is a design smell all the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Bottom to top, as in docs/architecture.md. A room may import its own rank or lower; entry files re-export. */
const LAYERS: readonly (readonly string[])[] = [
  ['errors.ts', 'validate.ts', 'lifecycle.ts', 'lazy-builtin.ts', 'package-root.ts', 'time.ts'],
  ['platform'],
  ['shm'],
  ['reference'],
  ['serialize'],
  ['sync'],
  ['sharedctypes'],
  ['ring'],
  ['connection', 'queues'],
  ['process'],
  ['pool'],
  ['managers'],
  ['subprocess', 'threading', 'coroutines'],
  ['distributed'],
  ['cli'],
  ['context.ts', 'index.ts'],
];

/** Rooms of one rank that must not import each other all the same. */
const APART = [['connection', 'queues'], ['subprocess', 'threading', 'coroutines']];

const rankOf = new Map(LAYERS.flatMap((rooms, rank) => rooms.map((room) => [room, rank] as const)));

/** The folder under src/, or the file itself for a top-level module (imports name it with .js). */
function roomOf(file: string): string {
  return relative(SRC, file).split('/')[0].replace(/\.js$/, '.ts');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)|^\s*import\s*'(\.[^']+)'/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => resolve(dirname(file), match[1] ?? match[2] ?? match[3]));
}

test('every room of src/ has a place in the layer list', () => {
  const rooms = new Set(readdirSync(SRC));
  assert.deepEqual([...rooms].filter((room) => !rankOf.has(room)), []);
});

test('no import points up the layers, and rooms kept apart do not import each other', () => {
  const upward: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = roomOf(file);
    for (const target of importsOf(file)) {
      const to = roomOf(target);
      if (to === from) continue;
      const fromRank = rankOf.get(from)!;
      const toRank = rankOf.get(to);
      const apart = APART.some((group) => group.includes(from) && group.includes(to));
      if (toRank === undefined || toRank > fromRank || apart) upward.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
    }
  }
  assert.deepEqual(upward, []);
});
