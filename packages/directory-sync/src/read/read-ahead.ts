export type TReadAhead<T> = AsyncIterableIterator<T> & {
  /** Stops reading ahead (a page in flight is let finish) and closes the source. */
  return(): Promise<IteratorReturnResult<undefined>>;
};

/**
 * Starts pulling items from `source` at once, into a buffer of up to `limit`, while the caller
 * works on earlier ones. A paged listing then asks for the next page as soon as a page has arrived,
 * so Google prepares it while this thread handles the users it already has, instead of the two
 * taking turns. The source's error reaches the caller after the items read before it.
 */
export function readAhead<T>(source: AsyncIterable<T>, limit: number): TReadAhead<T> {
  const iterator = source[Symbol.asyncIterator]();
  let buffer: T[] = [];
  let next = 0;
  let isDone = false;
  let isExhausted = false;
  let isStopped = false;
  let failure: { error: unknown } | null = null;
  let wakeReader: (() => void) | null = null;
  let wakePump: (() => void) | null = null;

  const wakeUpReader = () => {
    const resolve = wakeReader;
    wakeReader = null;
    resolve?.();
  };
  const wakeUpPump = () => {
    const resolve = wakePump;
    wakePump = null;
    resolve?.();
  };

  const pump = (async () => {
    try {
      while (!isStopped) {
        if (buffer.length - next >= limit) {
          await new Promise<void>((resolve) => {
            wakePump = resolve;
          });
          continue;
        }
        const item = await iterator.next();
        if (item.done) {
          isExhausted = true;
          break;
        }
        buffer.push(item.value);
        wakeUpReader();
      }
    } catch (error) {
      isExhausted = true;
      failure = { error };
    } finally {
      isDone = true;
      wakeUpReader();
    }
  })();

  const stop = async (): Promise<IteratorReturnResult<undefined>> => {
    isStopped = true;
    wakeUpPump();
    await pump;
    if (!isExhausted) await iterator.return?.();
    buffer = [];
    next = 0;
    return { done: true, value: undefined };
  };

  const self: TReadAhead<T> = {
    [Symbol.asyncIterator]: () => self,
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        if (next < buffer.length) {
          const value = buffer[next]!;
          next += 1;
          // Compacts now and then instead of shifting the array item by item.
          if (next >= limit) {
            buffer = buffer.slice(next);
            next = 0;
          }
          wakeUpPump();
          return { done: false, value };
        }
        if (failure !== null) throw failure.error;
        if (isDone) return { done: true, value: undefined };
        await new Promise<void>((resolve) => {
          wakeReader = resolve;
        });
      }
    },
    return: stop,
  };
  return self;
}
