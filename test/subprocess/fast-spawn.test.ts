// The native posix_spawn path of run() and its shortcuts: that it is taken, and that it behaves as the
// child_process path does — errors, exit statuses, signals, big outputs, input, timeouts, reaping.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { native, type NativeAddon } from '../../src/platform/native.js';
import {
  CalledProcessError, call, checkCall, checkOutput, FileNotFoundError, getstatusoutput, Popen, run, TimeoutExpired,
} from '../../src/subprocess/index.js';
import { floodCommand, killQuietly } from '../fixtures/subprocess/helpers.js';

const T = 10000;
const addon = native as (NativeAddon & { spawn: NonNullable<NativeAddon['spawn']> }) | null;

describe('fast spawn (posix_spawn in the addon)', { skip: addon?.spawn === undefined && 'addon without spawn', timeout: 60000 }, () => {
  let spawned = 0;
  let original: NativeAddon['spawn'];
  // Count the addon's spawns, to tell which path a call took.
  before(() => {
    original = addon!.spawn;
    addon!.spawn = (...args) => { spawned++; return original!(...args); };
  });
  after(() => { addon!.spawn = original!; });

  async function viaFastPath<R>(work: () => Promise<R>): Promise<R> {
    const before = spawned;
    const result = await work();
    assert.equal(spawned, before + 1, 'expected the native spawn');
    return result;
  }

  it('is what run(), call(), checkCall() and checkOutput() use; Popen keeps node\'s spawn', async () => {
    assert.equal(await viaFastPath(() => checkOutput(['echo', 'hi'], { text: true })), 'hi\n');
    assert.equal(await viaFastPath(() => call(['true'])), 0);
    assert.equal(await viaFastPath(() => checkCall(['true'], { timeout: T })), 0);
    assert.deepEqual(await viaFastPath(() => getstatusoutput('echo out; echo err >&2; exit 3')), [3, 'out\nerr']);
    const before = spawned;
    const popen = new Popen(['true']);
    await popen.wait();
    assert.equal(spawned, before);
  });

  it('falls back to node\'s spawn for a stream without a descriptor', async () => {
    const before = spawned;
    const chunks: Buffer[] = [];
    const { PassThrough } = await import('node:stream');
    const sink = new PassThrough().on('data', (chunk: Buffer) => chunks.push(chunk));
    await run(['echo', 'pumped'], { stdout: sink, timeout: T });
    assert.equal(spawned, before);
    assert.equal(Buffer.concat(chunks).toString(), 'pumped\n');
  });

  it('reports a missing program as FileNotFoundError (ENOENT) naming it, and a missing cwd naming the cwd', async () => {
    const missing = 'multiproc-fast-no-such-program';
    await assert.rejects(viaFastPath(() => checkOutput([missing, 'x'])), (error: unknown) => {
      assert.ok(error instanceof FileNotFoundError);
      assert.equal(error.code, 'ENOENT');
      assert.equal(error.filename, missing);
      assert.equal(error.message, `[Errno 2] No such file or directory: '${missing}'`);
      return true;
    });
    const nowhere = join(tmpdir(), 'multiproc-fast-no-such-dir');
    await assert.rejects(viaFastPath(() => run(['true'], { cwd: nowhere })), { code: 'ENOENT', filename: nowhere });
  });

  it('gives exit codes, and -N for a child killed by signal N', async () => {
    assert.equal(await viaFastPath(() => call(['sh', '-c', 'exit 7'])), 7);
    assert.equal((await viaFastPath(() => run(['sh', '-c', 'kill -TERM $$']))).returncode, -15);
    await assert.rejects(checkOutput(['sh', '-c', 'echo before; kill -KILL $$']), (error: unknown) => {
      assert.ok(error instanceof CalledProcessError);
      assert.equal(error.returncode, -9);
      assert.equal(String(error.output), 'before\n');
      return true;
    });
    await assert.rejects(checkCall(['sh', '-c', 'exit 3']), { returncode: 3 });
  });

  it('reads large outputs on stdout and stderr at once', async () => {
    const done = await viaFastPath(() => run(['sh', '-c', floodCommand(4)], { captureOutput: true, timeout: T }));
    assert.equal(done.stdout.length, 4 << 20);
    assert.equal(done.stderr.length, 4 << 20);
    assert.ok(done.stdout.every((byte) => byte === 0x6f));
  });

  it('feeds input larger than a pipe buffer, as bytes or text', async () => {
    const input = Buffer.alloc(3 << 20, 'abc');
    const bytes = await viaFastPath(() => run(['cat'], { input, captureOutput: true, timeout: T }));
    assert.ok(bytes.stdout.equals(input));
    assert.equal(await viaFastPath(() => checkOutput(['cat'], { input: 'été\r\n', text: true })), 'été\n');
  });

  it('kills the child on timeout and reaps it: /proc/<pid> is gone', async () => {
    let error: unknown;
    try {
      await viaFastPath(() => run(['sh', '-c', 'echo $$; exec sleep 30'], { captureOutput: true, timeout: 300 }));
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof TimeoutExpired);
    const pid = Number(String(error.output).trim());
    try {
      assert.ok(pid > 0);
      assert.equal(existsSync(`/proc/${pid}`), false);
    } finally {
      killQuietly(pid);
    }
  });

  it('leaves no zombie after a call', async () => {
    const pid = Number(await viaFastPath(() => checkOutput(['sh', '-c', 'echo $$'], { text: true })));
    assert.ok(pid > 0);
    assert.equal(existsSync(`/proc/${pid}`), false);
  });

  it('runs in cwd with the env given, looking the program up on that env\'s PATH (or /usr/bin:/bin)', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'multiproc-test-')));
    try {
      assert.equal(await viaFastPath(() => checkOutput(['pwd'], { cwd: dir, text: true })), dir + '\n');
      assert.equal(await viaFastPath(() => checkOutput(['env'], { env: { ONLY: 'this' }, text: true })), 'ONLY=this\n');
      const custom = { ...process.env, PATH: '/nowhere' };
      await assert.rejects(run(['true'], { env: custom }), FileNotFoundError);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('runs an executable without a #! line through /bin/sh, as node\'s spawn (execvp) does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'multiproc-test-'));
    try {
      const script = join(dir, 'no-shebang');
      writeFileSync(script, 'echo "script $1"\n', { mode: 0o755 });
      assert.equal(await viaFastPath(() => checkOutput([script, 'arg'], { text: true })), 'script arg\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('gives the child default signal dispositions and mask (node ignores SIGPIPE), and a new session on request', async () => {
    const status = await viaFastPath(() => checkOutput(['grep', '-E', '^Sig(Ign|Blk)', '/proc/self/status'], { text: true }));
    assert.equal(status, 'SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n');
    const stat = await viaFastPath(() => checkOutput(['sh', '-c', 'echo $$; cut -d" " -f6 /proc/$$/stat'], { startNewSession: true, text: true }));
    const [pid, session] = stat.trim().split('\n');
    assert.equal(session, pid);
  });

  it('keeps the event loop alive until the exit is seen, with no pipe open', () => {
    const script = `import('${new URL('../../src/subprocess/index.ts', import.meta.url).href}')` +
      ".then((m) => m.call(['sleep', '0.3'])).then((rc) => console.log('rc', rc))";
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: T });
    assert.equal(child.stdout, 'rc 0\n', child.stderr);
  });
});
