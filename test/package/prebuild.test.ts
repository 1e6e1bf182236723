// `npm pack`'s prebuild step refuses to pack a release without its linux-arm64 addon: on linux-x64 with no aarch64
// cross compiler it fails before building anything, saying what to install and how to pack this machine's binaries
// only. (That the arm64 binaries are built, packed and run is test/package/arm64.test.ts, a CI step of its own.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PREBUILD = fileURLToPath(new URL('../../scripts/prebuild.mjs', import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runPrebuild(env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [PREBUILD], { env, timeout: 60_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

const BASE_ENV: NodeJS.ProcessEnv = { ...process.env };
for (const name of Object.keys(BASE_ENV)) if (name.startsWith('MULTIPROC_')) delete BASE_ENV[name];

if (process.platform === 'linux' && process.arch === 'x64') {
  test('without the aarch64 cross compiler the prebuild fails before building anything, naming the fix', { timeout: 70_000 }, async () => {
    // A PATH with nothing on it: no cross compiler (nor any compiler: nothing gets far enough to need one).
    const emptyBin = mkdtempSync(join(tmpdir(), 'multiproc-no-compiler-'));
    try {
      const outcome = await runPrebuild({ ...BASE_ENV, PATH: emptyBin });
      assert.equal(outcome.code, 1);
      assert.equal(outcome.stdout, '', 'no binary was built or checked');
      assert.match(outcome.stderr, /aarch64-linux-gnu-g\+\+ is not installed \(Debian\/Ubuntu: apt-get install g\+\+-aarch64-linux-gnu\)\. Set MULTIPROC_PREBUILD_ARM64=0 to build only linux-x64/);
    } finally {
      rmSync(emptyBin, { recursive: true, force: true });
    }
  });
}

test('MULTIPROC_PREBUILD_ARM64 other than 0 or 1 is refused before building anything', { timeout: 70_000 }, async () => {
  const outcome = await runPrebuild({ ...BASE_ENV, MULTIPROC_PREBUILD_ARM64: 'yes' });
  assert.equal(outcome.code, 1);
  assert.equal(outcome.stdout, '');
  assert.match(outcome.stderr, /MULTIPROC_PREBUILD_ARM64 is 1 \(build linux-arm64 too\) or 0 \(this machine's binaries only\), not 'yes'/);
});
