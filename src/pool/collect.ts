// map()'s input, read whole before any chunk is made (as Python's map does), from a sync or an async iterable.

/** The items of a sync or async iterable; an array is taken as it is. */
export async function collect<T>(iterable: Iterable<T> | AsyncIterable<T>): Promise<T[]> {
  if (Array.isArray(iterable)) return iterable;
  if (iterable !== null && typeof (iterable as AsyncIterable<T>)[Symbol.asyncIterator] === 'function') {
    const items: T[] = [];
    for await (const item of iterable as AsyncIterable<T>) items.push(item);
    return items;
  }
  return [...(iterable as Iterable<T>)];
}
