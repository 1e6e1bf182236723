// linux-arm64, as the package ships it: `npm pack` cross-compiles the addon for arm64 and packs it, and Node for arm64,
// run under qemu-user, loads that binary and runs the library's core across real processes
// (test/fixtures/arm64/check.mjs, on Node 24); Nodes 20 and 22 for arm64 load theirs and map a segment with it
// (test/fixtures/arm64/segment.mjs), so every shipped binary is loaded once. Not part of `npm test` (scripts/test.mjs leaves it out): it needs Debian's
// g++-aarch64-linux-gnu and qemu-user-static, so CI (.ci/run) installs them and runs it as a step of its own:
//   node scripts/test.mjs test/package/arm64.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHECK = fileURLToPath(new URL('../fixtures/arm64/check.mjs', import.meta.url));
const SEGMENT = fileURLToPath(new URL('../fixtures/arm64/segment.mjs', import.meta.url));
/** The full check runs on one Node major (emulation is slow): the newest LTS. */
const ARM64_NODE_MAJOR = 24;
/** The Node majors the package supports (scripts/prebuild.mjs) and their ABIs, each shipped for arm64. */
const SHIPPED = [{ major: 20, abi: 115 }, { major: 22, abi: 127 }, { major: 24, abi: 137 }];
/** Where Debian's cross toolchain (libc6-arm64-cross) puts the arm64 C library the emulated node links against. */
const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';

const ENV: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`, npm_config_update_notifier: 'false' };
for (const name of Object.keys(ENV)) if (name.startsWith('MULTIPROC_')) delete ENV[name];

interface Outcome {
  pid: number | undefined;
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], timeout: number, env: NodeJS.ProcessEnv = ENV): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd: ROOT, env, timeout, killSignal: 'SIGKILL', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ pid: child.pid, code, stdout, stderr });
    });
  });
}

/** qemu-user's aarch64 emulator: Debian's static build (qemu-user-static), else the dynamic one (qemu-user). */
function findQemu(): string {
  for (const name of ['qemu-aarch64-static', 'qemu-aarch64']) {
    if (spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0) return name;
  }
  throw new Error('qemu-user is not installed: apt-get install qemu-user-static (Debian/Ubuntu)');
}

const quoteForShell = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

describe('linux-arm64: the packed addon under qemu-user', { timeout: 900_000 }, () => {
  let work: string;
  let packed: Outcome;
  let qemu: string;

  /**
   * A script that runs Node `major` for arm64 under qemu with its arguments (the kernel may have no binfmt entry to
   * exec it); the release is the one prepack fetched for its headers.
   */
  async function qemuNode(major: number): Promise<string> {
    const release = await run(process.execPath, [join(ROOT, 'scripts', 'node-release.mjs'), String(major), 'arm64'], 300_000);
    assert.equal(release.code, 0, `Node ${major} for arm64 could not be installed:\n${release.stderr}`);
    const node = join(release.stdout.trim(), 'bin', 'node');
    const script = join(work, `node${major}-arm64`);
    writeFileSync(script, `#!/bin/sh\nexec ${quoteForShell(qemu)} -L ${quoteForShell(ARM64_SYSROOT)} ${quoteForShell(node)} "$@"\n`, { mode: 0o700 });
    return script;
  }

  before(async () => {
    qemu = findQemu();
    assert.ok(existsSync(join(ARM64_SYSROOT, 'lib', 'ld-linux-aarch64.so.1')), `no arm64 C library in ${ARM64_SYSROOT}: apt-get install g++-aarch64-linux-gnu`);
    work = mkdtempSync(join(tmpdir(), 'multiproc-arm64-'));
    // What a release runs: prepare (dist/) and prepack (every prebuild, arm64 included by default on linux-x64); the
    // first run cross-compiles three binaries and fetches the arm64 Node releases for their headers.
    packed = await run('npm', ['pack', '--dry-run', '--json'], 600_000);
  });

  after(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  test('npm pack builds and ships the linux-arm64 addon for every supported Node ABI', () => {
    assert.equal(packed.code, 0, `npm pack --dry-run failed:\n${packed.stderr}`);
    // The lifecycle scripts' output comes first on stdout; the listing is the JSON array after it.
    const listing = JSON.parse(packed.stdout.slice(packed.stdout.search(/^\[/m))) as [{ files: { path: string }[] }];
    const files = listing[0].files.map((file) => file.path);
    for (const { abi } of SHIPPED) assert.ok(files.includes(`prebuilds/linux-arm64/node.abi${abi}.node`), `the arm64 addon for ABI ${abi} is packed`);
  });

  test(`Node ${ARM64_NODE_MAJOR} for arm64 loads it and shares a Lock, a Value and Queues with child processes, and runs a Pool`, { timeout: 300_000 }, async () => {
    const node = await qemuNode(ARM64_NODE_MAJOR);
    const checked = await run(node, [CHECK], 290_000, { ...ENV, MULTIPROC_TEST_QEMU_NODE: node });
    assert.equal(checked.code, 0, `the check failed under qemu:\n${checked.stdout}\n${checked.stderr}`);
    const result = JSON.parse(checked.stdout.trim().split('\n').at(-1)!) as unknown;
    assert.deepEqual(result, { arch: 'arm64', counter: 400, childExitCode: 0, lockFree: true, doubled: 42, squares: [1, 4, 9, 16] });
    // Its segments and its resource tracker's pid file are named after the root process (the shell exec'd qemu,
    // which runs node in that same process); the tracker removes them once the root has gone.
    const left = () => readdirSync('/dev/shm').filter((name) => name.startsWith(`mp-${checked.pid}-`));
    await eventually(() => left().length === 0, 30_000, 100).catch(() => assert.deepEqual(left(), [], 'no /dev/shm entry of the check is left'));
  });

  for (const { major, abi } of SHIPPED.filter((release) => release.major !== ARM64_NODE_MAJOR)) {
    test(`Node ${major} for arm64 loads its binary (ABI ${abi}) and maps a shared memory segment with it`, { timeout: 120_000 }, async () => {
      const loaded = await run(await qemuNode(major), [SEGMENT], 110_000);
      assert.equal(loaded.code, 0, `Node ${major} for arm64 failed under qemu:\n${loaded.stdout}\n${loaded.stderr}`);
      assert.deepEqual(JSON.parse(loaded.stdout.trim().split('\n').at(-1)!), { arch: 'arm64', abi: String(abi), seen: 42 });
    });
  }
});
