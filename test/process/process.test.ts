// Process under every start method: targets, arguments, identity, exit codes, subclasses, life cycle.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getAllStartMethods, currentProcess, activeChildren, isMainProcess, parentProcess } from '../../src/process/index.js';
import { getContext } from '../../src/context.js';
import * as targets from '../fixtures/processes.js';
import { eventually, tempDir, readJson, zombieChildren } from '../helpers.js';
import { createServer } from 'node:net';

/** A TCP port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const TIMEOUT = { timeout: 60_000 };

for (const method of getAllStartMethods()) {
  const { Process } = getContext(method);

  describe(`Process (${method})`, () => {
    test('runs an exported target with args and kwargs, rich values included', TIMEOUT, async () => {
      using dir = tempDir();
      const out = dir.path('out.json');
      const args: [string, ...unknown[]] = [out, 1, 'two', new Map([[1, new Set([3n])]]), new Date(0), new targets.Point(1, 2), undefined, null];
      const p = new Process({ target: targets.report, args, kwargs: { key: 'value' } });
      p.start();
      await p.join(30_000);
      assert.equal(p.exitcode, 0);
      const result = readJson(out);
      assert.deepEqual(result.received, [
        1,
        'two',
        { map: [[1, { set: [{ bigint: '3' }] }]] },
        { date: '1970-01-01T00:00:00.000Z' },
        { class: 'Point', fields: { x: 1, y: 2 } },
        { undefined: true },
        null,
        { class: 'Object', fields: { key: 'value' } },
      ]);
      assert.match(result.name, /^Process-\d+$/);
      assert.equal(result.name, p.name);
      assert.equal(result.parentPid, process.pid);
      assert.equal(result.parentAlive, true);
      if (method === 'thread') assert.equal(result.pid, process.pid);
      else assert.equal(result.pid, p.pid);
      assert.equal(result.ident, p.ident);
    });

    test('exitcode: 0 on return, 1 on an uncaught error or rejection, n for process.exit(n)', TIMEOUT, async () => {
      const cases: [(arg: never) => unknown, [number] | [string], number][] = [
        [targets.exitWith, [0], 0],
        [targets.exitWith, [7], 7],
        [targets.fail, ['boom'], 1],
        [targets.rejectLater, ['late'], 1],
      ];
      const started = cases.map(([target, args]) => {
        // Each pair fits; the list mixes their types.
        const p = new Process({ target: target as (arg: unknown) => unknown, args });
        p.start();
        return p;
      });
      await Promise.all(started.map((p) => p.join(30_000)));
      assert.deepEqual(
        started.map((p) => p.exitcode),
        cases.map(([, , code]) => code),
      );
    });

    test("the parent's environment at start() reaches the child (warm spares too); 'exit' listeners run", TIMEOUT, async () => {
      using dir = tempDir();
      const out = dir.path('exit.json');
      const first = new Process({ target: targets.exitWith, args: [0] });
      first.start();
      await first.join(30_000);
      await new Promise((resolve) => setTimeout(resolve, 200)); // a spare, where the method keeps one, is up by now
      const key = `MULTIPROC_TEST_ENV_${method.toUpperCase()}`;
      process.env[key] = `set after the first child (${method})`;
      try {
        const p = new Process({ target: targets.reportEnvAtExit, args: [out, key] });
        p.start();
        await p.join(30_000);
        assert.equal(p.exitcode, 0);
        assert.deepEqual(readJson(out), { value: `set after the first child (${method})`, cwd: process.cwd(), code: 0 });
      } finally {
        delete process.env[key];
      }
    });

    test("join() resolves with the child's exit code once its sockets are closed (a port it held is free again)", TIMEOUT, async () => {
      for (const code of [0, 1]) {
        const port = await freePort();
        const p = new Process({ target: targets.listenAndReturn, args: [port, code === 1] });
        p.start();
        await p.join(30_000);
        assert.equal(p.exitcode, code);
        assert.equal(p.isAlive(), false);
        await new Promise<void>((resolve, reject) => {
          const server = createServer().once('error', reject);
          server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
        });
      }
    });

    test('children and the helpers that free their memory after them are all reaped: no zombie is left', TIMEOUT, async () => {
      using dir = tempDir();
      for (let i = 0; i < 5; i++) {
        const p = new Process({ target: targets.reportLater, args: [dir.path(`${i}.json`), 0] });
        p.start();
        await p.join(30_000);
        assert.equal(p.exitcode, 0);
      }
      await eventually(() => zombieChildren().length === 0, 5000);
    });

    test('terminate() and kill() end a running child with -SIGTERM and -SIGKILL', TIMEOUT, async () => {
      const a = new Process({ target: targets.sleepForever });
      const b = new Process({ target: targets.sleepForever });
      a.start();
      b.start();
      await a.join(300);
      assert.equal(a.isAlive(), true);
      assert.equal(a.exitcode, null);
      a.terminate();
      b.kill();
      await Promise.all([a.join(10_000), b.join(10_000)]);
      assert.equal(a.exitcode, -15);
      assert.equal(b.exitcode, -9);
      assert.equal(a.isAlive(), false);
    });

    test('join(timeout) resolves without the child ending; the sentinel resolves when it does', TIMEOUT, async () => {
      const p = new Process({ target: targets.sleepForever });
      p.start();
      // The child never ends by itself: join(50) can only come back by its timeout.
      await p.join(50);
      assert.equal(p.exitcode, null);
      assert.equal(p.isAlive(), true);
      p.terminate();
      await Promise.race([p.sentinel, new Promise((_, reject) => setTimeout(() => reject(new Error('sentinel never resolved')), 30_000))]);
      assert.equal(p.exitcode, -15);
    });

    test('a child that starts its own child (recursion)', TIMEOUT, async () => {
      using dir = tempDir();
      const out = dir.path('grandchild.json');
      const p = new Process({ target: targets.startGrandchild, args: [method, out] });
      p.start();
      await p.join(45_000);
      assert.equal(p.exitcode, 0);
      const result = readJson(out);
      assert.deepEqual(result.received, ['grandchild']);
      assert.match(result.name, /^Process-\d+:1$/);
    });

    test('a daemon may not start children', TIMEOUT, async () => {
      using dir = tempDir();
      const out = dir.path('daemon.json');
      const p = new Process({ target: targets.tryChildFromDaemon, args: [method, out], daemon: true });
      p.start();
      await p.join(30_000);
      assert.deepEqual(readJson(out), { error: 'ValueError', message: 'daemonic processes are not allowed to have children' });
    });

    test('module state is not shared: a child changing a module variable leaves the parent’s alone', TIMEOUT, async () => {
      using dir = tempDir();
      const out = dir.path('counter.json');
      const p = new Process({ target: targets.bumpModuleCounter, args: [out] });
      p.start();
      await p.join(30_000);
      assert.equal(readJson(out).moduleCounter, 1);
      assert.equal(targets.moduleCounter, 0);
    });

    test('children started one after another each start afresh: their own module state, name and exit code', TIMEOUT, async () => {
      using dir = tempDir();
      const seen: { name: string; moduleCounter: number }[] = [];
      // Back to back, as Python's examples do (start; join; start; join …): warm spares serve these where kept.
      for (let i = 0; i < 6; i++) {
        const out = dir.path(`child-${i}.json`);
        const p = i % 2 === 0 ? new Process({ target: targets.bumpModuleCounter, args: [out] }) : new Process({ target: targets.exitWith, args: [i] });
        p.start();
        await p.join(30_000);
        assert.equal(p.exitcode, i % 2 === 0 ? 0 : i);
        assert.equal(p.isAlive(), false);
        if (i % 2 === 0) seen.push(readJson(out));
      }
      assert.deepEqual(seen.map((child) => child.moduleCounter), [1, 1, 1]);
      assert.equal(new Set(seen.map((child) => child.name)).size, 3);
      assert.deepEqual(activeChildren(), []);
    });
  });
}

describe('Process subclasses', () => {
  test('an exported subclass with constructor arguments runs its own run() in the child', TIMEOUT, async () => {
    using dir = tempDir();
    const cases = [
      [new targets.SpawnGreeter(dir.path('spawn.json'), 'hello'), ['hello', true]],
      [new targets.ForkserverGreeter(dir.path('forkserver.json')), ['forkserver', true]],
      [new targets.ThreadGreeter(dir.path('thread.json')), ['thread', true]],
    ] as const;
    for (const [p] of cases) p.start();
    for (const [p, expected] of cases) {
      await p.join(30_000);
      assert.equal(p.exitcode, 0);
      const result = readJson((p as unknown as { path: string }).path);
      assert.deepEqual(result.received, expected);
      assert.equal(result.name, p.name);
    }
    assert.equal(cases[1][0].name, 'custom-name');
  });
});

describe('Process life cycle errors (ValueError with Python’s messages)', () => {
  const { Process } = getContext('thread');

  test('start twice, join before start, close while running, use after close, daemon after start', TIMEOUT, async () => {
    const p = new Process({ target: targets.sleepForever });
    assert.throws(() => p.join(), { name: 'ValueError', message: 'can only join a started process' });
    assert.throws(() => p.terminate(), { name: 'ValueError' });
    p.start();
    assert.throws(() => p.start(), { name: 'ValueError', message: 'cannot start a process twice' });
    assert.throws(() => (p.daemon = true), { name: 'ValueError', message: 'process has already started' });
    assert.throws(() => p.close(), { name: 'ValueError', message: /Cannot close a process while it is still running/ });
    assert.ok(activeChildren().includes(p));
    p.kill();
    await p.join(10_000);
    assert.ok(!activeChildren().includes(p));
    p.close();
    assert.throws(() => p.isAlive(), { name: 'ValueError', message: 'process object is closed' });
    assert.throws(() => p.name, { name: 'ValueError', message: 'process object is closed' });
  });

  test('a target that cannot be imported is refused at start() with a TypeError that says how to fix it', () => {
    const local = () => 1;
    for (const target of [local, function inner() {}, Math.max, targets.report.bind(null, 'path')]) {
      const p = new Process({ target });
      assert.throws(() => p.start(), { name: 'TypeError', message: /cannot be sent to another process.*export it/s });
    }
  });

  test('an unsendable argument is refused at start() naming its path; nothing starts', () => {
    const p = new Process({ target: targets.report, args: ['x', { cb: () => 1 }] });
    assert.throws(() => p.start(), { name: 'TypeError', message: /cannot send args\[1\]\.cb: function cb/ });
    assert.equal(p.pid, undefined);
    assert.equal(activeChildren().length, 0);
  });

  test('names count per parent; the main process is MainProcess with no parent', () => {
    assert.equal(isMainProcess(), true);
    assert.equal(currentProcess().name, 'MainProcess');
    assert.equal(parentProcess(), null);
    const a = new Process();
    const b = new Process();
    assert.equal(Number(b.name.split('-')[1]), Number(a.name.split('-')[1]) + 1);
    assert.equal(new Process({ name: 'worker' }).name, 'worker');
  });
});
