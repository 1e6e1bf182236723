// `multiproc map`: run as the installed command (bin/multiproc.js) over the targets in test/fixtures/cli/math.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createProgress } from '../../src/cli/map-progress.js';
import { splitTargetArgument } from '../../src/cli/map-resolve.js';
import { tempDir } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/multiproc.js', import.meta.url));
const MATH = 'test/fixtures/cli/math.ts';
// Generous: each run starts node, tsx and a pool on a 2-core machine shared with other test files.
const SLOW = { timeout: 90_000 };

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `multiproc map ...args` from the repository root, with `stdin` as its standard input. */
function map(args: string[], stdin = ''): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, 'map', ...args], { cwd: ROOT, timeout: 80_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
    child.stdin!.end(stdin);
  });
}

function outputLines(stdout: string): unknown[] {
  return stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
}

describe('multiproc map maps', { concurrency: 2 }, () => {
  test('a JSONL file, in input order, skipping blank lines', SLOW, async () => {
    using dir = tempDir();
    const input = dir.path('in.jsonl');
    writeFileSync(input, '1\n2\n\n3\n  \n4\r\n5');
    const { code, stdout, stderr } = await map([`${MATH}:square`, '--input', input, '--processes', '2']);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '1\n4\n9\n16\n25\n');
    assert.equal(stderr, '');
  });

  test('--unordered writes every result once, as they finish', SLOW, async () => {
    const { code, stdout, stderr } = await map([`${MATH}:slowInverse`, '--unordered', '--processes', '3'], '1\n2\n3\n4\n5\n');
    assert.equal(code, 0, stderr);
    assert.deepEqual((outputLines(stdout) as number[]).sort(), [1, 2, 3, 4, 5]);
  });

  test('stdin (--input -) through the default export, objects in and out', SLOW, async () => {
    const { code, stdout, stderr } = await map([MATH, '--input', '-', '--processes', '2'], '{"n":1}\n{"n":21}\n');
    assert.equal(code, 0, stderr);
    assert.deepEqual(outputLines(stdout), [{ doubled: 2 }, { doubled: 42 }]);
  });

  test('--output writes the results to a file, nothing to stdout', SLOW, async () => {
    using dir = tempDir();
    const output = dir.path('out.jsonl');
    const { code, stdout, stderr } = await map([`${MATH}:square`, '--output', output, '--chunksize', '2', '--processes', '2'], '2\n3\n4\n');
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    assert.equal(readFileSync(output, 'utf8'), '4\n9\n16\n');
  });

  test('under the thread start method', SLOW, async () => {
    const { code, stdout, stderr } = await map([`${MATH}:square`, '--start-method', 'thread', '--processes', '2'], '6\n7\n');
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '36\n49\n');
  });
});

describe('multiproc map fails', { concurrency: 2 }, () => {
  test('at the first failing line without --keep-going: its line number and error, exit 1', SLOW, async () => {
    const { code, stdout, stderr } = await map([`${MATH}:failOnThree`, '--processes', '2'], '1\n2\n\n3\n4\n5\n');
    assert.equal(code, 1);
    assert.equal(stderr, 'error: line 4: RangeError: three is not allowed\n');
    assert.equal(stdout, '10\n20\n');
  });

  test('with --keep-going: every failing line reported, the others written, exit 1', SLOW, async () => {
    const { code, stdout, stderr } = await map([`${MATH}:failOnThree`, '--keep-going', '--processes', '2'], '1\n3\n2\n3\n4\n');
    assert.equal(code, 1);
    assert.equal(stderr, 'error: line 2: RangeError: three is not allowed\nerror: line 4: RangeError: three is not allowed\n');
    assert.equal(stdout, '10\n20\n40\n');
  });

  test('on a line that is not JSON, naming the line', SLOW, async () => {
    const { code, stdout, stderr } = await map([`${MATH}:square`, '--processes', '2'], '1\n2\nnot json\n4\n');
    assert.equal(code, 1);
    assert.match(stderr, /^error: line 3: SyntaxError: not valid JSON \(.+\)\n$/);
    assert.equal(stdout, '1\n4\n');
  });

  test('with exit 2 when the module does not exist', SLOW, async () => {
    const { code, stdout, stderr } = await map(['test/fixtures/cli/no-such-module.ts:square']);
    assert.equal(code, 2);
    assert.match(stderr, /^error: cannot find module test\/fixtures\/cli\/no-such-module\.ts \(no file .+\)\n$/);
    assert.equal(stdout, '');
  });

  test('with exit 2 when the package does not exist', SLOW, async () => {
    const { code, stderr } = await map(['no-such-package-for-multiproc:square']);
    assert.equal(code, 2);
    assert.match(stderr, /^error: cannot find module no-such-package-for-multiproc /);
  });

  test('with exit 2 when the export does not exist or is not a function', SLOW, async () => {
    const [missing, notFunction] = await Promise.all([map([`${MATH}:nope`], '1\n'), map([`${MATH}:notAFunction`], '1\n')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: test\/fixtures\/cli\/math\.ts has no export 'nope' \(it exports: .*square.*\)\n$/);
    assert.equal(missing.stdout, '');
    assert.equal(notFunction.code, 2);
    assert.match(notFunction.stderr, /^error: export 'notAFunction' of test\/fixtures\/cli\/math\.ts is not a function \(it is number\)\n$/);
  });

  test('with exit 2 when --input cannot be read', SLOW, async () => {
    const { code, stderr } = await map([`${MATH}:square`, '--input', 'test/fixtures/cli/no-such-input.jsonl']);
    assert.equal(code, 2);
    assert.match(stderr, /^error: cannot read --input test\/fixtures\/cli\/no-such-input\.jsonl: ENOENT/);
  });
});

test('multiproc map --help lists every option, the error format and the exit codes', SLOW, async () => {
  const { code, stdout } = await map(['--help']);
  assert.equal(code, 0);
  assert.match(stdout, /Usage: multiproc map \[options\] <target>/);
  for (const option of ['--input <file>', '--output <file>', '--processes <n>', '--chunksize <n>', '--unordered', '--start-method <method>', '--keep-going']) {
    assert.ok(stdout.includes(option), option);
  }
  assert.ok(stdout.includes('error: line N: <ErrorName>: <message>'));
  assert.match(stdout, /Exit status: 0 .* 1 .* 2 /s);
});

describe('map target arguments', () => {
  test('<module>:<export>, a default export, and node: builtins', () => {
    assert.deepEqual(splitTargetArgument('./work.ts:square'), { module: './work.ts', exportName: 'square' });
    assert.deepEqual(splitTargetArgument('./work.ts'), { module: './work.ts', exportName: 'default' });
    assert.deepEqual(splitTargetArgument('node:path'), { module: 'node:path', exportName: 'default' });
    assert.deepEqual(splitTargetArgument('node:path:basename'), { module: 'node:path', exportName: 'basename' });
    assert.deepEqual(splitTargetArgument('C:\\work\\m.js'), { module: 'C:\\work\\m.js', exportName: 'default' });
  });
});

/** A stream that records what is written to it, posing as a terminal or not. */
function recorder(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk.toString()), done()) });
  return Object.assign(stream, { isTTY, columns: 100, text: () => chunks.join('') });
}

describe('map progress', () => {
  test('on a terminal: a bar with done/total, error lines above it', () => {
    const stream = recorder(true);
    const progress = createProgress(stream, 3);
    progress.update(2);
    progress.log('error: line 2: RangeError: boom');
    progress.update(3);
    progress.stop();
    assert.match(stream.text(), /3\/3 lines/);
    assert.match(stream.text(), /error: line 2: RangeError: boom/);
  });

  test('on a terminal without a total: a count', () => {
    const stream = recorder(true);
    const progress = createProgress(stream, undefined);
    progress.update(7);
    progress.stop();
    assert.match(stream.text(), /map 7 lines/);
  });

  test('not on a terminal: only the error lines', () => {
    const stream = recorder(false);
    const progress = createProgress(stream, 3);
    progress.update(3);
    progress.log('error: line 1: Error: x');
    progress.stop();
    assert.equal(stream.text(), 'error: line 1: Error: x\n');
  });
});
