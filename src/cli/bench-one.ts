// Runs the bench* functions of one bench module and prints their rows as JSON on the last line of stdout. The bench
// command starts one of these per module, so that no benchmark runs in a process another one has changed (an
// AsyncLocalStorage or a warm JIT left behind by the previous module would skew it).
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

const file = process.argv[2];
const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
const results: Record<string, unknown> = {};
for (const [name, bench] of Object.entries(module)) {
  if (/^bench[A-Z0-9]/.test(name) && typeof bench === 'function') results[`${basename(file)}:${name}`] = await (bench as () => unknown)();
}
process.stdout.write(`\n${JSON.stringify(results)}\n`);
