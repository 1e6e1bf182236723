// BaseManager.register: exposed methods only, errors as themselves, methodToTypeid, getServer() in this process,
// and reference counting (objects no proxy refers to are dropped).
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, test } from 'node:test';
import { RemoteError, ValueError } from '../../src/errors.js';
import { Process } from '../../src/process/index.js';
import { AutoProxy, type Proxied } from '../../src/managers/index.js';
import { Counter, CounterError, CounterManager, incrementMany } from '../fixtures/managers.js';
import * as targets from '../fixtures/managers.js';
import { eventually } from '../helpers.js';

const T = { timeout: 90_000 };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage, then asks the manager again: released proxies reach the server only after a collection. */
function collectedUntil(check: () => Promise<boolean>): Promise<void> {
  return eventually(async () => {
    gc();
    return check();
  }, 20_000, 50);
}

describe('BaseManager.register', () => {
  test('create() and the typeid method; only exposed public methods; errors arrive as themselves', T, async () => {
    await using manager = new CounterManager();
    await manager.start();
    const counter = await manager.create<AutoProxy & Proxied<Counter>>('Counter', 5);
    assert.ok(counter instanceof AutoProxy);
    assert.equal(await counter.increment(), 6);
    assert.equal(await counter.increment(4), 10);
    assert.equal(await counter.slowValue(10), 10);
    const viaMethod = (await (manager as unknown as { Counter(start: number): Promise<AutoProxy & Proxied<Counter>> }).Counter(1)) as AutoProxy & Proxied<Counter>;
    assert.equal(await viaMethod.value(), 1);
    assert.equal((counter as unknown as Record<string, unknown>).reset, undefined, 'reset is not exposed: no proxy method');
    await assert.rejects(counter._callMethod('reset'), (error: Error) => error instanceof RemoteError && /not in exposed/.test(error.message));
    await assert.rejects(counter._callMethod('_secret'), RemoteError);
    await assert.rejects(counter._callMethod('constructor'), RemoteError);
    await assert.rejects(counter.fail(), (error: Error) => error instanceof CounterError && (error as CounterError).count === 10 && error.message === 'counter failed on purpose');
    await assert.rejects(manager.create('Nope'), ValueError);
  });

  test('methodToTypeid: a method result becomes a new managed object', T, async () => {
    await using manager = new CounterManager();
    await manager.start();
    const factory = await manager.create('CounterFactory');
    const made = await factory.make(41);
    assert.ok((made as unknown) instanceof AutoProxy);
    assert.equal(await made.increment(), 42);
    const child = new Process({ target: incrementMany, args: [made, 3] });
    child.start();
    await child.join(60_000);
    assert.equal(await made.value(), 45);
  });

  test('getServer().serveForever() in this process; connect() from here; shutdown stops it', T, async () => {
    const serving = new CounterManager({ address: ['127.0.0.1', 0], authkey: 'in-process' });
    const server = serving.getServer();
    const forever = server.serveForever();
    const client = new CounterManager({ address: server.address, authkey: 'in-process' });
    await client.connect();
    const counter = await client.create('Counter', 2);
    assert.equal(await counter.increment(), 3);
    await client.shutdown();
    await server.shutdown();
    await forever;
  });

  test('reference counting: dropped proxies and dead clients free their objects', T, async () => {
    await using manager = new CounterManager();
    await manager.start();
    const keep = await manager.create('Counter');
    assert.equal(await manager.numberOfObjects(), 1);
    await (async () => {
      for (let i = 0; i < 5; i++) await manager.create('Counter');
    })();
    assert.equal(await manager.numberOfObjects(), 6);
    await collectedUntil(async () => (await manager.numberOfObjects()) === 1);
    // A child that creates an object and exits: its connection closes, its references go with it.
    const child = new Process({ target: targets.createAndLeave, args: [manager.address, manager.authkey] });
    child.start();
    await child.join(60_000);
    assert.equal(child.exitcode, 0);
    await collectedUntil(async () => (await manager.numberOfObjects()) === 1);
    assert.equal(await keep.value(), 0, 'the object still referred to is alive');
  });
});
