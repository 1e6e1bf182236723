// What a received message may make the receiver import: only modules it has loaded or files under the application
// root whose contents match what the sender says. Everything else arrives as a plain object (an error as its
// built-in class) and no code of the sender's choosing runs. An entry module still evaluating is never awaited.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Listener } from '../../src/connection/index.js';
import { Pool } from '../../src/pool/index.js';

const T = { timeout: 60_000 };
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

function runNode(args: string[], timeoutMs = 40_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('a peer of a keyless Listener cannot make the receiver import modules of its choice', T, async (t) => {
  const outside = mkdtempSync(join(tmpdir(), 'mp-hostile-'));
  const listener = new Listener(['127.0.0.1', 0]);
  t.after(() => {
    listener.close();
    rmSync(outside, { recursive: true, force: true });
  });
  const peer = runNode([fixture('hostile-peer.ts'), JSON.stringify(listener.address), outside]);
  const connection = await listener.accept();
  const evaluations = () => (globalThis as { gadgetEvaluations?: number }).gadgetEvaluations ?? 0;

  for (const what of ['data: URL', 'file outside the root', 'CommonJS file outside the root', 'node: URL', 'malformed reference']) {
    const received = (await connection.recv()) as object;
    assert.equal(Object.getPrototypeOf(received), Object.prototype, `${what}: a plain object`);
    assert.deepEqual({ ...received }, { a: 1 }, what);
  }
  const tampered = (await connection.recv()) as object;
  assert.equal(Object.getPrototypeOf(tampered), Object.prototype, 'a module under the root whose digest does not match: a plain object');
  assert.equal(evaluations(), 0, 'the module with a wrong digest was not imported');

  const error = (await connection.recv()) as Error;
  assert.equal(Object.getPrototypeOf(error), TypeError.prototype, 'an error of an untrusted class arrives as its built-in class');
  assert.equal(error.message, 'boom');

  await assert.rejects(connection.recv(), (e: Error) => e instanceof TypeError && /NoSuchThing/.test(e.message));

  const honest = (await connection.recv()) as { n: number; double(): number };
  assert.equal(evaluations(), 1, 'a module under the root with the sent digest is imported once');
  assert.equal(honest.double(), 42, 'and its class revived');
  assert.equal(honest.constructor.name, 'Gadget');

  const result = await peer;
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(readdirSync(outside).filter((name) => name.endsWith('-ran')), [], 'no module of the peer’s choosing ran');
  assert.equal(existsSync(join(outside, 'evil.mjs')), true, 'the peer did write its modules');
  connection.close();
});

for (const [mode, how] of [
  ['pool', 'Pool results'],
  ['queue', 'a Queue item'],
] as const) {
  test(`an entry module in its top-level await receives its own class through ${how}: a plain object, no hang`, T, async () => {
    const { code, stdout, stderr } = await runNode([fixture('entry-class.ts'), mode]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout.trim()), { isBox: false, v: 7 });
  });
}

test('an entry module that has finished evaluating receives instances of its own class', T, async () => {
  const { code, stdout, stderr } = await runNode([fixture('entry-class.ts'), 'after']);
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout.trim()), { isBox: true, v: 7 });
});

test('a module outside the root that this process loaded itself is trusted: its classes come back from a pool', T, async (t) => {
  const outside = mkdtempSync(join(tmpdir(), 'mp-loaded-'));
  const path = join(outside, 'far.mjs');
  writeFileSync(path, 'export class Far { constructor(n) { this.n = n; } }\nexport function makeFar(n) { return new Far(n); }\n');
  const { Far, makeFar } = (await import(pathToFileURL(path).href)) as { Far: new (n: number) => unknown; makeFar: (n: number) => unknown };
  const pool = new Pool(1);
  t.after(async () => {
    pool.terminate();
    await pool.join();
    rmSync(outside, { recursive: true, force: true });
  });
  const far = await pool.apply(makeFar, [3]);
  assert.ok(far instanceof Far, 'an instance of the class this process loaded');
  assert.equal((far as { n: number }).n, 3);
});
