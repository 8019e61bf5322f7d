import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";

/** A database that takes longer than this to answer `select 1` counts as away. */
const HEALTH_TIMEOUT_MS = 2_000;

/**
 * `GET /health`: 200 «ok» when the database answers, 503 «degraded» otherwise (the
 * process itself is alive and comes back by itself once the database does).
 */
export function healthRoutes(deps: AppDeps) {
  return new Hono().get("/health", async (c) => {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        deps.database.db.execute(sql`select 1`),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
        }),
      ]);
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      return c.json({ status: "ok", database: { kind: deps.database.kind, ok: true, latencyMs } });
    } catch (error) {
      deps.log.warn({ err: error }, "health check: database unreachable");
      return c.json({ status: "degraded", database: { kind: deps.database.kind, ok: false } }, 503);
    } finally {
      clearTimeout(timer);
    }
  });
}
