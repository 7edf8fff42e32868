import { availableParallelism } from "node:os";

/** Runs at most `slots` tasks at once; the rest wait in arrival order. */
export function createLimiter(slots: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      // A finishing task hands its slot straight to the next waiter, so none can jump the queue.
      if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
      else running++;
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}

/**
 * One process-wide bound on image encodes. sharp runs each encode on one libvips thread here
 * (its default on glibc without jemalloc), so one slot per core keeps every core busy while
 * uploads, the seed and page requests share the machine without a pile-up of 40 MB buffers.
 */
export const encodeSlots = createLimiter(Math.max(1, availableParallelism()));
