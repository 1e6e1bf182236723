// What each example must print: lines that must appear (in this order), lines that must not, and extra checks.
// Every scenario in the demo list needs an entry here; entries for pending examples wait for their layer.
import assert from 'node:assert/strict';

/** One example's expected output. */
export interface Expectation {
  /** Lines (exact strings or patterns) that must appear, in this order, possibly with other lines between. */
  inOrder: (string | RegExp)[];
  /** Lines that must not appear. */
  absent?: (string | RegExp)[];
  /** Anything else worth checking on the whole output. */
  check?: (lines: string[]) => void;
}

const count = (lines: string[], pattern: RegExp): number => lines.filter((line) => pattern.test(line)).length;

/** At no point more than `limit` "in" lines without their "out" line. */
function assertAtMostInside(lines: string[], enter: RegExp, leave: RegExp, limit: number): void {
  let inside = 0;
  for (const line of lines) {
    if (enter.test(line)) inside += 1;
    if (leave.test(line)) inside -= 1;
    assert.ok(inside <= limit, `more than ${limit} inside at: ${line}`);
  }
}

/** Each "running" line is directly followed by the same worker's "done" line. */
function assertPairsAdjacent(lines: string[]): void {
  const relevant = lines.filter((line) => / is (running|done)$/.test(line));
  assert.equal(relevant.length, 6);
  for (let i = 0; i < relevant.length; i += 2) assert.equal(relevant[i + 1], relevant[i]!.replace('running', 'done'));
}

export const EXPECTATIONS: Record<string, Expectation> = {
  'process-from-function.ts': {
    inOrder: [/^Parent process \d+\.$/, 'Process will start.', /^p\.pid: \d+$/, 'p.name: Process-1', 'p.isAlive: true', /^Run child process test \(\d+\)\.\.\.$/, /^The time is /, 'p.isAlive after join: false, exitcode 0', 'Process end.'],
    check: (lines) => assert.equal(count(lines, /^The time is /), 3),
  },
  'process-many.ts': {
    inOrder: [/^The number of CPU is: \d+$/, /^child p\.name: Process-\d\tp\.pid: \d+$/, 'END!!!!!!!!!!!!!!!!!'],
    check: (lines) => {
      assert.equal(count(lines, /^child p\.name/), 3);
      for (const n of [1, 2, 3]) assert.ok(lines.includes(`worker_${n}`) && lines.includes(`end worker_${n}`), `worker_${n} ran`);
    },
  },
  'process-subclass.ts': {
    inOrder: ['Process-1: tick 1', 'Process-1: tick 2', 'Process-1: tick 3', 'exit codes: 0, 0, 0', 'main process ends'],
    check: (lines) => {
      for (const person of ['wupeiqi', 'yuanhao', 'nezha']) assert.equal(count(lines, new RegExp(`^Process-\\d \\(pid \\d+\\) is chatting with ${person}$`)), 1);
    },
  },
  'process-join-vs-no-join.ts': {
    inOrder: [
      'I am the parent, printed before the child greets', 'hello bob',
      'hello serial-0', 'hello serial-1', 'hello serial-2',
      'serial at least 3 x 200 ms: true', /^serial took \d+ ms, together \d+ ms$/, 'the parent is running again',
    ],
    check: (lines) => assert.equal(count(lines, /^hello together-\d$/), 3),
  },
  'process-pid-ppid.ts': {
    inOrder: [/^main process: pid \d+, name MainProcess, parentProcess\(\) null$/, /^I \(\d+\) just created child processes/],
    check: (lines) => {
      const mainPid = /^main process: pid (\d+)/.exec(lines[0] ?? '')?.[1];
      const reports = lines.filter((line) => / parent pid /.test(line));
      assert.equal(reports.length, 3);
      for (const line of reports) assert.match(line, new RegExp(`parent pid ${mainPid}, parentProcess\\(\\)\\.pid ${mainPid}$`));
      assert.ok(lines.includes('child Process-4 of MainProcess: squares 4'));
    },
  },
  'process-data-isolation.ts': {
    inOrder: ['in the child: n = 0', 'in the parent: n = 100'],
  },
  'process-daemon.ts': {
    inOrder: ['main-------', 'end456', 'parent exits; daemon alive until now: true'],
    absent: ['end123'],
    check: (lines) => assert.ok(lines.includes('daemon cannot have children: ValueError: daemonic processes are not allowed to have children')),
  },
  'process-terminate.ts': {
    inOrder: [/^pid: \d+$/, 'isAlive right after terminate(): true', 'isAlive after join(): false', 'exitcode: -15'],
    absent: ['nezha is still chatting'],
  },
  'process-target-must-be-exported.ts': {
    inOrder: ['refused: TypeError', /^target function 'notImportable' cannot be sent to another process: .*export/, 'hello, world, from an exported function'],
  },
  'subprocess-call.ts': {
    inOrder: [
      /subprocess-call\.ts$/, "call(['ls', '-l', ...]) returned 0", "call(['false']) returned 1", "checkCall(['true']) returned 0",
      /^checkCall failed: .*exit status 3\. \(returncode 3\)$/, 'checkOutput gave: "hello from the child\\n"',
      'checkOutput failed with returncode 2, output "partial\\n"',
    ],
  },
  'subprocess-popen.ts': {
    inOrder: ['poll() right after start: null', 'reply 1', 'reply 2', 'reply 3', 'parent process: child exited with 0', 'terminated child returncode: -15', 'communicate() gave: SHOUT THIS'],
  },
  'coroutine-generator-send.ts': {
    inOrder: ['[PRODUCER] Producing 1...', '[CONSUMER] Consuming 1...', '[PRODUCER] Consumer return: 200 OK', '[PRODUCER] Producing 5...', '[CONSUMER] Consuming 5...', '[PRODUCER] Consumer return: 200 OK'],
  },
  'gevent-spawn-joinall.ts': {
    inOrder: [
      'Running in foo', 'Explicit context to bar', 'Explicit context switch to foo again', 'Implicit context switch back to bar',
      /^521312 bytes received from http:\/\/127\.0\.0\.1:\d+\/yahoo\.html\.$/, '3 pages, 855732 bytes; requests open at the server at once: 3',
    ],
  },
  'gevent-pool.ts': {
    inOrder: ['free slots right after spawning: 0', 'all done; at most 2 at once (the server saw at most 2)', 'map: 1 4 9 16'],
  },
  'lock-serial-output.ts': {
    inOrder: ['all done; lock free again: true'],
    check: assertPairsAdjacent,
  },
  'lock-ticket-purchase.ts': {
    inOrder: ['tickets left at the end: 0 (started with 2, 5 clients)'],
    check: (lines) => {
      assert.equal(count(lines, /^client \d bought a ticket$/), 2);
      assert.equal(count(lines, /^client \d found no ticket left$/), 3);
    },
  },
  'semaphore-rooms.ts': {
    inOrder: ['============> everyone has sung; rooms free: 2'],
    check: (lines) => {
      assert.equal(count(lines, /^user\d got a room$/), 5);
      assertAtMostInside(lines, /got a room$/, /left$/, 2);
    },
  },
  'event.ts': {
    inOrder: ['green light', /^car \d passes$/, 'red again: isSet() = false; wait(100) gives false'],
    check: (lines) => {
      const green = lines.indexOf('green light');
      assert.equal(lines.filter((line, i) => / passes$/.test(line) && i > green).length, 3);
    },
  },
  'queue-basics.ts': {
    inOrder: ['the queue is full: putNowait threw Full', 'full(): true, qsize(): 3', '1', '2', '3', 'the queue is empty: getNowait threw Empty', 'get({ timeout: 100 }) threw Empty after 100 ms', 'empty(): true'],
  },
  'queue-between-processes.ts': {
    inOrder: ['parent got [time, from Eva, hello]', 'welcome, guest 0', 'welcome, guest 1', 'welcome, guest 2', 'reader got 100'],
  },
  'queue-producer-consumer.ts': {
    inOrder: [/ate bun 0$/, /ate bun 1$/, /ate bun 2$/, 'consumer got the end marker', 'main'],
    check: (lines) => assert.equal(count(lines, /made bun \d$/), 3),
  },
  'joinable-queue.ts': {
    inOrder: ['main: all 9 dishes made and eaten'],
    check: (lines) => {
      assert.equal(count(lines, /^\d+ made /), 9);
      assert.equal(count(lines, /^\d+ ate /), 9);
      assert.equal(lines.at(-1), 'main: all 9 dishes made and eaten');
    },
  },
  'pipe.ts': {
    inOrder: ['parent received: [42,null,"hello"]', 'parent received: hello, dad!', 'child received: hello, son!'],
  },
  'pipe-between-children.ts': {
    inOrder: ['proc2 rec: hello', 'proc1 rec: hello, too'],
  },
  'manager-dict-list.ts': {
    inOrder: ['dict has 7 keys: 0, 0.25, 1, 2, 2, 3, 4', "d.get('2') = 2, d.get(0.25) = null", 'list has 10 items: first five 0, 1, 2, 3, 4; appended 0, 1, 2, 3, 4'],
  },
  'pool-apply-async.ts': {
    inOrder: [/^Parent process \d+\.$/, 'Waiting for all subprocesses done...', 'All subprocesses done.'],
    check: (lines) => {
      assert.equal(count(lines, /^Run task \d \(\d+\)\.\.\.$/), 5);
      assert.equal(count(lines, /^Task \d runs \d\.\d\d seconds\.$/), 5);
    },
  },
  'pool-apply-async-get.ts': {
    inOrder: ['1', '4', '9', '16', 'submitted first, then get(): 1, 4, 9, 16', /^one by one took \d+ ms, together \d+ ms$/],
  },
  'pool-map.ts': {
    inOrder: ['map: [1,4,9,16]', 'starmap: [8,9,1]', 'mapAsync returned before the results', 'mapAsync callback: [25,36]', 'successful: true'],
  },
  'pool-callbacks.ts': {
    inOrder: ['callback got 2', 'callback got 4', 'errorCallback got RangeError: negative input: -1'],
  },
  'manager-queue-pool.ts': {
    inOrder: ['results: [0,1,4,9]', 'the queue held 4 messages'],
  },
  'threading-lock-balance.ts': {
    inOrder: ['balance = 1300000 (expected 1300000)'],
    check: (lines) => assert.equal(count(lines, / done$/), 2),
  },
  'threading-lock.ts': {
    inOrder: ['data = 3'],
    check: (lines) => {
      assert.equal(count(lines, / get the lock\.$/), 3);
      assertAtMostInside(lines, / get the lock\.$/, / release lock\.\.\.$/, 1);
    },
  },
  'threading-local.ts': {
    inOrder: [],
    check: (lines) => {
      assert.ok(lines.includes('Hello, Alice (in Thread-A)'));
      assert.ok(lines.includes('Hello, Bob (in Thread-B)'));
    },
  },
};

/** Asserts that `lines` meet `expectation`; the message shows the whole output. */
export function assertOutput(lines: string[], expectation: Expectation): void {
  const shown = `\n--- output ---\n${lines.join('\n')}`;
  const matches = (line: string, want: string | RegExp) => (typeof want === 'string' ? line === want : want.test(line));
  let at = 0;
  for (const want of expectation.inOrder) {
    while (at < lines.length && !matches(lines[at]!, want)) at++;
    assert.ok(at < lines.length, `missing (in order): ${want}${shown}`);
    at++;
  }
  for (const unwanted of expectation.absent ?? []) {
    assert.ok(!lines.some((line) => matches(line, unwanted)), `unexpected: ${unwanted}${shown}`);
  }
  try {
    expectation.check?.(lines);
  } catch (error) {
    (error as Error).message += shown;
    throw error;
  }
}
