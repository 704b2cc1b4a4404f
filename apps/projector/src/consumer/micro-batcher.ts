export interface MicroBatcherOptions<T> {
  /** A batch is handed over as soon as it holds this many items... */
  maxItems: number;
  /** ...or this long after its first item arrived. */
  maxDelayMs: number;
  /** Settles one batch; batches run one after another, in arrival order. */
  handle: (batch: T[]) => Promise<void>;
  /** A batch whose handler failed (the next batch still runs). */
  onError: (error: unknown) => void;
}

export interface MicroBatcher<T> {
  push(item: T): void;
  /** Hands what is buffered over now. */
  flush(): void;
  /** Resolves once every batch handed over so far is settled. */
  drained(): Promise<void>;
}

/** Groups items into batches of N items or T ms, whichever comes first, settled in order. */
export function createMicroBatcher<T>(options: MicroBatcherOptions<T>): MicroBatcher<T> {
  let buffer: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    chain = chain.then(() => options.handle(batch)).catch(options.onError);
  };

  return {
    push(item) {
      buffer.push(item);
      if (buffer.length >= options.maxItems) flush();
      else if (!timer) timer = setTimeout(flush, options.maxDelayMs);
    },
    flush,
    drained: () => chain,
  };
}
