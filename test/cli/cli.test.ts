// The `multiproc` command: help for every command, the map stub, the demo list, and a full demo run.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from '../../src/cli/scenarios.js';

const BIN = fileURLToPath(new URL('../../bin/multiproc.js', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the installed command (bin/multiproc.js) with `args`. */
function cli(args: string[], timeout = 30_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('multiproc --help', { concurrency: 4 }, () => {
  test('the top level lists every command', { timeout: 30_000 }, async () => {
    const { code, stdout } = await cli(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: multiproc /m);
    for (const command of ['demo', 'bench', 'map']) assert.match(stdout, new RegExp(`^  ${command} `, 'm'));
  });

  test('demo --help', { timeout: 30_000 }, async () => {
    const { code, stdout } = await cli(['demo', '--help']);
    assert.equal(code, 0);
    assert.match(stdout, /Usage: multiproc demo/);
    assert.match(stdout, /--list/);
  });

  test('bench --help', { timeout: 30_000 }, async () => {
    const { code, stdout } = await cli(['bench', '--help']);
    assert.equal(code, 0);
    assert.match(stdout, /Usage: multiproc bench/);
    assert.match(stdout, /--json/);
  });

  test('map --help shows the options SPEC lists', { timeout: 30_000 }, async () => {
    const { code, stdout } = await cli(['map', '--help']);
    assert.equal(code, 0);
    assert.match(stdout, /Usage: multiproc map \[options\] <target>/);
    for (const option of ['--input <file>', '--processes <n>', '--chunksize <n>', '--unordered', '--start-method <method>']) {
      assert.ok(stdout.includes(option), option);
    }
  });
});

describe('multiproc commands', { concurrency: 4 }, () => {
  test('--version prints the package version', { timeout: 30_000 }, async () => {
    const { code, stdout } = await cli(['--version']);
    assert.equal(code, 0);
    assert.match(stdout.trim(), /^\d+\.\d+\.\d+/);
  });

  test('map names a module it cannot find and exits 2', { timeout: 30_000 }, async () => {
    const { code, stderr } = await cli(['map', './work.ts:square']);
    assert.equal(code, 2);
    assert.match(stderr, /cannot find module \.\/work\.ts/);
  });

  test('map refuses a bad --processes', { timeout: 30_000 }, async () => {
    const { code, stderr } = await cli(['map', './work.ts:square', '--processes', '0']);
    assert.notEqual(code, 0);
    assert.match(stderr, /--processes/);
  });

  test('bench with a filter that matches no bench file fails', { timeout: 30_000 }, async () => {
    const { code, stderr } = await cli(['bench', 'no-such-bench']);
    assert.equal(code, 1);
    assert.match(stderr, /No benchmark found/);
  });

  test('demo --list names every scenario', { timeout: 30_000 }, async () => {
    const { code, stdout } = await cli(['demo', '--list']);
    assert.equal(code, 0);
    for (const scenario of SCENARIOS) assert.ok(stdout.includes(scenario.file), scenario.file);
  });

  test('demo with a filter that matches nothing fails', { timeout: 30_000 }, async () => {
    const { code, stdout } = await cli(['demo', 'no-such-scenario']);
    assert.equal(code, 1);
    assert.match(stdout, /No scenario matches/);
  });
});

// Generous: about 30 s alone, but this runs beside the other test files (and whatever else loads the machine).
test('demo runs every scenario, prints each header, and exits 0', { timeout: 240_000 }, async () => {
  const { code, stdout, stderr } = await cli(['demo'], 230_000);
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  SCENARIOS.forEach((scenario, index) => {
    assert.ok(stdout.includes(`=== ${index + 1}/${SCENARIOS.length} ${scenario.title}  (seed ${scenario.seeds}; examples/${scenario.file})`), scenario.file);
  });
  assert.match(stdout, new RegExp(`${SCENARIOS.length} of ${SCENARIOS.length} scenarios ran cleanly`));
});
