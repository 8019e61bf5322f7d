import type { Database } from "../../db/client.ts";
import { fixedClock } from "../../lib/clock.ts";
import { loadConfig } from "../../lib/config.ts";
import { createLogger } from "../../lib/logger.ts";
import { openRuntime, type Runtime } from "../../lib/runtime.ts";
import { openTestDatabase } from "./database.ts";

/**
 * A runtime on the test database (or the one given, which the caller closes) with a
 * frozen clock (advance it with `clock.advance`).
 */
export async function openTestRuntime(env: Record<string, string> = {}, options: { database?: Database } = {}) {
  const config = loadConfig({ LOG_LEVEL: "silent", ...env });
  const clock = fixedClock(new Date("2026-03-02T09:00:00Z"));
  const database = options.database ?? (await openTestDatabase());
  const runtime: Runtime = await openRuntime(config, createLogger("silent"), { clock, database });
  const close = async () => {
    runtime.catalogue.stop();
    if (!options.database) await database.close();
  };
  return { ...runtime, clock, close };
}
