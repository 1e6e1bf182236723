// The sync forms: same results and errors as the async functions, blocking the thread.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import {
  CalledProcessError, callSync, checkCallSync, checkOutputSync, CompletedProcess, DEVNULL, getoutputSync,
  getstatusoutputSync, PIPE, runSync, STDOUT,
} from '../../src/subprocess/index.js';

const T = 5000;

describe('sync forms', { timeout: 30000 }, () => {
  it('runSync captures, feeds input, decodes text and reports -N for signals', () => {
    const done = runSync(['sh', '-c', 'cat; echo err >&2; exit 3'], { input: 'in', captureOutput: true, timeout: T });
    assert.ok(done instanceof CompletedProcess);
    assert.equal(done.returncode, 3);
    assert.equal(done.stdout.toString(), 'in');
    assert.equal(done.stderr.toString(), 'err\n');
    const text = runSync(['printf', 'a\\r\\nb'], { stdout: PIPE, text: true, timeout: T });
    assert.equal(text.stdout, 'a\nb');
    assert.equal(text.stderr, null);
    assert.equal(runSync(['sh', '-c', 'kill -TERM $$'], { timeout: T }).returncode, -15);
  });

  it('runSync merges stderr into stdout in order, and throws CalledProcessError with check', () => {
    const merged = runSync(['sh', '-c', 'echo 1; echo 2 >&2; echo 3'], { stdout: PIPE, stderr: STDOUT, text: true, timeout: T });
    assert.equal(merged.stdout, '1\n2\n3\n');
    assert.throws(
      () => runSync(['sh', '-c', 'echo out; exit 1'], { captureOutput: true, text: true, check: true, timeout: T }),
      (error: unknown) => error instanceof CalledProcessError && error.returncode === 1 && error.output === 'out\n',
    );
  });

  it('runSync honours cwd and env, and passes argument lists without a shell', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'multiproc-test-')));
    try {
      assert.equal(runSync(['pwd'], { cwd: dir, stdout: PIPE, text: true, timeout: T }).stdout, dir + '\n');
      assert.equal(runSync(['/usr/bin/env'], { env: { A: 'b' }, stdout: PIPE, text: true, timeout: T }).stdout, 'A=b\n');
      assert.equal(runSync(['echo', '$HOME;', '*'], { stdout: PIPE, text: true, timeout: T }).stdout, '$HOME; *\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('callSync, checkCallSync, checkOutputSync', () => {
    assert.equal(callSync(['ls', '-l'], { stdout: DEVNULL, timeout: T }), 0);
    assert.equal(callSync(['sh', '-c', 'exit 6'], { timeout: T }), 6);
    assert.equal(checkCallSync(['true'], { timeout: T }), 0);
    assert.throws(() => checkCallSync(['false'], { timeout: T }), CalledProcessError);
    const bytes = checkOutputSync(['echo', 'Hello World!'], { timeout: T });
    assert.ok(Buffer.isBuffer(bytes));
    assert.equal(bytes.toString(), 'Hello World!\n');
    const text: string = checkOutputSync(['echo', 'hi'], { text: true, timeout: T });
    assert.equal(text, 'hi\n');
    assert.throws(() => checkOutputSync(['sh', '-c', 'echo x; exit 2'], { timeout: T }), {
      name: 'CalledProcessError', returncode: 2, message: "Command '['sh', '-c', 'echo x; exit 2']' returned non-zero exit status 2.",
    });
  });

  it('getoutputSync and getstatusoutputSync', () => {
    assert.deepEqual(getstatusoutputSync('echo a; echo b >&2; exit 2', { timeout: T }), [2, 'a\nb']);
    assert.equal(getoutputSync('echo hello', { timeout: T }), 'hello');
  });

  it('refuses streams without a file descriptor', () => {
    assert.throws(() => runSync(['true'], { stdout: new PassThrough() }), TypeError);
  });
});

