// linux-arm64, as the package ships it: `npm pack` cross-compiles the addon for arm64 and packs it; Node for arm64,
// run under qemu-user, loads that binary from the package's install script and runs the library's core across real
// processes (test/fixtures/arm64/check.mjs, on Node 24); Nodes 20 and 22 for arm64 load theirs and map a segment with
// it (test/fixtures/arm64/segment.mjs), so every shipped binary is loaded once. Not part of `npm test`
// (scripts/test.mjs leaves it out): it needs Debian's g++-aarch64-linux-gnu and qemu-user-static, so CI (.ci/run)
// installs them and runs it as a step of its own:
//   node scripts/test.mjs test/package/arm64.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * The path of qemu-user's aarch64 emulator: Debian's static build (qemu-user-static), else the dynamic one
 * (qemu-user). A full path, so that a test can run the emulated node with a PATH that holds no compiler.
 */
function findQemu(): string {
  for (const name of ['qemu-aarch64-static', 'qemu-aarch64']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim().startsWith('/')) return found.stdout.trim();
  }
  throw new Error('qemu-user is not installed: apt-get install qemu-user-static (Debian/Ubuntu)');
}

const quoteForShell = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

describe('linux-arm64: the packed addon under qemu-user', { timeout: 900_000 }, () => {
  let work: string;
  let qemu: string;
  /** The tarball's contents, unpacked: the package as an install gets it. */
  let unpacked: string;

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
    const packed = await run('npm', ['pack', '--pack-destination', work], 600_000);
    assert.equal(packed.code, 0, `npm pack failed:\n${packed.stderr}`);
    const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
    const extracted = await run('tar', ['xzf', tarball, '-C', work], 60_000);
    assert.equal(extracted.code, 0, extracted.stderr);
    unpacked = join(work, 'package');
  });

  after(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  test('npm pack builds and ships the linux-arm64 addon for every supported Node ABI', () => {
    const shipped = readdirSync(join(unpacked, 'prebuilds', 'linux-arm64')).sort();
    assert.deepEqual(shipped, SHIPPED.map(({ abi }) => `node.abi${abi}.node`).sort());
  });

  test('a prebuild that leaves arm64 out (MULTIPROC_PREBUILD_ARM64=0) removes arm64 binaries of other sources, keeps current ones', { timeout: 120_000 }, async () => {
    // Run alone (CI's own step), so changing the checkout's prebuilds/ races with no other test's `npm pack`.
    const folder = join(ROOT, 'prebuilds', 'linux-arm64');
    const stale = join(folder, 'node.abi1.node');
    writeFileSync(stale, 'an arm64 binary of older sources');
    writeFileSync(`${stale}.sha256`, 'the hash of older sources');
    try {
      const rebuilt = await run(process.execPath, [join(ROOT, 'scripts', 'prebuild.mjs')], 110_000, { ...ENV, MULTIPROC_PREBUILD_ARM64: '0' });
      assert.equal(rebuilt.code, 0, rebuilt.stderr);
      assert.match(rebuilt.stdout, /linux-arm64\/node\.abi1\.node: removed \(not built from the current sources\)/);
      assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith('.node')).sort(), SHIPPED.map(({ abi }) => `node.abi${abi}.node`).sort());
    } finally {
      rmSync(stale, { force: true });
      rmSync(`${stale}.sha256`, { force: true });
    }
  });

  test(`the install script on Node ${ARM64_NODE_MAJOR} for arm64 finds the prebuilt binary and compiles nothing`, { timeout: 120_000 }, async () => {
    // No compiler on PATH: had the binary not loaded, the script would try node-gyp, fail and say so.
    const emptyBin = join(work, 'empty-bin');
    mkdirSync(emptyBin);
    const installed = await run(await qemuNode(ARM64_NODE_MAJOR), [join(unpacked, 'scripts', 'install.mjs')], 110_000, { ...ENV, PATH: emptyBin });
    assert.deepEqual(installed, { pid: installed.pid, code: 0, stdout: '', stderr: '' });
    assert.ok(!existsSync(join(unpacked, 'build')), 'nothing was compiled');
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
