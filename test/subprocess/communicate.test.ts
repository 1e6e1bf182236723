// communicate(): megabytes on stdout and stderr at once without deadlock, input, timeouts and retries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PIPE, Popen, run, TimeoutExpired } from '../../src/subprocess/index.js';
import { floodCommand, killQuietly } from '../fixtures/subprocess/helpers.js';

const T = 20000;
const MB = 1024 * 1024;

describe('communicate', { timeout: 60000 }, () => {
  it('reads 8 MB of stderr and 8 MB of stdout written in alternation, without deadlock', async () => {
    const child = new Popen(['sh', '-c', floodCommand(8)], { stdout: PIPE, stderr: PIPE });
    try {
      const [out, err] = await child.communicate(null, T);
      assert.equal(child.returncode, 0);
      assert.equal(out!.length, 8 * MB);
      assert.equal(err!.length, 8 * MB);
      assert.ok(out!.every((byte) => byte === 0x6f));
      assert.ok(err!.every((byte) => byte === 0x65));
    } finally {
      killQuietly(child.pid);
    }
  });

  it('writes several MB of input while reading as much output', async () => {
    const input = Buffer.alloc(6 * MB, 'abcdefgh');
    const script = "(head -c 6291456 /dev/zero | tr '\\0' e >&2) & cat; wait";
    const child = new Popen(['sh', '-c', script], { stdin: PIPE, stdout: PIPE, stderr: PIPE });
    try {
      const [out, err] = await child.communicate(input, T);
      assert.ok(out!.equals(input));
      assert.equal(err!.length, 6 * MB);
    } finally {
      killQuietly(child.pid);
    }
  });

  it('run() captures megabytes on both streams too', async () => {
    const done = await run(['sh', '-c', floodCommand(4)], { captureOutput: true, timeout: T });
    assert.equal(done.stdout.length, 4 * MB);
    assert.equal(done.stderr.length, 4 * MB);
  });

  it('returns text in text mode, decoding characters split across chunks', async () => {
    const text = '\u00e9\u4e2d\u{1f600}'.repeat(100000);
    const child = new Popen(['cat'], { stdin: PIPE, stdout: PIPE, text: true });
    const [out] = await child.communicate(text, T);
    assert.equal(out, text);
  });

  it('times out with the output read so far; the child runs on and a second call gets everything', async () => {
    const child = new Popen(['sh', '-c', 'echo early; sleep 0.4; echo late'], { stdout: PIPE, text: true });
    try {
      await assert.rejects(child.communicate(null, 150), (error: unknown) => {
        assert.ok(error instanceof TimeoutExpired);
        assert.equal(error.timeout, 150);
        assert.equal(error.output, 'early\n');
        return true;
      });
      assert.equal(child.poll(), null);
      const [out] = await child.communicate(null, T);
      assert.equal(out, 'early\nlate\n');
      assert.equal(child.returncode, 0);
    } finally {
      killQuietly(child.pid);
    }
  });

  it('keeps output written before the exit for a communicate() called after wait()', async () => {
    const child = new Popen(['sh', '-c', 'echo kept; echo also >&2'], { stdout: PIPE, stderr: PIPE });
    await child.wait(T);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [out, err] = await child.communicate(null, T);
    assert.equal(out!.toString(), 'kept\n');
    assert.equal(err!.toString(), 'also\n');
  });
});
