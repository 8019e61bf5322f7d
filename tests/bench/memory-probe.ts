import { writeFileSync } from "node:fs";

/**
 * Preloaded into the app by `npm run bench:memory` (node --import): on SIGUSR2 it collects
 * garbage (with --expose-gc) and writes process.memoryUsage() to MEMORY_PROBE_FILE, so the
 * benchmark reads the heap from outside without a route in the app for it.
 */
const file = process.env.MEMORY_PROBE_FILE;
if (file) {
  process.on("SIGUSR2", () => {
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    collect?.();
    writeFileSync(file, JSON.stringify(process.memoryUsage()));
  });
}
