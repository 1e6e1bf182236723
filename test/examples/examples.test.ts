// Every example in the demo list runs on its own, exits 0, and prints its key lines (see expectations.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR } from '../../src/cli/paths.js';
import { runExample } from '../../src/cli/run-example.js';
import { PENDING_SCENARIOS, SCENARIOS } from '../../src/cli/scenarios.js';
import { EXPECTATIONS, assertOutput } from './expectations.js';

const TIMEOUT_MS = 60_000;

describe('the demo list', () => {
  test('names existing example files, each once, each with expectations', () => {
    const files = [...SCENARIOS, ...PENDING_SCENARIOS].map((scenario) => scenario.file);
    assert.equal(new Set(files).size, files.length);
    for (const file of files) {
      assert.ok(existsSync(join(EXAMPLES_DIR, file)), `examples/${file} exists`);
      assert.ok(EXPECTATIONS[file], `expectations for ${file}`);
    }
  });
});

describe('examples', { concurrency: 2 }, () => {
  for (const scenario of SCENARIOS) {
    test(scenario.file, { timeout: TIMEOUT_MS }, async () => {
      const lines: string[] = [];
      const outcome = await runExample(join(EXAMPLES_DIR, scenario.file), (line) => lines.push(line), TIMEOUT_MS - 5_000);
      assert.equal(outcome.code, 0, `exit code 0 (got ${outcome.code ?? outcome.signal})\n${lines.join('\n')}`);
      assertOutput(lines, EXPECTATIONS[scenario.file]!);
    });
  }
});
