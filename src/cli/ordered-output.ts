// Lets several scenarios run at once while the reader sees them one after another: the earliest unfinished
// scenario writes straight through, later ones are held back and flushed, whole, when their turn comes.

/** One scenario's place in the printed sequence. */
interface Slot {
  held: string[];
  finished: boolean;
}

/** Ordered output for `count` concurrent producers, written with `write`. */
export class OrderedOutput {
  readonly #slots: Slot[];
  readonly #write: (text: string) => void;
  #head = 0;

  constructor(count: number, write: (text: string) => void) {
    this.#slots = Array.from({ length: count }, () => ({ held: [], finished: false }));
    this.#write = write;
  }

  /** Text from producer `index`: printed now if it is the head, else held. */
  write(index: number, text: string): void {
    if (index === this.#head) this.#write(text);
    else this.#slots[index]!.held.push(text);
  }

  /** Producer `index` is done; the next ones print what they held (and, if also done, hand on at once). */
  finish(index: number): void {
    this.#slots[index]!.finished = true;
    while (this.#head < this.#slots.length && this.#slots[this.#head]!.finished) {
      this.#head += 1;
      const next = this.#slots[this.#head];
      if (next === undefined) break;
      for (const text of next.held) this.#write(text);
      next.held = [];
    }
  }
}
