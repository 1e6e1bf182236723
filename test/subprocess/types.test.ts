// The types follow the options: text mode gives strings, bytes give Buffers, captured outputs are not null.
// Checked by the type-checker (npm run typecheck); the run-time part only confirms the values agree.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkOutput, checkOutputSync, CompletedProcess, PIPE, Popen, run, runSync, type RunOptions,
} from '../../src/subprocess/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<A, B>(_proof: Equal<A, B>): void {}

describe('types', { timeout: 20000 }, () => {
  it('follow text, encoding and capture options', async () => {
    const bytes = await checkOutput(['echo', 'b'], { timeout: 5000 });
    expectType<typeof bytes, Buffer>(true);
    const text = await checkOutput(['echo', 't'], { text: true, timeout: 5000 });
    expectType<typeof text, string>(true);
    const latin = checkOutputSync(['echo', 'l'], { encoding: 'latin1' });
    expectType<typeof latin, string>(true);

    const captured = await run(['echo', 'c'], { captureOutput: true, text: true });
    expectType<typeof captured.stdout, string>(true);
    expectType<typeof captured.stderr, string>(true);
    const onlyOut = runSync(['echo', 'o'], { stdout: PIPE });
    expectType<typeof onlyOut.stdout, Buffer>(true);
    expectType<typeof onlyOut.stderr, Buffer | null>(true);

    const options: RunOptions = { text: true, stdout: PIPE };
    const unknown = await run(['echo', 'u'], options);
    expectType<typeof unknown.stdout, string | Buffer | null>(true);

    const binary = new Popen(['echo', 'p'], { stdout: PIPE });
    const [out, err] = await binary.communicate(null, 5000);
    expectType<typeof out, Buffer | null>(true);
    expectType<typeof err, Buffer | null>(true);
    const textual: Popen<string> = new Popen(['echo', 'q'], { stdout: PIPE, text: true });
    const [line] = await textual.communicate(null, 5000);
    expectType<typeof line, string | null>(true);
    const anyPopen: Popen = textual;

    assert.ok(Buffer.isBuffer(bytes) && typeof text === 'string' && typeof latin === 'string');
    assert.ok(captured instanceof CompletedProcess && typeof captured.stdout === 'string');
    assert.ok(Buffer.isBuffer(out) && typeof line === 'string' && anyPopen instanceof Popen);
  });
});
