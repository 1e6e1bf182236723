// `npm pack` (prepack): compiles the native addon once per supported Node ABI into prebuilds/<platform>-<arch>/
// node.abi<N>.node, the layout node-gyp-build reads, so that an install needs no compiler. Each build runs in a
// scratch copy of binding.gyp and native/ against the headers of that Node release (scripts/node-release.mjs), so a
// local build/ is left alone. A binary whose sources have not changed since it was built is kept (a stamp file holds
// the sources' hash). linux-arm64 is not shipped yet (docs/architecture.md, "The package as installed" says why):
// MULTIPROC_PREBUILD_ARM64=1 cross-compiles prebuilds/linux-arm64/ too, on linux-x64 with Debian's aarch64 cross
// compiler (g++-aarch64-linux-gnu), to try it under qemu-user.
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

/** The aarch64 cross compilers, as node-gyp's make build takes them (CC/CXX, and the linker is CXX). */
const CROSS_ARM64 = { CC: 'aarch64-linux-gnu-gcc', CXX: 'aarch64-linux-gnu-g++', LINK: 'aarch64-linux-gnu-g++' };

function hasCommand(name) {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A cross build for arm64 is possible here: a linux-x64 host with the cross compilers on PATH. */
function canCrossCompileArm64() {
  return process.platform === 'linux' && process.arch === 'x64' && hasCommand(CROSS_ARM64.CXX) && hasCommand(CROSS_ARM64.CC);
}

function buildOne({ major, abi }, outDir, hash, arch = process.arch) {
  const label = `${arch === process.arch ? '' : `${arch} `}abi${abi} (Node ${major})`;
  const target = join(outDir, `node.abi${abi}.node`);
  const stamp = `${target}.sha256`;
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return `${label}: up to date`;
  const work = mkdtempSync(join(tmpdir(), `multiproc-prebuild-${arch}-${abi}-`));
  try {
    copyFileSync(join(ROOT, 'binding.gyp'), join(work, 'binding.gyp'));
    cpSync(join(ROOT, 'native'), join(work, 'native'), { recursive: true });
    // binding.gyp finds node-addon-api's headers with require(), from the scratch folder: point it at ours.
    const cross = arch === process.arch ? {} : CROSS_ARM64;
    const env = { ...process.env, ...cross, NODE_PATH: join(ROOT, 'node_modules') };
    const args = [nodeGyp(), 'rebuild', `--nodedir=${nodeRelease(major, arch)}`, `--arch=${arch}`, '--jobs=max', '--loglevel=error'];
    const built = spawnSync(process.execPath, args, { cwd: work, env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error(`the addon did not compile for ${arch} Node ${major} (node-gyp exited ${built.status})`);
    copyFileSync(join(work, 'build', 'Release', 'multiproc.node'), target);
    writeFileSync(stamp, hash);
    return `${label}: built`;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function buildArch(arch, hash) {
  const outDir = join(ROOT, 'prebuilds', `${process.platform}-${arch}`);
  mkdirSync(outDir, { recursive: true });
  return SUPPORTED.map((release) => buildOne(release, outDir, hash, arch));
}

/**
 * Builds every missing or stale prebuild for this platform, and for linux-arm64 when MULTIPROC_PREBUILD_ARM64=1 asks
 * for it; returns one line per binary. Asked for, a missing cross compiler is an error rather than a quiet skip.
 */
export function prebuildAll() {
  const hash = sourcesHash();
  const lines = buildArch(process.arch, hash);
  if (process.arch === 'arm64' || process.env.MULTIPROC_PREBUILD_ARM64 !== '1') return lines;
  if (canCrossCompileArm64()) return [...lines, ...buildArch('arm64', hash)];
  const missing = process.platform === 'linux' && process.arch === 'x64'
    ? `${CROSS_ARM64.CXX} is not installed (Debian/Ubuntu: apt-get install g++-aarch64-linux-gnu)`
    : `cross-compiling for linux-arm64 is set up only on linux-x64, not ${process.platform}-${process.arch}`;
  throw new Error(`MULTIPROC_PREBUILD_ARM64=1, but ${missing}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of prebuildAll()) console.log(`prebuild ${line}`);
}
