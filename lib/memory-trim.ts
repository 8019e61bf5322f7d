import type { Logger } from "./logger.ts";

/**
 * Gives V8's spare pages back to the system once the server is idle.
 *
 * Node 24's V8 keeps the pages a collection frees in a pool for reuse and releases them
 * only on a collection that aims at memory (its memory reducer, which waits until the
 * allocation rate it last measured looks low: about two minutes after a burst, or never
 * while no collection runs). After 5,000 conversations that pool held over 100 MB of a
 * 280 MB process whose JS heap was 70 MB. A full collection that reduces memory returns
 * them at once; it costs a few tens of milliseconds, so it runs only when the process
 * spent less than IDLE_CPU_SHARE of the last interval on the CPU, and only when the
 * resident size grew by MIN_GROWTH_BYTES since the last one.
 *
 * Needs `--expose-gc` (`npm start` passes it); without it this does nothing.
 */
export const IDLE_CPU_SHARE = 0.05;
export const MIN_GROWTH_BYTES = 16 * 1024 * 1024;

export interface TrimSample {
  /** CPU time (user + system) spent during the interval, in microseconds. */
  cpuMicros: number;
  intervalMs: number;
  rssBytes: number;
  /** Resident size just after the last trim (0 before the first). */
  baselineRssBytes: number;
}

export function shouldTrim(sample: TrimSample): boolean {
  const busyShare = sample.cpuMicros / 1000 / sample.intervalMs;
  return busyShare < IDLE_CPU_SHARE && sample.rssBytes - sample.baselineRssBytes >= MIN_GROWTH_BYTES;
}

/** Checks every `idleSeconds` (0: never); returns the function that stops it. */
export function startIdleMemoryTrim(options: { idleSeconds: number; log: Logger }): () => void {
  const collect = globalThis.gc;
  if (!collect || options.idleSeconds <= 0) return () => {};
  const intervalMs = options.idleSeconds * 1000;
  // Zero: the first idle interval also returns what loading the modules left in the pool.
  let baselineRssBytes = 0;
  let cpu = process.cpuUsage();
  const timer = setInterval(() => {
    const spent = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const rssBytes = process.memoryUsage.rss();
    if (!shouldTrim({ cpuMicros: spent.user + spent.system, intervalMs, rssBytes, baselineRssBytes })) {
      // A lower resident size (the reducer got there first) is the new reference.
      baselineRssBytes = Math.min(baselineRssBytes, rssBytes);
      return;
    }
    const started = performance.now();
    collect({ type: "major", execution: "sync", flavor: "last-resort" });
    baselineRssBytes = process.memoryUsage.rss();
    // The collection's own CPU is not the traffic's: the next interval starts after it.
    cpu = process.cpuUsage();
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    options.log.debug({ rssMbBefore: mb(rssBytes), rssMbAfter: mb(baselineRssBytes), ms: Math.round(performance.now() - started) }, "idle: gave spare memory back");
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
