// `multiproc worker` from the installed command: its help, and a clear exit when Redis cannot be reached. (Serving
// pools is tested in test/distributed/, where real workers run the tasks.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../distributed/redis-server.js';

const BIN = fileURLToPath(new URL('../../bin/multiproc.js', import.meta.url));

function cli(args: string[], timeout = 50_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('multiproc worker', { concurrency: 2 }, () => {
  test('--help lists its options; the top-level help lists the command', { timeout: 110_000 }, async () => {
    const { code, stdout } = await cli(['worker', '--help']);
    assert.equal(code, 0);
    for (const option of ['--connection', '--processes', '--root', '--prefix', '--concurrency', '--lock-duration']) assert.match(stdout, new RegExp(option));
    assert.match((await cli(['--help'])).stdout, /^ {2}worker /m);
  });

  test('Redis unreachable: exit 2 with a ConnectionError naming the address', { timeout: 110_000 }, async () => {
    const port = await freePort();
    const { code, stderr } = await cli(['worker', '--connection', `redis://127.0.0.1:${port}`, '--processes', '1']);
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`ConnectionError: cannot reach Redis at redis://127.0.0.1:${port}`));
  });

  test('a missing --connection or a bad --root is refused', { timeout: 110_000 }, async () => {
    assert.notEqual((await cli(['worker'])).code, 0);
    const { code, stderr } = await cli(['worker', '--connection', 'redis://127.0.0.1:1', '--root', '/no/such/dir']);
    assert.equal(code, 2);
    assert.match(stderr, /ValueError: root \/no\/such\/dir is not a directory/);
  });
});
