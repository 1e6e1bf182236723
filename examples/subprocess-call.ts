// Seed 000: subprocess.call / check_call / check_output. Each waits for the child; call() returns the exit code,
// checkCall() returns 0 or throws CalledProcessError, checkOutput() returns what the child printed.
// Users write `from 'multiproc/subprocess'`.
//   node --import tsx examples/subprocess-call.ts
import { fileURLToPath } from 'node:url';
import { CalledProcessError, call, checkCall, checkOutput } from '../src/subprocess/index.js';

const thisFile = fileURLToPath(import.meta.url);

// call(): the parent waits; the child's output goes straight to our stdout.
const rc = await call(['ls', '-l', thisFile]);
console.log(`call(['ls', '-l', ...]) returned ${rc}`);
console.log(`call(['false']) returned ${await call(['false'])}`);

// checkCall(): 0, or an error carrying the return code.
console.log(`checkCall(['true']) returned ${await checkCall(['true'])}`);
try {
  await checkCall(['sh', '-c', 'exit 3']);
} catch (error) {
  if (!(error instanceof CalledProcessError)) throw error;
  console.log(`checkCall failed: ${error.message} (returncode ${error.returncode})`);
}

// checkOutput(): the child's stdout (a string with text: true); on failure the error carries it as `output`.
const out = await checkOutput(['echo', 'hello from the child'], { text: true });
console.log(`checkOutput gave: ${JSON.stringify(out)}`);
try {
  await checkOutput(['sh', '-c', 'echo partial; exit 2'], { text: true });
} catch (error) {
  if (!(error instanceof CalledProcessError)) throw error;
  console.log(`checkOutput failed with returncode ${error.returncode}, output ${JSON.stringify(error.output)}`);
}
