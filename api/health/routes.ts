import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppDeps } from "../app.ts";

/** `GET /health`: 200 when the database answers, 503 otherwise, with its state either way. */
export function healthRoutes(deps: AppDeps) {
  return new Hono().get("/health", async (c) => {
    const started = performance.now();
    try {
      await deps.database.db.execute(sql`select 1`);
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      return c.json({ status: "ok", database: { kind: deps.database.kind, ok: true, latencyMs } });
    } catch (error) {
      deps.log.warn({ err: error }, "health check: database unreachable");
      return c.json({ status: "degraded", database: { kind: deps.database.kind, ok: false } }, 503);
    }
  });
}
