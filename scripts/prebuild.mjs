// `npm pack` (prepack): compiles the native addon once per supported Node ABI into prebuilds/<platform>-<arch>/
// node.abi<N>.node, the layout node-gyp-build reads, so that an install needs no compiler. Each build runs in a
// scratch copy of binding.gyp and native/ against the headers of that Node release (scripts/node-release.mjs), so a
// local build/ is left alone. A binary whose sources have not changed since it was built is kept (a stamp file holds
// the sources' hash).
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeRelease } from './node-release.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Node majors CI tests and `engines` admits, with their ABI (NODE_MODULE_VERSION). */
export const SUPPORTED = [
  { major: 20, abi: 115 },
  { major: 22, abi: 127 },
  { major: 24, abi: 137 },
];

function sourcesHash() {
  const hash = createHash('sha256').update(readFileSync(join(ROOT, 'binding.gyp')));
  for (const name of readdirSync(join(ROOT, 'native')).sort()) hash.update(name).update(readFileSync(join(ROOT, 'native', name)));
  return hash.digest('hex');
}

function nodeGyp() {
  return fileURLToPath(import.meta.resolve('node-gyp/bin/node-gyp.js'));
}

function buildOne({ major, abi }, outDir, hash) {
  const target = join(outDir, `node.abi${abi}.node`);
  const stamp = `${target}.sha256`;
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return `abi${abi} (Node ${major}): up to date`;
  const work = mkdtempSync(join(tmpdir(), `multiproc-prebuild-${abi}-`));
  try {
    copyFileSync(join(ROOT, 'binding.gyp'), join(work, 'binding.gyp'));
    cpSync(join(ROOT, 'native'), join(work, 'native'), { recursive: true });
    // binding.gyp finds node-addon-api's headers with require(), from the scratch folder: point it at ours.
    const env = { ...process.env, NODE_PATH: join(ROOT, 'node_modules') };
    const args = [nodeGyp(), 'rebuild', `--nodedir=${nodeRelease(major)}`, '--jobs=max', '--loglevel=error'];
    const built = spawnSync(process.execPath, args, { cwd: work, env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error(`the addon did not compile for Node ${major} (node-gyp exited ${built.status})`);
    copyFileSync(join(work, 'build', 'Release', 'multiproc.node'), target);
    writeFileSync(stamp, hash);
    return `abi${abi} (Node ${major}): built`;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Builds every missing or stale prebuild for this platform; returns one line per ABI. */
export function prebuildAll() {
  const outDir = join(ROOT, 'prebuilds', `${process.platform}-${process.arch}`);
  mkdirSync(outDir, { recursive: true });
  const hash = sourcesHash();
  return SUPPORTED.map((release) => buildOne(release, outDir, hash));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of prebuildAll()) console.log(`prebuild ${line}`);
}
