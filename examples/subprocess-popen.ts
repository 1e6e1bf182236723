// Seed 000: Popen does not wait. The parent goes on, may poll() the child, waits with wait(), and can
// terminate() / kill() / sendSignal() it. The seed pings a host; a short Node child stands in here.
// Users write `from 'multiproc/subprocess'`.
//   node --import tsx examples/subprocess-popen.ts
import { PIPE, Popen } from '../src/subprocess/index.js';

// Like `ping -c 3 host`: three lines, 100 ms apart.
const pinger = `let n = 0; const t = setInterval(() => { console.log('reply ' + ++n); if (n === 3) clearInterval(t); }, 100);`;
const child = new Popen([process.execPath, '-e', pinger]);
console.log(`poll() right after start: ${child.poll()}`); // null: still running, and the parent did not wait
const code = await child.wait();
console.log(`parent process: child exited with ${code}`);

// terminate(): a long-running child is ended by SIGTERM; returncode is -15.
const sleeper = new Popen(['sleep', '10']);
sleeper.terminate();
console.log(`terminated child returncode: ${await sleeper.wait()}`);

// communicate(): feed stdin, collect stdout, wait — all at once.
const upper = new Popen(['tr', 'a-z', 'A-Z'], { stdin: PIPE, stdout: PIPE, text: true });
const [stdout] = await upper.communicate('shout this\n');
console.log(`communicate() gave: ${stdout?.trim()}`);
