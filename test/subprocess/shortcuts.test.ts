// call, checkCall, checkOutput, getoutput, getstatusoutput — the seed tutorial's examples first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  call, CalledProcessError, checkCall, checkOutput, DEVNULL, getoutput, getstatusoutput, STDOUT,
} from '../../src/subprocess/index.js';

const T = 5000;

describe('call / checkCall / checkOutput', { timeout: 30000 }, () => {
  it('seed: rc = call(["ls", "-l"]) waits and returns the exit status', async () => {
    const rc = await call(['ls', '-l'], { stdout: DEVNULL, timeout: T });
    assert.equal(rc, 0);
    assert.equal(await call(['ls', '/no/such/dir'], { stdout: DEVNULL, stderr: DEVNULL, timeout: T }), 2);
  });

  it('call returns -N for a child ended by signal N', async () => {
    assert.equal(await call(['sh', '-c', 'kill -TERM $$'], { timeout: T }), -15);
  });

  it('checkCall returns 0 or throws CalledProcessError with the returncode', async () => {
    assert.equal(await checkCall(['true'], { timeout: T }), 0);
    await assert.rejects(checkCall(['sh', '-c', 'exit 4'], { timeout: T }), (error: unknown) => {
      assert.ok(error instanceof CalledProcessError);
      assert.equal(error.returncode, 4);
      assert.equal(error.message, "Command '['sh', '-c', 'exit 4']' returned non-zero exit status 4.");
      return true;
    });
  });

  it('seed: checkOutput(["echo", …]) returns stdout as a Buffer, or a string with text', async () => {
    const bytes = await checkOutput(['echo', 'Hello World!'], { timeout: T });
    assert.ok(Buffer.isBuffer(bytes));
    assert.equal(bytes.toString(), 'Hello World!\n');
    const text: string = await checkOutput(['echo', 'Hello World!'], { text: true, timeout: T });
    assert.equal(text, 'Hello World!\n');
  });

  it('checkOutput throws CalledProcessError carrying output and returncode', async () => {
    await assert.rejects(checkOutput('echo half-done; exit 1', { shell: true, text: true, timeout: T }), (error: unknown) => {
      assert.ok(error instanceof CalledProcessError);
      assert.equal(error.returncode, 1);
      assert.equal(error.output, 'half-done\n');
      assert.equal(error.message, "Command 'echo half-done; exit 1' returned non-zero exit status 1.");
      return true;
    });
  });

  it('checkOutput merges stderr with STDOUT and refuses a stdout of its own', async () => {
    const both = await checkOutput(['sh', '-c', 'echo a; echo b >&2'], { stderr: STDOUT, text: true, timeout: T });
    assert.equal(both, 'a\nb\n');
    await assert.rejects(checkOutput(['true'], { stdout: DEVNULL } as never), /stdout argument not allowed/);
  });
});

describe('getoutput / getstatusoutput', { timeout: 30000 }, () => {
  it('run through the shell, merge stderr, drop one trailing newline', async () => {
    assert.deepEqual(await getstatusoutput('echo hi; echo there >&2', { timeout: T }), [0, 'hi\nthere']);
    assert.deepEqual(await getstatusoutput('echo failing; exit 3', { timeout: T }), [3, 'failing']);
    assert.equal(await getoutput('printf "a\\n\\n"', { timeout: T }), 'a\n');
    assert.deepEqual(await getstatusoutput('kill -9 $$', { timeout: T }), [-9, '']);
  });
});
