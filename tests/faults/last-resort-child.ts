import { installLastResort } from "../../lib/last-resort.ts";
import { createLogger } from "../../lib/logger.ts";

/**
 * Run by last-resort.test.ts: installs the last-resort handler, then throws outside every
 * promise (as the driver did) or rejects a promise nobody awaits, per argv[2]. A server
 * keeps the event loop busy, as the app's does. `hang` makes the drain never finish.
 */
const [mode, drain] = [process.argv[2], process.argv[3]];
const log = createLogger("info");
const server = (await import("node:net")).createServer().listen(0);
installLastResort({
  log,
  timeoutMs: 1_000,
  drain: async () => {
    process.stdout.write("draining\n");
    if (drain === "hang") await new Promise(() => {});
    await new Promise<void>((resolve) => server.close(() => resolve()));
    process.stdout.write("drained\n");
  },
});
if (mode === "throw") setImmediate(() => { throw new TypeError("Cannot read properties of null (reading 'write')"); });
else void Promise.reject(new Error("nobody awaits this"));
