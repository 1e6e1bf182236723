// run(): capture, input, stdio targets, text mode, check, cwd and env, shell or no shell.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, createWriteStream, realpathSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { CalledProcessError, CompletedProcess, DEVNULL, PIPE, run, STDOUT } from '../../src/subprocess/index.js';

const T = 5000; // every child in this file is given this timeout (ms)

describe('run', { timeout: 30000 }, () => {
  it('returns a CompletedProcess with args, returncode and no output when nothing is captured', async () => {
    const done = await run(['true'], { timeout: T });
    assert.ok(done instanceof CompletedProcess);
    assert.deepEqual(done.args, ['true']);
    assert.equal(done.returncode, 0);
    assert.equal(done.stdout, null);
    assert.equal(done.stderr, null);
  });

  it('captures stdout and stderr apart as Buffers', async () => {
    const done = await run(['sh', '-c', 'echo out; echo err >&2; exit 3'], { captureOutput: true, timeout: T });
    assert.equal(done.returncode, 3);
    assert.ok(Buffer.isBuffer(done.stdout));
    assert.equal(done.stdout.toString(), 'out\n');
    assert.equal(done.stderr.toString(), 'err\n');
  });

  it('gives strings in text mode, reading \\r\\n and \\r as \\n, and honours an encoding', async () => {
    const text = await run(['printf', 'a\\r\\nb\\rc'], { captureOutput: true, text: true, timeout: T });
    assert.equal(text.stdout, 'a\nb\nc');
    const latin = await run(['printf', '\\351t\\351'], { stdout: PIPE, encoding: 'latin1', timeout: T });
    assert.equal(latin.stdout, 'été');
  });

  it('feeds input to stdin, as bytes or as text', async () => {
    assert.equal((await run(['cat'], { input: 'hello', captureOutput: true, text: true, timeout: T })).stdout, 'hello');
    const bytes = await run(['wc', '-c'], { input: Buffer.alloc(100000, 1), captureOutput: true, timeout: T });
    assert.equal(bytes.stdout.toString().trim(), '100000');
  });

  it('sends stderr to stdout with STDOUT, in the order the child wrote them', async () => {
    const script = 'for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done';
    const done = await run(['sh', '-c', script], { stdout: PIPE, stderr: STDOUT, text: true, timeout: T });
    assert.equal(done.stdout, 'out1\nerr1\nout2\nerr2\nout3\nerr3\nout4\nerr4\nout5\nerr5\n');
    assert.equal(done.stderr, null);
  });

  it('sends output to DEVNULL, to a file descriptor and to a stream without one', async () => {
    const quiet = await run(['sh', '-c', 'echo lost; echo lost >&2'], { stdout: DEVNULL, stderr: DEVNULL, timeout: T });
    assert.equal(quiet.returncode, 0);
    const dir = mkdtempSync(join(tmpdir(), 'multiproc-test-'));
    try {
      const path = join(dir, 'out.txt');
      const fd = openSync(path, 'w');
      await run(['sh', '-c', 'echo to-fd; echo err-to-fd >&2'], { stdout: fd, stderr: STDOUT, timeout: T });
      closeSync(fd);
      assert.equal(readFileSync(path, 'utf8'), 'to-fd\nerr-to-fd\n');

      const sink = new PassThrough();
      const chunks: Buffer[] = [];
      sink.on('data', (chunk: Buffer) => chunks.push(chunk));
      await run(['echo', 'to-stream'], { stdout: sink, timeout: T });
      assert.equal(Buffer.concat(chunks).toString(), 'to-stream\n');

      const file = createWriteStream(join(dir, 'stream.txt'));
      await run(['echo', 'to-file-stream'], { stdout: file, timeout: T });
      file.end();
      await once(file, 'finish', { signal: AbortSignal.timeout(T) });
      assert.equal(readFileSync(join(dir, 'stream.txt'), 'utf8'), 'to-file-stream\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('reads stdin from a stream without a descriptor', async () => {
    const done = await run(['cat'], { stdin: Readable.from(['a', 'b', 'c']), stdout: PIPE, text: true, timeout: T });
    assert.equal(done.stdout, 'abc');
  });

  it('throws CalledProcessError with the outputs when check is set', async () => {
    const failing = run(['sh', '-c', 'echo partial; echo oops >&2; exit 2'], { captureOutput: true, check: true, timeout: T });
    await assert.rejects(failing, (error: unknown) => {
      assert.ok(error instanceof CalledProcessError);
      assert.equal(error.returncode, 2);
      assert.equal(error.output!.toString(), 'partial\n');
      assert.equal(error.stdout, error.output);
      assert.equal(error.stderr!.toString(), 'oops\n');
      return true;
    });
    const done = await run(['false'], { timeout: T });
    assert.equal(done.returncode, 1);
    assert.throws(() => done.checkReturncode(), CalledProcessError);
  });

  it('runs in cwd, with exactly the env given', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'multiproc-test-')));
    try {
      const here = await run(['pwd'], { cwd: dir, stdout: PIPE, text: true, timeout: T });
      assert.equal(here.stdout, dir + '\n');
      const env = await run(['/usr/bin/env'], { env: { ONLY: 'this' }, stdout: PIPE, text: true, timeout: T });
      assert.equal(env.stdout, 'ONLY=this\n');
      const inherited = await run(['sh', '-c', 'echo "$MULTIPROC_TEST_VAR"'], {
        env: { ...process.env, MULTIPROC_TEST_VAR: 'inherited' }, stdout: PIPE, text: true, timeout: T,
      });
      assert.equal(inherited.stdout, 'inherited\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('never passes an argument list through a shell unless shell is set', async () => {
    const literal = await run(['echo', '$HOME', '`id`', '; ls', '*'], { stdout: PIPE, text: true, timeout: T });
    assert.equal(literal.stdout, '$HOME `id` ; ls *\n');
    const shell = await run('echo $((6 * 7)) | tr 4 X', { shell: true, stdout: PIPE, text: true, timeout: T });
    assert.equal(shell.stdout, 'X2\n');
    const positional = await run(['echo "$0-$1"', 'zero', 'one'], { shell: true, stdout: PIPE, text: true, timeout: T });
    assert.equal(positional.stdout, 'zero-one\n');
  });

  it('refuses Python\'s incompatible option pairs', async () => {
    await assert.rejects(run(['cat'], { input: 'x', stdin: PIPE }), /stdin and input arguments may not both be used/);
    await assert.rejects(run(['true'], { captureOutput: true, stdout: PIPE }), /may not be used with capture_output/);
  });
});
