// The seed's generator coroutine: a producer drives a consumer with send(), Python's pre-gevent coroutines.
// Python's `c.send(n)` is `c.next(n)` here, `next(c)` (priming) is `c.next()`, `c.close()` is `c.return()`.
//   node --import tsx examples/coroutine-generator-send.ts [seconds]   (the consumer's pause, 1 s like the seed)

const pauseSeconds = Number(process.argv[2] ?? 1);

/** Python's time.sleep(): really blocks the thread, as the seed's consumer does. */
function blockingSleep(seconds: number): void {
  if (seconds > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}

/** Receives a number through each yield and answers '200 OK'; a falsy number ends it. */
function* consumer(): Generator<string, void, number | undefined> {
  let reply = '';
  while (true) {
    const n = yield reply;
    if (!n) return;
    console.log(`[CONSUMER] Consuming ${n}...`);
    blockingSleep(pauseSeconds);
    reply = '200 OK';
  }
}

/** Sends 1..5 to the consumer and prints each answer. */
function produce(c: Generator<string, void, number | undefined>): void {
  c.next();
  let n = 0;
  while (n < 5) {
    n = n + 1;
    console.log(`[PRODUCER] Producing ${n}...`);
    const reply = c.next(n).value;
    console.log(`[PRODUCER] Consumer return: ${reply}`);
  }
  c.return();
}

produce(consumer());
