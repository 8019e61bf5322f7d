import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "./client.ts";

const dialect = new PgDialect();

/**
 * Runs a raw query and returns its rows, whichever driver is underneath: postgres-js
 * answers with an array, PGlite with `{ rows }`. Raw rows keep database names
 * (snake_case), int8 as strings and timestamps as strings: map them at the call site.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL, options: { prepare?: string } = {}): Promise<T[]> {
  const result: unknown = options.prepare ? await executePrepared(db, query, options.prepare) : await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}

export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const date = new Date(String(value).replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A named prepared statement: PostgreSQL parses and plans it once per connection instead
 * of on every call. Drizzle's db.execute() always sends unnamed statements, and planning
 * cost more than running the engine's hot-path queries, so those are prepared by name.
 */
function executePrepared(db: Db, query: SQL, name: string): Promise<unknown> {
  return db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute();
}
