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

/** A window is judged in this many steps, so a trim comes at most a step after it turned idle. */
const STEPS_PER_WINDOW = 6;

/**
 * Trims once the last `idleSeconds` (0: never) were idle, judged every sixth of that over a
 * sliding window: checked only every `idleSeconds`, a window straddling the end of a burst
 * put the trim up to twice that late (bench:memory, 45 s after 5,000 conversations: 203 MB
 * kept, 148 MB once the trim ran). Returns the function that stops it.
 */
export function startIdleMemoryTrim(options: { idleSeconds: number; log: Logger }): () => void {
  const collect = globalThis.gc;
  if (!collect || options.idleSeconds <= 0) return () => {};
  const windowMs = options.idleSeconds * 1000;
  // Zero: the first idle window also returns what loading the modules left in the pool.
  let baselineRssBytes = 0;
  /** CPU time (µs) of each of the last steps, oldest first. */
  const recent: number[] = [];
  let cpu = process.cpuUsage();
  const timer = setInterval(() => {
    const spent = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    recent.push(spent.user + spent.system);
    if (recent.length > STEPS_PER_WINDOW) recent.shift();
    // A whole window is seen before it is judged.
    if (recent.length < STEPS_PER_WINDOW) return;
    const rssBytes = process.memoryUsage.rss();
    const cpuMicros = recent.reduce((sum, micros) => sum + micros, 0);
    if (!shouldTrim({ cpuMicros, intervalMs: windowMs, rssBytes, baselineRssBytes })) {
      // A lower resident size (the reducer got there first) is the new reference.
      baselineRssBytes = Math.min(baselineRssBytes, rssBytes);
      return;
    }
    const started = performance.now();
    collect({ type: "major", execution: "sync", flavor: "last-resort" });
    baselineRssBytes = process.memoryUsage.rss();
    // The collection's own CPU is not the traffic's: the next window starts after it.
    cpu = process.cpuUsage();
    recent.length = 0;
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    options.log.debug({ rssMbBefore: mb(rssBytes), rssMbAfter: mb(baselineRssBytes), ms: Math.round(performance.now() - started) }, "idle: gave spare memory back");
  }, windowMs / STEPS_PER_WINDOW);
  timer.unref();
  return () => clearInterval(timer);
}
