// The error classes, their fields and Python's messages; a program that cannot be started.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { OSError } from '../../src/errors.js';
import {
  CalledProcessError, call, checkOutput, checkOutputSync, FileNotFoundError, PermissionError, Popen, run, runSync,
  SubprocessError, TimeoutExpired,
} from '../../src/subprocess/index.js';

const T = 5000;

describe('error classes', () => {
  it('extend SubprocessError and Error, with Python\'s names', () => {
    const called = new CalledProcessError(1, ['ls']);
    const timeout = new TimeoutExpired('sleep 9', 10);
    for (const error of [called, timeout]) {
      assert.ok(error instanceof SubprocessError);
      assert.ok(error instanceof Error);
    }
    assert.equal(called.name, 'CalledProcessError');
    assert.equal(timeout.name, 'TimeoutExpired');
    assert.equal(new SubprocessError('x').name, 'SubprocessError');
    assert.equal(called.output, null);
    assert.equal(called.stderr, null);
  });

  it('CalledProcessError reads like Python for exit statuses and signals', () => {
    assert.equal(
      new CalledProcessError(1, ['ls', '-l']).message,
      "Command '['ls', '-l']' returned non-zero exit status 1.",
    );
    assert.equal(new CalledProcessError(-9, ['sleep', '10']).message, "Command '['sleep', '10']' died with <Signals.SIGKILL: 9>.");
    assert.equal(new CalledProcessError(2, 'exit 2').message, "Command 'exit 2' returned non-zero exit status 2.");
    assert.equal(new CalledProcessError(1, ["it's", 'a\nb']).message, `Command '["it's", 'a\\nb']' returned non-zero exit status 1.`);
    const error = new CalledProcessError(1, ['x'], Buffer.from('o'), Buffer.from('e'));
    assert.equal(error.stdout, error.output);
    error.stdout = 'changed';
    assert.equal(error.output, 'changed');
  });

  it('a child killed by a signal gives returncode -N and a "died with" CalledProcessError', async () => {
    await assert.rejects(run(['sh', '-c', 'echo before; kill -KILL $$'], { stdout: 'pipe', check: true, timeout: T }), (error: unknown) => {
      assert.ok(error instanceof CalledProcessError);
      assert.equal(error.returncode, -9);
      assert.equal(error.output!.toString(), 'before\n');
      assert.match(error.message, /died with <Signals\.SIGKILL: 9>\.$/);
      return true;
    });
  });
});

describe('a program that cannot be started', { timeout: 30000 }, () => {
  const missing = 'multiproc-no-such-program';
  const isMissing = (error: unknown): boolean => {
    assert.ok(error instanceof FileNotFoundError);
    assert.ok(error instanceof OSError);
    assert.equal(error.code, 'ENOENT');
    assert.equal(error.errno, 2);
    assert.equal(error.filename, missing);
    assert.equal(error.name, 'FileNotFoundError');
    assert.equal(error.message, `[Errno 2] No such file or directory: '${missing}'`);
    return true;
  };

  it('throws FileNotFoundError (ENOENT) naming it, from Popen at once and from every function', async () => {
    assert.throws(() => new Popen([missing, '--flag']), isMissing);
    await assert.rejects(run([missing]), isMissing);
    await assert.rejects(call([missing], { timeout: T }), isMissing);
    await assert.rejects(checkOutput([missing]), isMissing);
    assert.throws(() => runSync([missing]), isMissing);
    assert.throws(() => checkOutputSync([missing, 'arg']), isMissing);
  });

  it('treats a string without shell as one program name, as Python does', async () => {
    await assert.rejects(run('echo hello'), (error: unknown) => {
      assert.ok(error instanceof FileNotFoundError);
      assert.equal(error.filename, 'echo hello');
      return true;
    });
  });

  it('names a missing cwd; a program that is not executable gives PermissionError (EACCES)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'multiproc-test-'));
    try {
      const nowhere = join(dir, 'nowhere');
      await assert.rejects(run(['ls'], { cwd: nowhere }), (error: unknown) => {
        assert.ok(error instanceof FileNotFoundError);
        assert.equal(error.filename, nowhere);
        return true;
      });
      assert.throws(() => runSync(['ls'], { cwd: nowhere }), { code: 'ENOENT', filename: nowhere });
      const script = join(dir, 'script.sh');
      writeFileSync(script, '#!/bin/sh\necho hi\n');
      chmodSync(script, 0o644);
      await assert.rejects(run([script]), (error: unknown) => {
        assert.ok(error instanceof PermissionError);
        assert.equal(error.code, 'EACCES');
        assert.equal(error.message, `[Errno 13] Permission denied: '${script}'`);
        return true;
      });
      assert.throws(() => runSync([script]), PermissionError);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('through a shell, a missing program is the shell\'s exit status 127, as in Python', async () => {
    const done = await run(`${missing} 2>/dev/null`, { shell: true, timeout: T });
    assert.equal(done.returncode, 127);
  });
});
