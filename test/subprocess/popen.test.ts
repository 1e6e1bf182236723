// Popen: a long-running child (the seed's `ping -c 5`), poll while it runs, wait with a timeout, signals,
// streaming through the pipes, `await using`.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { PIPE, Popen, STDOUT, TimeoutExpired } from '../../src/subprocess/index.js';
import { isGone, killQuietly } from '../fixtures/subprocess/helpers.js';

const T = 5000;
const TICKER = 'for i in 1 2 3 4 5; do echo "tick $i"; sleep 0.05; done';

describe('Popen', { timeout: 30000 }, () => {
  it('seed: child = Popen(["ping", "-c", "5", …]); child.wait() — poll is null while it runs', async () => {
    const child = new Popen(['sh', '-c', TICKER], { stdout: PIPE, text: true });
    try {
      assert.ok(child.pid > 0);
      assert.equal(child.returncode, null);
      assert.equal(child.poll(), null);
      await sleep(20);
      assert.equal(child.poll(), null, 'still running after 20 ms');
      assert.equal(await child.wait(T), 0);
      assert.equal(child.poll(), 0);
      assert.equal(child.returncode, 0);
      const [out] = await child.communicate(null, T);
      assert.equal(out, 'tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n');
    } finally {
      killQuietly(child.pid);
    }
  });

  it('poll() reports the exit once the event loop has seen it', async () => {
    const child = new Popen(['sh', '-c', 'exit 5']);
    await child.wait(T);
    assert.equal(child.poll(), 5);
  });

  it('wait(timeout) throws TimeoutExpired and leaves the child running, as Python', async () => {
    const child = new Popen(['sleep', '30']);
    try {
      await assert.rejects(child.wait(50), (error: unknown) => {
        assert.ok(error instanceof TimeoutExpired);
        assert.deepEqual(error.cmd, ['sleep', '30']);
        assert.equal(error.timeout, 50);
        return true;
      });
      assert.equal(child.poll(), null);
      assert.equal(isGone(child.pid), false);
      child.kill();
      assert.equal(await child.wait(T), -9);
    } finally {
      killQuietly(child.pid);
    }
  });

  it('kill() ends the child with SIGKILL: returncode -9, pid gone', async () => {
    const child = new Popen(['sleep', '30']);
    child.kill();
    assert.equal(await child.wait(T), -9);
    assert.ok(isGone(child.pid));
  });

  it('terminate() sends SIGTERM, which a child may handle', async () => {
    const plain = new Popen(['sleep', '30']);
    plain.terminate();
    assert.equal(await plain.wait(T), -15);

    const handler = new Popen(['sh', '-c', 'trap "echo got TERM; exit 7" TERM; echo ready; while :; do sleep 0.02; done'], {
      stdout: PIPE, text: true,
    });
    try {
      const [first] = (await once(handler.stdout!, 'data', { signal: AbortSignal.timeout(T) })) as [string];
      assert.equal(first, 'ready\n');
      handler.terminate(); // the collector of communicate() is attached in this same tick: nothing is missed
      const [rest] = await handler.communicate(null, T);
      assert.equal(rest, 'got TERM\n');
      assert.equal(handler.returncode, 7);
    } finally {
      killQuietly(handler.pid);
    }
  });

  it('sendSignal() sends any signal, by name or number; nothing happens once it has exited', async () => {
    const byName = new Popen(['sleep', '30']);
    byName.sendSignal('SIGUSR1');
    assert.equal(await byName.wait(T), -10);
    const byNumber = new Popen(['sleep', '30']);
    byNumber.sendSignal(2);
    assert.equal(await byNumber.wait(T), -2);
    byNumber.sendSignal('SIGKILL');
    assert.equal(byNumber.returncode, -2);
  });

  it('streams through stdin and stdout pipes while the child runs', async () => {
    const child = new Popen(['cat'], { stdin: PIPE, stdout: PIPE, text: true });
    try {
      child.stdin!.write('first\n');
      const [chunk] = (await once(child.stdout!, 'data', { signal: AbortSignal.timeout(T) })) as [string];
      assert.equal(chunk, 'first\n');
      child.stdin!.end('second\n');
      const [rest] = await child.communicate(null, T);
      assert.equal(rest, 'second\n');
      assert.equal(child.returncode, 0);
    } finally {
      killQuietly(child.pid);
    }
  });

  it('gives stdout and stderr one ordered pipe with stderr: STDOUT', async () => {
    const child = new Popen(['sh', '-c', 'echo 1; echo 2 >&2; echo 3; echo 4 >&2'], { stdout: PIPE, stderr: STDOUT });
    const [out, err] = await child.communicate(null, T);
    assert.equal(out!.toString(), '1\n2\n3\n4\n');
    assert.equal(err, null);
    assert.equal(child.stderr, null);
  });

  it('await using: closes the pipes and waits for the exit', async () => {
    let pid = 0;
    let popen: Popen | undefined;
    {
      await using child = new Popen(['sh', '-c', 'sleep 0.05; exit 3'], { stdin: PIPE, stdout: PIPE });
      pid = child.pid;
      popen = child;
    }
    assert.equal(popen.returncode, 3);
    assert.ok(popen.stdout!.destroyed);
    assert.ok(popen.stdin!.writableEnded);
    assert.ok(isGone(pid));
  });

  it('keeps the args as given, and leaves stdin/stdout/stderr null unless PIPE', async () => {
    const child = new Popen('true');
    assert.equal(child.args, 'true');
    assert.equal(child.stdin, null);
    assert.equal(child.stdout, null);
    assert.equal(child.stderr, null);
    assert.equal(await child.wait(T), 0);
  });
});
