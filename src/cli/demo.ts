// `multiproc demo`: plays every seed scenario from examples/ in order, each in its own Node process,
// printing a header, the example's output and how it ended. Resolves with the exit code for the command.
import { availableParallelism } from 'node:os';
import { OrderedOutput } from './ordered-output.js';
import { EXAMPLES_DIR, runnableFile } from './paths.js';
import { runExample } from './run-example.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

/** What `multiproc demo` accepts. */
export interface DemoOptions {
  /** Run only the scenarios whose file name contains one of these words. */
  only?: string[];
  /** Milliseconds one scenario may take before it is killed and counted as failed. */
  timeoutMs?: number;
  /** How many scenarios run at once (their output still appears in order). */
  jobs?: number;
  /** Where the demo writes (stdout by default). */
  write?: (text: string) => void;
}

/** Generous: a healthy scenario takes 1-3 s, but a loaded machine (tests, benches) can make that 20. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** The examples mostly wait (sleeps, child start-up), so three at a time shortens the demo even on two cores. */
export const DEFAULT_JOBS = Math.min(3, availableParallelism() + 1);

/** The scenarios an `only` filter keeps (all of them without one). */
export function selectScenarios(only: readonly string[] = []): Scenario[] {
  if (only.length === 0) return [...SCENARIOS];
  return SCENARIOS.filter((scenario) => only.some((word) => scenario.file.includes(word)));
}

/** Runs the scenarios (`jobs` at a time, printed in order); 0 when every one exited 0, 1 otherwise. */
export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const scenarios = selectScenarios(options.only);
  if (scenarios.length === 0) {
    write(`No scenario matches ${options.only?.join(', ')}.\n`);
    return 1;
  }
  const failed = new Set<string>();
  const started = performance.now();
  const output = new OrderedOutput(scenarios.length, write);
  const playOne = async (index: number): Promise<void> => {
    const scenario = scenarios[index]!;
    output.write(index, `\n=== ${index + 1}/${scenarios.length} ${scenario.title}  (seed ${scenario.seeds}; examples/${scenario.file})\n`);
    const file = runnableFile(EXAMPLES_DIR, scenario.file);
    const outcome = await runExample(file, (line) => output.write(index, `  ${line}\n`), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const seconds = (outcome.ms / 1000).toFixed(1);
    if (outcome.code === 0) {
      output.write(index, `--- ok (${seconds} s)\n`);
    } else {
      const why = outcome.timedOut ? `timed out after ${seconds} s` : outcome.code === null ? `ended by ${outcome.signal}` : `exit code ${outcome.code}`;
      output.write(index, `--- FAILED: ${why}\n`);
      failed.add(scenario.file);
    }
    output.finish(index);
  };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < scenarios.length) await playOne(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? DEFAULT_JOBS) }, lane));
  const total = ((performance.now() - started) / 1000).toFixed(1);
  write(`\n${scenarios.length - failed.size} of ${scenarios.length} scenarios ran cleanly in ${total} s.\n`);
  if (failed.size > 0) write(`Failed: ${[...failed].join(', ')}\n`);
  return failed.size === 0 ? 0 : 1;
}

/** The scenario list as `multiproc demo --list` prints it. */
export function listScenarios(): string {
  return SCENARIOS.map((scenario, index) => `${String(index + 1).padStart(2)}. ${scenario.file.padEnd(32)} ${scenario.title} (seed ${scenario.seeds})`).join('\n');
}
