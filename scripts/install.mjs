// The package's install script. Installed from the registry or a tarball: nothing to do when the binary prebuilt for
// this platform and Node ABI loads; otherwise it compiles the addon (node-gyp, as npm provides it) and, if that is
// impossible (no compiler), says what is missing and lets the install succeed: only what shares memory between
// processes needs the addon, and it throws NativeAddonError naming the fix. In a checkout (src/ is there) the addon
// is always compiled from native/, and a failure fails the install: the tests need the current sources built.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHECKOUT = existsSync(join(ROOT, 'src'));
const PREBUILT = join(ROOT, 'prebuilds', `${process.platform}-${process.arch}`, `node.abi${process.versions.modules}.node`);
// `npm install --build-from-source` (the convention of prebuilt native packages) skips the prebuilt binary.
const FROM_SOURCE = CHECKOUT || ['true', ''].includes(process.env.npm_config_build_from_source ?? 'no');

function prebuiltLoads() {
  if (!existsSync(PREBUILT)) return false;
  try {
    createRequire(import.meta.url)(PREBUILT);
    return true;
  } catch (error) {
    console.warn(`multiproc: the prebuilt addon ${PREBUILT} does not load here (${error.message.split('\n')[0]}); compiling one`);
    return false;
  }
}

/** node-gyp rebuild: a checkout has node-gyp as a dev dependency; npm names its own in npm_config_node_gyp. */
function compile() {
  const local = join(ROOT, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const script = existsSync(local) ? local : process.env.npm_config_node_gyp;
  const [file, args] = script ? [process.execPath, [script, 'rebuild']] : ['node-gyp', ['rebuild']];
  return spawnSync(file, args, { cwd: ROOT, stdio: 'inherit' }).status === 0;
}

if (!FROM_SOURCE && prebuiltLoads()) process.exit(0);
if (compile()) process.exit(0);
if (CHECKOUT) {
  console.error('multiproc: the native addon did not compile (it needs python3, make and a C++ compiler).');
  process.exit(1);
}
console.warn(
  `multiproc: no prebuilt native addon fits ${process.platform}-${process.arch} on Node ${process.versions.node} ` +
    '(ABI ' + process.versions.modules + ') and compiling one failed (it needs python3, make and a C++ compiler). ' +
    'Threads, Process and subprocess work; a process Pool, Manager, Queue, Lock or Value shared with another process ' +
    'throws NativeAddonError until you install those tools and run `npm rebuild multiproc`.',
);
