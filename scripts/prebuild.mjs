// `npm pack` (prepack): compiles the native addon once per supported Node ABI into prebuilds/<platform>-<arch>/
// node.abi<N>.node, the layout node-gyp-build reads, so that an install needs no compiler. Each build runs in a
// scratch copy of binding.gyp and native/ against the headers of that Node release (scripts/node-release.mjs), so a
// local build/ is left alone. A binary whose sources have not changed since it was built is kept (a stamp file holds
// the sources' hash). On linux-x64 it cross-compiles prebuilds/linux-arm64/ too, with Debian's aarch64 cross compiler
// (g++-aarch64-linux-gnu); without that compiler it fails rather than pack a release that lacks arm64, unless
// MULTIPROC_PREBUILD_ARM64=0 asks to build this machine's binaries only. A binary it does not build is packed only if
// it was built from the current sources; stale ones are removed. JOBS=<n> limits the parallel compiles.
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
    // node-gyp's own JOBS variable limits the parallel compiles (e.g. JOBS=1 on a shared machine); all cores otherwise.
    const args = [nodeGyp(), 'rebuild', `--nodedir=${nodeRelease(major, arch)}`, `--arch=${arch}`, `--jobs=${process.env.JOBS || 'max'}`, '--loglevel=error'];
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
 * Whether this run builds linux-arm64 too: by default wherever the cross build is set up (a linux-x64 host);
 * MULTIPROC_PREBUILD_ARM64=0 leaves it out, =1 insists on it. Throws, before anything is built, when arm64 is due and
 * cannot be built here, so that a release is never packed without it by accident.
 */
function shouldBuildArm64() {
  const asked = process.env.MULTIPROC_PREBUILD_ARM64;
  if (asked !== undefined && asked !== '' && asked !== '0' && asked !== '1') {
    throw new Error(`MULTIPROC_PREBUILD_ARM64 is 1 (build linux-arm64 too) or 0 (this machine's binaries only), not '${asked}'`);
  }
  if (process.arch === 'arm64' || asked === '0') return false;
  const crossHost = process.platform === 'linux' && process.arch === 'x64';
  if (!crossHost) {
    if (asked !== '1') return false;
    throw new Error(`MULTIPROC_PREBUILD_ARM64=1, but cross-compiling for linux-arm64 is set up only on linux-x64, not ${process.platform}-${process.arch}`);
  }
  if (hasCommand(CROSS_ARM64.CXX) && hasCommand(CROSS_ARM64.CC)) return true;
  throw new Error(
    `the linux-arm64 addon cannot be built: ${CROSS_ARM64.CXX} is not installed (Debian/Ubuntu: apt-get install ` +
      'g++-aarch64-linux-gnu). Set MULTIPROC_PREBUILD_ARM64=0 to build only linux-x64 (a package for testing, not a release).',
  );
}

/**
 * Removes, from the prebuilds/ folders this run does not build, every binary not built from the current sources (its
 * stamp missing or different): `files` packs whatever lies there, and an old binary must never ship.
 */
function removeStale(builtArchs, hash) {
  const prebuilds = join(ROOT, 'prebuilds');
  if (!existsSync(prebuilds)) return [];
  const built = new Set(builtArchs.map((arch) => `${process.platform}-${arch}`));
  const lines = [];
  for (const folder of readdirSync(prebuilds).filter((name) => !built.has(name))) {
    for (const name of readdirSync(join(prebuilds, folder)).filter((file) => file.endsWith('.node'))) {
      const binary = join(prebuilds, folder, name);
      const stamp = `${binary}.sha256`;
      if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) continue;
      rmSync(binary, { force: true });
      rmSync(stamp, { force: true });
      lines.push(`${folder}/${name}: removed (not built from the current sources)`);
    }
  }
  return lines;
}

/** Builds every missing or stale prebuild for this platform, and for linux-arm64 (see shouldBuildArm64), and removes
 * stale binaries of the others; returns one line per binary. */
export function prebuildAll() {
  const archs = shouldBuildArm64() ? [process.arch, 'arm64'] : [process.arch];
  const hash = sourcesHash();
  return [...archs.flatMap((arch) => buildArch(arch, hash)), ...removeStale(archs, hash)];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    for (const line of prebuildAll()) console.log(`prebuild ${line}`);
  } catch (error) {
    console.error(`prebuild: ${error.message}`);
    process.exitCode = 1;
  }
}
